"""The one match pipeline: profile → first list → graded, in that order, best first."""

from __future__ import annotations

from typing import Any

import pytest

from core.models import Posting
from core.settings import LLMSettings, MatchSettings
from scoring.errors import EmptyProfile
from scoring.llm import build_cascade
from scoring.match import Match
from scoring.matcher import Matcher
from scoring.pipeline import rank_resume
from scoring.profile import Profile
from search.embeddings import LocalEmbedder


def _matcher(embedder: LocalEmbedder, llm: LLMSettings, settings: MatchSettings) -> Matcher:
    return Matcher(None, embedder, build_cascade(llm), settings, llm)


async def test_stages_report_in_order_and_matches_come_best_first(
    fake_llm: Any,
    embedder: LocalEmbedder,
    john_smith_text: str,
    postings: list[Posting],
    match_settings: MatchSettings,
) -> None:
    matcher = _matcher(embedder, fake_llm.settings(top_k=2), match_settings)
    fake_llm.queue(
        "openai",
        "json",
        {"titles": ["Senior Python Developer"], "skills": [{"name": "Python", "years": 7}]},
    )
    seen: list[str] = []

    def on_profile(profile: Profile) -> None:
        seen.append("profile")
        assert not profile.is_empty

    def on_first_list(first: list[Match]) -> None:
        seen.append("first")
        assert all(m.provider == "embedding" for m in first)
        assert len(fake_llm.calls) == 1  # the profile only: the first list waits for no rubric

    ranking = await rank_resume(
        john_smith_text,
        matcher,
        postings=postings,
        keep_all=True,
        on_profile=on_profile,
        on_first_list=on_first_list,
    )
    await matcher.cascade.close()
    assert seen == ["profile", "first"]
    assert ranking.profile.source == "llm"  # the fake answered the profile call
    assert len(ranking.matches) == len(postings) == len(ranking.first)
    assert len(fake_llm.calls) == 1 + 2  # the profile, then the rubric on the top K
    assert [m.provider for m in ranking.matches].count("rules") == len(postings) - 2
    keys = [(-m.final_score, m.posting.id) for m in ranking.matches]
    assert keys == sorted(keys)


async def test_top_cuts_and_the_threshold_holds_without_keep_all(
    embedder: LocalEmbedder,
    john_smith_text: str,
    postings: list[Posting],
) -> None:
    matcher = _matcher(embedder, LLMSettings(), MatchSettings(min_results=50))
    ranking = await rank_resume(john_smith_text, matcher, postings=postings, top=2)
    await matcher.cascade.close()
    assert ranking.profile.source == "rules"
    assert len(ranking.matches) <= 2 and ranking.first
    assert all(m.provider == "rules" and m.threshold == 55 for m in ranking.matches)
    assert {m.posting.id for m in ranking.matches} <= {m.posting.id for m in ranking.first}


async def test_an_empty_resume_is_never_ranked(
    embedder: LocalEmbedder,
    postings: list[Posting],
) -> None:
    matcher = _matcher(embedder, LLMSettings(), MatchSettings())
    with pytest.raises(EmptyProfile):
        await rank_resume("lorem ipsum", matcher, postings=postings)
    await matcher.cascade.close()
