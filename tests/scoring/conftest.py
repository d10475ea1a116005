"""Fixtures for the scoring tests: real resumes, the local embedder (one per session) and a
fake OpenAI-compatible server on loopback that answers from a script.

The fake speaks both OpenAI's ``/v1/chat/completions`` and Groq's
``/openai/v1/chat/completions``. Each provider has its own queue of scripted replies; when a
queue is empty the server answers with ``default`` (a valid rubric).
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer
from pydantic import SecretStr

from core.models import Posting
from core.settings import LLMSettings, MatchSettings
from search.embeddings import LocalEmbedder

RESUMES = Path(__file__).resolve().parent.parent / "fixtures" / "resumes"


EVIDENCE = "Developed and maintained a scalable and secure API"


def good_rubric(evidence: str = EVIDENCE) -> dict[str, Any]:
    return {
        "must_haves": [
            {"requirement": "Python", "resume_evidence": evidence, "strength": "strong"}
        ],
        "nice_to_haves": [],
        "gaps": [],
        "seniority_fit": "fit",
        "score": 4.6,
        "recommend": True,
        "why_not_higher": "Little Kubernetes shown.",
        "how_to_close": ["Describe where you ran Kubernetes, if you did."],
    }


@dataclass
class Reply:
    """kind: json | prose | invalid | status | slow."""

    kind: str
    body: dict[str, Any] | None = None
    status: int = 200
    delay: float = 0.0


@dataclass
class FakeLLM:
    url: str = ""
    scripts: dict[str, list[Reply]] = field(default_factory=lambda: {"openai": [], "groq": []})
    calls: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    default: dict[str, Any] = field(default_factory=dict)
    default_delay: float = 0.0

    def settings(self, **overrides: Any) -> LLMSettings:
        values: dict[str, Any] = {
            "openai_api_key": SecretStr("test-key"),
            "openai_base_url": f"{self.url}/v1",
            "groq_api_key": SecretStr("test-key"),
            "groq_base_url": self.url,
            # generous: a loaded test machine must not turn a normal reply into a timeout
            "timeout_s": 10.0,
            "top_k": 10,
            "concurrency": 4,
        }
        values.update(overrides)
        return LLMSettings(**values)

    def providers_called(self) -> list[str]:
        return [name for name, _ in self.calls]

    def queue(
        self,
        provider: str,
        kind: str,
        body: dict[str, Any] | None = None,
        *,
        status: int = 200,
        delay: float = 0.0,
    ) -> None:
        """Script the next reply of ``provider``: json, prose, invalid, status or slow."""
        self.scripts[provider].append(Reply(kind, body, status, delay))

    @staticmethod
    def rubric(evidence: str = EVIDENCE, **changes: Any) -> dict[str, Any]:
        return good_rubric(evidence) | changes


def completion(content: str, model: str) -> dict[str, Any]:
    return {
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [
            {
                "index": 0,
                "finish_reason": "stop",
                "message": {"role": "assistant", "content": content},
            }
        ],
        "usage": {"prompt_tokens": 120, "completion_tokens": 40, "total_tokens": 160},
    }


async def _handle(fake: FakeLLM, provider: str, request: web.Request) -> web.Response:
    body = await request.json()
    fake.calls.append((provider, body))
    script = fake.scripts[provider]
    reply = script.pop(0) if script else Reply("json", fake.default, delay=fake.default_delay)
    if reply.delay:
        await asyncio.sleep(reply.delay)
    if reply.kind == "status":
        error = {"error": {"message": "scripted failure", "type": "server_error"}}
        return web.json_response(error, status=reply.status)
    content = json.dumps(reply.body)
    if reply.kind == "prose":
        content = f"Sure! Here is the grade you asked for:\n```json\n{content}\n```\nThanks."
    elif reply.kind == "invalid":
        content = '{"must_haves": [ {"requirement": "Python", '
    return web.json_response(completion(content, body.get("model", "test")))


@pytest.fixture
async def fake_llm() -> AsyncIterator[FakeLLM]:
    fake = FakeLLM(default=good_rubric())
    app = web.Application()

    async def openai_path(request: web.Request) -> web.Response:
        return await _handle(fake, "openai", request)

    async def groq_path(request: web.Request) -> web.Response:
        return await _handle(fake, "groq", request)

    app.router.add_post("/v1/chat/completions", openai_path)
    app.router.add_post("/openai/v1/chat/completions", groq_path)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    fake.url = str(server.make_url("")).rstrip("/")
    yield fake
    await server.close()


@pytest.fixture(scope="session")
def embedder() -> LocalEmbedder:
    return LocalEmbedder()


@pytest.fixture(scope="session")
def john_smith_text() -> str:
    from scoring.resume import read_resume

    return read_resume((RESUMES / "resume_matcher_raw_resume_1_john_smith.pdf").read_bytes())


@pytest.fixture
def match_settings() -> MatchSettings:
    return MatchSettings(min_results=2)


def make_posting(n: int, title: str, description: str, **extra: Any) -> Posting:
    return Posting(
        id=f"p{n}",
        source="test",
        url=f"https://jobs.example.org/{n}",
        title=title,
        description=description,
        **extra,
    )


@pytest.fixture
def postings() -> list[Posting]:
    return [
        make_posting(
            1,
            "Senior Python Developer",
            "Requirements: 5+ years of Python, Django, AWS, Docker and Kubernetes. "
            "Nice to have: machine learning experience.",
            remote="remote",
        ),
        make_posting(
            2,
            "Machine Learning Engineer",
            "Requirements: Python, scikit-learn, NLP, recommendation systems, Spark.",
        ),
        make_posting(
            3,
            "Pastry Chef",
            "We need a pastry chef for our bakery: croissants, cakes, early mornings.",
            company="Bakery Ltd",
        ),
        make_posting(
            4,
            "Backend Engineer (Go)",
            "Requirements: Go, PostgreSQL, gRPC, Kubernetes. Preferred: Kafka.",
        ),
        make_posting(
            5, "Accountant", "Requirements: GAAP, accounts payable, QuickBooks, month-end close."
        ),
    ]
