"""The words that make an amount pay, or not, and state its period: for scrapers.normalize.pay.

Kept apart from the parser so each list reads as a list; English first, with the German
and Russian words postings from arbeitnow and hh.ru use.
"""

from __future__ import annotations

import re

from core.models import SalaryPeriod
from scrapers.normalize.salary import salary_period

_CODES = (
    "USD|EUR|GBP|CAD|AUD|NZD|CHF|SEK|NOK|DKK|PLN|INR|JPY|SGD|HKD|BRL|MXN|RUB|RUR|UAH"
    "|ILS|ZAR|KZT|CZK|HUF|RON|TRY|AED"
)
CURRENCY = rf"(?:A\$|C\$|CA\$|US\$|[$£€₽₹]|руб\.?(?!\w)|(?:{_CODES})\b)"
# A pay word within 80 characters before the amount (whole words: "learn" is not "earn").
PAY_WORDS = re.compile(
    r"\b(?:salary|salaries|pay|pays|compensation|wages?|rates?|earn(?:ings)?|base|ote"
    r"|range|comp|remuneration|stipend for|gehalt|vergütung|зарплата|оклад|доход|з/п)\b",
    re.I,
)
# Headings and phrases that make a whole paragraph about pay (matched on lower-cased text).
PAY_SECTION = re.compile(
    r"total rewards|pay (?:range|band|scale|transparency|zone)|(?:salary|compensation|hiring"
    r"|base) range|base pay|compensation(?: and benefits| & benefits)?[ \t]*:?[ \t]*$|\bote\b",
    re.M,
)
# A range labelled as one of several zones, tiers or places.
ZONE_WORDS = re.compile(
    r"\b(?:zones?|tiers?|regions?|areas?|locations?|markets?|metro|geo\w*|cit(?:y|ies)"
    r"|states?|remote|all other|elsewhere|[A-Z][a-z]+,? [A-Z]{2}\b|New York|San Francisco"
    r"|Seattle|Los Angeles|Boston|Chicago|Austin|Denver|London|Toronto)",
)
NOT_PAY_AFTER = re.compile(
    r"^ ?[mb]\b|^\W{0,3}(?:\+\s?)?(?:\w+\s){0,2}(?:million|billion|bonus|sign|stipend|raised"
    r"|in (?:funding|capital)|valuation|revenue|per seat|seat|arr\b|users|customers|in tips"
    r"|tips|reimburse|relocation|learning|budget|allowance|credit|match|referral|\w*-figure"
    r"|mil\b|gift|gym|wellness|commut|internet|phone|wfh|(?:life )?insurance|coverage|lifetime)",
    re.I,
)
NOT_PAY_BEFORE = re.compile(
    r"(?:bonus(?:es)?|stipend|raised|funding|valuation|revenue|allowance|budget|referral"
    r"|reimbursement|charging|minimums?|tips|estimated|over|more than|match(?: of)?"
    r"|pric(?:e|ing)(?: is)?|costs?|fees?|differential)\W{0,12}(?:up to\W{0,3})?$",
    re.I,
)
PERIOD_AFTER = re.compile(
    r"^\W{0,3}(?:usd|eur|gbp|cad)?\W{0,3}(?:base\W{0,3})?(?:per|/|an|a|each)?\s?"
    r"(hour|hr|year|yr|annum|month|week|day)\b|^\W{0,20}(annually|yearly|hourly|monthly|daily)"
    r"|^\W{0,20}(?:brutto\s|netto\s|gross\s)?(jährlich|pro jahr|im jahr|monatlich|pro monat"
    r"|в месяц|в год|за месяц|/мес)",
    re.I,
)
# Words before an amount that state its period, checked in this order.
PERIOD_WORDS: tuple[tuple[str, SalaryPeriod], ...] = (
    ("hourly", "hour"),
    ("annual", "year"),
    ("yearly", "year"),
    ("monthly", "month"),
    ("per hour", "hour"),
    ("day rate", "day"),
    ("daily", "day"),
)
_LOCAL: dict[str, SalaryPeriod] = {
    "jährlich": "year",
    "pro jahr": "year",
    "im jahr": "year",
    "monatlich": "month",
    "pro monat": "month",
    "в месяц": "month",
    "за месяц": "month",
    "/мес": "month",
    "в год": "year",
    "daily": "day",
}


def period_of(word: str) -> SalaryPeriod | None:
    """The period a word names: "hr", "annually", "monatlich", "в месяц"."""
    key = word.strip().lower()
    return _LOCAL.get(key) or salary_period(key)
