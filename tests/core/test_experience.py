"""The one "N years of experience" parser (core.experience) that scrapers, dedup and
scoring share: the forms it reads, the ones it refuses, and how each caller's answer
follows from it."""

from __future__ import annotations

import pytest

from core.experience import mentions, windows, years_required, years_stated


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Requirements: 5+ years of experience with Go; 2+ years leading", 5.0),
        ("3-5 years of backend development", 3.0),
        ("3 to 5 years' experience in SQL", 3.0),
        ("You have 5+ yrs hands-on Python", 5.0),
        ("At least five years of professional experience", 5.0),
        ("Minimum of three (3) years working with Kafka", 3.0),
        ("1.5 years of experience in support", 1.5),
        ("experience of at least 1 year in sales", 1.0),
        ("6 months of experience in a call centre", 0.5),
        ("18 months experience preferred", 1.5),
        ("Требования: опыт работы от 3 лет в разработке", 3.0),
        ("Опыт коммерческой разработки от 1 года до 3 лет", 1.0),
        ("не менее 2 лет опыта с Python", 2.0),
        # The experience named before the number, floors in words, abbreviations.
        ("Experience: 5 years", 5.0),
        ("Work experience required - 3-5 yrs", 3.0),
        ("Minimum experience 4 years in retail", 4.0),
        ("Exp. 2 years", 2.0),
        ("Years of experience: 6+", 6.0),
        ("Years of relevant experience - 3 to 5", 3.0),
        ("10 or more years in finance", 10.0),
        ("8 years or more of experience", 8.0),
        ("7+ yrs exp. with Java", 7.0),
    ],
)
def test_years_required_reads_the_common_forms(text: str, expected: float) -> None:
    assert years_required(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Founded 10 years ago, we build tools.",
        "Candidates must be at least 18 years of age.",
        "Less than 2 years of experience is fine.",
        "The role typically requires a minimum of five years' continuous UK residence.",
        "A 12 months contract; parental leave after 6 months of employment.",
        "Компания работает на рынке более 10 лет.",
        "With more than 80 years of experience in data and 15 years in software, we lead.",
        "Delphi brings 30 years of experience in our field to every client.",
        "Version 2015 years ago",
        "We have experience in the market for over 20 years.",
        "Hands-on experience 5 years ago was rare; warranty: 5 years.",
        "Experience level: senior. Contract: 2 years.",
        "",
    ],
)
def test_history_age_ceilings_and_durations_are_not_requirements(text: str) -> None:
    assert years_required(text) is None


def test_the_first_requirement_is_the_headline() -> None:
    text = "10+ years in data engineering, with 4+ years leading teams."
    assert years_required(text) == 10.0
    assert years_stated(text) == {10.0, 4.0}  # dedup sees both, the second sits in the tail


def test_years_stated_holds_both_ends_of_a_range_and_skips_non_requirements() -> None:
    text = "3-5 years of Python; at least 8 yrs overall; founded 40 years ago; 18 years of age"
    assert years_stated(text) == {3.0, 5.0, 8.0}
    assert years_stated("We value curiosity.") == frozenset()


def test_mentions_keep_order_range_and_tail() -> None:
    found = mentions("Duration 12 months. MUST: 2-4 years of Java experience")
    assert [(m.low, m.high, m.requirement) for m in found] == [
        (1.0, None, False),
        (2.0, 4.0, True),
    ]
    assert found[1].tail.startswith(" of Java experience")


def test_windows_keep_only_text_near_keywords() -> None:
    text = "a" * 300 + " 5 years of Go " + "b" * 300
    cut = windows(text, ("year",), 20)
    assert "5 years of Go" in cut and len(cut) < 60
    assert windows("nothing here", ("year",), 20) == ""


def test_hostile_text_finds_nothing_and_raises_nothing() -> None:
    text = ("1 " * 50_000) + "years" + ("-" * 50_000) + "\x00" + "лет " * 1000
    assert years_required(text) is None
    assert [m.requirement for m in mentions(text)] == [False]  # the one "1 years" before dashes
