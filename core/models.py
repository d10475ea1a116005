"""The Posting contract (DESIGN.md): one job as every part of Jobbot sees it.

Unknown is ``None``, never a guess. Postings travel as JSON lines; ``model_dump_json``
and ``Posting.model_validate_json`` are the round trip.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

Remote = Literal["remote", "hybrid", "onsite", "unknown"]
Seniority = Literal["intern", "junior", "mid", "senior", "lead", "executive", "unknown"]
SalaryPeriod = Literal["year", "month", "week", "day", "hour"]

SENIORITY_ORDER: tuple[Seniority, ...] = (
    "intern",
    "junior",
    "mid",
    "senior",
    "lead",
    "executive",
)


def posting_id(source: str, source_id: str | None, url: str | None) -> str:
    """A stable id: from the source's own id when it has one, else from the canonical URL."""
    key = f"{source}:{source_id}" if source_id else f"url:{url or ''}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:20]


class Posting(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    id: str
    source: str
    source_id: str | None = None
    url: str
    apply_url: str | None = None
    title: str = Field(min_length=1)
    company: str | None = None
    location: str | None = None
    country: str | None = Field(default=None, pattern=r"^[A-Z]{2}$")
    city: str | None = None
    remote: Remote = "unknown"
    salary_min: float | None = Field(default=None, ge=0)
    salary_max: float | None = Field(default=None, ge=0)
    salary_currency: str | None = Field(default=None, pattern=r"^[A-Z]{3}$")
    salary_period: SalaryPeriod | None = None
    employment_type: str | None = None
    seniority: Seniority = "unknown"
    years_min: float | None = Field(default=None, ge=0, le=50)
    visa_sponsorship: bool | None = None
    description: str = ""
    posted_at: datetime | None = None
    tags: list[str] = Field(default_factory=list)

    @field_validator("posted_at")
    @classmethod
    def _utc(cls, value: datetime | None) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("posted_at must carry a timezone (UTC)")
        return value


def read_jsonl(path: Path) -> tuple[list[Posting], list[str]]:
    """Postings of a JSONL file and one message per line that is not a valid Posting.

    Blank lines are skipped; OSError and UnicodeDecodeError propagate when the file itself
    cannot be read.
    """
    postings: list[Posting] = []
    problems: list[str] = []
    lines = path.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            postings.append(Posting.model_validate_json(line))
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"]) or "line"
            problems.append(f"{path.name}:{number}: {where}: {first['msg']}")
    return postings, problems
