"""Title words for dedup: the normalized words two titles are compared by, and whether one
title only adds a specialism tag to the other."""

from __future__ import annotations

import re
from functools import lru_cache

from core.models import Posting
from search.normalize import core_title, word_list

# One tag segment: a bracket, or what follows " - " / ", " up to the next such separator.
_TAG = re.compile(r"\s*[(\[][^)\]]*[)\]]|(?:\s+[-–|]\s+|,\s)[^,(\[]*?(?=\s+[-–|]\s+|,\s|[(\[]|$)")
# Title words (after ``title_norm``, plurals folded) that name a level or a role: a title
# adding one of them is another opening, not the same one with a specialism tag.
NOT_A_TAG = frozenset(
    w.removesuffix("s")
    for w in word_list(
        "senior junior lead principal staff head chief director manager intern internship "
        "trainee associate assistant vp vice president entry early mid career graduate "
        "apprentice fellow postdoctoral postdoc expert executive supervisor officer "
        "engineer analyst scientist developer architect consultant administrator designer "
        "specialist researcher instructor teacher technician coordinator programmer "
        "representative partner owner contract contractor part"
    )
)


@lru_cache(maxsize=1 << 16)
def title_words(title: str, location: str | None) -> frozenset[str]:
    # Plurals fold ("Developers" is one opening advertised for several people). Cached: a
    # title meets dozens of candidates per ingest.
    return frozenset(w.removesuffix("s") for w in core_title(title, location).split())


def title_adds_tag(a: Posting, b: Posting) -> bool:
    """One title is the other plus a specialism tag: "Sr. ML/Data Scientist - AI/NLP/Chatbot"
    and "Senior Data Scientist". A tag is what follows " - " or ", ", a bracket, or a slash
    alternative of a word the other title has ("ML/Data"); a word elsewhere in the title
    (".NET Developer", "Software Developer C++/C#") names another job. Tags naming a level
    ("Senior", "II") or a role ("Engineer") make another opening too; a requisition number
    ("- R12345") does not. Alone this proves nothing (a tag may be another specialism):
    ``plausible`` asks for the same text as well."""
    for long, short in ((a, b), (b, a)):
        keep = title_words(short.title, short.location)
        left = _untagged(long.title, keep)
        added = title_words(long.title, long.location) - keep
        if added and title_words(left, long.location) == keep:
            # A short number is a grade ("Data Engineer 4"); a long one a requisition id.
            return not any(w in NOT_A_TAG or (w.isdigit() and len(w) < 3) for w in added)
    return False


def _untagged(title: str, keep: frozenset[str]) -> str:
    """``title`` without the tag segments whose words ``keep`` lacks (a segment both titles
    have, "Engineer (Azure)" beside "Engineer (Azure) - R12345", stays), and each slash
    alternative cut to its parts that ``keep`` holds (when one does)."""

    def drop(match: re.Match[str]) -> str:
        return match.group(0) if title_words(match.group(0), None) <= keep else " "

    tokens = []
    for token in _TAG.sub(drop, title).split():
        parts = [p for p in token.split("/") if p and title_words(p, None) <= keep]
        tokens.append(" ".join(parts) if "/" in token and parts else token)
    return " ".join(tokens)
