"""The LLM rubric gets the level and stack rules the rules follow, through the fake
OpenAI-compatible server: the prompt states them, the request carries the rules' readings,
and an answer that ignores them is held to them; JSON mode, the verifier, the cascade and the
budget stay as they were."""

from __future__ import annotations

import json
from typing import Any

from core.models import Posting
from core.settings import MatchSettings
from scoring.llm import build_cascade
from scoring.match import Match
from scoring.matcher import Matcher
from scoring.profile import profile_from_rules
from scoring.prompts import RUBRIC_SYSTEM
from scoring.store import MemoryCache, MemoryLedger
from search.embeddings import LocalEmbedder
from search.filters import Filters


def make_posting(n: int, title: str, description: str) -> Posting:
    return Posting(
        id=f"r{n}",
        source="test",
        url=f"https://jobs.example.org/r{n}",
        title=title,
        description=description,
    )


POSTINGS = [
    make_posting(
        1,
        "Senior Python Developer",
        "Requirements: 5+ years of Python, Django, AWS, Docker and Kubernetes.",
    ),
    make_posting(
        2,
        "Software Engineering Intern",
        "Summer internship for students: Python scripts, Django, Docker.",
    ),
    make_posting(
        3,
        "Senior .NET Developer",
        "Requirements: C#, ASP.NET Core, .NET, Entity Framework, SQL Server.",
    ),
]


async def _grade(
    fake_llm: Any, embedder: LocalEmbedder, text: str, ledger: MemoryLedger, **settings: Any
) -> dict[str, Match]:
    llm = fake_llm.settings(top_k=3, **settings)
    matcher = Matcher(None, embedder, build_cascade(llm, ledger=ledger), MatchSettings(), llm)
    matcher.cache = MemoryCache()
    profile = profile_from_rules(text)
    # /prefs levels any: the intern role is listed, so its grade can be seen
    first = await matcher.first_list(
        text, profile, Filters(any_level=True), postings=POSTINGS, keep_all=True
    )
    try:
        return {m.posting.title: m async for m in matcher.grade(text, profile, first, user_id=7)}
    finally:
        await matcher.cascade.close()


def test_the_prompt_states_the_level_and_stack_rules() -> None:
    prompt = " ".join(RUBRIC_SYSTEM.split())
    for rule in (
        "intern < junior < mid < senior < lead < executive",
        "levels_apart",
        "score at most 2",
        "job_stack_in_resume",
        "score is at most 3",
        "never the job's domain",
    ):
        assert rule in prompt, rule


async def test_an_llm_answer_is_held_to_the_level_and_stack_rules(
    fake_llm: Any,
    embedder: LocalEmbedder,
    john_smith_text: str,
) -> None:
    """The fake answers 4.6 and "fit" for every job, as a model ignoring the rules would."""
    ledger = MemoryLedger()
    graded = await _grade(fake_llm, embedder, john_smith_text, ledger)
    bodies = [body for _, body in fake_llm.calls]
    assert len(bodies) == 3 and all(
        b["response_format"] == {"type": "json_object"} and b["temperature"] <= 0.2 for b in bodies
    )
    read = {
        json.loads(b["messages"][1]["content"])["job"]["title"]: json.loads(
            b["messages"][1]["content"]
        )["read"]
        for b in bodies
    }
    assert read["Software Engineering Intern"]["levels_apart"] <= -2
    assert read["Senior Python Developer"]["levels_apart"] == 0
    assert (
        read["Senior .NET Developer"]["job_stack"]
        and not read["Senior .NET Developer"]["job_stack_in_resume"]
    )
    python, intern, dotnet = (graded[p.title] for p in POSTINGS)
    assert all(m.provider == "openai" and m.verifier is not None for m in graded.values())
    assert python.rubric is not None and python.rubric.score == 4.6  # nothing to hold
    assert intern.rubric is not None and intern.rubric.score <= 2.0
    assert intern.rubric.seniority_fit == "over" and not intern.rubric.recommend
    assert dotnet.rubric is not None and dotnet.rubric.score <= 3.0
    assert set(read["Senior .NET Developer"]["job_stack"][:3]) <= set(dotnet.rubric.gaps)
    assert python.final_score > max(intern.final_score, dotnet.final_score)
    assert [row.provider for _, row in ledger.rows] == ["openai"] * 3


async def test_the_rules_hold_after_the_cascade_and_within_the_budget(
    fake_llm: Any,
    embedder: LocalEmbedder,
    john_smith_text: str,
) -> None:
    fake_llm.queue("openai", "status", status=500)  # one job goes to Groq
    ledger = MemoryLedger()
    graded = await _grade(
        fake_llm, embedder, john_smith_text, ledger, daily_budget_per_user=3, concurrency=1
    )
    providers = sorted(m.provider for m in graded.values())
    assert providers == ["groq", "openai", "rules"]  # 3 calls' budget, then the rules
    intern = graded["Software Engineering Intern"]
    assert intern.rubric is not None and intern.rubric.score <= 2.0
    assert intern.rubric.seniority_fit == "over"
