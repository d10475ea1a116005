"""Small field normalizers: dates to UTC, employment types (canonical URLs: ``core.urls``)."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from dateutil import parser as date_parser

EMPLOYMENT = {
    "fulltime": "full_time",
    "full time": "full_time",
    "full-time": "full_time",
    "permanent": "full_time",
    "full_time": "full_time",
    "regular": "full_time",
    "parttime": "part_time",
    "part time": "part_time",
    "part-time": "part_time",
    "part_time": "part_time",
    "contract": "contract",
    "contractor": "contract",
    "freelance": "contract",
    "temporary": "temporary",
    "temp": "temporary",
    "internship": "internship",
    "intern": "internship",
    "fulltime_fixed_term": "temporary",
    "fixed term": "temporary",
    "full": "full_time",
    "part": "part_time",
    "project": "contract",
    "probation": "internship",
    "volunteer": "volunteer",
}
# Epoch numbers above this are milliseconds (1e11 s is the year 5138).
MILLIS_THRESHOLD = 100_000_000_000


def to_utc(value: object) -> datetime | None:
    """Epoch seconds or milliseconds, ISO 8601, RFC 822 or a date -> aware UTC datetime.

    Naive times are taken as UTC; unreadable values give ``None``.
    """
    if value is None or value == "" or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        seconds = value / 1000 if value > MILLIS_THRESHOLD else value
        try:
            return datetime.fromtimestamp(seconds, UTC)
        except (OverflowError, OSError, ValueError):
            return None
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, str):
        text = value.strip()
        if text.isdigit():
            return to_utc(int(text))
        moment_or_none = _parse_text(text)
        if moment_or_none is None:
            return None
        moment = moment_or_none
    else:
        return None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def _parse_text(text: str) -> datetime | None:
    if re.match(r"^[A-Z][a-z]{2}, \d", text):
        try:
            return parsedate_to_datetime(text)  # RSS pubDate
        except (TypeError, ValueError):
            pass
    try:
        return date_parser.isoparse(text)
    except ValueError:
        pass
    try:
        return date_parser.parse(text)
    except (ValueError, OverflowError):
        return None


def employment_type(value: object) -> str | None:
    """``FullTime``, ``Full Time``, ``full_time``, ``permanent`` -> ``full_time``; else ``None``."""
    if isinstance(value, list):
        for item in value:
            found = employment_type(item)
            if found:
                return found
        return None
    if not isinstance(value, str) or not value.strip():
        return None
    key = value.strip().lower()
    return (
        EMPLOYMENT.get(key)
        or EMPLOYMENT.get(key.replace("-", " "))
        or EMPLOYMENT.get(re.sub(r"(?<=[a-z])(?=time)", " ", key))
    )
