"""What text of a posting is embedded.

The choice (``bench/eval_dedup.py --compare-texts`` measures the variants): the title, then the
description's requirement-like sentences, skipping boilerplate (benefits, equal-opportunity
statements, "about us", how to apply). The company name is left out: it says nothing about
fit, and an agency's copy of a job would otherwise drift away from the employer's.
MiniLM reads 256 word pieces at most, so the text is capped near that.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from core.models import Posting

MAX_WORDS = 160
REQUIREMENT_CUES = re.compile(
    r"\b(experience|experienced|proficien\w*|knowledge|skills?|degree|bachelor|master|phd|"
    r"familiar\w*|years?|required|requirements?|must|qualifications?|ability|expertise|"
    r"responsib\w*|you will|you'll|build|develop|design|python|sql|java|cloud|ml|data)\b",
    re.IGNORECASE,
)
BOILERPLATE = re.compile(
    r"\b(equal (?:employment )?opportunity|eeo|without regard to|benefits?|401\(?k|paid time off|"
    r"pto|health insurance|dental|vision insurance|perks|about us|who we are|our mission|"
    r"privacy|apply (?:now|today)|how to apply|accommodation|disabilit\w*|veteran|e-verify|"
    r"background check|salary range|compensation)\b",
    re.IGNORECASE,
)
_SENTENCE = re.compile(r"(?<=[.!?;])\s+|\n+|\s[•·▪●◦\-*]\s")


def sentences(text: str) -> list[str]:
    return [s.strip(" -•·*\t") for s in _SENTENCE.split(text) if len(s.strip()) > 2]


def _cap(words: list[str]) -> str:
    return " ".join(words[:MAX_WORDS])


def requirements_text(posting: Posting) -> str:
    """Title, then requirement-like sentences without boilerplate (the default)."""
    parts = [posting.title]
    if posting.tags:
        parts.append(", ".join(posting.tags))
    picked = [
        s
        for s in sentences(posting.description)
        if REQUIREMENT_CUES.search(s) and not BOILERPLATE.search(s)
    ]
    if not picked:  # short or unusual descriptions: keep their start rather than nothing
        picked = [s for s in sentences(posting.description) if not BOILERPLATE.search(s)]
    return _cap(" ".join([*parts, *picked]).split())


def clean_text(posting: Posting) -> str:
    """Title, then the description in order with boilerplate sentences dropped."""
    kept = [s for s in sentences(posting.description) if not BOILERPLATE.search(s)]
    return _cap(" ".join([posting.title, *kept]).split())


def head_text(posting: Posting) -> str:
    """Title and the start of the description, as read (a baseline)."""
    return _cap(f"{posting.title}. {posting.description}".split())


def company_requirements_text(posting: Posting) -> str:
    """Title, company and requirements (a variant measured against the default)."""
    return _cap(f"{posting.title} at {posting.company or ''}. {requirements_text(posting)}".split())


def title_text(posting: Posting) -> str:
    return posting.title


TEXT_VARIANTS: dict[str, Callable[[Posting], str]] = {
    "requirements": requirements_text,
    "clean": clean_text,
    "head": head_text,
    "company+requirements": company_requirements_text,
    "title": title_text,
}
embed_text = requirements_text
