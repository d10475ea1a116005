"""/insights: a chart of the market around the user's profile, with its numbers as caption.

"Matching" postings are the ones the user's list could show: the embedding stage's
candidates for the stored resume under the user's filters, at or above the ladder's lowest
step, hidden ones left out. Too few of them give a sentence instead of an empty chart.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import asyncpg
from aiogram import Bot, Router
from aiogram.filters import Command
from aiogram.types import BufferedInputFile, Message
from aiogram.utils.chat_action import ChatActionSender

from bot.insights import MIN_POSTINGS, caption, market_picture
from bot.insights_chart import draw
from bot.users import User, active_resume, hidden_postings
from core.models import Posting
from scoring.profile import Profile
from scoring.ranking import ResumeRanking
from search.base import SearchError
from ui.prefs import Preferences
from ui.texts import t


async def matching_postings(
    ranking: ResumeRanking,
    pool: asyncpg.Pool,
    user: User,
    resume_id: int,
    text: str,
    profile: Profile,
) -> list[Posting]:
    """The postings around the profile (see the module docstring), best first."""
    hidden = await hidden_postings(pool, user.telegram_id)
    filters = Preferences.load(user.preferences).to_filters()
    ranked = await ranking.first_list(
        resume_id, text, profile, filters, keep_all=True, user_id=user.telegram_id
    )
    floor = min(ranking.matcher.settings.thresholds)
    return [m.posting for m in ranked if m.embed_score >= floor and m.posting.id not in hidden]


async def insights(
    message: Message, bot: Bot, user: User, pool: asyncpg.Pool, ranking: ResumeRanking
) -> None:
    lang = user.language
    stored = await active_resume(pool, user.telegram_id)
    profile = Profile.model_validate(stored.profile) if stored is not None else Profile()
    if stored is None or profile.is_empty:
        await message.answer(t(lang, "need_resume"))
        return
    # The index search and the drawing can take seconds: "sending a photo…" shows until the
    # answer goes (repeated every 5 s, as Telegram drops an action after that).
    async with ChatActionSender.upload_photo(chat_id=message.chat.id, bot=bot):
        try:
            postings = await matching_postings(ranking, pool, user, stored.id, stored.text, profile)
        except SearchError:
            await message.answer(t(lang, "match_search_failed"))
            return
        picture = market_picture(
            postings, stored.text, [s.name for s in profile.skills], datetime.now(UTC).date()
        )
        if not picture.enough:
            await message.answer(
                t(lang, "insights_too_little", count=picture.count, needed=MIN_POSTINGS)
            )
            return
        png = await asyncio.to_thread(draw, picture, lang)  # CPU-bound: other chats go on
    await message.answer_photo(
        BufferedInputFile(png, filename="insights.png"), caption=caption(picture, lang)
    )


def build_router() -> Router:
    """A fresh router (a router can be attached to one parent only)."""
    router = Router(name="insights")
    router.message.register(insights, Command("insights"))
    return router
