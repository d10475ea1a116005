"""/quiet: hours in which push alerts wait (``/quiet 22-07 Europe/Berlin``, ``/quiet off``).

A bare ``/quiet`` shows the current window and how to change it. Invalid input gets the
reason and the usage; nothing is changed then.
"""

from __future__ import annotations

from datetime import UTC, datetime

import asyncpg
from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.types import Message

from bot.users import User
from delivery import quiet
from delivery.quiet import QuietError, QuietHours
from ui.texts import t

OFF_WORDS = {"off", "none", "выкл", "нет"}


def describe(window: QuietHours | None, lang: str) -> str:
    if window is None:
        return t(lang, "quiet_none")
    local = datetime.now(UTC).astimezone(window.tz)
    return t(lang, "quiet_show", window=window.label(), local=f"{local:%H:%M}")


async def quiet_command(
    message: Message, command: CommandObject, user: User, pool: asyncpg.Pool
) -> None:
    lang, args = user.language, (command.args or "").strip()
    current = await quiet.load(pool, user.telegram_id)
    if not args:
        await message.answer(describe(current, lang) + "\n\n" + t(lang, "quiet_usage"))
        return
    if args.lower() in OFF_WORDS:
        await quiet.save(pool, user.telegram_id, None)
        await message.answer(t(lang, "quiet_off"))
        return
    try:
        # A user who only moves the hours keeps the zone they gave before (here or in
        # /subscribe).
        window = quiet.parse(args, default_zone=await quiet.zone_of(pool, user.telegram_id))
    except QuietError as exc:
        await message.answer(t(lang, exc.key, **exc.values) + "\n\n" + t(lang, "quiet_usage"))
        return
    await quiet.save(pool, user.telegram_id, window)
    await message.answer(t(lang, "quiet_saved", window=window.label()))


def build_router() -> Router:
    """A fresh router (a router can be attached to one parent only)."""
    router = Router(name="quiet")
    router.message.register(quiet_command, Command("quiet"))
    return router
