"""Outbox sender throughput under Telegram's limits, and the cost of one rate-limit check.

    .venv/bin/python bench/bench_sender.py [--chats 300] [--per-chat 2] [--senders 2]
                                           [--redis redis://127.0.0.1:63799/9 | --redis ""]

Fills a throw-away PostgreSQL database (created next to POSTGRES__DSN's, dropped after)
with ``chats × per-chat`` notifications and drains it with ``--senders`` Sender instances
sharing their buckets (Redis, or in-process with ``--redis ""``) against a local stub of
the Bot API that answers 429 to anything past 30 msg/s overall or 1 msg/s per chat.
Prints throughput (the ceiling is 30 msg/s), the busiest 1-second window, the smallest
gap seen in one chat, 429s, lost and duplicated messages, and the median time of one
limiter check.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import statistics
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

import asyncpg
from aiohttp import web
from aiohttp.test_utils import TestServer

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core.db import create_database, drop_database, migrate
from core.settings import Settings, TelegramSettings, load_settings
from delivery import outbox
from delivery.ratelimit import CHAT_LIMIT, MemoryRateLimiter, RateLimiter
from delivery.sender import Sender, SenderConfig
from runtime.deps import Deps, open_deps

TOKEN = "123456:BENCH-token-for-a-local-bot-api-stub-0000"


class Stub:
    """sendMessage only; accepted sends are timestamped, limit breaches get a 429."""

    def __init__(self) -> None:
        self.sent: list[tuple[int, float, str]] = []
        self.rejected = 0
        self._last: dict[int, float] = {}

    async def handle(self, request: web.Request) -> web.Response:
        form = await request.post()
        chat, now = int(str(form["chat_id"])), time.monotonic()
        recent = sum(1 for _, at, _ in self.sent[-40:] if now - at < 1.0)
        if now - self._last.get(chat, -1e9) < 0.95 or recent >= 30:
            self.rejected += 1
            return web.json_response(
                {
                    "ok": False,
                    "error_code": 429,
                    "description": "Too Many Requests: retry after 1",
                    "parameters": {"retry_after": 1},
                },
                status=429,
            )
        self._last[chat] = now
        self.sent.append((chat, now, str(form["text"])))
        return web.json_response(
            {
                "ok": True,
                "result": {
                    "message_id": len(self.sent),
                    "date": int(time.time()),
                    "text": str(form["text"]),
                    "chat": {"id": chat, "type": "private"},
                },
            }
        )


async def drain(senders: list[Sender], pool: asyncpg.Pool) -> None:
    async def loop(sender: Sender) -> None:
        while await pool.fetchval(
            "SELECT count(*) FROM notifications WHERE status IN ('pending', 'sending')"
        ):
            if await sender.run_once() == 0:
                await asyncio.sleep(0.05)

    await asyncio.gather(*(loop(s) for s in senders))


async def limiter_cost(settings: Settings, n: int = 2000) -> dict[str, float]:
    """Median microseconds per ``hit`` for each backend."""
    costs = {"memory": await hit_cost(MemoryRateLimiter(), n)}
    if settings.redis.url:
        async with open_deps(settings, {"limiter"}) as deps:
            costs["redis"] = await hit_cost(deps["limiter"], n)
    return costs


async def hit_cost(limiter: RateLimiter, n: int) -> float:
    samples = []
    for i in range(n):
        started = time.perf_counter()
        await limiter.hit(f"bench:{i % 500}", CHAT_LIMIT)
        samples.append((time.perf_counter() - started) * 1e6)
    return statistics.median(samples)


async def sender_roots(stack: contextlib.AsyncExitStack, settings: Settings, n: int) -> list[Deps]:
    """A composition root per sender process, as ``jobbot worker`` opens one; with no Redis
    the senders are one process sharing one root (and its in-process buckets)."""
    roots = 1 if not settings.redis.url else n
    opened = [
        await stack.enter_async_context(open_deps(settings, {"pool", "limiter", "sender_bot"}))
        for _ in range(roots)
    ]
    return opened * (n // roots)


async def main(args: argparse.Namespace) -> None:
    settings = load_settings()
    if args.redis is None:
        args.redis = settings.redis.url
    dsn = await create_database(settings.postgres.dsn.get_secret_value(), "jobbot_bench")
    stub = Stub()
    app = web.Application()
    app.router.add_post("/bot{token}/sendMessage", stub.handle)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    url = str(server.make_url("")).rstrip("/")
    bench = Settings(
        _env_file=None,
        postgres={"dsn": dsn, "pool_min": 1, "pool_max": 10},
        redis={"url": args.redis},
        telegram=TelegramSettings(token=TOKEN, api_url=url),
    )
    try:
        async with open_deps(bench, {"pool"}) as setup:
            pool = setup["pool"]
            await migrate(pool)
            chats = range(10_000, 10_000 + args.chats)
            await pool.executemany(
                "INSERT INTO users (telegram_id) VALUES ($1)", [(c,) for c in chats]
            )
            for c in chats:
                for n in range(args.per_chat):
                    await outbox.enqueue(
                        pool, c, f"p{n}", {"text": f"job {n} for {c}", "feedback": False}
                    )
            async with contextlib.AsyncExitStack() as stack:
                senders = [
                    Sender(
                        root["sender_bot"], root["pool"], root["limiter"], SenderConfig(batch=60)
                    )
                    for root in await sender_roots(stack, bench, args.senders)
                ]
                started = time.monotonic()
                await drain(senders, pool)
                elapsed = time.monotonic() - started
            report(stub, args.chats * args.per_chat, elapsed, await limiter_cost(bench))
    finally:
        await server.close()
        await drop_database(dsn)


def report(stub: Stub, expected: int, elapsed: float, costs: dict[str, float]) -> None:
    times = [at for _, at, _ in stub.sent]
    busiest = max(
        sum(1 for t in times[i : i + 40] if t - times[i] < 1.0) for i in range(len(times))
    )
    per_chat: dict[int, list[float]] = defaultdict(list)
    for chat, at, _ in stub.sent:
        per_chat[chat].append(at)
    gaps = [b - a for ts in per_chat.values() for a, b in itertools.pairwise(ts)]
    texts = Counter(text for _, _, text in stub.sent)
    print(
        f"messages: {len(stub.sent)} of {expected} in {elapsed:.1f} s "
        f"→ {len(stub.sent) / elapsed:.1f} msg/s (ceiling 30)"
    )
    print(
        f"busiest 1-s window: {busiest} messages; smallest gap in one chat: "
        f"{min(gaps) if gaps else float('nan'):.3f} s"
    )
    print(
        f"429s received: {stub.rejected}; lost: {expected - len(texts)}; "
        f"duplicated: {sum(n - 1 for n in texts.values())}"
    )
    print("limiter hit, median: " + ", ".join(f"{k} {v:.0f} µs" for k, v in costs.items()))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--chats", type=int, default=300)
    parser.add_argument("--per-chat", type=int, default=2)
    parser.add_argument("--senders", type=int, default=2)
    parser.add_argument(
        "--redis",
        default=None,
        help='Redis URL shared by the senders (default REDIS__URL); "" for in-process buckets',
    )
    asyncio.run(main(parser.parse_args()))
