"""A resume's grading facts: found once, stored as JSON, read back the same; the rules grade
the same with stored facts as with facts found on the spot, and in numbers as in a rubric."""

from __future__ import annotations

import json
import re
from pathlib import Path

from jobbot.cli_match import load_postings
from jobbot.demo.run import POSTINGS
from scoring.profile import profile_from_rules
from scoring.resume import read_resume
from scoring.resume_facts import FACTS_VERSION, ResumeFacts
from scoring.rules_grader import assess, grade_by_rules

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "resumes"
TEXTS = [
    read_resume(f.read_bytes(), f.name)
    for f in sorted(FIXTURES.glob("*.[pdt][dox]*"))
    if f.suffix != ".md"
]


def test_facts_survive_json_and_a_version_change_asks_again() -> None:
    assert len(TEXTS) >= 4
    for text in TEXTS:
        facts = ResumeFacts.of(text, profile_from_rules(text))
        stored = json.loads(json.dumps(facts.to_json()))
        again = ResumeFacts.from_json(stored)
        assert again == facts and list(again.skills) == list(facts.skills)  # order kept
        assert again.areas == facts.areas and again.first_in_area == facts.first_in_area
        assert ResumeFacts.from_json({**stored, "version": "facts-v0"}) is None
        assert ResumeFacts.from_json({"version": FACTS_VERSION}) is None
        assert ResumeFacts.from_json(None) is None


def test_word_starts_answer_as_the_regex_does() -> None:
    words = ["python", "c++", "node.js", "js", "engineer", "engin", "data", "qa", "x", "zz"]
    for text in TEXTS:
        facts = ResumeFacts.of(text, profile_from_rules(text))
        lower = text.lower()
        for word in words + [w for w in re.findall(r"[a-z][a-z+#.]*", lower)[:200:7]]:
            assert facts.has_word_start(word) == bool(re.search(rf"\b{re.escape(word)}", lower)), (
                word
            )


def test_stored_facts_grade_as_facts_found_now_and_numbers_match_the_rubric() -> None:
    postings = load_postings(POSTINGS)[:25]
    for text in TEXTS:
        profile = profile_from_rules(text)
        facts = ResumeFacts.from_json(
            json.loads(json.dumps(ResumeFacts.of(text, profile).to_json()))
        )
        assert facts is not None
        for posting in postings:
            rubric = grade_by_rules(text, profile, posting, facts)
            assert rubric == grade_by_rules(text, profile, posting)
            assert assess(profile, posting, facts).score == rubric.score
            # Evidence is the resume's own words (a sentence may wrap over lines).
            flat = " ".join(text.split())
            assert all(
                " ".join(r.resume_evidence.split()) in flat for r in rubric.must_haves if r.met
            )
