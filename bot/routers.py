"""All routers gathered in one place, the error handler, and the middleware order."""

from __future__ import annotations

import contextlib
import logging

from aiogram import Dispatcher, F, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.types import ErrorEvent

from bot.admin.router import build_admin_router
from bot.handlers import (
    account,
    export,
    feedback,
    insights,
    prefs,
    quiet,
    resume,
    saved,
    start,
    subscribe,
)
from bot.middlewares import Throttle, UserContext
from bot.turns import ChatTurns, InTurn
from bot.users import User
from delivery.ratelimit import RateLimiter
from ui.texts import t

log = logging.getLogger(__name__)


def build_root_router() -> Router:
    """The error handler on top of the private-chat router, which holds every handler."""
    root = Router(name="root")
    root.include_router(build_private_router())
    root.errors.register(on_error)
    return root


def build_private_router() -> Router:
    """Every handler, gated once on a private chat: the bot talks to one person at a time
    (resumes, saved jobs and admin answers never land in a group). Messages and button
    presses from groups match nothing and get no answer.

    Admin first (its gate lets only admins in), the resume catch-all last.
    """
    private = Router(name="private")
    private.message.filter(F.chat.type == "private")
    private.callback_query.filter(F.message.chat.type == "private")
    private.include_routers(
        build_admin_router(),
        *(
            module.build_router()
            for module in (
                start,
                prefs,
                quiet,
                subscribe,
                insights,
                account,
                feedback,
                saved,
                export,
                resume,
            )
        ),
    )
    return private


def setup(dp: Dispatcher, limiter: RateLimiter) -> None:
    """Middlewares in order, then the routers.

    The throttle comes first, so a flood is dropped before it costs a database round trip
    or waits in a queue; then each update waits for its chat's turn (``bot.turns``: the
    updates of one chat are handled in Telegram's order, one at a time); then the user
    lookup. ``ChatTurns`` becomes the FSM middleware's events isolation, the one hook aiogram
    calls for every update before any I/O, and is injected into handlers as ``turns``.
    """
    turns = ChatTurns()
    dp.fsm.events_isolation = turns
    dp["turns"] = turns
    for observer in (dp.message, dp.callback_query):
        observer.outer_middleware(Throttle(limiter))
        observer.outer_middleware(InTurn(turns))
        observer.outer_middleware(UserContext())
    dp.include_router(build_root_router())


async def on_error(event: ErrorEvent, user: User | None = None) -> None:
    """Log the failure and tell the user something went wrong, in their language."""
    log.error("update %s failed", event.update.update_id, exc_info=event.exception)
    lang = user.language if user else "en"
    update = event.update
    # If Telegram itself is what fails, telling the user fails too; the log has it.
    with contextlib.suppress(TelegramAPIError):
        if update.message is not None:
            await update.message.answer(t(lang, "error"))
        elif update.callback_query is not None:
            await update.callback_query.answer(t(lang, "error"), show_alert=True)
