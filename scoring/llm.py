"""The LLM cascade: OpenAI (JSON mode) → Groq (JSON mode, JSON dug out of prose) → nobody,
after which the caller's rule-based answer stands.

Rules (DESIGN.md): temperature ≤ 0.2; the SDKs' own retries are off; one retry only when the
answer is not valid JSON for the schema; 429, 5xx and timeouts move straight on to the next
provider. Every attempt is written to the ledger; past a user's daily budget no call is made.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import asyncpg
import groq
import openai
from pydantic import BaseModel, ValidationError

from core.settings import LLMSettings
from scoring.errors import ProviderError
from scoring.store import Ledger, LedgerRow, MemoryLedger, PgLedger

T = TypeVar("T", bound=BaseModel)
_OUTERMOST = re.compile(r"\{.*\}", re.DOTALL)
Send = Callable[[list[dict[str, str]]], Awaitable[tuple[str, int | None, int | None]]]


@dataclass(frozen=True)
class Answer(Generic[T]):
    value: T
    provider: str
    model: str


@dataclass
class Provider:
    """One OpenAI-compatible endpoint. ``send`` returns (content, prompt_tokens, output_tokens)."""

    name: str
    model: str
    send: Send
    extract_from_prose: bool
    close: Callable[[], Awaitable[None]]


def _classify(exc: Exception) -> str:
    if isinstance(exc, openai.RateLimitError | groq.RateLimitError):
        return "rate_limited"
    if isinstance(exc, openai.APITimeoutError | groq.APITimeoutError | TimeoutError):
        return "timeout"
    if isinstance(exc, openai.APIStatusError | groq.APIStatusError) and exc.status_code >= 500:
        return "server_error"
    return "error"


def parse_json(content: str, schema: type[T], *, extract: bool) -> T:
    """Validate ``content`` against ``schema``; with ``extract``, try the outermost {...} too."""
    try:
        return schema.model_validate_json(content)
    except ValidationError:
        if not extract:
            raise
        match = _OUTERMOST.search(content)
        if not match:
            raise
        return schema.model_validate(json.loads(match.group(0)))


def _json_chat(create: Callable[..., Awaitable[Any]], model: str, temperature: float) -> Send:
    """``send`` over an OpenAI-shaped ``chat.completions.create`` (the Groq SDK's is the same)."""

    async def send(messages: list[dict[str, str]]) -> tuple[str, int | None, int | None]:
        reply = await create(
            model=model,
            messages=messages,
            temperature=temperature,
            response_format={"type": "json_object"},
        )
        usage = reply.usage
        return (
            reply.choices[0].message.content or "",
            usage and usage.prompt_tokens,
            usage and usage.completion_tokens,
        )

    return send


def _openai_provider(settings: LLMSettings) -> Provider:
    client = openai.AsyncOpenAI(
        api_key=settings.openai_api_key.get_secret_value(),
        base_url=settings.openai_base_url,
        max_retries=0,
        timeout=settings.timeout_s,
    )
    send = _json_chat(client.chat.completions.create, settings.openai_model, settings.temperature)
    return Provider("openai", settings.openai_model, send, False, client.close)


def _groq_provider(settings: LLMSettings) -> Provider:
    # The Groq SDK adds its own "/openai/v1" path to the base URL.
    client = groq.AsyncGroq(
        api_key=settings.groq_api_key.get_secret_value(),
        base_url=settings.groq_base_url,
        max_retries=0,
        timeout=settings.timeout_s,
    )
    send = _json_chat(client.chat.completions.create, settings.groq_model, settings.temperature)
    return Provider("groq", settings.groq_model, send, True, client.close)


class LLMCascade:
    """Providers in order; ``ask`` returns None when none answered (use the rules then)."""

    def __init__(
        self, providers: list[Provider], ledger: Ledger, *, timeout_s: float, daily_budget: int
    ) -> None:
        self.providers = providers
        self.ledger = ledger
        self.timeout_s = timeout_s
        self.daily_budget = daily_budget

    @property
    def has_providers(self) -> bool:
        return bool(self.providers)

    @property
    def models(self) -> list[str]:
        return [p.model for p in self.providers]

    async def within_budget(self, user_id: int | None) -> bool:
        if user_id is None:
            return True
        return await self.ledger.calls_today(user_id) < self.daily_budget

    async def ask(
        self, purpose: str, system: str, user: str, schema: type[T], *, user_id: int | None = None
    ) -> Answer[T] | None:
        if not self.providers or not await self.within_budget(user_id):
            return None
        messages = [{"role": "system", "content": system}, {"role": "user", "content": user}]
        for provider in self.providers:
            for attempt in range(2):
                try:
                    value = await self._call(provider, messages, schema, purpose, user_id)
                    return Answer(value, provider.name, provider.model)
                except ProviderError as exc:
                    if exc.outcome != "invalid_json" or attempt == 1:
                        break
        return None

    async def _call(
        self,
        provider: Provider,
        messages: list[dict[str, str]],
        schema: type[T],
        purpose: str,
        user_id: int | None,
    ) -> T:
        started = time.monotonic()
        outcome, tokens_in, tokens_out = "ok", None, None
        try:
            async with asyncio.timeout(self.timeout_s):
                content, tokens_in, tokens_out = await provider.send(messages)
            return parse_json(content, schema, extract=provider.extract_from_prose)
        except (ValidationError, json.JSONDecodeError) as exc:
            outcome = "invalid_json"
            raise ProviderError(provider.name, outcome, str(exc)[:200]) from exc
        except (openai.OpenAIError, groq.GroqError, TimeoutError) as exc:
            outcome = _classify(exc)
            raise ProviderError(provider.name, outcome, type(exc).__name__) from exc
        finally:
            await self.ledger.record(
                LedgerRow(
                    user_id,
                    purpose,
                    provider.name,
                    provider.model,
                    tokens_in,
                    tokens_out,
                    int((time.monotonic() - started) * 1000),
                    outcome,
                )
            )

    async def close(self) -> None:
        for provider in self.providers:
            await provider.close()


def build_cascade(
    llm_settings: LLMSettings, pool: asyncpg.Pool | None = None, ledger: Ledger | None = None
) -> LLMCascade:
    """Providers with a key, in order OpenAI → Groq. Builds clients; connects nothing."""
    providers = []
    if llm_settings.openai_api_key.get_secret_value():
        providers.append(_openai_provider(llm_settings))
    if llm_settings.groq_api_key.get_secret_value():
        providers.append(_groq_provider(llm_settings))
    if ledger is None:
        ledger = PgLedger(pool) if pool is not None else MemoryLedger()
    return LLMCascade(
        providers,
        ledger,
        timeout_s=llm_settings.timeout_s,
        daily_budget=llm_settings.daily_budget_per_user,
    )


__all__ = ["Answer", "LLMCascade", "Provider", "build_cascade", "parse_json"]
