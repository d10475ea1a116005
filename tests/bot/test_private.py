"""Every handler sits under one private-chat router: in a group the bot answers nothing,
neither commands, nor pasted text, nor button presses, and nothing it does there changes."""

from __future__ import annotations

from typing import Any

from aiogram import Router
from fakes.telegram import Sent

from bot.routers import build_root_router
from ui.keyboards import LanguageCb

USER = 6101
GROUP = -100777


def handler_count(router: Router) -> int:
    observers = (router.message, router.callback_query)
    return sum(len(o.handlers) for o in observers) + sum(
        handler_count(sub) for sub in router.sub_routers
    )


def test_every_handler_is_under_the_private_router() -> None:
    root = build_root_router()
    [private] = root.sub_routers
    assert private.name == "private"
    # nothing answers beside it; its gate is checked through the fake Bot API below
    assert handler_count(root) == handler_count(private) > 20


async def test_a_group_gets_no_answer_and_no_change(
    telegram: Any, chat: Any, admin_id: int
) -> None:
    pool = chat["pool"]
    texts = (
        "/start",
        "/help",
        "/prefs",
        "/matches",
        "/saved",
        "/export",
        "/delete",
        "/quiet 22-7",
        "/stats",
        "Senior Python developer, 8 years of asyncio",
    )
    for n, text in enumerate(texts, 1):  # one member each: the throttle stays out of it
        await telegram.user_says(USER + n, text, chat_id=GROUP)
    await telegram.user_says(admin_id, "/sources", chat_id=GROUP)
    in_group = Sent(chat_id=GROUP, message_id=1, text="Choose", reply_markup=None)
    await telegram.user_presses(USER, in_group, LanguageCb(code="ru").pack())
    # the same person in a private chat is answered, after the group's updates were read
    await telegram.user_says(USER, "/help")
    await telegram.wait_until(lambda: len(telegram.texts(USER)) == 1)
    assert GROUP not in telegram.messages
    assert not [m for m, _ in telegram.calls if m == "answerCallbackQuery"]
    assert await pool.fetchval("SELECT language FROM users WHERE telegram_id = $1", USER) == "en"
    assert await pool.fetchval("SELECT count(*) FROM resumes") == 0
    assert await pool.fetchval("SELECT count(*) FROM admin_audit") == 0
