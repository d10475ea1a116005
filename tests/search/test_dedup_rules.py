"""The pure dedup signals: URL canonicalization, normalized keys, fingerprints, plausibility."""

from __future__ import annotations

from typing import Any

import pytest

from core.experience import years_stated
from core.models import Posting, posting_id
from core.urls import url_key
from search.dedup.rules import (
    DedupConfig,
    companies_alias,
    containment,
    details_conflict,
    fingerprint,
    locations_compatible,
    plausible,
    posting_fingerprint,
    title_adds_tag,
    titles_compatible,
)
from search.fusion import informative_terms, query_terms, rrf
from search.normalize import (
    city_norm,
    company_norm,
    core_title,
    ctl_key,
    is_agency,
    title_norm,
)
from search.text import requirements_text

CONFIG = DedupConfig()
TEXT = (
    "You will design data pipelines in Python and SQL. 3+ years of experience with Airflow "
    "is required. Knowledge of AWS is a plus. We offer dental insurance and paid time off. "
    "We are an equal opportunity employer."
)


def posting(
    title: str,
    company: str = "Acme",
    location: str = "Berlin",
    description: str = TEXT,
    **extra: Any,
) -> Posting:
    url = f"https://example.org/{title}/{company}/{location}"
    return Posting(
        id=posting_id("t", None, url),
        source="t",
        url=url,
        title=title,
        company=company,
        location=location,
        description=description,
        **extra,
    )


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        (
            "https://WWW.Example.com/jobs/1/?utm_source=x&b=2&a=1#apply",
            "example.com/jobs/1?a=1&b=2",
        ),
        ("http://example.com/jobs/1?gclid=abc&ref=feed", "example.com/jobs/1"),
        ("https://jobs.lever.co/acme/123?lever-source=linkedin", "jobs.lever.co/acme/123"),
        ("not a url", ""),
    ],
)
def test_url_key(url: str, canonical: str) -> None:
    assert url_key(url) == canonical


def test_normalized_forms() -> None:
    assert company_norm("Acme, Inc.") == company_norm("ACME GmbH") == "acme"
    assert title_norm("Sr. Data Engineer (m/w/d)") == "senior data engineer"
    assert title_norm("Software Engineer (Ray Core)") != title_norm("Software Engineer (SRE)")
    assert city_norm("Zürich, Switzerland") == "zurich" and city_norm("Remote") == ""
    assert ctl_key("Acme Inc", "Data Engineer - Berlin", "Berlin, DE") == ctl_key(
        "ACME", "Data Engineer", "Berlin"
    )
    # A board's location suffix after the employer's own: both go.
    assert core_title("BDR, New York - New York", "New York, New York") == title_norm("BDR")


def test_a_state_or_country_alone_names_no_city() -> None:
    # As a scraper hands them over: the gazetteer found a country and no city.
    oregon = posting("Data Scientist", location="Oregon", country="US")
    anywhere_us = posting("Data Scientist", location="United States", country="US")
    portland = posting("Data Scientist", location="Portland, OR", country="US", city="Portland")
    seattle = posting("Data Scientist", location="Seattle, WA", country="US", city="Seattle")
    assert locations_compatible(oregon, anywhere_us) and locations_compatible(oregon, portland)
    assert not locations_compatible(portland, seattle)
    # Without a gazetteer reading, the location's first part stands for the city.
    assert not locations_compatible(posting("Data Scientist", location="Oregon"), portland)


def test_title_levels_keep_jobs_apart() -> None:
    assert titles_compatible(posting("Senior Data Engineer"), posting("Sr Data Engineer"), CONFIG)
    assert not titles_compatible(posting("Senior Data Engineer"), posting("Data Engineer"), CONFIG)
    assert not titles_compatible(posting("Data Engineer II"), posting("Data Engineer III"), CONFIG)
    assert not titles_compatible(posting("Data Engineer"), posting("Data Analyst"), CONFIG)


def test_a_word_only_one_title_has_names_another_job() -> None:
    def same(a: str, b: str) -> bool:
        return titles_compatible(posting(a), posting(b), CONFIG)

    assert same("ASP.NET Software Developers", "Software Developer, ASP.NET")
    assert same("Data Modeler - Data Solutions Engineer", "Data Solutions Engineer - Data Modeler")
    assert same("Data Engineer (Remote)", "Data Engineer")
    assert same("Data Enginer", "Data Engineer")  # a typo in a long word
    assert not same("ASP.NET Software Developers", "ASP.NET, C# Software Developers")
    assert not same("Software Developer", ".Net Software Developer")
    assert not same("Scientist Manufacturing", "Scientist Manufacturing Pharma")


