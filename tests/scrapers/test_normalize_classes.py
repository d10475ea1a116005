"""One case or more for each class of place and pay the readers must get right; every string
is made up in the shape real postings use (none is taken from a labelled set)."""

from __future__ import annotations

import json

import pytest

from scrapers.normalize import gazetteer
from scrapers.normalize.level import seniority, visa_sponsorship
from scrapers.normalize.location import parse_location
from scrapers.normalize.pay import parse_salary_text
from scrapers.normalize.postcode import fits_country, fits_state, postcodes
from scrapers.sources import generic


@pytest.mark.parametrize(
    ("raw", "country", "city"),
    [
        # a two-letter code beside a postcode of its country is that country
        ("Kleinstadt, DE, 12345", "DE", "Kleinstadt"),
        ("Dover, DE 19901", "US", "Dover"),
        ("Wetzlar, DE, 35578", "DE", "Wetzlar"),
        ("Newark, DE, 19711", "US", "Newark"),
        # Dutch postcode letters are no Canadian province
        ("Utrecht, NL, 3511 AB", "NL", "Utrecht"),
        ("Zwolle, 8011 AB, NL", "NL", "Zwolle"),
        ("St. John's, NL, A1C 5M2", "CA", "St. John's"),
        # "IN" after an Indian region or town, or beside a PIN, is India; Indiana stays Indiana
        ("Whitefield, Karnataka, IN", "IN", "Whitefield"),
        ("Pune, MH, IN", "IN", "Pune"),
        ("Hinjawadi, IN, 411057", "IN", "Hinjawadi"),
        ("Fishers, IN 46038", "US", "Fishers"),
        ("Carmel, IN", "US", "Carmel"),
        # a one-letter province code before "AR" is Argentina
        ("Vicente López, B, AR, 1638", "AR", "Vicente López"),
        ("Rosario, S, AR", "AR", "Rosario"),
        ("Little Rock, AR 72201", "US", "Little Rock"),
        # small towns: the gazetteer holds towns of 1,000+ people
        ("Alderley Edge, UK", "GB", "Alderley Edge"),
        ("Much Wenlock, GB", "GB", "Much Wenlock"),
        ("Kleinmachnow, Germany", "DE", "Kleinmachnow"),
        ("Homebush, AU", "AU", "Homebush"),
        # CITY, REGION, CC[, POSTCODE] in its common orders, alpha-2 and alpha-3, local names
        ("Mannheim, BW, DE, 68163", "DE", "Mannheim"),
        ("Lyon, FRA", "FR", "Lyon"),
        ("München, Deutschland", "DE", "München"),
        ("Kraków, Polska", "PL", "Kraków"),
        ("Zürich, 8001 CH", "CH", "Zürich"),
        ("Porto Salvo, PT, 2740-262", "PT", "Porto Salvo"),
        ("MY-14-Kuala Lumpur", "MY", "Kuala Lumpur"),
        ("Toronto, ON, CA, M5V 2T3", "CA", "Toronto"),
        ("Kingston, CA", "CA", "Kingston"),
        ("Paris, IL", "US", "Paris"),
        # nothing non-American in it: a village no gazetteer holds keeps its state
        ("Chadds Ford, PA", "US", "Chadds Ford"),
        ("Austin, TX, US, 78701", "US", "Austin"),
        ("Dunkirk", "FR", "Dunkirk"),
        ("Remote - USA", "US", None),
    ],
)
def test_place_reader(raw, country, city):
    assert (parse_location(raw).country, parse_location(raw).city) == (country, city)


def test_postcodes_and_their_countries():
    assert postcodes("Utrecht, NL, 3511 AB") == ("Utrecht, NL,  ", ["3511 AB"])
    assert postcodes("Bern 3011 CH")[1] == ["3011"]  # the letters are a country code
    assert fits_state("19901", "DE") and not fits_state("12345", "DE")
    assert fits_country("12345", "DE") and fits_country("SW1A 1AA", "GB")
    assert not fits_country("3511 AB", "CA")


def test_gazetteer_names_and_regions():
    assert gazetteer.country_by_name("Nederland") == "NL"
    assert gazetteer.country_by_name("日本") == "JP"
    assert gazetteer.country_by_name("JPN") == "JP"
    assert gazetteer.subdivision("Karnataka", "IN") and gazetteer.subdivision("B", "AR")
    assert not gazetteer.subdivision("Springfield", "US")
    assert gazetteer.town_in("Alderley Edge", "GB") is not None
    assert gazetteer.country_currency("DE") == "EUR"


