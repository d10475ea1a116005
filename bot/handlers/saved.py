"""Keeping jobs: ⭐ Save / ✅ Applied under every card, and /saved, the user's list of jobs
grouped by status, with buttons that move a job along, notes and paging.

A note is the user's next text after pressing 📝 (an FSM state holds which job it is for);
it is stored as plain data, shown escaped, and refused when longer than ``NOTE_MAX``.
Every change redraws the /saved message in place.
"""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime

import asyncpg
from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, ForceReply, Message

from bot.flow import NO_PREVIEW
from bot.users import User
from search.base import SearchBackend
from ui import tracker
from ui.keyboards import TrackCb
from ui.saved_view import NOT_A_LIST, SavedCb, view
from ui.texts import t


class NoteInput(StatesGroup):
    waiting = State()


async def tracked(
    query: CallbackQuery,
    callback_data: TrackCb,
    user: User,
    pool: asyncpg.Pool,
    backend: SearchBackend,
) -> None:
    """⭐ or ✅ under a match card or an alert."""
    if callback_data.status not in ("saved", "applied"):
        await query.answer()
        return
    await tracker.track(
        pool, backend, user.telegram_id, callback_data.posting_id, callback_data.status
    )
    await query.answer(t(user.language, f"tracked_{callback_data.status}"))


async def saved(message: Message, user: User, pool: asyncpg.Pool, state: FSMContext) -> None:
    await state.clear()  # a note left half-way is dropped when the list is asked for again
    jobs = await tracker.listed(pool, user.telegram_id)
    text, markup, _ = view(jobs, 0, user.language, datetime.now(UTC))
    await message.answer(text, reply_markup=markup, link_preview_options=NO_PREVIEW)


async def _redraw(
    bot: Bot, chat_id: int, message_id: int, user: User, pool: asyncpg.Pool, page: int
) -> None:
    jobs = await tracker.listed(pool, user.telegram_id)
    text, markup, _ = view(jobs, page, user.language, datetime.now(UTC))
    # "message is not modified", or the user deleted it: nothing to redraw.
    with contextlib.suppress(TelegramBadRequest):
        await bot.edit_message_text(
            text=text,
            chat_id=chat_id,
            message_id=message_id,
            reply_markup=markup,
            link_preview_options=NO_PREVIEW,
        )


async def saved_button(
    query: CallbackQuery,
    callback_data: SavedCb,
    bot: Bot,
    user: User,
    pool: asyncpg.Pool,
    state: FSMContext,
) -> None:
    lang, pid, message = user.language, callback_data.posting_id, query.message
    if callback_data.op == "note":
        job = await tracker.find(pool, user.telegram_id, pid)
        if job is None:
            await query.answer(t(lang, "job_gone"))
            return
        await query.answer()
        await state.set_state(NoteInput.waiting)
        await state.update_data(
            posting_id=pid, page=callback_data.page, list_id=message.message_id if message else None
        )
        await bot.send_message(
            user.telegram_id,
            t(lang, "note_prompt", title=job.title[:100], max=tracker.NOTE_MAX),
            reply_markup=ForceReply(selective=True),
        )
        return
    if callback_data.op == "to":
        if callback_data.status not in tracker.STATUSES:
            await query.answer()
            return
        moved = await tracker.move(pool, user.telegram_id, pid, callback_data.status)
        await query.answer(
            t(lang, "moved", status=t(lang, "status_" + callback_data.status))
            if moved
            else t(lang, "job_gone")
        )
    elif callback_data.op == "rm":
        await tracker.remove(pool, user.telegram_id, pid)
        await query.answer(t(lang, "removed"))
    else:
        await query.answer()
    if not isinstance(message, Message):
        return
    if callback_data.page == NOT_A_LIST:  # a reminder: its buttons have done their job
        await message.edit_reply_markup(reply_markup=None)
    else:
        await _redraw(bot, message.chat.id, message.message_id, user, pool, callback_data.page)


async def note_text(
    message: Message, bot: Bot, user: User, pool: asyncpg.Pool, state: FSMContext
) -> None:
    text, lang = (message.text or "").strip(), user.language
    if len(text) > tracker.NOTE_MAX:
        await message.answer(t(lang, "note_too_long", length=len(text), max=tracker.NOTE_MAX))
        return  # still waiting for a shorter one
    data = await state.get_data()
    await state.clear()
    note = None if text in ("-", "—", "") else text
    if not await tracker.set_note(pool, user.telegram_id, str(data.get("posting_id")), note):
        await message.answer(t(lang, "job_gone"))
        return
    await message.answer(t(lang, "note_saved" if note else "note_cleared"))
    if data.get("list_id"):
        await _redraw(
            bot, message.chat.id, int(data["list_id"]), user, pool, int(data.get("page") or 0)
        )


def build_router() -> Router:
    """A fresh router (a router can be attached to one parent only)."""
    router = Router(name="saved")
    router.message.register(saved, Command("saved"))
    router.message.register(
        note_text, StateFilter(NoteInput.waiting), F.text & ~F.text.startswith("/")
    )
    router.callback_query.register(tracked, TrackCb.filter())
    router.callback_query.register(saved_button, SavedCb.filter())
    return router
