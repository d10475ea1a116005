"""Pay stated in free text -> :class:`Salary` (min, max, ISO 4217 currency, period).

Ranges ("$170,000 - $220,000", "$170-225K", "from $170K to $200K", "$21.00 per hour to
$28.00 per hour", "60.000 - 75.000 EUR", "150 000 руб."), with "k" suffixes and the period
stated after each amount or after the range. An amount counts when a pay word is near it or
the paragraph it sits in is about pay ("Total rewards", "Pay range"). Equity, bonuses,
stipends and funding figures are not pay. Several pay zones (one range per city or tier)
give the zone of the posting's location, else the widest. The currency comes from the
symbol or code, else from the posting's country.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from core.models import SalaryPeriod
from scrapers.normalize.pay_words import (
    CURRENCY,
    NOT_PAY_AFTER,
    NOT_PAY_BEFORE,
    PAY_SECTION,
    PAY_WORDS,
    PERIOD_AFTER,
    PERIOD_WORDS,
    ZONE_WORDS,
    period_of,
)
from scrapers.normalize.salary import Salary, currency_code, guess_period

_NUM = (
    r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?:\.\d{3})+(?:,\d{1,2})?(?!\d)"
    r"|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d,.])|\d+(?:\.\d+)?"
)
_K = r"[kK]\b|тыс\.?"
_EACH = r"(?:\s?(?:/|per|an?)\s?(?:hour|hr|year|yr|annum|month|mo|week|wk|day)\b)"
# The lookahead lets the scan skip, cheaply, every place no amount or currency can start.
_RANGE = re.compile(
    rf"(?=[\d$£€₽₹рA-Z])(?P<c1>{CURRENCY})?\s?(?P<n1>{_NUM})\s?(?P<k1>{_K})?(?!\s?%)\s?(?P<c4>{CURRENCY})?"
    rf"(?P<p1>{_EACH})?"
    rf"(?:\s*(?:-|–|—|to|and|bis|до)\s*(?P<c2>{CURRENCY})?\s?(?P<n2>{_NUM})\s?(?P<k2>{_K})?"
    rf"(?!\s?%))?[ \t]?(?P<c3>{CURRENCY})?"
)

_DIGIT = re.compile(r"\d")
# "Salary: 60,000 - 75,000": a range right after its label needs no currency sign.
_LABELLED = re.compile(
    r"(?:salary|pay|compensation|gehalt|vergütung|зарплата|оклад|з/п)"
    r"[^.\n\d]{0,15}$",
    re.I,
)


@dataclass(frozen=True)
class _Found:
    start: int
    end: int
    score: int
    salary: Salary


def parse_salary_text(
    text: str, location: str | None = None, currency: str | None = None
) -> Salary | None:
    """The pay ``text`` states, or ``None``. ``location`` picks among pay zones;
    ``currency`` (the country's) fills in when the text names none."""
    if not _DIGIT.search(text):
        return None
    sections = _Sections(text)
    found = [f for m in _RANGE.finditer(text) if (f := _candidate(text, m, sections)) is not None]
    if not found:
        return None
    best = max(found, key=lambda f: (f.score, -f.start))
    zones = _zones(text, found, best)
    if len(zones) > 1:
        best = _zone_for(text, zones, location)
    pay = best.salary
    if pay.currency is None and currency:
        pay = Salary(pay.min, pay.max, currency, pay.period)
    return pay


def _candidate(text: str, m: re.Match[str], sections: _Sections) -> _Found | None:
    cur = m["c1"] or m["c2"] or m["c3"] or m["c4"]
    before, after = text[max(0, m.start() - 120) : m.start()], text[m.end() : m.end() + 40]
    near = bool(PAY_WORDS.search(before[-80:]))
    if not (cur or near or m["n2"]):
        return None  # a bare number with no pay word is never pay, whatever the paragraph
    section = not near and sections.holds(m.start())
    if not cur and not near and not section:
        return None
    labelled = _LABELLED.search(before)
    if not cur and not (m["n2"] and (m["c3"] or labelled or section)):
        return None
    if NOT_PAY_AFTER.search(after) or NOT_PAY_BEFORE.search(before):
        return None
    k2 = m["k2"]
    first = _value(m["n1"], m["k1"] or (k2 if m["n2"] and "," not in m["n1"] else None))
    high: float | None = _value(m["n2"], k2) if m["n2"] else first
    low: float | None = first
    if not m["n2"] and re.search(r"up to\W{0,3}$", before, re.I):
        low = None  # "up to $45 per hour" states a ceiling only
    if not m["n2"] and re.search(r"start(?:s|ing) (?:at|from)\W{0,3}$", before, re.I):
        high = None  # "starting at $20 an hour" states a floor only
    top = high if high is not None else first
    if (low is not None and (low > top or low < 5)) or top > 5_000_000:
        return None
    period = _period(m, before, after, top)
    if period is None:
        return None
    if not (m["n2"] or near or section or period == "hour"):
        return None  # a lone "$100k" needs a pay word; "$25 an hour" is pay by itself
    score = 2 * near + section + (m["n2"] is not None) + (cur is not None)
    return _Found(m.start(), m.end(), score, Salary(low, high, currency_code(cur), period))


def _period(m: re.Match[str], before: str, after: str, high: float) -> SalaryPeriod | None:
    stated = PERIOD_AFTER.search(after)
    word = stated and next((g for g in stated.groups() if g), None)
    inside = re.search(
        r"(?:/|per|an?)\s?(hour|hr|year|yr|annum|month|mo|week|wk|day)\b", m.group(0), re.I
    )
    if word:
        return period_of(word)
    if inside:
        return period_of(inside[1])
    tail = before[-60:].lower()
    return next((p for w, p in PERIOD_WORDS if w in tail), None) or guess_period(high)


class _Sections:
    """Where the text's paragraphs about pay are, found in one pass: a paragraph (back to a
    blank line, at most 1,500 characters) headed or framed as pay ("Total Rewards")."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._found: list[int] | None = None  # found on first use: most texts never ask

    def holds(self, start: int) -> bool:
        """A pay heading sits in the paragraph before ``start``."""
        if self._found is None:
            self._found = [m.start() for m in PAY_SECTION.finditer(self._text.lower())]
        index = bisect.bisect_left(self._found, start) - 1
        if index < 0:
            return False
        head = self._found[index]
        return start - head <= 1500 and "\n\n" not in self._text[head:start]


def _value(number: str, k: str | None) -> float:
    """``"170,000"``, ``"60.000"``, ``"150 000"`` -> the number; ``k`` multiplies by 1000."""
    digits = re.sub(r"[ \u00a0\u202f]", "", number)
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d{1,2})?", digits):
        digits = digits.replace(".", "").replace(",", ".")  # "60.000" is sixty thousand
    value = float(digits.replace(",", ""))
    return value * 1000 if k else value


def _zones(text: str, found: Sequence[_Found], best: _Found) -> list[_Found]:
    """Ranges of the same period as ``best``, about as pay-like, each labelled by a zone,
    tier or place: "Zone A: $150k-$200k; Zone B: $135k-$180k"."""
    ranges = [
        f
        for f in found
        if f.salary.min is not None
        and f.salary.max is not None
        and f.salary.min < f.salary.max
        and f.salary.period == best.salary.period
        and f.score >= best.score - 1
    ]
    if len(ranges) < 2:
        return []
    return [f for f in ranges if ZONE_WORDS.search(_label(text, ranges, f))]


def _label(text: str, ranges: Sequence[_Found], zone: _Found) -> str:
    """The words around one zone's range, up to its neighbours: where it applies."""
    earlier = [f.end for f in ranges if f.end <= zone.start]
    later = [f.start for f in ranges if f.start >= zone.end]
    head = text[max([zone.start - 120, *earlier]) : zone.start]
    tail = text[zone.end : min([zone.end + 60, *later])]
    return head[max(head.rfind("\n"), head.rfind(";")) + 1 :] + " " + re.split(r"[;\n]", tail)[0]


def _zone_for(text: str, zones: Sequence[_Found], location: str | None) -> _Found:
    """The zone naming the posting's place, most specific part first; else the widest."""
    places = [p.strip() for p in re.split(r"[,;/|()]", location or "") if len(p.strip()) > 1]
    labels = [_label(text, zones, z) for z in zones]
    for place in places:
        flags = 0 if len(place) < 3 else re.I
        hits = [
            z
            for z, lab in zip(zones, labels, strict=True)
            if re.search(rf"\b{re.escape(place)}\b", lab, flags)
        ]
        if len(hits) == 1:
            return hits[0]
    return max(zones, key=lambda z: ((z.salary.max or 0) - (z.salary.min or 0), -z.start))
