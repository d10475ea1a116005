"""Salaries from structured fields: (min, max, ISO 4217 currency, period).

Numbers or numeric strings, amounts in cents, hh.ru's legacy ``RUR``, period names as
sources spell them. Pay stated in free text is :mod:`scrapers.normalize.pay`.
Unknown stays ``None``.
"""

from __future__ import annotations

from dataclasses import dataclass

import pycountry

from core.models import SalaryPeriod

SYMBOLS = {
    "$": "USD",
    "£": "GBP",
    "€": "EUR",
    "₽": "RUB",
    "₹": "INR",
    "¥": "JPY",
    "₩": "KRW",
    "zł": "PLN",
    "₴": "UAH",
    "₸": "KZT",
    "CHF": "CHF",
    "A$": "AUD",
    "C$": "CAD",
    "руб": "RUB",
    "руб.": "RUB",
    "р.": "RUB",
    "CA$": "CAD",
    "US$": "USD",
}
# Codes retired or used informally by sources, mapped to ISO 4217.
LEGACY = {"RUR": "RUB", "BYR": "BYN", "UKR": "UAH", "NIS": "ILS"}
PERIODS: dict[str, SalaryPeriod] = {
    "year": "year",
    "yearly": "year",
    "annual": "year",
    "annually": "year",
    "annum": "year",
    "1 year": "year",
    "yr": "year",
    "y": "year",
    "a year": "year",
    "per year": "year",
    "month": "month",
    "monthly": "month",
    "1 month": "month",
    "mo": "month",
    "a month": "month",
    "week": "week",
    "weekly": "week",
    "1 week": "week",
    "wk": "week",
    "day": "day",
    "daily": "day",
    "1 day": "day",
    "an hour": "hour",
    "hour": "hour",
    "hourly": "hour",
    "1 hour": "hour",
    "hr": "hour",
    "h": "hour",
}


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
    code = LEGACY.get(value.upper(), value.upper())
    return code if pycountry.currencies.get(alpha_3=code) is not None else None


def salary_period(value: str | None) -> SalaryPeriod | None:
    """``yearly``, ``1 YEAR``, ``per hour``, ``hourly``... -> the contract's period names."""
    if not value:
        return None
    key = value.strip().lower().replace("_", " ").removeprefix("per ")
    return PERIODS.get(key)


def from_fields(
    low: object,
    high: object,
    currency: str | None = None,
    period: str | None = None,
    *,
    cents: bool = False,
) -> Salary | None:
    """Structured salary fields (numbers or numeric strings); ``cents`` divides by 100."""
    lo, hi = _number(low), _number(high)
    if lo is None and hi is None:
        return None
    if cents:
        lo, hi = (None if v is None else v / 100 for v in (lo, hi))
    if lo is not None and hi is not None and lo > hi:
        lo, hi = hi, lo
    return Salary(lo, hi, currency_code(currency), salary_period(period) or guess_period(lo or hi))


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


def guess_period(amount: float | None) -> SalaryPeriod | None:
    """Period from magnitude when nothing states it: pay under 300 is hourly, 15k+ yearly."""
    if amount is None:
        return None
    if amount < 300:
        return "hour"
    return "year" if amount >= 15_000 else None
