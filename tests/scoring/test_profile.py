"""Profiles: deterministic rules, LLM answers checked against the text, taxonomy folding."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from scoring.llm import build_cascade
from scoring.profile import Profile, extract_profile, profile_from_rules
from scoring.store import MemoryLedger
from scoring.taxonomy import load_taxonomy

GOOD_PROFILE = {
    "titles": ["Senior Python Developer"],
    "seniority": "senior",
    "years_total": 7,
    "skills": [{"name": "Python", "years": 7}],
}


def test_rule_profile_of_a_real_resume(john_smith_text: str) -> None:
    profile = profile_from_rules(john_smith_text, today=date(2024, 6, 1))
    assert profile.titles[0] == "Senior Python Developer"
    assert profile.seniority == "senior"
    assert profile.education == "master"
    assert profile.years_total is not None and 6 <= profile.years_total <= 8
    names = profile.skill_names
    assert {"Python", "Django", "Amazon Web Services", "Docker", "Kubernetes"} <= names
    assert profile.skill_years("Python") is not None
    assert not profile.is_empty


def test_same_text_same_profile(john_smith_text: str) -> None:
    today = date(2025, 1, 1)
    assert profile_from_rules(john_smith_text, today) == profile_from_rules(john_smith_text, today)


def test_explicit_years_and_synonyms() -> None:
    text = (
        "Backend developer with 6+ years of experience in Golang and Postgres.\n"
        "Skills: k8s, ReactJS, node.js, C++, C#\nBackend Developer, Jan 2019 - Dec 2022\n"
    )
    profile = profile_from_rules(text, today=date(2024, 1, 1))
    names = profile.skill_names
    assert {"Go", "PostgreSQL", "Kubernetes", "React", "Node.js", "C++", "C#"} <= names
    assert "C" not in names  # "C++" and "C#" are not the C language
    assert profile.skill_years("Go") == 6.0
    # The dated job is the evidence; the summary's figure counts only with no job dated.
    assert profile.years_total == 4.0
    undated = profile_from_rules(text.rsplit("\n", 2)[0], today=date(2024, 1, 1))
    assert undated.years_total == 6.0


def test_study_and_projects_add_no_years_and_a_stated_level_wins() -> None:
    text = (
        "Software engineer with over 7 years of development experience, now finishing a "
        "master's degree. Looking for a mid-senior backend engineer position.\n"
        "Experience\nSoftware Engineer Feb. 2021 – July 2023\nAcme Bank\n• Django, Docker\n"
        "Software Engineer July 2018 – Feb. 2021\nVideo Co\n• Python crawlers\n"
        "Projects\nWeb editor | Angular, Spring Boot June 2024 – August 2024\n"
        "Education\n2009 – 2012 PhD in Computer Science, CalTech\n"
    )
    profile = profile_from_rules(text, today=date(2025, 1, 1))
    assert profile.years_total == 5.1  # July 2018 – July 2023; not the PhD, not the project
    assert profile.skill_years("Angular") == 0.2  # a project's skills still count
    assert (profile.seniority, profile.seniority_to) == ("mid", "senior")
    plain = profile_from_rules(
        text.replace("Looking for a mid-senior", "Open to a"), today=date(2025, 1, 1)
    )
    assert (plain.seniority, plain.seniority_to) == ("senior", None)  # 5+ years of jobs


def test_taxonomy_keeps_ordinary_words_apart() -> None:
    text = "I excel at a swift rest. Spring 2024 we went. Excel, Swift, REST."
    found = load_taxonomy().find(text)
    assert set(found) == {"Microsoft Excel", "Swift", "REST APIs"}
    assert all(len(spans) == 1 for spans in found.values())


def test_empty_profile_guard() -> None:
    assert Profile().is_empty
    assert profile_from_rules("Hello there. Nothing to see.").is_empty


async def test_llm_profile_is_checked_against_the_text(fake_llm: Any, john_smith_text: str) -> None:
    fake_llm.default = {
        "titles": ["Senior Python Developer", "Chief Astronaut"],
        "seniority": "senior",
        "years_total": 8,
        "skills": [
            {"name": "python", "years": 8},
            {"name": "Haskell", "years": 10},
            {"name": "k8s", "years": 3},
            {"name": "Quantum teleportation"},
        ],
        "location": "Mars Base One",
        "remote_preference": "remote",
        "languages": ["English", "Klingon"],
        "education": "master",
    }
    cascade = build_cascade(fake_llm.settings())
    try:
        profile = await extract_profile(john_smith_text, cascade)
    finally:
        await cascade.close()
    assert profile.source == "llm"
    assert "Haskell" not in profile.skill_names  # never mentioned: dropped
    assert "Quantum teleportation" not in profile.skill_names
    assert {"Python", "Kubernetes"} <= profile.skill_names  # synonyms folded to the taxonomy
    assert profile.titles == ["Senior Python Developer"]
    assert profile.location is None and "Klingon" not in profile.languages
    assert fake_llm.calls[0][1]["temperature"] <= 0.2


async def test_llm_failure_falls_back_to_rules(fake_llm: Any, john_smith_text: str) -> None:
    fake_llm.queue("openai", "status", status=500)
    fake_llm.queue("groq", "invalid")
    fake_llm.queue("groq", "invalid")
    cascade = build_cascade(fake_llm.settings())
    try:
        profile = await extract_profile(john_smith_text, cascade)
    finally:
        await cascade.close()
    assert profile.source == "rules" and "Python" in profile.skill_names


@pytest.mark.parametrize(
    "reply",
    [
        None,  # the fake's default: a match rubric, answered to the profile request
        {},
        {"titles": [], "skills": [], "seniority": "senior"},  # no title, no skill
        GOOD_PROFILE | {"summary": "A strong candidate."},  # a key the prompt never asked for
        GOOD_PROFILE | {"titles": "Senior Python Developer"},  # a string, not a list
        GOOD_PROFILE | {"years_total": "seven"},
        GOOD_PROFILE | {"skills": ["Python", "Django"]},  # names, not {name, years} objects
    ],
    ids=["rubric", "empty", "no-substance", "extra-key", "titles-str", "years-str", "skills-str"],
)
async def test_valid_json_that_is_not_a_profile_is_refused(
    fake_llm: Any, john_smith_text: str, reply: dict[str, Any] | None
) -> None:
    if reply is not None:
        fake_llm.default = reply
    ledger = MemoryLedger()
    cascade = build_cascade(fake_llm.settings(), ledger=ledger)
    try:
        profile = await extract_profile(john_smith_text, cascade, user_id=42)
    finally:
        await cascade.close()
    assert profile == profile_from_rules(john_smith_text)  # the rules answered
    # Each provider was asked twice (the one retry for a bad reply), each reply counted bad.
    assert fake_llm.providers_called() == ["openai", "openai", "groq", "groq"]
    assert [(row.purpose, row.outcome) for _, row in ledger.rows] == [
        ("profile", "invalid_json")
    ] * 4


async def test_after_a_rubric_the_next_provider_profile_stands(
    fake_llm: Any, john_smith_text: str
) -> None:
    # OpenAI keeps answering the rubric (the default); Groq answers the profile asked for.
    fake_llm.queue("groq", "prose", GOOD_PROFILE)
    ledger = MemoryLedger()
    cascade = build_cascade(fake_llm.settings(), ledger=ledger)
    try:
        profile = await extract_profile(john_smith_text, cascade)
    finally:
        await cascade.close()
    assert profile.source == "llm" and profile.titles == ["Senior Python Developer"]
    assert profile.version == "profile-v1" and "Python" in profile.skill_names
    assert [(row.provider, row.outcome) for _, row in ledger.rows] == [
        ("openai", "invalid_json"),
        ("openai", "invalid_json"),
        ("groq", "ok"),
    ]
