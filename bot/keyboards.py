"""Inline keyboards and the callback data they carry (Telegram caps callback data at 64 bytes)."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.texts import t

VERDICTS = {"good": "good", "bad": "bad", "hide": "hidden"}  # button → feedback.verdict


class LanguageCb(CallbackData, prefix="lang"):
    code: str


class FeedbackCb(CallbackData, prefix="fb"):
    verdict: str  # a key of VERDICTS
    posting_id: str
    index: int = 0  # the match's number in a list message, 0 in an alert


class ForgetCb(CallbackData, prefix="forget"):
    confirm: bool


def language_keyboard() -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text="English", callback_data=LanguageCb(code="en"))
    builder.button(text="Русский", callback_data=LanguageCb(code="ru"))
    return builder.as_markup()


def feedback_row(lang: str, posting_id: str, index: int) -> list[InlineKeyboardButton]:
    """One row of good / bad / hide buttons; in a list each label starts with the number."""
    prefix = f"{index}. " if index else ""
    return [
        InlineKeyboardButton(
            text=(prefix if verdict == "good" else "") + t(lang, f"btn_{verdict}"),
            callback_data=FeedbackCb(verdict=verdict, posting_id=posting_id, index=index).pack(),
        )
        for verdict in VERDICTS
    ]


def feedback_keyboard(lang: str, posting_ids: list[str]) -> InlineKeyboardMarkup:
    """Feedback rows for a list (numbered from 1) or, with one id, for an alert."""
    numbered = len(posting_ids) > 1
    rows = [feedback_row(lang, pid, i if numbered else 0) for i, pid in enumerate(posting_ids, 1)]
    return InlineKeyboardMarkup(inline_keyboard=rows)


def forget_keyboard(lang: str) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=t(lang, "btn_forget_yes"), callback_data=ForgetCb(confirm=True))
    builder.button(text=t(lang, "btn_forget_no"), callback_data=ForgetCb(confirm=False))
    return builder.as_markup()
