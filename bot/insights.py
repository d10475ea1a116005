"""The market around a profile, as numbers: a pure function of postings and a resume.

For the postings that match the user (the handler picks them), :func:`market_picture`
gives pay ranges annualised per currency (never converted: exchange rates would need the
network and a date), the skills those postings ask for most that the resume does not show,
and new matching postings per week over the last weeks. The chart
(:mod:`bot.insights_chart`) and the caption (:func:`caption`) both draw on this one value,
so the two always say the same.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from core.models import Posting
from scoring.taxonomy import load_taxonomy
from search.filters import PERIOD_PER_YEAR
from ui.cards import counted
from ui.texts import t

MIN_POSTINGS = 3  # fewer matching postings make no picture, only a sentence
CAPTION_MAX = 1024  # Telegram's limit for a photo caption


@dataclass(frozen=True)
class Pay:
    currency: str
    ranges: tuple[tuple[float, float], ...]  # (low, high) per posting, per year

    @property
    def low(self) -> float:
        return float(statistics.median(low for low, _ in self.ranges))

    @property
    def high(self) -> float:
        return float(statistics.median(high for _, high in self.ranges))


@dataclass(frozen=True)
class Picture:
    count: int  # matching postings the picture is made of
    pay: tuple[Pay, ...]  # most postings first
    skills: tuple[tuple[str, int], ...]  # (skill, postings asking for it), most asked first
    weeks: tuple[tuple[date, int], ...]  # (Monday, new postings that week), oldest first

    @property
    def enough(self) -> bool:
        return self.count >= MIN_POSTINGS


def annual_range(posting: Posting) -> tuple[float, float] | None:
    """The posting's pay per year as (low, high), or ``None`` when it names none."""
    low, high = posting.salary_min, posting.salary_max
    if posting.salary_currency is None or (low is None and high is None):
        return None
    factor = PERIOD_PER_YEAR.get(posting.salary_period or "year", 1.0)
    low = low if low is not None else high
    high = high if high is not None else low
    assert low is not None and high is not None
    return (min(low, high) * factor, max(low, high) * factor)


def pay_by_currency(postings: Iterable[Posting]) -> tuple[Pay, ...]:
    ranges: dict[str, list[tuple[float, float]]] = {}
    for posting in postings:
        found = annual_range(posting)
        if found is not None and posting.salary_currency:
            ranges.setdefault(posting.salary_currency, []).append(found)
    ordered = sorted(ranges.items(), key=lambda item: (-len(item[1]), item[0]))
    return tuple(Pay(currency, tuple(rs)) for currency, rs in ordered)


def missing_skills(
    postings: Iterable[Posting], resume_text: str, resume_skills: Iterable[str], top: int = 8
) -> tuple[tuple[str, int], ...]:
    """Skills the postings name, counted once per posting, that the resume does not show."""
    taxonomy = load_taxonomy()
    have = set(taxonomy.find(resume_text))
    have |= {taxonomy.canonical(s) or s for s in resume_skills}
    asked: Counter[str] = Counter()
    for posting in postings:
        asked.update(set(taxonomy.find(f"{posting.title}\n{posting.description}")) - have)
    return tuple(sorted(asked.items(), key=lambda item: (-item[1], item[0]))[:top])


def per_week(
    postings: Iterable[Posting], today: date, weeks: int = 8
) -> tuple[tuple[date, int], ...]:
    """New postings per ISO week (Monday first) over the ``weeks`` weeks up to ``today``;
    postings without a date, or older, are not counted."""
    this_monday = today - timedelta(days=today.weekday())
    mondays = [this_monday - timedelta(weeks=n) for n in reversed(range(weeks))]
    counts: Counter[date] = Counter()
    for posting in postings:
        if posting.posted_at is not None:
            day = posting.posted_at.date()
            counts[day - timedelta(days=day.weekday())] += 1
    return tuple((monday, counts[monday]) for monday in mondays)


def market_picture(
    postings: Sequence[Posting],
    resume_text: str,
    resume_skills: Iterable[str],
    today: date,
    *,
    weeks: int = 8,
) -> Picture:
    return Picture(
        count=len(postings),
        pay=pay_by_currency(postings),
        skills=missing_skills(postings, resume_text, resume_skills),
        weeks=per_week(postings, today, weeks),
    )


def money(value: float) -> str:
    """Whole units with thousands separators: ``72,500``."""
    return f"{value:,.0f}"


def caption(picture: Picture, lang: str) -> str:
    """The chart's numbers as text (HTML, at most 1024 characters)."""
    lines = [t(lang, "insights_caption", postings=counted(lang, picture.count, "matching"))]
    lines += [
        t(
            lang,
            "insights_pay",
            currency=p.currency,
            postings=counted(lang, len(p.ranges), "posting"),
            low=money(p.low),
            high=money(p.high),
        )
        for p in picture.pay[:3]
    ] or [t(lang, "insights_no_pay")]
    skills = ", ".join(f"{name} ({n})" for name, n in picture.skills[:6])
    lines.append(
        t(lang, "insights_skills", skills=skills) if skills else t(lang, "insights_no_skills")
    )
    lines.append(
        t(
            lang,
            "insights_weeks",
            weeks=len(picture.weeks),
            counts=", ".join(str(n) for _, n in picture.weeks),
        )
    )
    text = "\n".join(lines)
    while len(text) > CAPTION_MAX and len(lines) > 1:
        lines.pop(-2)  # the weeks line is the chart's own axis; pay and skills go first
        text = "\n".join(lines)
    return text
