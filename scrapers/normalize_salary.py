"""Salaries: structured fields or free text to (min, max, ISO 4217 currency, period).

Handles ranges ("$170,000 - $220,000", "$170-225K", "from $170K to $200K"), "k" suffixes,
hourly/monthly/yearly periods, amounts in cents, hh.ru's legacy ``RUR``. Equity, bonuses,
stipends and funding figures are not pay and are skipped. Unknown stays ``None``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pycountry

from core.models import SalaryPeriod

SYMBOLS = {"$": "USD", "£": "GBP", "€": "EUR", "₽": "RUB", "₹": "INR", "¥": "JPY", "₩": "KRW",
           "zł": "PLN", "₴": "UAH", "₸": "KZT", "CHF": "CHF", "A$": "AUD", "C$": "CAD",
           "руб": "RUB", "р.": "RUB"}
# Codes retired or used informally by sources, mapped to ISO 4217.
LEGACY = {"RUR": "RUB", "BYR": "BYN", "UKR": "UAH", "NIS": "ILS"}
PERIODS: dict[str, SalaryPeriod] = {
    "year": "year", "yearly": "year", "annual": "year", "annually": "year", "annum": "year",
    "1 year": "year", "yr": "year", "y": "year", "a year": "year", "per year": "year",
    "month": "month", "monthly": "month", "1 month": "month", "mo": "month", "a month": "month",
    "week": "week", "weekly": "week", "1 week": "week", "wk": "week",
    "day": "day", "daily": "day", "1 day": "day", "an hour": "hour",
    "hour": "hour", "hourly": "hour", "1 hour": "hour", "hr": "hour", "h": "hour",
}

_CODES = "USD|EUR|GBP|CAD|AUD|NZD|CHF|SEK|NOK|DKK|PLN|INR|JPY|SGD|HKD|BRL|MXN|RUB|RUR|UAH|ILS|ZAR"
_CUR = rf"(?:A\$|C\$|US\$|[$£€₽₹]|(?:{_CODES})\b)"
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_ONE = rf"(?P<c#>{_CUR})?\s?(?P<n#>{_NUM})\s?(?P<k#>[kK]\b)?(?!\s?%)"
_FIRST, _SECOND = _ONE.replace("#", "1"), _ONE.replace("#", "2")
_RANGE = re.compile(
    _FIRST + r"(?:\s?/\s?(?:hr|hour|year|yr))?"
    + rf"(?:\s*(?:-|–|—|to|and)\s*{_SECOND})?"
    + rf"\s?(?P<c3>{_CUR})?"
)
_PAY_WORDS = re.compile(
    r"salary|pay\b|pays|compensation|wage|rate|earn|base|ote|range|stipend for|\bcomp\b",
    re.I,
)
_NOT_PAY_AFTER = re.compile(
    r"^\W{0,3}(?:\+\s?)?(?:\w+\s){0,2}(?:[mb]\b|million|billion|bonus|sign|stipend|raised"
    r"|in (?:funding|capital)|valuation|revenue|per seat|seat|arr\b|users|customers|in tips"
    r"|tips|reimburse|relocation|learning|budget|allowance|credit|match|referral|\w*-figure"
    r"|mil\b|gift|gym|wellness|commut|internet|phone|wfh)",
    re.I,
)
_NOT_PAY_BEFORE = re.compile(
    r"(?:bonus(?:es)?|stipend|raised|funding|valuation|revenue|allowance|budget|referral"
    r"|reimbursement|charging|minimums?|tips|estimated|over|more than|match(?: of)?"
    r"|pric(?:e|ing)(?: is)?|costs?|fees?)\W{0,12}(?:up to\W{0,3})?$",
    re.I,
)
_PERIOD_AFTER = re.compile(
    r"^\W{0,3}(?:usd|eur|gbp|cad)?\W{0,3}(?:base\W{0,3})?(?:per|/|an|a|each)?\s?"
    r"(hour|hr|year|yr|annum|month|week|day)\b|^\W{0,20}(annually|yearly|hourly|monthly)",
    re.I,
)


# Words before an amount that state its period, checked in this order.
_PERIOD_WORDS: tuple[tuple[str, SalaryPeriod], ...] = (
    ("hourly", "hour"), ("annual", "year"), ("yearly", "year"), ("monthly", "month"),
    ("per hour", "hour"),
)


@dataclass(frozen=True)
class Salary:
    min: float | None
    max: float | None
    currency: str | None
    period: SalaryPeriod | None


def currency_code(value: str | None) -> str | None:
    """An ISO 4217 code from a code or a symbol, e.g. ``RUR`` -> ``RUB``, ``$`` -> ``USD``."""
    if not value:
        return None
    value = value.strip()
    if value in SYMBOLS:
        return SYMBOLS[value]
    if value == "US$":
        return "USD"
    code = LEGACY.get(value.upper(), value.upper())
    return code if pycountry.currencies.get(alpha_3=code) is not None else None


def salary_period(value: str | None) -> SalaryPeriod | None:
    """``yearly``, ``1 YEAR``, ``per hour``, ``hourly``... -> the contract's period names."""
    if not value:
        return None
    key = value.strip().lower().replace("_", " ").removeprefix("per ")
    return PERIODS.get(key)


