"""The outbox sender against the fake Bot API that enforces Telegram's limits."""

from __future__ import annotations

import asyncio
from collections import Counter
from typing import Any

import asyncpg
from redis.asyncio import Redis

from delivery import outbox
from delivery.ratelimit import MemoryRateLimiter, RedisRateLimiter
from delivery.sender import Sender, SenderConfig


async def queue(pool: asyncpg.Pool, users: range, per_user: int) -> int:
    for user in users:
        for n in range(per_user):
            posting = f"p{user}-{n}"
            assert await outbox.enqueue(
                pool,
                user,
                posting,
                {"text": f"job {posting} for {user}", "posting_id": posting, "lang": "en"},
            )
    return len(users) * per_user


async def drain(senders: list[Sender], pool: asyncpg.Pool, within: float = 30.0) -> None:
    async def loop(sender: Sender) -> None:
        while await pool.fetchval(
            "SELECT count(*) FROM notifications WHERE status IN ('pending','sending')"
        ):
            if await sender.run_once() == 0:
                await asyncio.sleep(0.05)

    async with asyncio.timeout(within):
        await asyncio.gather(*(loop(s) for s in senders))


def delivered(telegram: Any) -> Counter[str]:
    return Counter(m.text for chat in telegram.messages.values() for m in chat)


async def test_limits_and_429s_lose_nothing_and_duplicate_nothing(
    pg_pool: asyncpg.Pool, telegram: Any, make_bot: Any, add_users: Any, redis_url: str
) -> None:
    users = range(1001, 1041)
    await add_users(*users)
    total = await queue(pg_pool, users, per_user=2)
    telegram.forced_429 = {1001: 2, 1002: 1, 1003: 3}
    # Two sender processes sharing their buckets through Redis.
    limiters = [
        RedisRateLimiter(Redis.from_url(redis_url), owns_client=True),
        RedisRateLimiter(Redis.from_url(redis_url), owns_client=True),
    ]
    senders = [Sender(make_bot(), pg_pool, lim, SenderConfig(batch=20)) for lim in limiters]
    await drain(senders, pg_pool)
    for lim in limiters:
        await lim.close()

    counts = delivered(telegram)
    assert len(counts) == total and set(counts.values()) == {1}
    assert telegram.rejected_429 >= 6
    assert await outbox.count_by_status(pg_pool) == {"sent": total}
    # Forced 429s were deferred, not counted as failed attempts.
    assert await pg_pool.fetchval("SELECT max(attempts) FROM notifications") == 1
    keyboard = telegram.messages[1005][0].reply_markup
    assert keyboard["inline_keyboard"][1][0]["callback_data"].startswith("fb:good:p1005-")
    assert keyboard["inline_keyboard"][0][0]["callback_data"].startswith("tr:saved:p1005-")


async def test_blocked_user_is_deactivated_and_their_queue_dropped(
    pg_pool: asyncpg.Pool, telegram: Any, make_bot: Any, add_users: Any
) -> None:
    await add_users(2001, 2002)
    await queue(pg_pool, range(2001, 2003), per_user=3)
    telegram.blocked.add(2001)
    await drain([Sender(make_bot(), pg_pool, MemoryRateLimiter())], pg_pool)

    user = await pg_pool.fetchrow("SELECT * FROM users WHERE telegram_id = 2001")
    assert user["is_blocked"] and not user["alerts_enabled"]
    statuses = await pg_pool.fetch(
        "SELECT user_id, status, count(*) AS n FROM notifications GROUP BY 1, 2 ORDER BY 1"
    )
    assert [(r["user_id"], r["status"], r["n"]) for r in statuses] == [
        (2001, "dropped", 3),
        (2002, "sent", 3),
    ]
    assert 2001 not in telegram.messages


async def test_crashed_sender_rows_are_delivered_once_after_lease_expiry(
    pg_pool: asyncpg.Pool, telegram: Any, make_bot: Any, add_users: Any
) -> None:
    await add_users(*range(3001, 3006))
    total = await queue(pg_pool, range(3001, 3006), per_user=1)
    crashed = await outbox.claim(pg_pool, limit=100, lease_s=0.3)
    assert len(crashed) == total
    sender = Sender(make_bot(), pg_pool, MemoryRateLimiter())
    assert await sender.run_once() == 0  # leased rows are not claimable yet
    await asyncio.sleep(0.4)
    await drain([sender], pg_pool)
    # The crashed sender wakes up late: its lease is gone, so it must not send.
    assert await outbox.renew(pg_pool, crashed[0], lease_s=60) is None
    assert len(delivered(telegram)) == total and set(delivered(telegram).values()) == {1}


async def test_server_errors_back_off_then_fail(
    pg_pool: asyncpg.Pool, telegram: Any, make_bot: Any, add_users: Any
) -> None:
    await add_users(4001)
    await queue(pg_pool, range(4001, 4002), per_user=1)
    telegram.server_down = True
    sender = Sender(
        make_bot(), pg_pool, MemoryRateLimiter(), SenderConfig(max_attempts=3, backoff_base_s=0.05)
    )
    await drain([sender], pg_pool, within=20)
    row = await pg_pool.fetchrow("SELECT status, attempts, last_error FROM notifications")
    assert (row["status"], row["attempts"]) == ("failed", 3)
    assert "TelegramServerError" in row["last_error"]


async def test_redis_and_memory_limiters_agree_on_gcra(redis_url: str) -> None:
    from delivery.ratelimit import Limit

    limit = Limit(count=2, period=1.0, burst=2)
    for limiter in (
        MemoryRateLimiter(),
        RedisRateLimiter(Redis.from_url(redis_url), owns_client=True),
    ):
        waits = [await limiter.hit("k", limit) for _ in range(3)]
        assert waits[:2] == [0.0, 0.0] and 0.3 < waits[2] <= 0.5
        await limiter.close()
    assert isinstance(limiter, RedisRateLimiter)


async def test_a_malformed_row_is_dropped_and_the_rest_still_go_out(
    pg_pool: asyncpg.Pool, telegram: Any, make_bot: Any, add_users: Any
) -> None:
    await add_users(5001, 5002)
    await outbox.enqueue(pg_pool, 5001, "broken", {"posting_id": "broken"})
    await queue(pg_pool, range(5002, 5003), per_user=1)
    await drain([Sender(make_bot(), pg_pool, MemoryRateLimiter())], pg_pool)
    rows = await pg_pool.fetch("SELECT user_id, status, last_error FROM notifications ORDER BY id")
    assert [(r["user_id"], r["status"]) for r in rows] == [(5001, "dropped"), (5002, "sent")]
    assert rows[0]["last_error"] == "payload has no text"
