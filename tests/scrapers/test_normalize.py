"""Normalization: hand-written cases for each rule, and accuracy over the dev half of the
labelled extraction corpora (real postings, labels by their authors)."""

from __future__ import annotations

import json
import unicodedata
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bench.normalize_split import LEVELS, half, item_key
from core.experience import years_required
from core.urls import canonical_url
from scrapers.normalize.fields import employment_type, to_utc
from scrapers.normalize.gazetteer import country_by_name
from scrapers.normalize.level import seniority, visa_sponsorship
from scrapers.normalize.location import parse_location, remote_mode
from scrapers.normalize.pay import parse_salary_text
from scrapers.normalize.salary import currency_code, from_fields
from scrapers.normalize.text import html_to_text

CORPORA = Path(__file__).resolve().parent.parent / "fixtures" / "sources" / "normalize"


def rows(name: str) -> list[dict]:
    """The corpus's dev half (bench/normalize_split.py): rules are tuned on dev only, and
    the test half is scored by bench/eval_normalize.py alone."""
    text = (CORPORA / f"{name}_corpus.jsonl").read_text(encoding="utf-8")
    field = {"geo": "location_raw", "level": "title"}.get(name, "text")
    found = [json.loads(line) for line in text.splitlines() if line.strip()]
    return [r for r in found if half(item_key(f"{name}_corpus", r, field)) == "dev"]


def fold(text: str | None) -> str | None:
    if text is None:
        return None
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Salary: $170-225K + equity", (170000, 225000, "USD", "year")),
        ("We pay €50k–€60k per year", (50000, 60000, "EUR", "year")),
        ("Pay is £75 per hour", (75, 75, "GBP", "hour")),
        ("base salary range: USD 100,000 - 125,000 annually", (100000, 125000, "USD", "year")),
        ("Competitive Hourly Pay: Up to $45 per hour", (None, 45, "USD", "hour")),
        ("Compensation: 0.5% - 1% equity", None),
        ("We raised $40M in funding", None),
        ("Sign-On Bonus: $6,000", None),
    ],
)
def test_salary_text(text, expected):
    found = parse_salary_text(text)
    got = None if found is None else (found.min, found.max, found.currency, found.period)
    assert got == expected


def test_salary_fields_cents_currency_and_period():
    assert from_fields(12_000_000, 15_000_000, "USD", "year", cents=True).min == 120_000
    assert from_fields("5253", "6152", "EUR", "monthly").period == "month"
    assert currency_code("RUR") == "RUB" and currency_code("$") == "USD"
    assert currency_code("XYZ") is None
    assert from_fields(None, None) is None


@pytest.mark.parametrize(
    ("raw", "country", "city"),
    [
        ("Berlin, Germany", "DE", "Berlin"),
        ("Austin, TX, US, 78705", "US", "Austin"),
        ("Frankfurt, DE", "DE", "Frankfurt"),
        ("Dover, DE", "US", "Dover"),
        ("USA-MT-Kalispell", "US", "Kalispell"),
        ("Remote - USA", "US", None),
        ("Москва", "RU", "Москва"),
        ("SF, Remote (North America)", "US", "San Francisco"),
        ("Germany, India, United States", None, None),
        ("", None, None),
    ],
)
def test_location(raw, country, city):
    place = parse_location(raw)
    assert (place.country, place.city) == (country, city)


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"workplace": "Hybrid", "location": "Remote"}, "hybrid"),
        ({"flag": True}, "remote"),
        ({"location": "London, Remote"}, "remote"),
        ({"title": "Engineer (On-site)"}, "onsite"),
        ({"text": "This is a fully remote role across Europe."}, "remote"),
        ({"text": "Our remote-friendly culture values writing."}, "unknown"),
        ({"location": "Berlin"}, "unknown"),
    ],
)
def test_remote_mode(kwargs, expected):
    assert remote_mode(**kwargs) == expected


def test_html_to_text_keeps_lists_and_drops_scripts():
    html = "<p>Hi &amp; welcome</p><ul><li>one</li><li>two</li></ul><script>x()</script>CafÃ©"
    assert html_to_text(html) == "Hi & welcome\n\n- one\n- two\nCafé"


def test_dates_and_urls_and_employment():
    moment = datetime(2026, 6, 16, 6, 0, 30, tzinfo=UTC)
    assert to_utc(1781589630) == to_utc(1781589630000) == moment
    assert to_utc("2024-02-16T14:58:28+0300") == datetime(2024, 2, 16, 11, 58, 28, tzinfo=UTC)
    assert to_utc("Mon, 15 Jun 2026 10:00:00 +0000").hour == 10 and to_utc("never") is None
    url = "https://x.example/jobs/7?utm_source=li&gh_jid=7&gh_src=abc#apply"
    assert canonical_url(url) == "https://x.example/jobs/7?gh_jid=7"
    assert canonical_url("javascript:alert(1)") is None
    assert employment_type("FullTime") == employment_type(["Full-Time"]) == "full_time"


def test_seniority_years_visa_cases():
    assert seniority("Senior Software Engineer") == "senior"
    assert seniority("Software Engineer II") == "mid"
    assert seniority("VP of Engineering") == "executive"
    assert seniority("Data Analyst", hint="mid_senior_level") == "senior"
    assert years_required("Requirements: 5+ years of experience with Go; 2+ years leading") == 5
    assert years_required("Founded 10 years ago, we build tools.") is None
    assert visa_sponsorship("We are unable to sponsor visas for this role.") is False
    assert visa_sponsorship("Visa sponsorship is available.") is True
    assert visa_sponsorship("Great benefits.") is None


def test_salary_corpus_exact_at_least_95_percent():
    data = rows("salary")
    hits = 0
    for row in data:
        found, want = parse_salary_text(row["text"]), row["expect"]
        got = (
            None
            if found is None
            else {"min": found.min, "max": found.max, "interval": found.period}
        )
        hits += got == want
    assert hits / len(data) >= 0.95


def test_geo_corpus_country_at_least_95_percent():
    data = rows("geo")
    hits = sum(
        parse_location(r["location_raw"]).country
        == (country_by_name(r["country"]) if r["country"] else None)
        for r in data
    )
    assert hits / len(data) >= 0.95


def test_level_corpus_at_least_85_percent():
    data = rows("level")
    hits = sum(seniority(r["title"]) == LEVELS[r["level"]] for r in data)
    assert hits / len(data) >= 0.85


def test_years_corpus_at_least_90_percent():
    data = rows("yoe")
    hits = sum(years_required(r["text"]) == (r["expect"] or {}).get("min") for r in data)
    assert hits / len(data) >= 0.90


def test_sponsorship_corpus_at_least_90_percent():
    data = rows("sponsorship")
    hits = sum(visa_sponsorship(r["text"]) == r["sponsorship"] for r in data)
    assert hits / len(data) >= 0.90
