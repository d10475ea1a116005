"""Pure scoring parts: the band, the blend, tiers and the ladder, the verifier, the rules."""

from __future__ import annotations

from core.models import Posting
from scoring.blend import SEED_BAND, blend, embed_score, relaxed_threshold, tier
from scoring.profile import profile_from_rules
from scoring.rubric import Requirement, Rubric
from scoring.rules_grader import grade_by_rules
from scoring.verifier import verify


def test_seed_band_matches_the_seed_formula() -> None:
    for cosine in (0.5, 0.6, 0.75, 0.9):
        assert abs(SEED_BAND.score(cosine) - (20 + (cosine - 0.5) * 146.67)) < 0.2
    assert SEED_BAND.score(-1) == 0 and SEED_BAND.score(2) == 100
    assert embed_score(0.35, "all-MiniLM-L6-v2") == 20.0  # the calibrated band
    assert embed_score(0.68, "all-MiniLM-L6-v2") == 92.0


def test_blend_tiers_and_ladder() -> None:
    assert blend(80, 50, 0.42) == round(0.42 * 80 + 0.58 * 50, 1)
    assert blend(80, None, 0.42) == 80
    assert [tier(s, [85, 70, 55]) for s in (90, 85, 84.9, 70, 56)] == [
        "strong",
        "strong",
        "good",
        "good",
        "stretch",
    ]
    scores = [90, 86, 72, 71, 60, 58, 40]
    assert relaxed_threshold(scores, [85, 70, 55], 2) == 85
    assert relaxed_threshold(scores, [85, 70, 55], 3) == 70
    assert relaxed_threshold(scores, [85, 70, 55], 6) == 55
    assert relaxed_threshold(scores, [85, 70, 55], 50) == 55
    assert relaxed_threshold(scores, [85, 70, 55], 50, relax=False) == 70


def test_verifier_accepts_fuzzy_quotes_and_demotes_invented_ones() -> None:
    resume = "• Built the billing service in Go and PostgreSQL, serving 2M users.\nLed 4 engineers."
    rubric = Rubric(
        must_haves=[
            Requirement(
                requirement="Go",
                strength="strong",
                resume_evidence="built the billing service in go and postgresql",
            ),
            Requirement(
                requirement="Team lead", strength="partial", resume_evidence="Led 4 engineer"
            ),  # near-verbatim
            Requirement(
                requirement="Kafka",
                strength="strong",
                resume_evidence="Ran Kafka clusters at scale",
            ),
            Requirement(requirement="AWS", strength="gap", resume_evidence="NOT FOUND"),
        ],
        score=4.2,
        recommend=True,
    )
    checked, report = verify(rubric, resume, cap=False)
    assert [r.strength for r in checked.must_haves] == ["strong", "partial", "gap", "gap"]
    assert checked.must_haves[2].resume_evidence.startswith("NOT FOUND (unverified: Ran Kafka")
    assert (report.total_claims, report.unverified, report.demotions) == (3, 1, 1)
    assert report.score_adjustment == -0.15 and checked.score == 4.05
    assert checked.recommend and "Kafka" in checked.gaps
    capped, _ = verify(rubric, resume)  # 1.5 of 4 must-haves met caps the score at 3.125
    assert capped.score == 3.12 and not capped.recommend


def test_scores_out_of_range_are_clamped() -> None:
    assert Rubric(score=100).score == 5.0 and Rubric(score=-3).score == 1.0


def test_rule_rubric_prefers_the_right_job(john_smith_text: str, postings: list[Posting]) -> None:
    profile = profile_from_rules(john_smith_text)
    graded = {p.title: grade_by_rules(john_smith_text, profile, p) for p in postings}
    assert graded["Senior Python Developer"].score > graded["Accountant"].score
    assert graded["Senior Python Developer"].score > graded["Pastry Chef"].score
    python_job = graded["Senior Python Developer"]
    assert python_job.recommend and not graded["Pastry Chef"].recommend
    for requirement in python_job.must_haves:
        if requirement.met:  # every rule quote is the resume's own words (lines joined)
            assert requirement.resume_evidence in " ".join(john_smith_text.split())
    _, report = verify(python_job, john_smith_text)
    assert report.unverified == 0
    assert "GAAP" not in python_job.missing_must_haves
    assert graded["Accountant"].missing_must_haves  # names what is missing


def test_level_gap_counts_from_the_levels_a_resume_seeks() -> None:
    from scoring.features import Parts, level_gap, too_far

    assert level_gap("senior", "junior") == -2 and level_gap("senior", "unknown") is None
    # "mid-senior": every level inside the range is a fit, the rest counts from its ends.
    assert [
        level_gap("mid", lvl, "senior")
        for lvl in ("intern", "junior", "mid", "senior", "lead", "executive")
    ] == [-2, -1, 0, 0, 1, 2]
    near = Parts(lexical=0, level=0, stack=0, title=0, level_gap=-1)
    assert not too_far(near) and too_far(near.model_copy(update={"level_gap": 2}))


def test_a_job_naming_no_stack_is_no_evidence_for_a_resume_that_has_one() -> None:
    from scoring.features import NEUTRAL, NO_STACK, parts, resume_side

    nurse = Posting(
        id="n",
        source="t",
        url="https://x.org/n",
        title="Staff Nurse",
        description="Patient care on a busy ward; night shifts.",
    )
    coder = "Backend developer. Python, Django and PostgreSQL every day.\n"
    carer = "Care assistant. Patient care, night shifts, first aid.\n"
    for text, expected in ((coder, NO_STACK), (carer, NEUTRAL)):
        side = resume_side(text, profile_from_rules(text))
        assert parts(side, nurse).stack == expected
