"""The skill taxonomy: canonical skills with their synonyms, found in free text.

The list lives in ``scoring/data/skills.txt`` (canonical names follow O*NET Technology
Skills / ESCO labels). Matching is on word boundaries that treat ``+``, ``#`` and ``.`` as
part of a name, so "C++" is not "C" and "Node.js" is one skill.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "skills.txt"


@dataclass(frozen=True)
class Skill:
    name: str
    category: str
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class Taxonomy:
    skills: dict[str, Skill]
    by_alias: dict[str, str]  # lower-cased alias (or exact alias when case-sensitive) -> name
    any_case: re.Pattern[str]
    exact_case: re.Pattern[str]

    def canonical(self, name: str) -> str | None:
        """The canonical name for a skill or synonym, or None when it is not in the taxonomy."""
        key = name.strip()
        return self.by_alias.get(key.lower()) or self.by_alias.get(key)

    def find(self, text: str) -> dict[str, list[tuple[int, int]]]:
        """Canonical skill -> spans where it (or a synonym) occurs in ``text``."""
        found: dict[str, list[tuple[int, int]]] = {}
        for match in self.any_case.finditer(text):
            name = self.by_alias[match.group(1).lower()]
            found.setdefault(name, []).append(match.span(1))
        for match in self.exact_case.finditer(text):
            name = self.by_alias[match.group(1)]
            found.setdefault(name, []).append(match.span(1))
        return found

    def category(self, name: str) -> str:
        skill = self.skills.get(name)
        return skill.category if skill else "other"


def _pattern(aliases: list[str], flags: int) -> re.Pattern[str]:
    if not aliases:
        return re.compile(r"(?!x)x")
    ordered = sorted(aliases, key=len, reverse=True)
    body = "|".join(re.escape(alias) for alias in ordered)
    # A following "." only ends a name when not followed by a letter ("Node.js" vs "Python.").
    return re.compile(rf"(?<![\w+#.\-/])({body})(?![\w+#&\-/]|\.\w)", flags)


@cache
def load_taxonomy(path: Path = DATA) -> Taxonomy:
    """Parse the taxonomy file once per process."""
    skills: dict[str, Skill] = {}
    by_alias: dict[str, str] = {}
    loose: list[str] = []
    exact: list[str] = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.startswith("#"):
            continue
        name, category, alias_list = (part.strip() for part in raw.split("|"))
        aliases = [a.strip() for a in alias_list.split(",") if a.strip()]
        skills[name] = Skill(name, category, tuple(a.lstrip("=") for a in aliases))
        by_alias.setdefault(name.lower(), name)
        loose.append(name.lower())
        for alias in aliases:
            if alias.startswith("="):
                by_alias[alias[1:]] = name
                exact.append(alias[1:])
            else:
                by_alias.setdefault(alias.lower(), name)
                loose.append(alias.lower())
    # Single letters and other case-sensitive names must not also match in lower case.
    loose = [a for a in set(loose) if a not in {e.lower() for e in exact}]
    return Taxonomy(
        skills, by_alias, _pattern(loose, re.IGNORECASE), _pattern(sorted(set(exact)), 0)
    )
