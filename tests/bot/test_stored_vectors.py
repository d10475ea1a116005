"""The chat ranks a stored resume with its stored vector: an upload stores the vector it
embedded, and /matches after a restart (a fresh matcher and flow) embeds nothing."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from bot.flow import MatchFlows
from scoring.profile import Profile

RESUME = Path(__file__).resolve().parent.parent / "fixtures" / "bot" / "resume_text.txt"
USER = 9101


@pytest.fixture
def restarted(deps: Any, fresh_ranking: Any) -> Callable[[], tuple[Any, dict[str, Any]]]:
    """The same services seen by a new process: a new matcher (nothing in memory) and flow;
    ``counting, fresh = restarted()``."""

    def make() -> tuple[Any, dict[str, Any]]:
        counting, ranking = fresh_ranking()
        return counting, {
            **deps,
            "matcher": ranking.matcher,
            "ranking": ranking,
            "flows": MatchFlows(deps["pool"], ranking.matcher, ranking, deps["cascade"]),
        }

    return make


@pytest.fixture
def upload(telegram: Any, deps: Any, chatting: Any) -> Callable[[], Awaitable[None]]:
    """Paste the resume and wait until its list is fully graded; the chat stops after (its
    flow closes, so the vector write has ended)."""

    async def run() -> None:
        async with chatting(deps):
            await telegram.user_says(USER, RESUME.read_text(encoding="utf-8"))
            await telegram.wait_until(
                lambda: any("Graded by" in t for t in telegram.texts(USER)), within=30
            )

    return run


async def ask_matches(telegram: Any) -> Any:
    """Send /matches and wait for the list it brings to be fully graded."""
    before = len(telegram.texts(USER))
    await telegram.user_says(USER, "/matches")
    await telegram.wait_until(lambda: len(telegram.texts(USER)) > before, within=30)
    listing = telegram.messages[USER][before]
    assert "Top matches" in listing.text
    await telegram.wait_until(lambda: "Graded by" in listing.text, within=30)
    return listing


async def test_an_upload_stores_its_vector_and_matches_after_a_restart_embed_nothing(
    telegram: Any, deps: Any, restarted: Any, upload: Any, chatting: Any
) -> None:
    pool = deps["pool"]
    await upload()
    first = next(m for m in telegram.messages[USER] if "Top matches" in m.text)
    row = await pool.fetchrow(
        "SELECT r.text, r.profile, v.model, v.vector FROM resumes r "
        "JOIN resume_vectors v ON v.resume_id = r.id WHERE r.user_id = $1",
        USER,
    )
    assert row is not None and row["model"] == deps["embedder"].name
    # What was stored is the vector the list was ranked with.
    profile = Profile.model_validate(row["profile"])
    listed = await deps["matcher"].resume_vector(row["text"], profile)
    assert np.allclose(np.asarray(row["vector"], dtype=np.float32), listed, atol=1e-5)

    counting, fresh = restarted()
    async with chatting(fresh):
        again = await ask_matches(telegram)
    assert counting.calls == []  # no embedding at all: the stored vector ranked the list
    top = again.text.split("\n\n")[1]
    assert top == first.text.split("\n\n")[1]  # the same best match as right after upload


async def test_a_stale_stored_vector_is_embedded_once_and_replaced(
    telegram: Any, deps: Any, restarted: Any, upload: Any, chatting: Any
) -> None:
    pool = deps["pool"]
    await upload()
    wanted = await pool.fetchval("SELECT input_hash FROM resume_vectors")
    # As if the resume had been embedded from an older profile or by an older recipe.
    await pool.execute("UPDATE resume_vectors SET input_hash = 'stale'")

    counting, fresh = restarted()
    async with chatting(fresh):
        await ask_matches(telegram)
    assert len(counting.calls) == 1  # the resume, once
    assert await pool.fetchval("SELECT input_hash FROM resume_vectors") == wanted

    counting, fresh = restarted()
    async with chatting(fresh):
        await ask_matches(telegram)
    assert counting.calls == []


async def test_matches_without_a_resume_asks_for_one(
    telegram: Any, deps: Any, chatting: Any
) -> None:
    async with chatting(deps):
        await telegram.user_says(USER, "/matches")
        await telegram.wait_until(lambda: bool(telegram.texts(USER)))
    assert "resume first" in telegram.texts(USER)[0]
    assert await deps["pool"].fetchval("SELECT count(*) FROM resume_vectors") == 0
