"""The per-source circuit breaker and blocking rules, as pure functions over the state.

closed --N consecutive failures--> open --cooldown passed--> half_open
half_open --success--> closed;  half_open --failure--> open again.
A challenge page blocks the source for ``block_for`` regardless of the circuit.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Literal

Circuit = Literal["closed", "open", "half_open"]
Outcome = Literal["ok", "partial", "failed", "blocked"]


@dataclass(frozen=True)
class Breaker:
    """The thresholds, from the ``scrape`` settings (see ``runner.breaker_for``)."""

    failures_to_open: int
    cooldown: timedelta
    block_for: timedelta


@dataclass(frozen=True)
class SourceState:
    name: str
    admin_enabled: bool | None = None  # an admin's switch; None follows the companies file
    last_success_at: datetime | None = None
    consecutive_failures: int = 0
    blocked_until: datetime | None = None
    circuit_state: Circuit = "closed"
    circuit_opened_at: datetime | None = None
    validators: dict[str, dict[str, str]] = field(default_factory=dict)


def gate(state: SourceState, now: datetime, breaker: Breaker) -> tuple[SourceState, str | None]:
    """(state to run with, reason to skip or ``None``); an open circuit half-opens after
    its cooldown and lets one run through."""
    if state.blocked_until and now < state.blocked_until:
        return state, f"blocked until {state.blocked_until.isoformat()}"
    if state.circuit_state == "open":
        opened = state.circuit_opened_at or now
        if now - opened < breaker.cooldown:
            return state, f"circuit open since {opened.isoformat()}"
        return replace(state, circuit_state="half_open"), None
    return state, None


def settle(state: SourceState, outcome: Outcome, now: datetime, breaker: Breaker) -> SourceState:
    """The state after a run ended with ``outcome``."""
    if outcome in ("ok", "partial"):
        return replace(
            state,
            last_success_at=now,
            consecutive_failures=0,
            circuit_state="closed",
            circuit_opened_at=None,
            blocked_until=None,
        )
    failures = state.consecutive_failures + 1
    blocked_until = now + breaker.block_for if outcome == "blocked" else state.blocked_until
    if state.circuit_state == "half_open" or failures >= breaker.failures_to_open:
        return replace(
            state,
            consecutive_failures=failures,
            circuit_state="open",
            circuit_opened_at=now,
            blocked_until=blocked_until,
        )
    return replace(state, consecutive_failures=failures, blocked_until=blocked_until)
