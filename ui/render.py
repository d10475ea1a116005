"""Matches as Telegram HTML: a numbered list message and single alert messages, ≤ 4096 chars.

Everything taken from postings or reasons is escaped. When a list is too long, the lowest
entries lose their reasons first, then whole entries go, so the best matches stay complete.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from html import escape

from core.models import Posting
from scoring.features import Parts
from scoring.match import Match
from scoring.reasons import Reasons, build_reasons
from ui import cards
from ui.texts import t

TELEGRAM_MAX = 4096
TIER_ICON = {"strong": "🟢", "good": "🟡", "stretch": "⚪"}


def headline(p: Posting, lang: str = "en", now: datetime | None = None, boards: int = 1) -> str:
    """The title (linked: the apply link first) and company, then place or remote, salary,
    when it was posted and how many boards carry it (:mod:`ui.cards`)."""
    meta = cards.meta_line(p, lang, now or datetime.now(UTC), boards)
    return cards.title_line(p) + (f"\n{meta}" if meta else "")


def level_words(parts: Parts | None, lang: str) -> str:
    """Where the posting's level sits against the resume's, in words."""
    gap = parts.level_gap if parts is not None else None
    if gap is None:
        return t(lang, "level_unknown")
    if gap == 0:
        return t(lang, "level_fit")
    far = "far_" if abs(gap) > 1 else ""
    return t(lang, f"level_{far}{'under' if gap > 0 else 'over'}")


def _score_line(m: Match, lang: str) -> str:
    level = f" · {t(lang, 'level')}: {level_words(m.parts, lang)}"
    if m.provider == "embedding":
        return f"{TIER_ICON[m.tier]} {m.final_score:.0f}/100 · {t(lang, 'tier_' + m.tier)}{level}"
    lexical = f", skills {m.parts.lexical:.0f}" if m.parts is not None else ""
    return (
        f"{TIER_ICON[m.tier]} <b>{m.final_score:.0f}</b>/100 · {t(lang, 'tier_' + m.tier)}"
        f" (embedding {m.embed_score:.0f}{lexical}, rubric {m.llm_score or 0:.0f}){level}"
    )


def reasons(m: Match, lang: str) -> Reasons:
    """The match's reasons in the reader's language (built from the rubric when graded)."""
    if lang == "en" or m.rubric is None:
        return m.reasons
    return build_reasons(m.rubric, m.tier, lang)


def _reason_lines(m: Match, lang: str) -> list[str]:
    r = reasons(m, lang)
    lines = []
    if r.strengths:
        lines.append(f"✓ {t(lang, 'strengths')}: " + escape("; ".join(r.strengths[:3])[:400]))
    if r.gaps:
        lines.append(f"✗ {t(lang, 'gaps')}: " + escape("; ".join(r.gaps[:3])[:300]))
    if r.why_not_higher:
        lines.append("… " + escape(r.why_not_higher[:300]))
    if r.how_to_close:
        lines.append(f"→ {t(lang, 'how_to_close')}: " + escape(r.how_to_close[0][:200]))
    return lines


def entry(
    m: Match,
    lang: str,
    number: int | None = None,
    *,
    full: bool = True,
    boards: int = 1,
    now: datetime | None = None,
) -> str:
    prefix = f"{number}. " if number else ""
    lines = [prefix + headline(m.posting, lang, now, boards), _score_line(m, lang)]
    if full:
        lines += _reason_lines(m, lang)
    return "\n".join(lines)


def match_list(
    matches: Sequence[Match],
    lang: str,
    *,
    footer: str = "",
    boards: Mapping[str, int] | None = None,
    now: datetime | None = None,
) -> tuple[str, int]:
    """The list message and how many entries it shows (header, entries, footer);
    never past Telegram's limit. ``boards``: posting id → boards carrying it."""
    seen, now = boards or {}, now or datetime.now(UTC)
    head = t(lang, "matches_header", count=len(matches))
    full = [True] * len(matches)
    shown = len(matches)

    def build() -> str:
        body = [
            entry(m, lang, i + 1, full=full[i], boards=seen.get(m.posting.id, 1), now=now)
            for i, m in enumerate(matches[:shown])
        ]
        return "\n\n".join([head, *body, footer] if footer else [head, *body])

    text = build()
    for i in reversed(range(len(matches))):
        if len(text) <= TELEGRAM_MAX:
            return text, shown
        full[i] = False
        text = build()
    while len(text) > TELEGRAM_MAX and shown > 1:
        shown -= 1
        text = build()
    return text, shown


def alert(m: Match, lang: str, *, boards: int = 1, now: datetime | None = None) -> str:
    text = t(lang, "alert_header") + "\n\n" + entry(m, lang, boards=boards, now=now)
    return (
        text
        if len(text) <= TELEGRAM_MAX
        else t(lang, "alert_header") + "\n\n" + entry(m, lang, full=False, boards=boards, now=now)
    )
