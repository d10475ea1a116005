"""Rate limits shared by every process that talks to Telegram: one interface, two backends.

Both backends run the same algorithm, GCRA (the generic cell rate algorithm): a key keeps
one timestamp, the "theoretical arrival time" of the next allowed event, so a limit costs
one value however busy it is. ``hit`` either takes a slot and returns ``0.0`` or takes
nothing and returns how many seconds to wait. Redis makes the buckets shared between
processes (and uses the Redis clock, so processes on different hosts agree); the memory
backend is for one-process installs and tests.

Telegram's limits (DESIGN.md) as ``Limit`` values are at the bottom of this module.
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass
from typing import Protocol

from redis.asyncio import Redis
from redis.exceptions import RedisError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Limit:
    """``count`` events per ``period`` seconds, at most ``burst`` of them back to back."""

    count: int
    period: float
    burst: int = 1

    @property
    def interval(self) -> float:
        return self.period / self.count


class RateLimiter(Protocol):
    async def hit(self, key: str, limit: Limit) -> float:
        """Take a slot under ``limit`` for ``key``: ``0.0`` if taken, else seconds to wait."""

    async def close(self) -> None:
        """Release connections the limiter owns."""


def _gcra(tat: float, now: float, limit: Limit) -> tuple[float, float]:
    """Return ``(new_tat, wait)``; when ``wait > 0`` the slot is refused and tat is unchanged."""
    tat = max(tat, now)
    allow_at = tat - limit.interval * (limit.burst - 1)
    if now < allow_at:
        return tat, allow_at - now
    return tat + limit.interval, 0.0


class MemoryRateLimiter:
    """Buckets in a dict: correct within one process only."""

    def __init__(self) -> None:
        self._tat: dict[str, float] = {}

    async def hit(self, key: str, limit: Limit) -> float:
        now = time.monotonic()
        new_tat, wait = _gcra(self._tat.get(key, now), now, limit)
        if wait == 0.0:
            self._tat[key] = new_tat
            # Forget idle keys now and then so the dict does not grow with every chat.
            if len(self._tat) > 50_000:
                self._tat = {k: v for k, v in self._tat.items() if v > now}
        return wait

    async def close(self) -> None:
        self._tat.clear()


# The same GCRA step as ``_gcra``, atomically in Redis, on the server's clock.
_GCRA_LUA = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local interval = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
if tat < now then tat = now end
local allow_at = tat - interval * (burst - 1)
if now < allow_at then return tostring(allow_at - now) end
local new_tat = tat + interval
redis.call('SET', KEYS[1], tostring(new_tat), 'PX', math.ceil((new_tat - now) * 1000) + 1000)
return '0'
"""


class RedisRateLimiter:
    """Buckets in Redis under ``prefix``: shared by every process using the same server.

    If Redis stops answering, this process falls back to in-process buckets (still within
    Telegram's limits for itself) instead of failing every send; it returns to Redis as
    soon as Redis answers again.
    """

    def __init__(self, redis: Redis, prefix: str = "jobbot:rl:", owns_client: bool = False) -> None:
        self._redis = redis
        self._prefix = prefix
        self._owns = owns_client
        self._script = redis.register_script(_GCRA_LUA)
        self._fallback = MemoryRateLimiter()
        self._degraded = False

    async def hit(self, key: str, limit: Limit) -> float:
        try:
            reply = await self._script(
                keys=[self._prefix + key], args=[limit.interval, limit.burst]
            )
        except (RedisError, OSError) as exc:
            if not self._degraded:
                log.warning("Redis unavailable (%s): rate limits are per process for now", exc)
                self._degraded = True
            return await self._fallback.hit(key, limit)
        if self._degraded:
            log.info("Redis is back: rate limits are shared again")
            self._degraded = False
        return float(reply.decode() if isinstance(reply, bytes) else reply)

    async def close(self) -> None:
        if self._owns:
            await self._redis.aclose()


async def acquire(limiter: RateLimiter, key: str, limit: Limit) -> None:
    """Wait until a slot under ``limit`` is taken for ``key``."""
    # Polling is the only option: the bucket may be shared with other processes (Redis),
    # so no in-process Event could announce a free slot.
    while (wait := await limiter.hit(key, limit)) > 0:  # noqa: ASYNC110
        await asyncio.sleep(wait)


# Telegram Bot API limits (https://core.telegram.org/bots/faq#broadcasting-to-users).
GLOBAL_LIMIT = Limit(count=30, period=1.0, burst=1)
CHAT_LIMIT = Limit(count=1, period=1.0, burst=1)
GROUP_LIMIT = Limit(count=20, period=60.0, burst=1)


def chat_limit(chat_id: int) -> Limit:
    """Groups and channels have negative ids and the stricter per-minute limit."""
    return GROUP_LIMIT if chat_id < 0 else CHAT_LIMIT
