"""The rules of issue 9 held on ``jobbot demo``'s own output: the bundled resume (a senior
full-stack developer) ranked on the bundled postings, the reasons in English and in Russian."""

from __future__ import annotations

import re

from core.settings import Settings
from jobbot.demo.run import RESUME, demo_ranking
from scoring.gaps import NOT_A_GAP
from scoring.reasons import Reasons, build_reasons
from scoring.resume import read_resume
from scoring.taxonomy import load_taxonomy


def _headline(resume: str) -> str:
    """The line under the name: a title, which proves no skill by itself."""
    return [line.strip() for line in resume.splitlines() if line.strip()][1]


def _sentences(reasons: Reasons) -> list[str]:
    text = " ".join([reasons.why_not_higher, *reasons.how_to_close])
    return [s.strip().lower() for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()]


def _check(reasons: Reasons, resume: str) -> None:
    flat = " ".join(resume.split())
    quotes = [q.group(1) for q in (re.search(r"[“«](.+?)[”»]", s) for s in reasons.strengths) if q]
    assert len(quotes) == len(set(quotes)), quotes  # each skill its own words
    for quote in quotes:
        words = quote.rstrip("…")
        assert " ".join(words.split()) in flat, words  # the resume's own words
        assert words != _headline(resume)  # not its headline line for every skill
    sentences = _sentences(reasons)
    assert len(sentences) == len(set(sentences)), sentences  # nothing said twice
    said = " ".join(sentences)
    for level in (
        "level above yours",
        "below your level",
        "уровень выше вашей",
        "ниже вашего уровня",
    ):
        assert said.count(level) <= 1, said  # the level is named once, the step is what to do
    taxonomy = load_taxonomy()
    for strength in reasons.strengths:  # "X — the related Y": Y really is X's kind of skill
        near = re.search(
            r"^(.+?) — (?:your resume shows the related|в резюме близкий навык) "
            r"(.+?):",
            strength,
        )
        if near:
            asked, shown = (taxonomy.canonical(n) for n in near.groups())
            assert asked and shown and taxonomy.category(asked) == taxonomy.category(shown)
            assert (asked, shown) != ("Prometheus", "Git"), strength
    for gap in reasons.gaps:
        name = load_taxonomy().canonical(gap)
        assert not (name and load_taxonomy().category(name) in NOT_A_GAP), gap
        assert reasons.why_not_higher.count(gap) <= 1
    # Advice differs by kind: no two steps are one sentence with the gap's word swapped.
    shapes = [re.sub(r"\W+", " ", s.lower()) for s in reasons.how_to_close]
    for gap in reasons.gaps:
        shapes = [s.replace(gap.lower(), "X") for s in shapes]
    assert len(shapes) == len(set(shapes))


async def test_demo_levels_and_reasons_follow_the_rules() -> None:
    """One demo run (it indexes and embeds the bundled postings) holds every rule."""
    ranking = await demo_ranking(Settings(_env_file=None), top=8)  # type: ignore[call-arg]
    assert ranking.profile.seniority == "senior" and ranking.matches
    resume = read_resume(RESUME.read_bytes(), filename=RESUME.name)
    for match in ranking.matches:  # nothing more than one level from the resume
        assert match.parts is not None
        gap = match.parts.level_gap
        assert gap is None or abs(gap) <= 1, match.posting.title
        assert "intern" not in match.posting.title.lower()
    graded = [m for m in ranking.matches if m.rubric is not None]
    assert len(graded) == len(ranking.matches)
    for match in graded:
        assert match.rubric is not None
        _check(match.reasons, resume)
        russian = build_reasons(match.rubric, match.tier, "ru")
        _check(russian, resume)
        text = " ".join([russian.why_not_higher, *russian.how_to_close])
        assert re.search(r"[а-яё]", text) and not re.search(r"\b(?:asks|If you|resume)\b", text)
        for step in match.reasons.how_to_close:  # conditional: never "add X" as if it were true
            assert re.match(r"(If you|It |Describe)", step), step
