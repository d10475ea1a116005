"""Admin commands, gated once on the parent router: private chat and an admin's user id.

/stats, /sources, /canary, /ban ID, /unban ID. Every command is written to ``admin_audit``.
Non-admins never learn these exist: their messages fall through to the ordinary routers.
"""

from __future__ import annotations

from html import escape

import asyncpg
from aiogram import F, Router
from aiogram.filters import Command, CommandObject, Filter
from aiogram.types import Message

from bot import outbox
from bot.admin import queries
from bot.users import set_banned
from core.settings import Settings
from search.base import SearchBackend, SearchError


class IsAdmin(Filter):
    """The sender's id is in ``TELEGRAM__ADMIN_IDS``."""

    async def __call__(self, message: Message, settings: Settings) -> bool:
        return message.from_user is not None and (
            message.from_user.id in settings.telegram.admin_ids)


def build_admin_router() -> Router:
    router = Router(name="admin")
    router.message.filter(F.chat.type == "private", IsAdmin())
    router.message.register(stats, Command("stats"))
    router.message.register(sources, Command("sources"))
    router.message.register(canary, Command("canary"))
    router.message.register(ban, Command("ban", "unban"))
    return router


async def stats(message: Message, pool: asyncpg.Pool, backend: SearchBackend) -> None:
    assert message.from_user is not None
    await queries.audit(pool, message.from_user.id, "stats")
    data = await queries.stats(pool)
    try:
        indexed: object = await backend.count()
    except SearchError as exc:
        indexed = f"unavailable ({exc})"
    users, postings = data["users"], data["postings"]
    llm = "\n".join(f"  {r['provider']}: {r['calls']} ({r['failed']} failed)"
                    for r in data["llm_24h"]) or "  none"
    box = ", ".join(f"{k} {v}" for k, v in data["outbox"].items()) or "empty"
    await message.answer(
        "<b>Stats</b>\n"
        f"users: {users['total']} (active 7d {users['active_7d']}, subscribed "
        f"{users['subscribed']}, blocked us {users['blocked']}, banned {users['banned']})\n"
        f"active resumes: {data['resumes']}\n"
        f"postings: {escape(str(indexed))} indexed, {postings['scraped']} scraped "
        f"({postings['new_24h']} new in 24h)\n"
        f"LLM calls 24h by provider:\n{escape(llm)}\n"
        f"outbox: {escape(box)}")


async def sources(message: Message, pool: asyncpg.Pool) -> None:
    assert message.from_user is not None
    await queries.audit(pool, message.from_user.id, "sources")
    lines = [_source_line(r) for r in await queries.sources(pool)]
    await _report(message, "<b>Sources</b>", lines, empty="No sources have run yet.")


def _source_line(r: asyncpg.Record) -> str:
    when = r["last_started"].strftime("%Y-%m-%d %H:%M") if r["last_started"] else "never"
    counts = ", ".join(f"{k} {v}" for k, v in (r["last_counts"] or {}).items())
    state = "on" if r["enabled"] else "off"
    return (f"• <b>{escape(r['name'])}</b> [{state}, circuit {r['circuit_state']}, "
            f"{r['consecutive_failures']} failures] last run {when}: "
            f"{escape(str(r['last_status'] or '-'))} {escape(counts)}")


async def canary(message: Message, pool: asyncpg.Pool) -> None:
    assert message.from_user is not None
    await queries.audit(pool, message.from_user.id, "canary")
    days = await queries.canary(pool)
    lines = [f"{d.day.isoformat()}: {d.rate:.1%} ({d.unverified}/{d.claims} claims, "
             f"{d.results} results)" for d in days]
    await _report(message, "<b>Verifier canary</b> (unverified evidence claims per day)",
                  [*lines, queries.trend(days)] if days else [],
                  empty="No verified LLM results in the last 14 days.")


async def ban(message: Message, command: CommandObject, pool: asyncpg.Pool) -> None:
    assert message.from_user is not None
    banning = command.command == "ban"
    target, _, reason = (command.args or "").strip().partition(" ")
    if not target.lstrip("-").isdigit():
        await message.answer(f"Usage: /{command.command} TELEGRAM_ID [reason]")
        return
    user_id = int(target)
    found = await set_banned(pool, user_id, banning)
    await queries.audit(pool, message.from_user.id, command.command, target,
                        {"reason": reason.strip(), "found": found})
    if not found:
        await message.answer(f"No user {user_id}.")
        return
    if banning:
        await outbox.drop_user_pending(pool, user_id, "user banned")
    await message.answer(f"User {user_id} {'banned' if banning else 'unbanned'}.")


async def _report(message: Message, title: str, lines: list[str], *, empty: str) -> None:
    """``lines`` under ``title``, cut to Telegram's limit, or ``empty`` when there are none."""
    await message.answer(_fit("\n".join([title, *lines])) if lines else empty)


def _fit(text: str, limit: int = 4096) -> str:
    """Telegram refuses texts past 4096 characters; cut at a line break."""
    if len(text) <= limit:
        return text
    return text[: text.rfind("\n", 0, limit - 2)] + "\n…"
