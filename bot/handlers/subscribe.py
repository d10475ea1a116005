"""/subscribe: instant alerts, or a daily or weekly digest at a local hour, chosen with
buttons; /unsubscribe (and /stop) turns either off.

The hour is the user's wall clock in their time zone: ``/subscribe Europe/Berlin`` sets it,
as /quiet with a zone does (UTC until they set one). Each
press edits the same message, so the choice reads as one conversation.
"""

from __future__ import annotations

from datetime import UTC, datetime

import asyncpg
from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.filters.callback_data import CallbackData
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.users import User, active_resume, set_alerts
from core.settings import Settings
from delivery import digest, quiet
from delivery.digest import CADENCES, Cadence, Schedule
from delivery.quiet import QuietError
from ui.texts import t

HOURS = (6, 7, 8, 9, 10, 12, 14, 17, 18, 19, 20, 21)


class SubscribeCb(CallbackData, prefix="sub"):
    cadence: str  # instant, daily or weekly
    weekday: int = -1  # -1: not chosen yet (weekly only)
    hour: int = -1  # -1: not chosen yet


def cadence_keyboard(lang: str) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for cadence in ("instant", *CADENCES):
        builder.button(
            text=t(lang, f"btn_sub_{cadence}"), callback_data=SubscribeCb(cadence=cadence)
        )
    builder.adjust(1)
    return builder.as_markup()


def weekday_keyboard(lang: str) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for day, name in enumerate(t(lang, "weekdays").split(",")):
        builder.button(text=name, callback_data=SubscribeCb(cadence="weekly", weekday=day))
    builder.adjust(7)
    return builder.as_markup()


def hour_keyboard(cadence: str, weekday: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for hour in HOURS:
        builder.button(
            text=f"{hour:02}:00",
            callback_data=SubscribeCb(cadence=cadence, weekday=weekday, hour=hour),
        )
    builder.adjust(6)
    return builder.as_markup()


async def subscribe(
    message: Message, command: CommandObject, user: User, pool: asyncpg.Pool, settings: Settings
) -> None:
    """``/subscribe [ZONE]``: a zone given first becomes the user's time zone."""
    lang = user.language
    # Alerts are matched against the resume: without one there is nothing to match.
    if await active_resume(pool, user.telegram_id) is None:
        await message.answer(t(lang, "need_resume"))
        return
    if command.args and command.args.strip():
        try:
            zone = quiet.find_zone(command.args)
        except QuietError as exc:
            await message.answer(t(lang, exc.key, **exc.values))
            return
        await quiet.set_zone(pool, user.telegram_id, zone)
        await message.answer(t(lang, "zone_saved", zone=zone))
    await message.answer(
        t(lang, "subscribe_ask", max_per_day=settings.alerts.max_per_day),
        reply_markup=cadence_keyboard(lang),
    )


async def unsubscribe(message: Message, user: User, pool: asyncpg.Pool) -> None:
    await set_alerts(pool, user.telegram_id, False)
    await message.answer(t(user.language, "unsubscribed"))


async def chosen(
    query: CallbackQuery,
    callback_data: SubscribeCb,
    user: User,
    pool: asyncpg.Pool,
    settings: Settings,
) -> None:
    lang, choice = user.language, callback_data
    await query.answer()
    if not isinstance(query.message, Message):
        return  # too old to edit; /subscribe again asks afresh
    edit = query.message.edit_text
    if await active_resume(pool, user.telegram_id) is None:
        await edit(t(lang, "need_resume"))
    elif choice.cadence == "instant":
        await digest.instant(pool, user.telegram_id)
        await edit(t(lang, "subscribed", max_per_day=settings.alerts.max_per_day))
    elif choice.cadence not in CADENCES or not -1 <= choice.weekday <= 6:
        await edit(t(lang, "error"))
    elif choice.cadence == "weekly" and choice.weekday < 0:
        await edit(t(lang, "subscribe_day"), reply_markup=weekday_keyboard(lang))
    elif choice.hour not in HOURS:
        zone = await quiet.zone_of(pool, user.telegram_id)
        await edit(
            t(lang, "subscribe_hour", zone=zone),
            reply_markup=hour_keyboard(choice.cadence, choice.weekday),
        )
    else:
        await edit(await _save(pool, user, choice, settings))


async def _save(pool: asyncpg.Pool, user: User, choice: SubscribeCb, settings: Settings) -> str:
    cadence: Cadence = "weekly" if choice.cadence == "weekly" else "daily"
    weekday = max(choice.weekday, 0)
    await digest.subscribe(pool, user.telegram_id, cadence, choice.hour, weekday)
    zone = await quiet.zone_of(pool, user.telegram_id)
    schedule = Schedule(cadence, choice.hour, weekday, zone)
    local = digest.next_slot(schedule, datetime.now(UTC)).astimezone(schedule.tz)
    size = min(settings.alerts.digest_size, settings.alerts.max_per_day)
    day = t(user.language, "weekdays_long").split(",")[weekday]
    return t(
        user.language,
        f"subscribed_{cadence}",
        hour=f"{choice.hour:02}:00",
        zone=zone,
        size=size,
        day=day,
        first=f"{local:%Y-%m-%d %H:%M}",
    )


def build_router() -> Router:
    """A fresh router (a router can be attached to one parent only)."""
    router = Router(name="subscribe")
    router.message.register(subscribe, Command("subscribe"))
    router.message.register(unsubscribe, Command("unsubscribe", "stop"))
    router.callback_query.register(chosen, SubscribeCb.filter())
    return router
