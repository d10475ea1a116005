"""Inline keyboards and the callback data they carry (Telegram caps callback data at 64 bytes)."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from ui.texts import t

VERDICTS = {"good": "good", "bad": "bad", "hide": "hidden"}  # button → feedback.verdict


class LanguageCb(CallbackData, prefix="lang"):
    code: str


class FeedbackCb(CallbackData, prefix="fb"):
    verdict: str  # a key of VERDICTS
    posting_id: str
    index: int = 0  # the match's number in a list message, 0 in an alert


class TrackCb(CallbackData, prefix="tr"):
    status: str  # "saved" or "applied" (ui.tracker); hiding stays a FeedbackCb
    posting_id: str
    index: int = 0


class ForgetCb(CallbackData, prefix="forget"):
    confirm: bool


def language_keyboard() -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text="English", callback_data=LanguageCb(code="en"))
    builder.button(text="Русский", callback_data=LanguageCb(code="ru"))
    return builder.as_markup()


def feedback_row(lang: str, posting_id: str, index: int) -> list[InlineKeyboardButton]:
    """One list row: ⭐ save, ✅ applied, 🙈 hide, 👍, 👎 (icons only, the first numbered)."""

    def fb(verdict: str, label: str) -> InlineKeyboardButton:
        return InlineKeyboardButton(
            text=label,
            callback_data=FeedbackCb(verdict=verdict, posting_id=posting_id, index=index).pack(),
        )

    def tr(status: str, label: str) -> InlineKeyboardButton:
        return InlineKeyboardButton(
            text=label,
            callback_data=TrackCb(status=status, posting_id=posting_id, index=index).pack(),
        )

    return [
        tr("saved", f"{index}. ⭐"),
        tr("applied", "✅"),
        fb("hide", "🙈"),
        fb("good", "👍"),
        fb("bad", "👎"),
    ]


def card_rows(lang: str, posting_id: str) -> list[list[InlineKeyboardButton]]:
    """The buttons under one alert: save / applied / hide, then good / bad, with labels."""

    def tr(status: str) -> InlineKeyboardButton:
        return InlineKeyboardButton(
            text=t(lang, f"btn_{status}"),
            callback_data=TrackCb(status=status, posting_id=posting_id).pack(),
        )

    def fb(verdict: str) -> InlineKeyboardButton:
        return InlineKeyboardButton(
            text=t(lang, f"btn_{verdict}"),
            callback_data=FeedbackCb(verdict=verdict, posting_id=posting_id).pack(),
        )

    return [[tr("saved"), tr("applied"), fb("hide")], [fb("good"), fb("bad")]]


def feedback_keyboard(lang: str, posting_ids: list[str]) -> InlineKeyboardMarkup:
    """Card buttons for a list (a row per match, numbered from 1) or, with one id, an alert."""
    if len(posting_ids) == 1:
        return InlineKeyboardMarkup(inline_keyboard=card_rows(lang, posting_ids[0]))
    rows = [feedback_row(lang, pid, i) for i, pid in enumerate(posting_ids, 1)]
    return InlineKeyboardMarkup(inline_keyboard=rows)


def forget_keyboard(lang: str) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=t(lang, "btn_forget_yes"), callback_data=ForgetCb(confirm=True))
    builder.button(text=t(lang, "btn_forget_no"), callback_data=ForgetCb(confirm=False))
    return builder.as_markup()
