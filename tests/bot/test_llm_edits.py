"""With an LLM configured, the first list arrives at once and graded reasons follow as edits.

The LLM is a fake OpenAI-compatible server on loopback (the real ``openai`` client talks to
it); each rubric answer takes a while, like a real model, so the list is edited while
grading is still going on.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from scoring.prompts import PROFILE_SYSTEM

USER = 8001
RESUME = Path(__file__).resolve().parent.parent / "fixtures" / "bot" / "resume_text.txt"
PROFILE = {
    "titles": ["Python Backend Engineer"],
    "seniority": "senior",
    "years_total": 6,
    "skills": [{"name": "Python", "years": 6}, {"name": "Django"}],
}
RUBRIC = {
    "must_haves": [
        {
            "requirement": "Python APIs",
            "strength": "strong",
            "resume_evidence": "Built and maintained Django and Django REST Framework APIs",
        },
        {
            "requirement": "Kafka streaming",
            "strength": "strong",  # invented: not in the resume
            "resume_evidence": "Ran Kafka clusters with 40 brokers",
        },
    ],
    "gaps": ["Terraform"],
    "seniority_fit": "fit",
    "score": 4.5,
    "recommend": True,
    "why_not_higher": "No infrastructure-as-code experience.",
    "how_to_close": ["Mention any Terraform you have used"],
}


def completion(content: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "created": 0,
        "model": "fake",
        "choices": [
            {
                "index": 0,
                "finish_reason": "stop",
                "message": {"role": "assistant", "content": json.dumps(content)},
            }
        ],
        "usage": {"prompt_tokens": 100, "completion_tokens": 50, "total_tokens": 150},
    }


@pytest.fixture
async def openai_url() -> AsyncIterator[str]:
    async def chat(request: web.Request) -> web.Response:
        body = await request.json()
        if body["messages"][0]["content"] == PROFILE_SYSTEM:
            return web.json_response(completion(PROFILE))
        await asyncio.sleep(0.8)  # a model takes its time; grading must not block the list
        return web.json_response(completion(RUBRIC))

    app = web.Application()
    app.router.add_post("/v1/chat/completions", chat)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    yield str(server.make_url("/v1"))
    await server.close()


@pytest.fixture
def llm(openai_url: str) -> dict[str, Any]:
    return {
        "openai_api_key": "sk-test",
        "openai_base_url": openai_url,
        "top_k": 8,
        "concurrency": 2,
    }


async def test_reasons_arrive_by_editing_the_list(telegram: Any, chat: Any) -> None:
    await telegram.user_says(USER, RESUME.read_text(encoding="utf-8"))
    await telegram.wait_until(
        lambda: any("Top matches" in t for t in telegram.texts(USER)), within=30
    )
    listing = next(m for m in telegram.messages[USER] if "Top matches" in m.text)
    assert "Grading each match" in listing.text and "rubric" not in listing.text

    await telegram.wait_until(lambda: "Graded by" in listing.text, within=60)
    assert len(listing.edits) >= 2  # progress while grading, then the final order
    assert "Grading each match" in listing.edits[0]
    assert "Graded by openai" in listing.text
    assert re.search(r"\(embedding \d+, skills \d+, rubric \d+\)", listing.text)
    assert "Django REST Framework" in listing.text  # a verified strength, quoted
    # The invented claim was demoted by the verifier: a gap, never a strength.
    gaps = next(line for line in listing.text.splitlines() if line.startswith("✗"))
    assert "Kafka streaming" in gaps
    assert "Ran Kafka clusters" not in listing.text

    pool = chat["pool"]
    calls = await pool.fetch("SELECT purpose, provider, outcome FROM llm_calls")
    assert {(r["purpose"], r["provider"], r["outcome"]) for r in calls} == {
        ("profile", "openai", "ok"),
        ("rubric", "openai", "ok"),
    }
    verifier = await pool.fetchval("SELECT verifier FROM match_results LIMIT 1")
    assert verifier["unverified"] == 1 and verifier["total_claims"] == 2
