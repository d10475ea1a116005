"""What the rule grader reads of a resume, found once when the resume is stored.

Grading a resume against a job needs the resume's skill mentions (with a verbatim line for
each, the rubric's evidence), the role families of its titles and how its skills spread
over the taxonomy's areas. Finding the mentions is a pass of the taxonomy's patterns over
the whole text, the slow part of a grade; an alert round grades one resume against many
postings and many resumes every round, so the facts are computed when the resume is stored
(``resumes.facts``) and read with it. ``FACTS_VERSION`` names the recipe: facts of another
version (or none, for a resume stored before) are computed again and written back.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Any

from scoring.profile import Profile
from scoring.requirements import family
from scoring.taxonomy import load_taxonomy

FACTS_VERSION = "facts-v1"
_WIDTH = 160  # characters of an evidence line
# At every word start (overlapping: "node.js" also starts "js"), the letters and ``+#.``
# that follow: what a title word can be a prefix of.
_WORD_STARTS = re.compile(r"\b(?=([a-z][a-z+#.]*))")


def evidence_line(text: str, span: tuple[int, int], width: int = _WIDTH) -> str:
    """The resume line around ``span``, cut to ``width`` characters (a verbatim quote)."""
    start = text.rfind("\n", 0, span[0]) + 1
    end = text.find("\n", span[1])
    end = len(text) if end == -1 else end
    if end - start > width:
        start = max(start, span[0] - width // 2)
        end = min(end, start + width)
    return text[start:end].strip()


def word_starts(lower: str) -> tuple[str, ...]:
    """What follows each word start of the lower-cased ``lower``, sorted and distinct."""
    return tuple(sorted(set(_WORD_STARTS.findall(lower))))


@dataclass(frozen=True)
class ResumeFacts:
    """``skills``: canonical skill → (mentions, the first mention's line), in the order the
    taxonomy finds them (the grader's "related skill" is the first of an area);
    ``families``: the role family of each profile title (``("other",)`` without titles);
    ``words``: what follows each word start of the lower-cased text, sorted and distinct
    (:meth:`has_word_start`)."""

    skills: dict[str, tuple[int, str]]
    families: tuple[str, ...]
    words: tuple[str, ...]
    # Derived in memory, never stored: mentions per taxonomy area and their norm, and the
    # first skill found in each area.
    areas: dict[str, float] = field(init=False, repr=False, compare=False)
    areas_norm: float = field(init=False, repr=False, compare=False)
    first_in_area: dict[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        taxonomy = load_taxonomy()
        areas: dict[str, float] = {}
        first: dict[str, str] = {}
        for name, (count, _) in self.skills.items():
            area = taxonomy.category(name)
            areas[area] = areas.get(area, 0.0) + count
            first.setdefault(area, name)
        object.__setattr__(self, "areas", areas)
        object.__setattr__(self, "areas_norm", math.sqrt(sum(v * v for v in areas.values())))
        object.__setattr__(self, "first_in_area", first)

    def has_word_start(self, word: str) -> bool:
        """Whether the lower-cased text matches ``\\b`` + ``word`` (a word of letters and
        ``+#.``, lower-case, first a letter): some word start is followed by it."""
        i = bisect_left(self.words, word)
        return i < len(self.words) and self.words[i].startswith(word)

    @classmethod
    def of(cls, text: str, profile: Profile) -> ResumeFacts:
        found = load_taxonomy().find(text)
        return cls(
            {name: (len(spans), evidence_line(text, spans[0])) for name, spans in found.items()},
            tuple(family(t) for t in profile.titles) or ("other",),
            word_starts(text.lower()),
        )

    def to_json(self) -> dict[str, Any]:
        # A list, not an object: jsonb does not keep the order of an object's keys.
        return {
            "version": FACTS_VERSION,
            "families": list(self.families),
            "skills": [[name, count, line] for name, (count, line) in self.skills.items()],
            "words": list(self.words),
        }

    @classmethod
    def from_json(cls, data: Any) -> ResumeFacts | None:
        """The stored facts, or ``None`` when absent, of another version or malformed."""
        if not isinstance(data, dict) or data.get("version") != FACTS_VERSION:
            return None
        try:
            return cls(
                {str(n): (int(c), str(line)) for n, c, line in data["skills"]},
                tuple(str(f) for f in data["families"]),
                tuple(str(w) for w in data["words"]),
            )
        except (KeyError, TypeError, ValueError):
            return None
