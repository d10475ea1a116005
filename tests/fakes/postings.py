"""A posting for tests that need one and do not care which: ``make_posting(n, **fields)``."""

from __future__ import annotations

from typing import Any

from core.models import Posting, posting_id


def make_posting(n: int, **fields: Any) -> Posting:
    """Posting number ``n`` of ``source`` (greenhouse unless given); any field may be set."""
    source = fields.pop("source", "greenhouse")
    url = fields.pop("url", f"https://boards.example.org/{source}/jobs/{n}")
    values: dict[str, Any] = {"title": f"Job {n}", "company": f"Company {n}", "description": ""}
    values.update(fields)
    return Posting(
        id=posting_id(source, str(n), url), source=source, source_id=str(n), url=url, **values
    )
