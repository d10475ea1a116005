"""Which companies, boards and pages each source polls: a TOML file admins edit.

Each source has a table, e.g. ``[greenhouse] companies = ["airbnb", ...]``; ``[lever]``
also has ``eu_companies`` (the EU host), ``[jsonld]`` has ``pages``, ``[hh]`` has ``queries``.
A source may set ``enabled = true|false`` to override its default; an admin's switch in
PostgreSQL (``/source NAME on|off``, :mod:`scrapers.switch`) overrides both.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from core.errors import ConfigError

BUNDLED = Path(__file__).resolve().parent / "companies.toml"


def load_companies(path: Path | str | None = None) -> dict[str, Any]:
    """Read the companies file (relative paths fall back to the bundled starter list)."""
    candidate = Path(path) if path else BUNDLED
    if not candidate.exists() and not candidate.is_absolute():
        candidate = BUNDLED if candidate.name == BUNDLED.name else candidate
    try:
        with candidate.open("rb") as handle:
            data = tomllib.load(handle)
    except FileNotFoundError as exc:
        raise ConfigError(
            f"companies file {candidate} not found; set SCRAPE__COMPANIES_FILE"
        ) from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"companies file {candidate} is not valid TOML: {exc}") from exc
    for name, section in data.items():
        if not isinstance(section, dict):
            raise ConfigError(f"companies file {candidate}: [{name}] must be a table")
    return data


def enabled(companies: Mapping[str, Any], name: str, default: bool) -> bool:
    section = companies.get(name, {})
    value = section.get("enabled", default) if isinstance(section, dict) else default
    return bool(value)
