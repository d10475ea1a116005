"""Which words of the resume show a skill: the sentence where the person says what they did
with it, not the headline or the skills list that names every skill at once.

A resume names a skill several times; each mention's sentence (wrapped lines joined) is a
candidate. Sentences that tell work ("Built a pipeline … using Kafka") beat list lines
("Databases: SQL, MongoDB") and the headline under the name; a sentence already quoted for
another skill is taken only when there is nothing else. Quotes are the resume's own words,
so the verifier confirms every one.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from functools import lru_cache

_LABEL = re.compile(r"^\s*[\w /&+#.-]{2,40}:\s")  # "Programming languages: Python, Java"
_VERB = re.compile(
    r"\b\w+(?:ed|ing)\b|\b(?:built|led|ran|wrote|made|own|use|used)\b", re.IGNORECASE
)
# A sentence ends at a full stop, a blank line, or a line break where the next line starts
# anew (a capital, a digit or a bullet) and this one does not run on (a comma, a hyphen, "and").
_END = re.compile(
    r"(?<=[.!?;])\s|\n\s*\n|(?<![,\-–&/(])(?<!\band)(?<!\bor)(?<!\bof)"
    r"(?<!\bas)(?<!\bthe)(?<!\bin)(?<!\busing)(?<!\bwith)(?<!\bfor)(?<!\bto)"
    r"\n(?=\s*[A-Z0-9•·▪●*-])"
)
_SELF = re.compile(
    r"\b(?:skilled|experienced|passion\w*|proficient|familiar|knowledge of|"
    r"seeking|variety of)\b",
    re.IGNORECASE,
)
_DONE = re.compile(
    r"^(?:\W*)(?:\w+ed|built|led|ran|wrote|made|grew|cut|won|drove|set up)\b", re.IGNORECASE
)
WIDTH = 160


@lru_cache(maxsize=64)
def _sentence_starts(text: str) -> list[int]:
    """Where each sentence of ``text`` starts, found once per text: a card quotes many
    skills of one resume and an alert round quotes one resume for many postings."""
    return [m.end() for m in _END.finditer(text)]


def sentence_around(text: str, span: tuple[int, int], width: int = WIDTH) -> str:
    """The sentence holding ``span`` (lines wrapped inside it joined), cut near ``width``."""
    starts = _sentence_starts(text)
    before = bisect_right(starts, span[0])
    start = starts[before - 1] if before else 0
    ends = _END.search(text, span[1])
    end = ends.start() + 1 if ends else len(text)
    # A list line or a heading ends at its line break even without a full stop.
    line_start = text.rfind("\n", 0, span[0]) + 1
    line_end = text.find("\n", span[1])
    line_end = len(text) if line_end == -1 else line_end
    if _LABEL.match(text[line_start:line_end]) or not _VERB.search(text[start:end]):
        start, end = max(start, line_start), min(end, line_end)
    quote = " ".join(text[start:end].split())
    if len(quote) <= width:
        return quote
    offset = len(" ".join(text[start : span[0]].split()))
    first = max(0, min(offset - width // 3, len(quote) - width))
    if first and quote[first - 1] != " ":  # start on a whole word ("ript, Mongo…" is no quote)
        space = quote.find(" ", first, offset)
        first = space + 1 if space != -1 else first
    return quote[first : first + width].strip()


def _merit(quote: str, position: int, headline_end: int) -> float:
    merit = 0.0
    if _VERB.search(quote) and not _LABEL.match(quote):
        merit += 2.0
    if len(quote.split()) >= 6:
        merit += 1.0
    if _DONE.match(quote):  # a sentence that tells what was done with the skill
        merit += 1.0
    if _SELF.search(quote):  # a summary's self-description, not evidence
        merit -= 1.5
    if quote.count(",") >= max(3, len(quote.split()) // 3):  # a list, not a sentence
        merit -= 1.5
    if position < headline_end:
        merit -= 2.0
    return merit


def best_quote(text: str, spans: Sequence[tuple[int, int]], used: set[str]) -> str:
    """The resume's best sentence about one skill, preferring one not quoted yet."""
    head = [m.end() for m in re.finditer(r"\n", text[:400])]
    headline_end = head[2] if len(head) > 2 else 0  # the name and headline lines
    candidates = [(sentence_around(text, span), span[0]) for span in spans[:12]]
    ranked = sorted(candidates, key=lambda c: (c[0] in used, -_merit(c[0], c[1], headline_end)))
    return ranked[0][0] if ranked else ""
