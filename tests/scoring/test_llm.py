"""The LLM cascade against a fake OpenAI-compatible server speaking both providers' paths:
order, the single retry on invalid JSON, no retry on 5xx, timeouts, prose extraction,
the ledger and the per-user daily budget."""

from __future__ import annotations

from typing import Any

import asyncpg
import pytest

from scoring.llm import LLMCascade, build_cascade
from scoring.prompts import RUBRIC_SYSTEM
from scoring.rubric import Rubric
from scoring.store import MemoryLedger


async def _ask(cascade: LLMCascade, user_id: int | None = None) -> tuple[str | None, Rubric | None]:
    answer = await cascade.ask(
        "rubric", RUBRIC_SYSTEM, '{"job": {}, "resume": ""}', Rubric, user_id=user_id
    )
    return (answer.provider, answer.value) if answer else (None, None)


async def test_openai_answers_first_in_json_mode_with_low_temperature(fake_llm: Any) -> None:
    cascade = build_cascade(fake_llm.settings())
    try:
        provider, rubric = await _ask(cascade)
    finally:
        await cascade.close()
    assert provider == "openai" and rubric is not None and rubric.score == 4.6
    body = fake_llm.calls[0][1]
    assert body["response_format"] == {"type": "json_object"}
    assert body["temperature"] <= 0.2
    assert [m["role"] for m in body["messages"]] == ["system", "user"]


@pytest.mark.parametrize("status", [429, 500, 503])
async def test_429_and_5xx_go_to_groq_without_retry(fake_llm: Any, status: int) -> None:
    fake_llm.queue("openai", "status", status=status)
    cascade = build_cascade(fake_llm.settings())
    try:
        provider, _ = await _ask(cascade)
    finally:
        await cascade.close()
    assert provider == "groq"
    assert fake_llm.providers_called() == ["openai", "groq"]  # the SDK retried nothing


async def test_invalid_json_is_retried_once_then_next_provider(fake_llm: Any) -> None:
    fake_llm.queue("openai", "invalid")
    fake_llm.queue("openai", "invalid")
    ledger = MemoryLedger()
    cascade = build_cascade(fake_llm.settings(), ledger=ledger)
    try:
        provider, _ = await _ask(cascade)
    finally:
        await cascade.close()
    assert provider == "groq"
    assert fake_llm.providers_called() == ["openai", "openai", "groq"]
    assert [row.outcome for _, row in ledger.rows] == ["invalid_json", "invalid_json", "ok"]


async def test_one_invalid_answer_then_a_good_one_stays_with_openai(fake_llm: Any) -> None:
    fake_llm.queue("openai", "invalid")
    cascade = build_cascade(fake_llm.settings())
    try:
        provider, _ = await _ask(cascade)
    finally:
        await cascade.close()
    assert provider == "openai" and fake_llm.providers_called() == ["openai", "openai"]


async def test_groq_json_wrapped_in_prose_is_extracted(fake_llm: Any) -> None:
    fake_llm.queue("openai", "status", status=500)
    fake_llm.queue("groq", "prose", fake_llm.rubric())
    cascade = build_cascade(fake_llm.settings())
    try:
        provider, rubric = await _ask(cascade)
    finally:
        await cascade.close()
    assert provider == "groq" and rubric is not None and rubric.recommend


async def test_slow_reply_past_the_timeout_moves_on(fake_llm: Any) -> None:
    fake_llm.queue("openai", "slow", fake_llm.rubric(), delay=3.0)
    ledger = MemoryLedger()
    cascade = build_cascade(fake_llm.settings(timeout_s=0.5), ledger=ledger)
    try:
        provider, _ = await _ask(cascade)
    finally:
        await cascade.close()
    assert provider == "groq"
    assert [row.outcome for _, row in ledger.rows] == ["timeout", "ok"]


async def test_all_providers_down_returns_none_for_the_rules(fake_llm: Any) -> None:
    fake_llm.queue("openai", "status", status=500)
    fake_llm.queue("groq", "status", status=429)
    cascade = build_cascade(fake_llm.settings())
    try:
        assert await _ask(cascade) == (None, None)
    finally:
        await cascade.close()


async def test_no_keys_means_no_providers() -> None:
    from core.settings import LLMSettings

    cascade = build_cascade(LLMSettings())
    assert not cascade.has_providers and await _ask(cascade) == (None, None)


async def test_ledger_rows_and_daily_budget_in_postgres(
    fake_llm: Any, pg_pool: asyncpg.Pool
) -> None:
    await pg_pool.execute("INSERT INTO users (telegram_id) VALUES (42)")
    cascade = build_cascade(fake_llm.settings(daily_budget_per_user=2), pool=pg_pool)
    try:
        assert (await _ask(cascade, user_id=42))[0] == "openai"
        assert (await _ask(cascade, user_id=42))[0] == "openai"
        assert await _ask(cascade, user_id=42) == (None, None)  # budget spent: rules answer
        assert (await _ask(cascade, user_id=7))[0] == "openai"  # other users are unaffected
    finally:
        await cascade.close()
    rows = await pg_pool.fetch(
        "SELECT user_id, purpose, provider, model, prompt_tokens, "
        "output_tokens, latency_ms, outcome FROM llm_calls ORDER BY id"
    )
    assert len(rows) == 3 == len(fake_llm.calls)
    assert rows[0]["provider"] == "openai" and rows[0]["purpose"] == "rubric"
    assert rows[0]["prompt_tokens"] == 120 and rows[0]["output_tokens"] == 40
    assert rows[0]["outcome"] == "ok" and rows[0]["latency_ms"] >= 0