def from_fields(
    low: object, high: object, currency: str | None = None, period: str | None = None,
    *, cents: bool = False,
) -> Salary | None:
    """Structured salary fields (numbers or numeric strings); ``cents`` divides by 100."""
    lo, hi = _number(low), _number(high)
    if lo is None and hi is None:
        return None
    if cents:
        lo, hi = (None if v is None else v / 100 for v in (lo, hi))
    if lo is not None and hi is not None and lo > hi:
        lo, hi = hi, lo
    return Salary(lo, hi, currency_code(currency), salary_period(period) or _guess(lo or hi))


def _number(value: object) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return float(value) if value > 0 else None
    if isinstance(value, str):
        cleaned = value.replace(",", "").replace(" ", "").strip()
        try:
            number = float(cleaned)
        except ValueError:
            return None
        return number if number > 0 else None
    return None


def _guess(amount: float | None) -> SalaryPeriod | None:
    """Period from magnitude when nothing states it: pay under 300 is hourly, 15k+ yearly."""
    if amount is None:
        return None
    if amount < 300:
        return "hour"
    return "year" if amount >= 15_000 else None


def _value(number: str, k: str | None) -> float:
    """``"170,000"`` -> 170000.0; a ``k`` suffix multiplies by a thousand."""
    value = float(number.replace(",", ""))
    return value * 1000 if k else value


def parse_salary_text(text: str) -> Salary | None:
    """The most salary-like amount or range in ``text``, or ``None``."""
    best: tuple[int, int, Salary] | None = None
    for match in _RANGE.finditer(text):
        found = _candidate(text, match)
        if found is None:
            continue
        score, salary = found
        if best is None or score > best[0]:
            best = (score, -match.start(), salary)
    return best[2] if best else None


def _candidate(text: str, m: re.Match[str]) -> tuple[int, Salary] | None:
    cur = m["c1"] or m["c2"] or m["c3"]
    before, after = text[max(0, m.start() - 120):m.start()], text[m.end():m.end() + 40]
    keyword = bool(_PAY_WORDS.search(before[-80:]))
    if not cur and not keyword:
        return None
    labelled = re.search(r"(?:salary|pay|compensation)[^.\n\d]{0,15}$", before, re.I)
    if not cur and not (m["n2"] and (m["c3"] or labelled)):
        return None
    if _NOT_PAY_AFTER.search(after) or _NOT_PAY_BEFORE.search(before):
        return None
    k2 = m["k2"]
    first = _value(m["n1"], m["k1"] or (k2 if m["n2"] and "," not in m["n1"] else None))
    high = _value(m["n2"], k2) if m["n2"] else first
    low: float | None = first
    if not m["n2"] and re.search(r"up to\W{0,3}$", before, re.I):
        low = None  # "up to $45 per hour" states a ceiling only
    if (low is not None and (low > high or low < 5)) or high > 5_000_000:
        return None
    stated = _PERIOD_AFTER.search(after)
    inside = re.search(r"/\s?(hr|hour|year|yr)", m.group(0))
    word = (stated and (stated[1] or stated[2])) or (inside and inside[1])
    period = salary_period(word) if word else _period_before(before) or _guess(high)
    if period is None:
        return None
    score = 2 * keyword + (m["n2"] is not None) + (cur is not None)
    return score, Salary(low, high, currency_code(cur), period)


def _period_before(before: str) -> SalaryPeriod | None:
    tail = before[-60:].lower()
    return next((period for word, period in _PERIOD_WORDS if word in tail), None)
