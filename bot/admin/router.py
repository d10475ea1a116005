"""Admin commands, gated once: a private chat (the parent router) and an admin's user id.

/stats, /sources, /source NAME on|off, /scrape NAME (:mod:`bot.admin.sources`), /canary,
/ban ID, /unban ID. Every command, read-only or not, is written to ``admin_audit`` by the
router's :class:`bot.admin.audit.Audit` middleware. The router sits under the private-chat
router (``bot.routers``); non-admins never learn these exist: their messages fall through to
the ordinary routers.
"""

from __future__ import annotations

from html import escape

import asyncpg
from aiogram import Router
from aiogram.filters import Command, CommandObject, Filter
from aiogram.types import Message

from bot.admin import queries
from bot.admin.audit import Audit, AuditNote
from bot.admin.replies import report
from bot.admin.sources import SourceCommands
from bot.users import set_banned
from core.settings import Settings
from delivery import outbox
from search.base import SearchBackend, SearchError


class IsAdmin(Filter):
    """The sender's id is in ``TELEGRAM__ADMIN_IDS``."""

    async def __call__(self, message: Message, settings: Settings) -> bool:
        return message.from_user is not None and (
            message.from_user.id in settings.telegram.admin_ids
        )


def build_admin_router() -> Router:
    router = Router(name="admin")
    router.message.filter(IsAdmin())
    router.message.middleware(Audit())
    router.message.register(stats, Command("stats"))
    SourceCommands().register(router)
    router.message.register(canary, Command("canary"))
    router.message.register(ban, Command("ban", "unban"))
    return router


async def stats(message: Message, pool: asyncpg.Pool, backend: SearchBackend) -> None:
    data = await queries.stats(pool)
    try:
        indexed: object = await backend.count()
    except SearchError as exc:
        indexed = f"unavailable ({exc})"
    users, postings = data["users"], data["postings"]
    llm = (
        "\n".join(
            f"  {r['provider']}: {r['calls']} ({r['failed']} failed)" for r in data["llm_24h"]
        )
        or "  none"
    )
    box = ", ".join(f"{k} {v}" for k, v in data["outbox"].items()) or "empty"
    await message.answer(
        "<b>Stats</b>\n"
        f"users: {users['total']} (active 7d {users['active_7d']}, subscribed "
        f"{users['subscribed']}, blocked us {users['blocked']}, banned {users['banned']})\n"
        f"active resumes: {data['resumes']}\n"
        f"postings: {escape(str(indexed))} indexed, {postings['scraped']} scraped "
        f"({postings['new_24h']} new in 24h)\n"
        f"LLM calls 24h by provider:\n{escape(llm)}\n"
        f"outbox: {escape(box)}"
    )


async def canary(message: Message, pool: asyncpg.Pool) -> None:
    days = await queries.canary(pool)
    lines = [
        f"{d.day.isoformat()}: {d.rate:.1%} ({d.unverified}/{d.claims} claims, {d.results} results)"
        for d in days
    ]
    await report(
        message,
        "<b>Verifier canary</b> (unverified evidence claims per day)",
        [*lines, queries.trend(days)] if days else [],
        empty="No verified LLM results in the last 14 days.",
    )


async def ban(
    message: Message, command: CommandObject, pool: asyncpg.Pool, audit: AuditNote
) -> None:
    banning = command.command == "ban"
    target, _, reason = (command.args or "").strip().partition(" ")
    if not target.lstrip("-").isdigit():
        audit.skip()
        await message.answer(f"Usage: /{command.command} TELEGRAM_ID [reason]")
        return
    user_id = int(target)
    found = await set_banned(pool, user_id, banning)
    audit.target, audit.details = target, {"reason": reason.strip(), "found": found}
    if not found:
        await message.answer(f"No user {user_id}.")
        return
    if banning:
        await outbox.drop_user_pending(pool, user_id, "user banned")
    await message.answer(f"User {user_id} {'banned' if banning else 'unbanned'}.")
