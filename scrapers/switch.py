"""Whether a source is on: an admin's switch in PostgreSQL, else the companies file.

``sources.admin_enabled`` (migration 0002) holds an admin's ``/source NAME on|off``; it
overrides the file's ``enabled`` (or the source's ``enabled_by_default``) either way, and
NULL follows the file. The runner reads it at every run, so a switch takes effect at the
source's next scheduled run without a restart.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

import asyncpg

from scrapers.base import Source
from scrapers.companies import enabled
from scrapers.registry import SOURCES


@dataclass(frozen=True)
class Switch:
    """A source's effective on/off and who decided it."""

    on: bool
    by: Literal["admin", "file"]

    def describe(self) -> str:
        """``on (admin)`` / ``off (companies file)``."""
        who = "admin" if self.by == "admin" else "companies file"
        return f"{'on' if self.on else 'off'} ({who})"


def effective(admin: bool | None, companies: Mapping[str, Any], source: Source) -> Switch:
    """The admin's switch when set, else the companies file's (or the source's) default."""
    if admin is not None:
        return Switch(admin, "admin")
    return Switch(enabled(companies, source.name, source.enabled_by_default), "file")


async def set_admin_switch(
    db: asyncpg.Pool | asyncpg.Connection, name: str, on: bool
) -> bool | None:
    """Store an admin's switch for ``name`` (a registered source); return the previous one
    (``None``: there was none)."""
    previous = await db.fetchval(
        """WITH old AS (SELECT admin_enabled FROM sources WHERE name = $1)
           INSERT INTO sources (name, admin_enabled) VALUES ($1, $2)
           ON CONFLICT (name) DO UPDATE SET admin_enabled = EXCLUDED.admin_enabled,
                                            updated_at = now()
           RETURNING (SELECT admin_enabled FROM old)""",
        name,
        on,
    )
    return None if previous is None else bool(previous)


async def switches(
    conn: asyncpg.Pool | asyncpg.Connection, companies: Mapping[str, Any]
) -> dict[str, Switch]:
    """The effective switch of every registered source, by name."""
    rows = await conn.fetch("SELECT name, admin_enabled FROM sources")
    admin = {row["name"]: row["admin_enabled"] for row in rows}
    return {name: effective(admin.get(name), companies, source) for name, source in SOURCES.items()}