def test_agency_copy_fingerprint_names_the_employer_by_one_token() -> None:
    text = (
        "Northwind Traders is seeking a data engineer to build pipelines in Python. "
        "At Northwind Traders you own Airflow jobs end to end; 3+ years of SQL needed. "
        "Northwind Traders offers remote work."
    )
    own = posting("Data Engineer", company="Northwind Traders", description=text)
    copy = posting(
        "Data Engineer",
        company="Hays",
        description=text.replace("Northwind Traders", "our client"),
    )
    plain = containment(fingerprint(own.description), fingerprint(copy.description))
    named = containment(posting_fingerprint(own), posting_fingerprint(copy))
    assert named > 0.95 > plain


def test_containment_survives_truncation_and_reflow() -> None:
    full = fingerprint(TEXT * 3)
    assert containment(full, fingerprint((TEXT * 3)[: len(TEXT)])) > 0.8
    assert containment(full, fingerprint(TEXT.replace(". ", ".\n• "))) > 0.9
    assert containment(full, fingerprint("Bake sourdough bread every morning for our cafe.")) < 0.1


def test_plausible_pairs() -> None:
    employer = posting("Data Engineer")
    assert plausible(posting("Data Engineer", company="Acme Corp"), employer, 0.95, 0.2, CONFIG)
    assert plausible(posting("Data Engineer", company="Acme Corp"), employer, 0.5, 0.9, CONFIG)
    assert (
        plausible(posting("Data Engineer", company="Globex"), employer, 0.99, 0.99, CONFIG) is None
    )
    # The agency edited a word: its text is no cut of the employer's (``cut_from``).
    edited = TEXT.replace("Python and SQL", "Python and Scala")
    agency = posting("Data Engineer", company="Hays Recruitment", description=edited)
    assert plausible(agency, employer, 0.99, 0.5, CONFIG) is None  # agencies need the text
    assert plausible(agency, employer, 0.80, 0.9, CONFIG) == ("agency_copy", 0.9)
    assert (
        plausible(posting("Data Engineer", location="Paris"), employer, 0.99, 0.99, CONFIG) is None
    )


def test_differing_experience_keeps_near_twins_apart() -> None:
    # Every number each requirement names (the parser is core.experience, tested there).
    assert years_stated("3-5 years of Python; at least 8 yrs overall; founded 1998") == {3, 5, 8}
    junior = posting("Data Engineer", description=TEXT)  # asks for 3+ years
    senior = posting("Data Engineer", description=TEXT.replace("3+ years", "8+ years"))
    silent = posting("Data Engineer", description=TEXT.replace("3+ years of ", ""))
    assert details_conflict(junior, senior)
    assert not details_conflict(junior, silent)  # one says nothing: no conflict
    # Other years over a text that differs further (or a vector that moved) are two openings.
    assert plausible(senior, junior, 0.99, 0.70, CONFIG) is None
    assert plausible(senior, junior, 0.88, 0.95, CONFIG) is None
    assert plausible(silent, junior, 0.99, 0.95, CONFIG)


def test_a_repost_that_edited_its_requirements_is_the_same_job() -> None:
    # The labelling guide's repost: same employer, title and place, a sentence edited.
    first = posting("Data Modeler (Analytical Systems)")
    repost = posting(
        "Data Modeler (Analytical Systems)", description=TEXT.replace("3+ years", "5+ years")
    )
    assert plausible(repost, first, 0.98, 0.85, CONFIG) == ("repost_edited", 0.85)
    # Another employer's text with other years is no repost (its copies need their evidence).
    other = repost.model_copy(update={"company": "Globex"})
    assert plausible(other, first, 0.98, 0.85, CONFIG) is None
    elsewhere = repost.model_copy(update={"location": "Paris"})
    assert plausible(elsewhere, first, 0.98, 0.9, CONFIG) is None


