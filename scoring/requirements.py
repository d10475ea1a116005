"""What a job asks for, read from a posting by rules: must-have and nice-to-have skills,
minimum years, degree, level and role family.

Descriptions come as plain text whose headings are often glued to the next sentence
("Requirements5+ years..."), so headings are found anywhere, not only at line starts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from core.experience import years_required
from core.models import SENIORITY_ORDER, Posting
from scoring.taxonomy import load_taxonomy

_MUST = (
    r"requirements|qualifications|what you(?:'|’)?ll need|what you need|what we(?:'|’)?re "
    r"looking for|must[- ]haves?|you have|you bring|who you are|about you|minimum "
    r"qualifications|basic qualifications|required skills|skills (?:and|&) experience|"
    r"your profile|what you bring|experience required"
)
_NICE = (
    r"nice[- ]to[- ]haves?|preferred(?: qualifications| skills)?|bonus(?: points)?|"
    r"pluses|good to have|desired skills|extra credit|it(?:'|’)?s a plus|would be a plus"
)
_OTHER = (
    r"responsibilities|what you(?:'|’)?ll do|what you will do|about us|about the "
    r"company|benefits|perks|compensation|why join|the role|about the role|who we are"
)
_HEADING = re.compile(rf"(?P<must>{_MUST})|(?P<nice>{_NICE})|(?P<other>{_OTHER})", re.IGNORECASE)
_DEGREE_REQ = (
    ("phd", re.compile(r"\bph\.?\s?d\b(?![^.]{0,40}\b(?:or|preferred|plus)\b)", re.IGNORECASE)),
    ("master", re.compile(r"\bmaster'?s? degree\b(?![^.]{0,30}\bpreferred\b)", re.IGNORECASE)),
    (
        "bachelor",
        re.compile(
            r"\b(?:bachelor'?s?|bs/ms|b\.?s\.?|undergraduate) (?:degree|in)\b", re.IGNORECASE
        ),
    ),
)
_TITLE_LEVELS = (
    ("executive", r"\b(?:chief|vp|vice president|head of|director)\b"),
    ("lead", r"\b(?:lead|principal|staff|architect|manager)\b"),
    ("senior", r"\b(?:senior|sr\.?)\b"),
    ("junior", r"\b(?:junior|jr\.?|entry[- ]level|graduate|new grad|associate)\b"),
    ("intern", r"\b(?:intern|internship)\b"),
)
FAMILIES = (
    ("sales", r"\b(?:sales|account executive|business development|sdr|bdr)\b"),
    ("teaching", r"\b(?:teacher|tutor|instructor|lecturer|professor)\b"),
    ("care", r"\b(?:nurse|nursing|caregiver|physician|therapist|medical assistant)\b"),
    ("research", r"\b(?:research|researcher|scientist|phd)\b"),
    ("ml", r"\b(?:machine learning|ml|ai|deep learning|nlp|computer vision|llms?|genai)\b"),
    ("security", r"\b(?:security|devsecops|appsec|cryptograph\w*)\b"),
    ("embedded", r"\b(?:embedded|firmware|hardware|fpga|asic|spacecraft|avionics)\b"),
    ("data", r"\b(?:data (?:engineer|analyst|scientist)|analytics|bi developer)\b"),
    ("infra", r"\b(?:devops|devsecops|sre|reliability|infrastructure|platform|cloud)\b"),
    ("frontend", r"\b(?:front[- ]?end|ui engineer|ux engineer|web developer)\b"),
    ("mobile", r"\b(?:ios|android|mobile)\b"),
    ("fullstack", r"\b(?:full[- ]?stack)\b"),
    ("backend", r"\b(?:back[- ]?end|server|api|python|java|golang|node)\b"),
    ("software", r"\b(?:software|developer|programmer|sde|swe|engineer)\b"),
    ("marketing", r"\b(?:marketing|seo|brand|copywriter|content writer)\b"),
    ("support", r"\b(?:customer support|customer service|help ?desk|call cent(?:er|re))\b"),
    ("hr", r"\b(?:recruiter|recruiting|talent acquisition|human resources|hr)\b"),
    ("legal", r"\b(?:lawyer|attorney|paralegal|counsel|legal)\b"),
    ("management", r"\b(?:manager|director|head of|product owner)\b"),
    ("finance", r"\b(?:account|accountant|finance|financial|auditor|bookkeep|controller)\b"),
)


@dataclass
class JobRequirements:
    must: list[str] = field(default_factory=list)
    nice: list[str] = field(default_factory=list)
    years_min: float | None = None
    degree: str | None = None
    seniority: str = "unknown"
    family: str = "other"
    mentions: dict[str, int] = field(default_factory=dict)  # how often the job names each skill


def core_title(title: str) -> str:
    """The title without location, team or season parts: "Engineer, Data - Berlin" → "Engineer"."""
    return re.split(r"\s+[-–—|(]\s*|,\s+|\s+/\s+", title.strip(), maxsplit=1)[0] or title


def title_level(title: str) -> str:
    for level, pattern in _TITLE_LEVELS:
        if re.search(pattern, title, re.IGNORECASE):
            return level
    return "unknown"


@lru_cache(maxsize=8192)
def family(title: str) -> str:
    for name, pattern in FAMILIES:
        if re.search(pattern, title, re.IGNORECASE):
            return name
    return "other"


def _segments(text: str) -> list[tuple[str, str]]:
    """``(kind, text)`` pieces between headings; kind is must, nice, other or intro."""
    pieces, kind, last = [], "intro", 0
    for match in _HEADING.finditer(text):
        pieces.append((kind, text[last : match.start()]))
        kind = match.lastgroup or "other"
        last = match.end()
    pieces.append((kind, text[last:]))
    return pieces


def requirements(posting: Posting) -> JobRequirements:
    """Rules over the title and description; deterministic for the same posting."""
    taxonomy = load_taxonomy()
    text = posting.description
    must: dict[str, int] = {name: 3 for name in _hard(taxonomy.find(posting.title))}
    nice: dict[str, int] = {}
    for kind, piece in _segments(text):
        # Skills named outside a "nice to have" section describe the stack the job runs on.
        target = nice if kind == "nice" else must
        for name, spans in _hard(taxonomy.find(piece)).items():
            target[name] = target.get(name, 0) + len(spans)
    nice_list = [n for n in sorted(nice, key=lambda n: -nice[n]) if n not in must]
    level = posting.seniority if posting.seniority != "unknown" else title_level(posting.title)
    return JobRequirements(
        must=sorted(must, key=lambda n: -must[n])[:12],
        nice=nice_list[:10],
        years_min=posting.years_min if posting.years_min is not None else years_required(text),
        degree=_degree(text, posting.title),
        seniority=level if level in SENIORITY_ORDER else "unknown",
        family=family(posting.title),
        mentions=nice | must,
    )


def _hard(found: dict[str, list[tuple[int, int]]]) -> dict[str, list[tuple[int, int]]]:
    """Soft skills ("communication") are in almost every posting and prove nothing."""
    taxonomy = load_taxonomy()
    return {name: spans for name, spans in found.items() if taxonomy.category(name) != "soft"}


def _degree(text: str, title: str) -> str | None:
    if re.search(r"\bph\.?\s?d\b", title, re.IGNORECASE):
        return "phd"
    for level, pattern in _DEGREE_REQ:
        if pattern.search(text):
            return level
    return None
