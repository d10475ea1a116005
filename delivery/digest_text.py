"""A digest as one Telegram HTML message: numbered entries, each its headline (the card's
own, :func:`ui.render.headline`), score and a one-line reason, never past 4096 characters.

When the entries do not fit, the lowest lose their reason first, then whole entries go from
the bottom, so the best matches stay complete; the buttons follow the entries shown.
"""

from __future__ import annotations

from html import escape
from typing import Any

from core.models import Posting
from ui.cards import counted
from ui.render import TELEGRAM_MAX, TIER_ICON, headline
from ui.texts import t


def _line(number: int, entry: dict[str, Any], lang: str, *, reason: bool) -> str:
    posting = Posting.model_validate(entry["posting"])
    tier = str(entry.get("tier", "good"))
    score = f"{TIER_ICON.get(tier, '')} {float(entry['score']):.0f}/100 · {t(lang, 'tier_' + tier)}"
    lines = [f"{number}. {headline(posting)}", score.strip()]
    if reason and entry.get("reason"):
        lines.append(escape(str(entry["reason"])[:200]))
    return "\n".join(lines)


def digest_message(entries: list[dict[str, Any]], lang: str, cadence: str) -> tuple[str, list[str]]:
    """The digest text and the posting ids of the entries it shows, in order."""
    head = t(lang, f"digest_header_{cadence}", jobs=counted(lang, len(entries), "new_job"))
    reasons = [True] * len(entries)
    shown = len(entries)

    def build() -> str:
        body = [_line(i + 1, e, lang, reason=reasons[i]) for i, e in enumerate(entries[:shown])]
        return "\n\n".join([head, *body, t(lang, "digest_footer")])

    text = build()
    for i in reversed(range(len(entries))):
        if len(text) <= TELEGRAM_MAX:
            break
        reasons[i] = False
        text = build()
    while len(text) > TELEGRAM_MAX and shown > 1:
        shown -= 1
        text = build()
    return text, [str(e["posting"]["id"]) for e in entries[:shown]]
