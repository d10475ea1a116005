"""Follow-up reminders: N days after a job was marked applied, one message asking for news.

Opt-in: ``/prefs followup 7`` stores ``followup_days`` in the user's preferences (``off``
clears it). The worker calls :func:`queue_due` every round with its clock; each due job is
queued once in the outbox (key ``followup:<posting id>``) and stamped ``reminded_at``. The
sender delivers it like an alert, so quiet hours hold it until the user's morning and
Telegram's limits apply; reminders share the daily cap with alerts (``ALERTS__MAX_PER_DAY``),
and one over the cap waits for the next day's room instead of being dropped.
"""

from __future__ import annotations

from datetime import datetime
from html import escape
from typing import Any

import asyncpg

from delivery import outbox
from ui.cards import ago
from ui.saved_view import followup_keyboard
from ui.texts import t

DUE = """
SELECT t.user_id, t.posting_id, t.card, t.applied_at, u.language
  FROM tracked_jobs t JOIN users u ON u.telegram_id = t.user_id
 WHERE t.status = 'applied' AND t.reminded_at IS NULL AND t.applied_at IS NOT NULL
   AND NOT u.is_blocked AND NOT u.is_banned
   AND jsonb_typeof(u.preferences -> 'followup_days') = 'number'
   AND t.applied_at + make_interval(days => (u.preferences ->> 'followup_days')::int) <= $1
 ORDER BY t.applied_at, t.posting_id"""


def job_line(card: dict[str, Any], posting_id: str) -> str:
    """The job a reminder is about, linked (apply link first) with its company."""
    title = escape(str(card.get("title") or posting_id)[:150])
    url = card.get("apply_url") or card.get("url")
    if url:
        title = f'<a href="{escape(str(url), quote=True)}">{title}</a>'
    company = f" — {escape(str(card['company'])[:80])}" if card.get("company") else ""
    return f"<b>{title}</b>{company}"


def reminder(
    card: dict[str, Any], posting_id: str, applied_at: datetime, now: datetime, lang: str
) -> dict[str, Any]:
    """The outbox payload of one reminder: text and its status buttons."""
    text = t(lang, "followup", ago=ago(applied_at, now, lang)) + "\n\n" + job_line(card, posting_id)
    markup = followup_keyboard(lang, posting_id).model_dump(mode="json", exclude_none=True)
    return {"text": text, "lang": lang, "kind": "followup", "reply_markup": markup}


async def queue_due(pool: asyncpg.Pool, now: datetime, *, cap: int) -> int:
    """Queue every reminder due by ``now`` that today's cap leaves room for; return how many."""
    room: dict[int, int] = {}
    queued = 0
    for row in await pool.fetch(DUE, now):
        user = row["user_id"]
        if user not in room:
            room[user] = cap - await outbox.queued_today(pool, user)
        if room[user] <= 0:
            continue  # tomorrow's round has room again; nothing is lost
        payload = reminder(row["card"], row["posting_id"], row["applied_at"], now, row["language"])
        if await outbox.enqueue(pool, user, f"followup:{row['posting_id']}", payload):
            room[user] -= 1
            queued += 1
        await pool.execute(
            "UPDATE tracked_jobs SET reminded_at = $3 WHERE user_id = $1 AND posting_id = $2",
            user,
            row["posting_id"],
            now,
        )
    return queued
