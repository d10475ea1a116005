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


_WORD = re.compile(r"[A-Za-z0-9]+")
_JOINERS = "_+#.-/"  # characters that continue a name on its left ("C++", "Node.js")


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


def _bounded(text: str, start: int, end: int) -> bool:
    """No name continues across ``start`` or ``end``. A following "." only ends a name when
    no letter follows it ("Node.js" vs "Python.")."""
    if start and (_is_word(text[start - 1]) or text[start - 1] in _JOINERS):
        return False
    if end == len(text):
        return True
    after = text[end]
    if _is_word(after) or after in "+#&-/":
        return False
    return not (after == "." and end + 1 < len(text) and _is_word(text[end + 1]))


def _occurrences(haystack: str, alias: str) -> list[tuple[int, int]]:
    spans, at = [], haystack.find(alias)
    while at != -1:
        end = at + len(alias)
        if _bounded(haystack, at, end):
            spans.append((at, end))
            at = haystack.find(alias, end)
        else:
            at = haystack.find(alias, at + 1)
    return spans


@dataclass(frozen=True)
class _Aliases:
    """Aliases filed under their first word: a text is only searched (by plain substring
    search) for the aliases whose first word it holds. One regex alternation of every alias
    tried each one at every position, which made reading a posting cost milliseconds."""

    by_word: dict[str, list[str]]
    fold: bool  # matched case-insensitively

    def spans(self, text: str) -> list[tuple[int, int, str]]:
        """Non-overlapping ``(start, end, alias)``, leftmost first and longest at a start:
        what one alternation of all aliases, longest first, finds."""
        folded = text.lower() if self.fold else text
        # Lower-casing a few non-ASCII letters changes the length; such a text is searched
        # letter by letter with case folding so that the offsets stay the text's own.
        found = (
            [
                (a, b, alias)
                for word in set(_WORD.findall(folded))
                for alias in self.by_word.get(word, ())
                for a, b in _occurrences(folded, alias)
            ]
            if len(folded) == len(text)
            else self._folded_spans(text)
        )
        found.sort(key=lambda hit: (hit[0], hit[0] - hit[1]))
        kept, end = [], -1
        for hit in found:
            if hit[0] >= end:
                kept.append(hit)
                end = hit[1]
        return kept

    def _folded_spans(self, text: str) -> list[tuple[int, int, str]]:
        return [
            (m.start(), m.end(), alias)
            for aliases in self.by_word.values()
            for alias in aliases
            for m in re.finditer(re.escape(alias), text, re.IGNORECASE)
            if _bounded(text, m.start(), m.end())
        ]


@dataclass(frozen=True)
class Taxonomy:
    skills: dict[str, Skill]
    by_alias: dict[str, str]  # lower-cased alias (or exact alias when case-sensitive) -> name
    any_case: _Aliases
    exact_case: _Aliases

    def canonical(self, name: str) -> str | None:
        """The canonical name for a skill or synonym, or None when it is not in the taxonomy."""
        key = name.strip()
        return self.by_alias.get(key.lower()) or self.by_alias.get(key)

    def find(self, text: str) -> dict[str, list[tuple[int, int]]]:
        """Canonical skill -> spans where it (or a synonym) occurs in ``text``."""
        found: dict[str, list[tuple[int, int]]] = {}
        for start, end, alias in self.any_case.spans(text):
            found.setdefault(self.by_alias[alias], []).append((start, end))
        for start, end, alias in self.exact_case.spans(text):
            found.setdefault(self.by_alias[alias], []).append((start, end))
        return found

    def category(self, name: str) -> str:
        skill = self.skills.get(name)
        return skill.category if skill else "other"


def _aliases(aliases: list[str], fold: bool) -> _Aliases:
    by_word: dict[str, list[str]] = {}
    for alias in aliases:
        words = _WORD.findall(alias)
        if words:
            by_word.setdefault(words[0], []).append(alias)
    return _Aliases(by_word, fold)


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
        skills, by_alias, _aliases(loose, fold=True), _aliases(sorted(set(exact)), fold=False)
    )