@pytest.mark.parametrize(
    ("text", "location", "expected"),
    [
        # several pay zones: the posting's zone, else the widest
        (
            "Pay zones\nZone A (San Francisco, New York): $150,000 - $200,000\n"
            "Zone B (all other US locations): $130,000 - $170,000",
            "New York, NY",
            (150000, 200000, "year"),
        ),
        (
            "Pay zones\nZone A (San Francisco, New York): $150,000 - $200,000\n"
            "Zone B (all other US locations): $120,000 - $175,000",
            None,
            (120000, 175000, "year"),
        ),
        (
            "Base salary: $120,000 - $140,000 in Denver, CO; $130,000 - $165,000 in Seattle, WA.",
            "Denver, CO",
            (120000, 140000, "year"),
        ),
        # hourly, daily, monthly ranges kept whole with their period
        (
            "Pay: $21.00 per hour to $28.00 per hour, plus overtime. 401(k) match up to 6%.",
            None,
            (21, 28, "hour"),
        ),
        (
            "Rate: $22 - $26/hr. Employees may work up to 45 hours a week and earn $3"
            " differential.",
            None,
            (22, 26, "hour"),
        ),
        ("Day rate: £400 - £500 per day, outside IR35.", None, (400, 500, "day")),
        (
            "Salary $4,500/month - $6,000/month depending on experience.",
            None,
            (4500, 6000, "month"),
        ),
        # a range in a pay paragraph far from the word salary
        (
            "Total Rewards\nWe offer medical, dental and vision, a 401(k) with company match, "
            "parental leave, a learning budget and flexible time off so you can rest throughout "
            "the year and keep growing with us.\nFor this role we expect $140,000 - $175,000 USD.",
            None,
            (140000, 175000, "year"),
        ),
        # number formats and local words
        ("Gehalt: 55.000 € - 70.000 € brutto jährlich", None, (55000, 70000, "year")),
        ("Зарплата: 150 000 - 200 000 руб. в месяц", None, (150000, 200000, "month")),
        # floors, and amounts that are not pay
        ("Base pay starts at $20 an hour.", None, (20, None, "hour")),
        ("Benefits include $100k life insurance and a $2,000 learning budget.", None, None),
    ],
)
def test_pay_reader(text, location, expected):
    found = parse_salary_text(text, location)
    got = None if found is None else (found.min, found.max, found.period)
    assert got == expected


def test_long_posting_with_pay_at_the_end():
    filler = "You will build data pipelines, mentor engineers and learn our database. " * 80
    text = f"About us: we raised $40M.\n\n{filler}\n\nPay range: $130,000 - $160,000 per year."
    found = parse_salary_text(text)
    assert found is not None and (found.min, found.max) == (130000, 160000)


def test_currency_from_the_country_when_the_text_names_none():
    line = {
        "title": "Entwickler",
        "location": "Köln, Deutschland",
        "description": "Gehalt: 60.000 - 75.000 jährlich",
    }
    posting = generic.parse(json.dumps(line))[0]
    assert (posting.salary_min, posting.salary_currency, posting.country) == (60000, "EUR", "DE")


@pytest.mark.parametrize(
    ("title", "level"),
    [
        ("Field Technician I/II/III (Night Shift)", "junior"),
        ("Claims Coordinator I- Intake", "junior"),
        ("Paralegal II-Litigation", "mid"),
        ("Radio Engineer - C4I SE&I", "unknown"),
        ("Executive Assistant to the CEO", "unknown"),
        ("Senior Product Manager", "senior"),
        ("Product Manager, Payments", "mid"),
        ("Highway Crew I-95", "unknown"),
    ],
)
def test_seniority_classes(title, level):
    assert seniority(title) == level


@pytest.mark.parametrize(
    ("text", "sponsors"),
    [
        ("This role is not eligible for immigration sponsorship.", False),
        ("Visa sponsorship: No", False),
        ("Visa sponsorship: Yes", True),
        ("We aren't supporting visa sponsorships at this time.", False),
        ("Acme is not currently offering visa sponsorship for this position.", False),
        ("We provide visa sponsorship for eligible candidates.", True),
        ("This position is eligible for visa sponsorship.", True),
        ("We are open to sponsoring visas.", True),
        ("We can sponsor a Skilled Worker visa.", True),
        ("Candidates who are not eligible for sponsorship should not apply.", False),
    ],
)
def test_sponsorship_classes(text, sponsors):
    assert visa_sponsorship(text) is sponsors
