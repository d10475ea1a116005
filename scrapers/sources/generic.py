"""Generic JSONL: one ``{title, company, location, description, salary?, url?}`` per line.

For feeds an admin lists under ``[generic] feeds`` and for ``parse-payload`` on files.
``salary`` may be text ("$100k-120k"), a number, or ``{min, max, currency, period}``.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from core.models import Posting
from scrapers.base import Source, fetch_each
from scrapers.build import RawJob, as_text, make_posting
from scrapers.errors import PayloadError
from scrapers.normalize.pay import parse_salary_text
from scrapers.normalize.salary import Salary, from_fields

NAME = "generic"


def _salary(value: Any) -> Salary | None:
    if isinstance(value, dict):
        return from_fields(
            value.get("min"), value.get("max"), value.get("currency"), value.get("period")
        )
    if isinstance(value, int | float):
        return from_fields(value, value)
    if isinstance(value, str) and value.strip():
        return parse_salary_text(f"salary {value}")
    return None


def parse(payload: bytes | str, origin: str | None = None) -> list[Posting]:
    """JSONL -> Postings; a malformed line raises :class:`PayloadError` naming the line."""
    postings: list[Posting] = []
    for number, line in enumerate(as_text(payload).splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise PayloadError(NAME, f"line {number} is not JSON ({exc.msg})") from exc
        if not isinstance(row, dict) or not row.get("title"):
            raise PayloadError(NAME, f"line {number} needs an object with a `title`")
        key = "|".join(str(row.get(k) or "") for k in ("title", "company", "location", "url"))
        posting = make_posting(
            RawJob(
                NAME,
                source_id=row.get("id") or hashlib.sha1(key.encode()).hexdigest()[:16],
                url=row.get("url"),
                apply_url=row.get("apply_url"),
                title=str(row["title"]),
                company=row.get("company"),
                location=row.get("location"),
                html=row.get("description"),
                salary=_salary(row.get("salary")),
                employment=row.get("employment_type"),
                posted=row.get("posted_at"),
                tags=row.get("tags") if isinstance(row.get("tags"), list) else None,
                require_url=False,
            )
        )
        if posting:
            postings.append(posting)
    return postings


# each configured feed is itself the URL
fetch = fetch_each("{}", parse, key="feeds")


SOURCE = Source(
    NAME, parse, fetch, interval_s=6 * 3600, min_gap_s=1.0, terms="Admin-listed JSONL feeds."
)
