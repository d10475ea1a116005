"""Resume → matches in a chat: acknowledge, first list at once, then edits as grades arrive.

The first list comes from the embedding stage only (DESIGN.md: the LLM is off the critical
path). Grading runs in a background task per user that edits the list message at most once
per ``edit_every_s`` and once more, re-sorted by final score, when every match is graded.
One flow per user at a time; ``close`` cancels what is still grading at shutdown.

A stored resume is ranked by :class:`scoring.ranking.ResumeRanking`, with its stored vector
(the one alert rounds use), so /matches embeds nothing after a restart.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from dataclasses import dataclass

import asyncpg
from aiogram import Bot
from aiogram.exceptions import TelegramAPIError, TelegramBadRequest
from aiogram.types import LinkPreviewOptions

from bot.turns import ChatTurns
from bot.users import User, active_resume, hidden_postings, save_resume
from core.errors import JobbotError
from scoring.llm import LLMCascade
from scoring.match import Match, ranked, resume_hash
from scoring.matcher import Matcher
from scoring.profile import Profile, extract_profile
from scoring.ranking import ResumeRanking
from scoring.resume_facts import ResumeFacts
from search.base import SearchError
from ui import cards, render
from ui.keyboards import feedback_keyboard
from ui.prefs import Preferences
from ui.texts import t

log = logging.getLogger(__name__)
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


@dataclass(frozen=True)
class ListMessage:
    chat_id: int
    message_id: int
    lang: str
    user_id: int


@dataclass
class _Paste:
    parts: dict[int, str]  # message id -> text
    closed: asyncio.Event
    last_part_at: float


class Pastes:
    """Joins a long text that a Telegram client split into several messages.

    Telegram's own signals decide, not arrival times: clients cut a text past 4096
    characters, so every part but the last is long (``split_chars`` or more) and the last
    is shorter; parts are joined in message-id order. A long message opens a paste and its
    handler waits, out of turn (``bot.turns``), for the rest; the short message that follows
    closes it and carries the joined text on at once. Only when nothing follows within
    ``quiet_s`` of the last part (a resume that happened to fit one message) does the opener
    go on with what it has, after rejoining its chat's queue, so a part already received
    is never left behind. Needs the chat's updates in order, which ``bot.turns`` provides.
    """

    def __init__(self, *, split_chars: int = 3500, quiet_s: float = 3.0) -> None:
        self.split_chars, self.quiet_s = split_chars, quiet_s
        self._open: dict[int, _Paste] = {}

    async def offer(self, chat_id: int, message_id: int, text: str, turns: ChatTurns) -> str | None:
        """The text to read now (a message of its own, or a whole paste), else ``None``."""
        long_part = len(text) >= self.split_chars
        paste = self._open.get(chat_id)
        if paste is None:
            if not long_part:
                return text
            return await self._wait_for_rest(chat_id, message_id, text, turns)
        paste.parts[message_id] = text
        if long_part:
            paste.last_part_at = time.monotonic()
            return None  # a middle part: the opener keeps waiting
        del self._open[chat_id]
        paste.closed.set()
        return self._joined(paste)

    async def _wait_for_rest(
        self, chat_id: int, message_id: int, text: str, turns: ChatTurns
    ) -> str | None:
        paste = _Paste({message_id: text}, asyncio.Event(), time.monotonic())
        self._open[chat_id] = paste
        while True:
            left = paste.last_part_at + self.quiet_s - time.monotonic()
            if left > 0:
                turns.step_aside()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(paste.closed.wait(), left)
                if paste.closed.is_set():
                    return None  # the last part carried the whole paste on
                await turns.rejoin()  # whatever arrived before now has been handled
            if paste.closed.is_set():
                return None
            if time.monotonic() - paste.last_part_at >= self.quiet_s:
                del self._open[chat_id]
                return self._joined(paste)

    @staticmethod
    def _joined(paste: _Paste) -> str:
        return "\n".join(paste.parts[k] for k in sorted(paste.parts))


class MatchFlows:
    """Runs the flow for each user; constructed once by the composition root, no I/O."""

    def __init__(
        self,
        pool: asyncpg.Pool,
        matcher: Matcher,
        ranking: ResumeRanking,
        cascade: LLMCascade,
        *,
        top: int = 8,
        edit_every_s: float = 1.5,
    ) -> None:
        self.pool, self.matcher, self.ranking, self.cascade = pool, matcher, ranking, cascade
        self.top, self.edit_every_s = top, edit_every_s
        self._grading: dict[int, asyncio.Task[None]] = {}
        self.pastes = Pastes()

    def busy(self, user_id: int) -> bool:
        task = self._grading.get(user_id)
        return task is not None and not task.done()

    async def start(
        self,
        bot: Bot,
        chat_id: int,
        user: User,
        text: str,
        file_name: str | None,
        mime_type: str | None,
    ) -> None:
        """A new resume: read, stored, then everything up to the first list; grading
        continues in the background."""
        lang = user.language
        await bot.send_message(chat_id, t(lang, "resume_received", chars=len(text)))
        profile = await extract_profile(text, self.cascade, user_id=user.telegram_id)
        if profile.is_empty:
            await bot.send_message(chat_id, t(lang, "profile_empty"))
            return
        resume_id = await save_resume(
            self.pool,
            user.telegram_id,
            text=text,
            file_hash=resume_hash(text),
            file_name=file_name,
            mime_type=mime_type,
            profile=profile.model_dump(mode="json"),
            profile_version=profile.version,
            facts=ResumeFacts.of(text, profile).to_json(),
        )
        await self._show(bot, chat_id, user, resume_id, text, profile)

    async def from_stored(self, bot: Bot, chat_id: int, user: User) -> None:
        """/matches: the same flow for the user's stored resume, with their filters of now."""
        stored = await active_resume(self.pool, user.telegram_id)
        # Read as alert rounds read it, so both find the same stored vector.
        profile = Profile.model_validate(stored.profile) if stored is not None else Profile()
        if stored is None or profile.is_empty:
            await bot.send_message(chat_id, t(user.language, "need_resume"))
            return
        await self._show(bot, chat_id, user, stored.id, stored.text, profile)

    async def _show(
        self, bot: Bot, chat_id: int, user: User, resume_id: int, text: str, profile: Profile
    ) -> None:
        lang = user.language
        matches = await self._first_list(user, resume_id, text, profile)
        if matches is None:
            await bot.send_message(chat_id, t(lang, "match_search_failed"))
            return
        if not matches:
            await bot.send_message(chat_id, t(lang, "no_matches"))
            return
        boards = await cards.boards_of(self.matcher.backend, [m.posting.id for m in matches])
        body, shown = render.match_list(
            matches, lang, footer=t(lang, "matches_grading"), boards=boards
        )
        sent = await bot.send_message(
            chat_id,
            body,
            link_preview_options=NO_PREVIEW,
            reply_markup=feedback_keyboard(lang, [m.posting.id for m in matches[:shown]]),
        )
        where = ListMessage(chat_id, sent.message_id, lang, user.telegram_id)
        task = asyncio.create_task(self._grade(bot, where, text, profile, matches))
        self._grading[user.telegram_id] = task
        task.add_done_callback(lambda _: self._grading.pop(user.telegram_id, None))

    async def _first_list(
        self, user: User, resume_id: int, text: str, profile: Profile
    ) -> list[Match] | None:
        """The stored resume's first list under the user's filters, hidden postings left out."""
        hidden = await hidden_postings(self.pool, user.telegram_id)
        filters = Preferences.load(user.preferences).to_filters()
        try:
            found = await self.ranking.first_list(
                resume_id,
                text,
                profile,
                filters,
                top=self.top + len(hidden),
                user_id=user.telegram_id,
            )
        except SearchError as exc:
            log.warning("search failed for user %s: %s", user.telegram_id, exc)
            return None
        return [m for m in found if m.posting.id not in hidden][: self.top]

    async def _grade(
        self, bot: Bot, where: ListMessage, text: str, profile: Profile, matches: list[Match]
    ) -> None:
        current = {m.posting.id: m for m in matches}
        last_edit = time.monotonic()
        try:
            async for graded in self.matcher.grade(text, profile, matches, user_id=where.user_id):
                current[graded.posting.id] = graded
                if time.monotonic() - last_edit >= self.edit_every_s:
                    await self._edit(
                        bot, where, list(current.values()), t(where.lang, "matches_grading")
                    )
                    last_edit = time.monotonic()
            final = ranked(current.values())
            providers = ", ".join(sorted({m.provider for m in final}))
            await self._edit(bot, where, final, t(where.lang, "matches_done", provider=providers))
        except (JobbotError, TelegramAPIError) as exc:
            # The first list already reached the user; it simply stays ungraded.
            log.warning("grading for user %s stopped: %s", where.user_id, exc)

    async def _edit(self, bot: Bot, where: ListMessage, matches: list[Match], footer: str) -> None:
        hidden = await hidden_postings(self.pool, where.user_id)
        visible = [m for m in matches if m.posting.id not in hidden]
        if not visible:
            return
        boards = await cards.boards_of(self.matcher.backend, [m.posting.id for m in visible])
        body, shown = render.match_list(visible, where.lang, footer=footer, boards=boards)
        markup = feedback_keyboard(where.lang, [m.posting.id for m in visible[:shown]])
        try:
            await bot.edit_message_text(
                text=body,
                chat_id=where.chat_id,
                message_id=where.message_id,
                reply_markup=markup,
                link_preview_options=NO_PREVIEW,
            )
        except TelegramBadRequest as exc:
            # "message is not modified" or the user deleted it: nothing left to update.
            log.debug("edit skipped: %s", exc.message)

    async def close(self) -> None:
        """Cancel what is still grading."""
        tasks = list(self._grading.values())
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
