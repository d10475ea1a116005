"""A user's search preferences: the ``/prefs`` mini-language, storage shape, search filters.

Stored in ``users.preferences`` (JSONB) as :class:`Preferences`. ``/prefs`` commands:

    /prefs remote yes|hybrid|onsite|any     /prefs countries DE, NL | any
    /prefs salary 60000 | any               /prefs exclude_company Acme Corp
    /prefs exclude_keyword php              /prefs include_company Acme Corp (undo)
    /prefs include_keyword php (undo)       /prefs reset
    /prefs levels near|any                  (near: postings at most one level from yours)
    /prefs followup 7 | off                 (a reminder 7 days after applying)
"""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import BaseModel, Field, ValidationError

from core.errors import JobbotError
from search.filters import Filters

RemoteChoice = Literal["yes", "hybrid", "onsite", "any"]
LevelChoice = Literal["near", "any"]
# Which posting ``remote`` values each choice lets through.
REMOTE_VALUES: dict[str, tuple[str, ...]] = {
    "yes": ("remote",),
    "hybrid": ("remote", "hybrid"),
    "onsite": ("onsite", "hybrid"),
    "any": (),
}
MAX_EXCLUSIONS = 50
MAX_FOLLOWUP_DAYS = 60


class PrefsError(JobbotError):
    """A ``/prefs`` command that cannot be applied; the message says why."""


class Preferences(BaseModel):
    remote: RemoteChoice = "any"
    countries: list[str] = Field(default_factory=list)
    min_salary: float | None = Field(default=None, ge=0)
    exclude_companies: list[str] = Field(default_factory=list)
    exclude_keywords: list[str] = Field(default_factory=list)
    # "near" keeps postings within one level of the resume's (no intern roles for a senior);
    # "any" shows every level.
    levels: LevelChoice = "near"
    followup_days: int | None = Field(default=None, ge=1, le=MAX_FOLLOWUP_DAYS)  # delivery.followup

    @classmethod
    def load(cls, stored: dict[str, Any] | None) -> Preferences:
        """Read what is stored; anything unreadable counts as no preference at all."""
        try:
            return cls.model_validate(stored or {})
        except ValidationError:
            return cls()

    def to_filters(self) -> Filters:
        return Filters(
            remote=REMOTE_VALUES[self.remote],
            countries=tuple(self.countries),
            min_salary=self.min_salary,
            exclude_companies=tuple(self.exclude_companies),
            exclude_keywords=tuple(self.exclude_keywords),
            any_level=self.levels == "any",
        )


def _countries(value: str) -> list[str]:
    if value.lower() in ("any", ""):
        return []
    codes = [c.strip().upper() for c in re.split(r"[,\s]+", value) if c.strip()]
    bad = [c for c in codes if not re.fullmatch(r"[A-Z]{2}", c)]
    if bad:
        raise PrefsError(f"countries are two-letter codes like DE or NL, not {', '.join(bad)}")
    return sorted(set(codes))


def _salary(value: str) -> float | None:
    if value.lower() in ("any", "0", ""):
        return None
    digits = re.sub(r"[\s,_']", "", value).lower().removesuffix("k")
    if not re.fullmatch(r"\d{1,9}(\.\d+)?", digits):
        raise PrefsError(f"salary is a yearly number like 60000 or 60k, not {value!r}")
    return float(digits) * (1000 if value.lower().endswith("k") else 1)


def _followup(value: str) -> int | None:
    if value.lower() in ("off", "no", "0", ""):
        return None
    if not value.isdigit() or not 1 <= int(value) <= MAX_FOLLOWUP_DAYS:
        raise PrefsError(f"followup is a number of days from 1 to {MAX_FOLLOWUP_DAYS}, or off")
    return int(value)


def _toggle(items: list[str], value: str, add: bool) -> list[str]:
    value = " ".join(value.split())[:100]
    if not value:
        raise PrefsError("say which one, e.g. /prefs exclude_company Acme")
    kept = [i for i in items if i.casefold() != value.casefold()]
    if add:
        if len(kept) >= MAX_EXCLUSIONS:
            raise PrefsError(f"at most {MAX_EXCLUSIONS} exclusions of each kind")
        kept.append(value)
    return kept


def apply_command(prefs: Preferences, args: str) -> Preferences:
    """The preferences after one ``/prefs`` command (``args`` is what follows ``/prefs``)."""
    key, _, value = args.strip().partition(" ")
    key, value = key.lower(), value.strip()
    new = prefs.model_copy(deep=True)
    if key == "reset":
        return Preferences()
    if key == "remote":
        aliases = {"no": "onsite", "true": "yes", "false": "onsite"}
        choice = aliases.get(value.lower(), value.lower())
        if choice not in REMOTE_VALUES:
            raise PrefsError("remote is one of yes, hybrid, onsite, any")
        new.remote = choice  # type: ignore[assignment]  # checked against REMOTE_VALUES above
    elif key in ("levels", "level"):
        aliases = {"all": "any", "every": "any", "close": "near"}
        choice = aliases.get(value.lower(), value.lower())
        if choice not in ("near", "any"):
            raise PrefsError("levels is near (one level from yours at most) or any")
        new.levels = choice  # type: ignore[assignment]  # checked just above
    elif key in ("countries", "country", "location"):
        new.countries = _countries(value)
    elif key == "salary":
        new.min_salary = _salary(value)
    elif key in ("exclude_company", "include_company"):
        new.exclude_companies = _toggle(new.exclude_companies, value, key.startswith("exclude"))
    elif key in ("exclude_keyword", "include_keyword"):
        new.exclude_keywords = _toggle(new.exclude_keywords, value, key.startswith("exclude"))
    elif key in ("followup", "follow-up", "reminder"):
        new.followup_days = _followup(value)
    else:
        raise PrefsError(f"unknown setting {key!r}")
    return new