def test_a_title_that_only_adds_a_specialism_tag_over_the_same_text() -> None:
    plain = posting("Senior Data Scientist")
    tagged = posting("Sr. ML/Data Scientist - AI/NLP/Chatbot")
    assert title_adds_tag(tagged, plain) and title_adds_tag(plain, tagged)
    assert plausible(tagged, plain, 0.97, 0.99, CONFIG) == ("title_tag", 0.99)
    # A tag over a text that was rewritten may be another specialism: apart.
    assert plausible(tagged, plain, 0.97, 0.70, CONFIG) is None
    # The tag moves the vector: a copy's cosine (``copy_cosine``) is asked for.
    assert plausible(tagged, plain, 0.86, 0.99, CONFIG) == ("title_tag", 0.99)
    assert plausible(tagged, plain, 0.70, 0.99, CONFIG) is None
    # ... unless the tagged text is a part of the other (a cut moves the vector further).
    cut = tagged.model_copy(update={"description": " ".join(TEXT.split()[:30])})
    assert plausible(cut, plain, 0.70, 0.99, CONFIG) == ("title_tag", 0.99)
    # Under another name, only as a copy of the text (``copy_of``): not a shared text alone.
    elsewhere = tagged.model_copy(update={"company": "Globex"})
    assert plausible(elsewhere, plain, 0.97, 0.99, CONFIG) is None
    copied = tagged.model_copy(update={"company": "Globex", "description": "Our client: " + TEXT})
    assert plausible(copied, plain, 0.97, 0.99, CONFIG) == ("title_tag", 0.99)
    # The guide's requisition number in the title is a tag; a grade is not.
    assert title_adds_tag(posting("Senior Data Scientist - Req 20431"), plain)
    assert not title_adds_tag(posting("Senior Data Scientist - 2"), plain)
    # A stack or a word outside a tag names another job ("Software Developer C++/C#").
    assert not title_adds_tag(posting("Senior Data Scientist C++/C#"), plain)
    assert not title_adds_tag(posting("Senior NLP Data Scientist"), plain)
    # Added words naming a level or another role make another opening, whatever the text.
    for title in (
        "Data Scientist",
        "Principal Data Scientist",
        "Senior Data Scientist II",
        "Senior Data Scientist / Engineer",
        "Senior Data Scientist - Contract",
    ):
        assert not title_adds_tag(posting(title), plain), title
    assert plausible(posting("Data Scientist"), plain, 0.99, 0.99, CONFIG) is None


def test_company_aliases() -> None:
    assert companies_alias("KeHE Distributors", "Kehe Food Distributors", CONFIG)
    assert companies_alias("Charter Spectrum", "SPECTRUM", CONFIG)
    assert companies_alias("Takeda", "Takeda Pharmaceuticals", CONFIG)
    assert not companies_alias("Trace Data", "Data", CONFIG)  # a short word proves nothing
    assert not companies_alias("Aptive", "JCD Staffing", CONFIG)


def test_agency_detection() -> None:
    assert is_agency("Robert Half") and is_agency("Talent Partners Staffing")
    assert is_agency("Northwind", "On behalf of our client, a bank, we seek ...")
    assert not is_agency("Acme", TEXT)
    # A job board re-publishing an employer's opening; a company merely named alike is not.
    assert is_agency("Dice.com") and not is_agency("Monster Energy")


def test_embedded_text_keeps_requirements_and_drops_boilerplate() -> None:
    text = requirements_text(posting("Data Engineer"))
    assert text.startswith("Data Engineer") and "Airflow" in text
    assert "dental" not in text and "equal opportunity" not in text


def test_query_terms_and_rrf() -> None:
    assert query_terms("Python, python and the SQL; C++ node.js 2024") == [
        "python",
        "sql",
        "c++",
        "node.js",
    ]
    fused = rrf([["a", "b", "c"], ["c", "a"]], k=2)
    assert [doc for doc, _ in fused] == ["a", "c"]


def test_informative_terms_are_the_rarest_words_held_by_a_fifth_or_fewer() -> None:
    counts = {"python": 20, "sql": 21, "rust": 3, "go": 1, "cobol": 0}
    words = ["python", "sql", "rust", "go", "cobol", "unseen"]
    assert informative_terms(words, counts, 100) == ["go", "rust", "python"]
    assert informative_terms(words, counts, 20) == words  # a small index: every word
    many = {f"w{n}": n + 1 for n in range(30)}
    assert informative_terms(list(many)[::-1], many, 1000) == [f"w{n}" for n in range(16)]


def test_a_tag_both_titles_have_stays_while_the_added_one_goes() -> None:
    own = posting("Cloud Data Engineer (Azure)")
    tagged = posting("Cloud Data Engineer (Azure) - R48213", company="Acme Corp")
    assert plausible(tagged, own, 0.80, 0.95, CONFIG) == ("title_tag", 0.95)
    assert plausible(posting("Senior Cloud Data Engineer (Azure)"), own, 0.99, 0.99, CONFIG) is None


def test_a_city_without_its_country_is_the_same_city() -> None:
    there = posting("Data Engineer", location="Cambridge, MA", country="US", city="Cambridge")
    bare = posting("Data Engineer", location="Cambridge (Hybrid)", country="GB", city="Cambridge")
    england = posting("Data Engineer", location="Cambridge, UK", country="GB", city="Cambridge")
    assert locations_compatible(bare, there)
    assert not locations_compatible(england, there)


def test_a_cut_copy_that_lost_a_years_line_is_no_other_opening() -> None:
    years = " You have 3+ years of SQL and 5+ years of Python."
    full = posting("Data Engineer", description=TEXT + years)
    cut = posting("Data Engineer", company="Acme Corp", description=TEXT + years[:26])
    assert details_conflict(cut, full)
    assert plausible(cut, full, 0.85, 0.7, CONFIG) == ("cut_text", 1.0)
