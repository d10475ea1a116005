"""The /saved message: the user's jobs grouped by status, a page at a time, with buttons
that move a job along, take a note, or remove it. Pure: rows in, text and keyboard out."""

from __future__ import annotations

from datetime import datetime
from html import escape

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from ui.cards import ago
from ui.render import TELEGRAM_MAX
from ui.texts import t
from ui.tracker import NEXT_STATUS, TrackedJob

PAGE_SIZE = 5
NOT_A_LIST = -1  # ``page`` of a button under a message that is not a /saved list


class SavedCb(CallbackData, prefix="sv"):
    op: str  # "to" (move to ``status``), "note", "rm" (remove), "pg" (show ``page``)
    status: str = ""
    posting_id: str = ""
    page: int = 0


def pages(count: int) -> int:
    return max(1, -(-count // PAGE_SIZE))


def _job_line(
    job: TrackedJob, number: int, lang: str, now: datetime, *, links: bool, note_chars: int
) -> list[str]:
    card = job.card
    title = escape(job.title[:150])
    url = card.get("apply_url") or card.get("url")
    if links and url:
        title = f'<a href="{escape(str(url), quote=True)}">{title}</a>'
    parts = [f"{number}. {title}"]
    if card.get("company"):
        parts.append(escape(str(card["company"])[:80]))
    if job.applied_at is not None and job.status != "saved":
        parts.append(t(lang, "applied_on", ago=ago(job.applied_at, now, lang)))
    lines = [" — ".join(parts[:2]) + "".join(f" · {p}" for p in parts[2:])]
    if job.note:
        lines.append("    📝 " + escape(job.note[:note_chars]))
    return lines


def _text(
    jobs: list[TrackedJob], page: int, lang: str, now: datetime, *, links: bool, note_chars: int
) -> str:
    head = t(lang, "saved_header", count=len(jobs))
    if pages(len(jobs)) > 1:
        head += " · " + t(lang, "saved_page", page=page + 1, pages=pages(len(jobs)))
    lines, status = [head], ""
    first = page * PAGE_SIZE
    for number, job in enumerate(jobs[first : first + PAGE_SIZE], start=first + 1):
        if job.status != status:
            status = job.status
            lines += ["", f"<b>{t(lang, 'status_' + status)}</b>"]
        lines += _job_line(job, number, lang, now, links=links, note_chars=note_chars)
    return "\n".join(lines)


def _job_buttons(job: TrackedJob, number: int, lang: str, page: int) -> list[InlineKeyboardButton]:
    def button(label: str, op: str, status: str = "") -> InlineKeyboardButton:
        return InlineKeyboardButton(
            text=label,
            callback_data=SavedCb(
                op=op, status=status, posting_id=job.posting_id, page=page
            ).pack(),
        )

    row = []
    if job.status in NEXT_STATUS:
        nxt = NEXT_STATUS[job.status]
        row.append(button(f"{number}. {t(lang, 'move_' + nxt)}", "to", nxt))
    else:
        row.append(button(f"{number}.", "pg"))  # keeps the number visible; just redraws
    if job.status != "rejected":
        row.append(button(t(lang, "move_rejected"), "to", "rejected"))
    row += [button(t(lang, "btn_note"), "note"), button(t(lang, "btn_remove"), "rm")]
    return row


def view(
    jobs: list[TrackedJob], page: int, lang: str, now: datetime
) -> tuple[str, InlineKeyboardMarkup | None, int]:
    """The text, the keyboard and the page actually shown (``page`` clamped to the list)."""
    if not jobs:
        return t(lang, "saved_empty"), None, 0
    page = min(max(page, 0), pages(len(jobs)) - 1)
    text = _text(jobs, page, lang, now, links=True, note_chars=300)
    if len(text) > TELEGRAM_MAX:  # very long links: the list still fits, without them
        text = _text(jobs, page, lang, now, links=False, note_chars=100)
    first = page * PAGE_SIZE
    rows = [
        _job_buttons(job, n, lang, page)
        for n, job in enumerate(jobs[first : first + PAGE_SIZE], start=first + 1)
    ]
    nav = []
    if page > 0:
        nav.append(
            InlineKeyboardButton(text="◀", callback_data=SavedCb(op="pg", page=page - 1).pack())
        )
    if page < pages(len(jobs)) - 1:
        nav.append(
            InlineKeyboardButton(text="▶", callback_data=SavedCb(op="pg", page=page + 1).pack())
        )
    if nav:
        rows.append(nav)
    return text, InlineKeyboardMarkup(inline_keyboard=rows), page


def followup_keyboard(lang: str, posting_id: str) -> InlineKeyboardMarkup:
    """Under a follow-up reminder: interview, offer or rejected, straight from the message."""
    row = [
        InlineKeyboardButton(
            text=t(lang, label),
            callback_data=SavedCb(
                op="to", status=status, posting_id=posting_id, page=NOT_A_LIST
            ).pack(),
        )
        for status, label in (
            ("interviewing", "move_interviewing"),
            ("offer", "move_offer"),
            ("rejected", "status_rejected"),
        )
    ]
    return InlineKeyboardMarkup(inline_keyboard=[row])
