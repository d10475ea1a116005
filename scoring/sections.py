"""Where a resume's parts are: its section headings, and the level it says it is looking for.

A date range under "Education" is study and one under "Projects" is not a job, however the
lines around it read; only work counts towards the years of experience. A resume that names
the level it seeks ("looking for a junior role", "seeking a mid-senior position": a range) is
taken at its word: its owner knows better than an inference from titles and years.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from core.models import SENIORITY_ORDER as ORDER

# Heading words by section kind; a heading is a short line of these words alone.
_KINDS = {
    "education": r"education(?:al background)?|academic (?:background|history)|academics"
    r"|education (?:and|&) (?:training|certifications?)|образование",
    "projects": r"(?:personal |academic |selected |side |key |notable )?projects",
    "certifications": r"certifications?|licen[cs]es(?: (?:and|&) certifications)?|courses"
    r"|trainings?|курсы|сертификаты",
    "experience": r"(?:professional |work |employment |relevant |career |industry )?"
    r"(?:experience|history)|employment|work|опыт работы|опыт",
    "other": r"(?:professional )?summary|profile|objective|about me|(?:technical |core )?skills"
    r"|awards|honou?rs|publications|volunteer(?:ing| experience| work)?|interests"
    r"|languages|references|activities|achievements|навыки|о себе",
}
_HEADING = {
    kind: re.compile(rf"^\s*(?:{words})\s*:?\s*$", re.IGNORECASE) for kind, words in _KINDS.items()
}
# Date ranges in these sections are not jobs: they add no years of work.
NOT_WORK = frozenset({"education", "projects", "certifications"})


def headings(text: str) -> tuple[list[int], list[str]]:
    """The offsets of the heading lines in ``text`` and the kind of each, in order."""
    offsets: list[int] = []
    kinds: list[str] = []
    at = 0
    for line in text.split("\n"):
        if len(line) <= 40:
            kind = next((k for k, pattern in _HEADING.items() if pattern.match(line)), None)
            if kind:
                offsets.append(at)
                kinds.append(kind)
        at += len(line) + 1
    return offsets, kinds


def section_at(marks: tuple[list[int], list[str]], offset: int) -> str:
    """The kind of section ``offset`` lies in; ``""`` above the first heading."""
    offsets, kinds = marks
    index = bisect_right(offsets, offset) - 1
    return kinds[index] if index >= 0 else ""


_LEVEL_WORD = r"(?:[a-z]+(?:[- ]level)?)"
_SOUGHT = re.compile(
    r"\b(?:looking for|seeking|searching for|targeting|interested in|aiming for|open to)\s+"
    rf"(?:an?\s+|the\s+)?(?:new\s+)?(?P<low>{_LEVEL_WORD})"
    rf"(?:\s*(?:-|–|/|to|or)\s*(?P<high>{_LEVEL_WORD}))?\b"
    r"[^.\n]{0,60}?\b(?:position|role|job|opportunit(?:y|ies)|opening|internship)s?\b",
    re.IGNORECASE,
)
_SOUGHT_LEVELS = (
    ("intern", r"intern(?:ship)?"),
    ("junior", r"junior|entry|graduate|new[- ]grad|trainee|jr"),
    ("mid", r"mid|intermediate|middle"),
    ("senior", r"senior|sr"),
    ("lead", r"lead|principal|staff"),
)


def _level(words: str | None) -> str | None:
    words = (words or "").lower()
    return next(
        (
            level
            for level, pattern in _SOUGHT_LEVELS
            if re.fullmatch(rf"(?:{pattern})(?:[- ]level)?", words)
        ),
        None,
    )


def level_sought(text: str) -> tuple[str, str] | None:
    """The levels the resume says its owner is looking for, lowest and highest ("mid-senior"
    is a range: both ends are welcome), if it says any."""
    for match in _SOUGHT.finditer(text[:3000]):
        low, high = _level(match.group("low")), _level(match.group("high"))
        if low is None and match.group(0).lower().rstrip("s").endswith("internship"):
            low = "intern"
        if low is not None:
            return (low, high) if high and ORDER.index(high) > ORDER.index(low) else (low, low)
    return None
