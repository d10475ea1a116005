"""What a job card says besides its score: links, when it was posted, pay, place, boards.

Pure functions over a :class:`~core.models.Posting` (``now`` is passed in), plus
:func:`boards_of`, the one lookup a card needs from the index: how many boards carry the
job (an index entry merges the same job seen on several boards).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime
from html import escape

from core.models import Posting
from search.base import SearchBackend, SearchError
from ui import tracker
from ui.texts import t

log = logging.getLogger(__name__)


def plural_form(n: int, lang: str) -> str:
    """The plural form of ``n`` in ``lang``: ``one``, ``few`` or ``many`` (CLDR rules for
    Russian; English has one and many, which the texts spell ``few`` and ``many`` alike)."""
    if lang == "ru":
        if n % 10 == 1 and n % 100 != 11:
            return "one"
        if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
            return "few"
        return "many"
    return "one" if n == 1 else "many"


def counted(lang: str, n: int, noun: str) -> str:
    """``n`` with ``noun`` in the form that number takes ("1 posting", "3 вакансии"):
    the texts ``count_{noun}_{one|few|many}``."""
    return t(lang, f"count_{noun}_{plural_form(n, lang)}", n=n)


def ago(when: datetime, now: datetime, lang: str) -> str:
    """ "today", "yesterday", "3 days ago", "2 weeks ago", "5 months ago" in ``lang``.

    A date in the future (a board's clock ahead of ours) counts as today."""
    days = max((now - when).days, 0)
    if days == 0:
        return t(lang, "ago_today")
    if days == 1:
        return t(lang, "ago_yesterday")
    if days < 14:
        unit, n = "days", days
    elif days < 60:
        unit, n = "weeks", days // 7
    elif days < 730:
        unit, n = "months", days // 30
    else:
        unit, n = "years", days // 365
    return t(lang, f"ago_{unit}_{plural_form(n, lang)}", n=n)


def salary(p: Posting) -> str:
    """``85,000–105,000 EUR/year``, or ``""`` when the posting states no pay."""
    if p.salary_min is None and p.salary_max is None:
        return ""
    low, high = p.salary_min, p.salary_max
    amount = (
        f"{low:,.0f}–{high:,.0f}"
        if low is not None and high is not None and low != high
        else f"{(low if low is not None else high):,.0f}"
    )
    period = f"/{p.salary_period}" if p.salary_period else ""
    return f"{amount} {p.salary_currency or ''}{period}".replace("  ", " ").strip()


def place(p: Posting, lang: str) -> str:
    """Where the job is: the place and remote/hybrid, or just remote; ``""`` if unknown."""
    where = p.location or ", ".join(x for x in (p.city, p.country) if x)
    mode = t(lang, f"where_{p.remote}") if p.remote in ("remote", "hybrid") else ""
    return " · ".join(x for x in (where[:80], mode) if x)


def link(p: Posting) -> str:
    """The link a card's title opens: the apply link first, else the job's own page."""
    return p.apply_url or p.url


def title_line(p: Posting) -> str:
    title = f'<a href="{escape(link(p), quote=True)}">{escape(p.title[:150])}</a>'
    company = f" — {escape(p.company[:80])}" if p.company else ""
    return f"<b>{title}</b>{company}"


def meta_line(p: Posting, lang: str, now: datetime, boards: int = 1) -> str:
    """Place or remote, salary, when posted, how many boards carry it, the job page."""
    parts = [escape(x) for x in (place(p, lang), salary(p)) if x]
    if p.posted_at is not None:
        parts.append(t(lang, "posted", ago=ago(p.posted_at, now, lang)))
    if boards > 1:
        parts.append(t(lang, f"seen_on_{plural_form(boards, lang)}", n=boards))
    if p.apply_url and p.apply_url != p.url:
        parts.append(f'<a href="{escape(p.url, quote=True)}">{t(lang, "job_page")}</a>')
    return " · ".join(parts)


async def boards_of(backend: SearchBackend | None, ids: Sequence[str]) -> dict[str, int]:
    """For each index entry among ``ids``, how many distinct boards carry it; empty when
    the index cannot answer (a card without the count beats no card)."""
    if backend is None:
        return {}
    try:
        entries = await backend.get(list(dict.fromkeys(ids)))
    except SearchError as exc:
        log.warning("board counts unavailable: %s", exc)
        return {}
    return {e.posting.id: tracker.boards(e) for e in entries}
