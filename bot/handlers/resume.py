"""Resume in (a PDF/DOCX/TXT document or pasted text) → the match flow; /matches runs it
again for the stored resume (after /prefs changed, say).

Registered last: any plain text that is not a command ends here, either as a pasted resume
or with a hint about what the bot expects.
"""

from __future__ import annotations

import asyncio
import io

from aiogram import Bot, F, Router
from aiogram.enums import ChatAction
from aiogram.filters import Command
from aiogram.types import Message

from bot.flow import MatchFlows
from bot.turns import ChatTurns
from bot.users import User
from scoring.errors import ResumeError
from scoring.resume import MAX_BYTES, read_pasted, read_resume
from ui.texts import resume_error, t

# Shorter pastes are chat, not a resume; a real resume is far longer than this.
MIN_PASTE_CHARS = 200


async def document(message: Message, bot: Bot, user: User, flows: MatchFlows) -> None:
    doc = message.document
    assert doc is not None
    if flows.busy(user.telegram_id):
        await message.answer(t(user.language, "busy"))
        return
    if doc.file_size is not None and doc.file_size > MAX_BYTES:
        await message.answer(t(user.language, "resume_too_big", max_mb=MAX_BYTES // 2**20))
        return
    await bot.send_chat_action(message.chat.id, ChatAction.TYPING)
    buffer = io.BytesIO()
    await bot.download(doc, destination=buffer)
    try:
        # pypdf and python-docx are CPU-bound: keep the event loop serving other chats.
        text = await asyncio.to_thread(read_resume, buffer.getvalue(), doc.file_name)
    except ResumeError as exc:
        await message.answer(resume_error(user.language, exc))
        return
    await flows.start(bot, message.chat.id, user, text, doc.file_name, doc.mime_type)


async def pasted(
    message: Message, bot: Bot, user: User, flows: MatchFlows, turns: ChatTurns
) -> None:
    raw = await flows.pastes.offer(message.chat.id, message.message_id, message.text or "", turns)
    if raw is None:
        return  # one part of a paste; the message that completes it carries it on
    if len(raw) < MIN_PASTE_CHARS:
        await message.answer(t(user.language, "short_text", min_chars=MIN_PASTE_CHARS))
        return
    if flows.busy(user.telegram_id):
        await message.answer(t(user.language, "busy"))
        return
    try:
        text = read_pasted(raw)
    except ResumeError as exc:
        await message.answer(resume_error(user.language, exc))
        return
    await flows.start(bot, message.chat.id, user, text, None, "text/plain")


async def matches(message: Message, bot: Bot, user: User, flows: MatchFlows) -> None:
    if flows.busy(user.telegram_id):
        await message.answer(t(user.language, "busy"))
        return
    await bot.send_chat_action(message.chat.id, ChatAction.TYPING)
    await flows.from_stored(bot, message.chat.id, user)


async def unknown_command(message: Message, user: User) -> None:
    await message.answer(t(user.language, "short_text", min_chars=MIN_PASTE_CHARS))


def build_router() -> Router:
    """A fresh router (a router can be attached to one parent only)."""
    router = Router(name="resume")
    router.message.register(document, F.document)
    router.message.register(pasted, F.text & ~F.text.startswith("/"))
    router.message.register(matches, Command("matches"))
    router.message.register(unknown_command, F.text.startswith("/"))
    return router
