"""/export: everything Jobbot keeps about the user, sent to them as a JSON document."""

from __future__ import annotations

from datetime import UTC, datetime

import asyncpg
from aiogram import Bot, Router
from aiogram.enums import ChatAction
from aiogram.filters import Command
from aiogram.types import BufferedInputFile, Message

from bot import privacy
from bot.users import User
from ui.texts import t


async def export(message: Message, bot: Bot, user: User, pool: asyncpg.Pool) -> None:
    # Collecting and uploading can take a few seconds for a long history: say so at once.
    await bot.send_chat_action(message.chat.id, ChatAction.UPLOAD_DOCUMENT)
    body = privacy.to_json(await privacy.collect(pool, user.telegram_id))
    name = f"jobbot-export-{datetime.now(UTC):%Y-%m-%d}.json"
    await bot.send_document(
        message.chat.id,
        BufferedInputFile(body, filename=name),
        caption=t(user.language, "export_caption"),
    )


def build_router() -> Router:
    """A fresh router (a router can be attached to one parent only)."""
    router = Router(name="export")
    router.message.register(export, Command("export"))
    return router
