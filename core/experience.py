"""Years of experience stated in free text: the one parser scrapers, dedup and scoring share.

A *mention* is a number of years (or months) as written: "5+ years", "3-5 yrs", "five
years", "at least 2 years", "10 or more years", "18 months", "от 3 до 5 лет", "Years of
experience: 5+". A *requirement* is a mention the surrounding words tie to experience ("5+
years of Python", "7+ yrs exp.", a label before it: "Experience: 5 years", "опыт работы от 3
лет"), not to age, history or a ceiling ("founded 20 years ago", "less than 2 years").

- :func:`mentions` finds every mention, in order, with the words after it;
- :func:`years_required` is the posting's headline minimum (``Posting.years_min``);
- :func:`years_stated` is every number any requirement names (dedup compares these).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Literal

WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "twelve": 12,
    "fifteen": 15,
}
# Postings ask for 0–15 years; "30 years of experience" is the employer's history.
MAX_YEARS = 20.0
# "5", "1.5", "five"; not the end of a longer number ("2015", "1,000", "2.15").
_NUM = r"((?<!\d)(?<!\d[.,])\d{1,2}(?:\.\d)?|\b(?:" + "|".join(WORDS) + r"))"
# Tails are looked at, not consumed: "10+ years in data, with 4+ years leading teams" holds
# two mentions. The leading words belong to the match so that a ceiling before them shows.
_TAIL = r"(?=(?P<tail>[^.;\n]{0,80}))"
_YEARS = re.compile(
    rf"(?:(?:minimum|min\.?|at least|over|more than|about|around)\s+(?:of\s+)?)?{_NUM}"
    rf"(?:\s*(?:\+|plus|or more|or above|and above|or greater)|\s*(?:-|–|to|or)\s*{_NUM})?"
    r"\s*\+?\s*(?:\(\w+\)\s*)?"
    rf"(?:years?|yrs?)\b(?:'|’)?{_TAIL}",
    re.IGNORECASE,
)
_MONTHS = re.compile(rf"{_NUM}(?:\s*(?:-|–|to)\s*{_NUM})?\s*\+?\s*months?\b{_TAIL}", re.IGNORECASE)
# "от 3 лет", "от 1 года до 3 лет", "не менее 2 лет", "3+ года", "более 5 лет".
_RUSSIAN = re.compile(
    r"(?:(?:от|не менее|более|свыше|минимум)\s+)?(\d{1,2}(?:[.,]5)?)"
    r"(?:\s*(?:года?|лет))?(?:\s*(?:-|–|до)\s*(\d{1,2}))?\s*\+?\s*"
    rf"(?:лет|года?)(?![а-яё]){_TAIL}",
    re.IGNORECASE,
)
_EXPERIENCE = re.compile(
    r"experience|expertise|background|industry|professional|hands-on|\bexp\b"
    r"|^\W*(?:of|in|across|as|with|within|on|doing|\w+ing)\b",
    re.IGNORECASE,
)
_FLOOR = re.compile(r"(?:minimum|min\.?|at least)\s", re.IGNORECASE)
# The experience named before the number, as a label or a phrase: "Experience: 5 years",
# "Work experience required - 3-5 yrs", "Exp. 4 years", "minimum experience 3 years".
_LABEL_BEFORE = re.compile(
    r"\b(?:experience|exp\.?)(?:\s+(?:required|needed|level|range|requirements?))?"
    r"\s*(?:[:\-–—]|\bof)?\s*$",
    re.IGNORECASE,
)
# "Years of experience: 5+", "Years of relevant experience - 3 to 5": the unit comes first.
_YEARS_LABEL = re.compile(
    rf"\byears? of (?:\w+ ){{0,2}}?experience(?:\s+required)?\s*[:\-–—]\s*{_NUM}"
    rf"(?:\s*(?:-|–|to)\s*{_NUM})?\s*\+?(?!\s*(?:\+|years?|yrs?|months?)\b){_TAIL}",
    re.IGNORECASE,
)
_MONTHS_EXPERIENCE = re.compile(r"^\W*(?:of\s+)?(?:\w+\s+){0,3}?experience", re.IGNORECASE)
_RUSSIAN_EXPERIENCE = re.compile(r"опыт", re.IGNORECASE)
_CEILING = re.compile(r"(?:less than|under|up to|до|менее)\s*$", re.IGNORECASE)
# Age, history, warranties and residence rules ("five years' continuous UK residence").
_NOT_EXPERIENCE = re.compile(
    r"^\s*(?:old|of age|ago|warranty|in business|in operation)"
    r"|^[^,]{0,30}\b(?:residen(?:ce|cy)|citizenship)\b",
    re.IGNORECASE,
)
_KEYWORDS = ("year", "yr", "month", "лет", "год")
Kind = Literal["years", "months", "russian", "label"]  # which pattern found a mention
_WINDOW = 120  # characters kept around each keyword before the patterns run


@dataclass(frozen=True)
class Mention:
    """One "N years" as written: ``low``–``high`` years (``high`` is ``None`` unless a
    range was given; months are converted, "6 months" is 0.5)."""

    low: float
    high: float | None
    requirement: bool  # the words around it tie it to experience
    tail: str  # the words after it, up to the end of the clause (at most 80 characters)


def years_required(text: str) -> float | None:
    """The first experience requirement's minimum, 0–``MAX_YEARS``: "5+ years of Python" → 5.

    The first one is the headline requirement; later ones qualify parts of it
    ("10+ years in data, 3+ years managing engineers" → 10).
    """
    return next((m.low for m in mentions(text) if m.requirement and m.low <= MAX_YEARS), None)


def years_stated(text: str) -> frozenset[float]:
    """Every number of years any experience requirement names, range ends included
    ("3-5 years of Go, 2+ years of SQL" → {2, 3, 5}); 0 < n ≤ ``MAX_YEARS``."""
    found = {
        n
        for m in mentions(text)
        if m.requirement
        for n in (m.low, m.high)
        if n is not None and 0 < n <= MAX_YEARS
    }
    return frozenset(found)


@lru_cache(maxsize=4096)
def mentions(text: str) -> tuple[Mention, ...]:
    """Every "N years" / "N months" / "N лет" in ``text``, in order of appearance.

    Cached: dedup asks about the same description once per candidate pair.
    """
    text = windows(text, _KEYWORDS, _WINDOW)
    found: list[tuple[re.Match[str], Kind]] = [(m, "years") for m in _YEARS.finditer(text)]
    found += [(m, "months") for m in _MONTHS.finditer(text)]
    found += [(m, "russian") for m in _RUSSIAN.finditer(text)]
    found += [(m, "label") for m in _YEARS_LABEL.finditer(text)]
    found.sort(key=lambda pair: pair[0].start())
    out: list[Mention] = []
    history_end = -1
    for match, kind in found:
        mention = _mention(match, kind, text)
        if mention is None:
            continue
        if match.start() < history_end:
            mention = replace(mention, requirement=False)
        if mention.low > MAX_YEARS:
            # The employer's history: "80 years of experience in data and 30 years in
            # software" asks nothing of the candidate, in either number.
            history_end = match.end() + len(mention.tail)
        out.append(mention)
    return tuple(out)


def _mention(match: re.Match[str], kind: Kind, text: str) -> Mention | None:
    low, high = _number(match.group(1)), _number(match.group(2))
    if low is None:
        return None
    tail = match["tail"]
    if kind == "months":
        low, high = low / 12, None if high is None else high / 12
        tied = bool(_MONTHS_EXPERIENCE.search(tail))  # "6 months of experience", not "of leave"
    elif kind == "label":
        tied = True  # the label itself names experience
    elif kind == "russian":
        # Russian names the experience before the number ("опыт работы от 3 лет") or after it.
        before = text[max(0, match.start() - 40) : match.start()]
        tied = bool(_RUSSIAN_EXPERIENCE.search(before) or _RUSSIAN_EXPERIENCE.search(tail[:40]))
    else:
        # Tied by the words after it, or by a floor before it: "at least 8 yrs overall".
        before = text[max(0, match.start() - 40) : match.start()]
        tied = bool(
            _EXPERIENCE.search(tail[:60])
            or _FLOOR.match(match.group(0))
            or _LABEL_BEFORE.search(before)
        )
        tied = tied and not _NOT_EXPERIENCE.search(tail)
    tied = tied and not _after_ceiling(match, text)
    return Mention(low=low, high=high, requirement=tied, tail=tail)


def _after_ceiling(match: re.Match[str], text: str) -> bool:
    """ "less than 2 years", "up to 3 years": a limit, not a requirement."""
    return bool(_CEILING.search(text[max(0, match.start() - 12) : match.start()]))


def _number(token: str | None) -> float | None:
    if token is None:
        return None
    token = token.lower().replace(",", ".")
    if token in WORDS:
        return float(WORDS[token])
    try:
        return float(token)
    except ValueError:
        return None


def windows(text: str, words: tuple[str, ...], width: int) -> str:
    """The text within ``width`` characters of each of ``words`` (lower case), joined by
    line breaks: a cheap filter before costly patterns (a line break also ends a tail)."""
    lower = text.lower()
    spans: list[tuple[int, int]] = []
    for word in words:
        start = lower.find(word)
        while start != -1:
            spans.append((max(0, start - width), start + len(word) + width))
            start = lower.find(word, start + 1)
    merged: list[list[int]] = []
    for begin, end in sorted(spans):
        if merged and begin <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([begin, end])
    return "\n".join(text[b:e] for b, e in merged)
