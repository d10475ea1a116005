"""/prefs: show and change search preferences (remote, countries, salary, exclusions,
levels)."""

from __future__ import annotations

from typing import Any

import asyncpg
from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.types import Message

from bot.users import User, update_preferences
from ui.prefs import Preferences, PrefsError, apply_command
from ui.texts import t


def describe(prefs: Preferences, lang: str) -> str:
    def listed(items: list[str]) -> str:
        return ", ".join(items) if items else t(lang, "none")

    followup = (
        t(lang, "followup_after", days=prefs.followup_days)
        if prefs.followup_days
        else t(lang, "followup_off")
    )
    return (
        t(
            lang,
            "prefs_show",
            remote=t(lang, "any") if prefs.remote == "any" else prefs.remote,
            countries=", ".join(prefs.countries) or t(lang, "any"),
            salary=f"{prefs.min_salary:,.0f}" if prefs.min_salary else t(lang, "any"),
            companies=listed(prefs.exclude_companies),
            keywords=listed(prefs.exclude_keywords),
            levels=t(lang, "levels_" + prefs.levels),
        )
        + "\n"
        + t(lang, "prefs_followup", value=followup)
    )


async def prefs(message: Message, command: CommandObject, user: User, pool: asyncpg.Pool) -> None:
    if not command.args:
        await message.answer(describe(Preferences.load(user.preferences), user.language))
        return
    args = command.args

    def change(stored: dict[str, Any]) -> dict[str, Any]:
        return apply_command(Preferences.load(stored), args).model_dump()

    try:
        updated = Preferences.load(await update_preferences(pool, user.telegram_id, change))
    except PrefsError as exc:
        await message.answer(t(user.language, "prefs_invalid", reason=str(exc)))
        return
    saved = t(user.language, "prefs_saved")
    await message.answer(saved + "\n\n" + describe(updated, user.language))


def build_router() -> Router:
    """A fresh router (a router can be attached to one parent only)."""
    router = Router(name="prefs")
    router.message.register(prefs, Command("prefs"))
    return router
