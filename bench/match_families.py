"""Title families and levels for the match benchmark, read from titles and posting metadata
only (never from Jobbot's scorers), so the pools are blind to the system they will grade."""

from __future__ import annotations

import re

from core.models import Posting

# First match wins: the specific families come before the broad "software".
FAMILIES: list[tuple[str, str]] = [
    (
        "product_project",
        r"product manager|program manager|project manager|scrum|\bpmo\b|"
        r"chief of staff",
    ),
    (
        "sales",
        r"sales|account executive|account manager|business development|"
        r"market developer|pre-seller|\bgtm\b|продаж",
    ),
    (
        "support",
        r"(?<!for )customer (support|success|service)|support specialist|"
        r"call.?(center|центр)|оператор",
    ),
    (
        "marketing",
        r"marketing|brand|content|public relations|communications|redaktion|"
        r"social media",
    ),
    ("hr", r"^hr\b|\bhr (manager|business|generalist|specialist)|recruit|talent|human resources"),
    ("education", r"teacher|tutor|coach|instructor|lecturer"),
    (
        "finance",
        r"accountant|accounting|audit|financ|equity research|banking|controller|"
        r"\btax\b|billing",
    ),
    ("qa", r"\bqa\b|\btest|quality assurance|sdet|тестиров"),
    (
        "data_science",
        r"data scien|machine learning|\bml\b|\bai\b|deep learning|"
        r"computer vision|\bnlp\b|scientist|\bllm\b|modeler",
    ),
    (
        "data_engineering",
        r"data engineer|\betl\b|hadoop|big data|database|\bdba\b|\bsql\b|"
        r"data architect|informatica|crystal reports|data warehouse",
    ),
    ("data_analysis", r"analyst|analytics|business intelligence|\bbi\b|reporting"),
    (
        "devops",
        r"devops|site reliability|\bsre\b|infrastructure|platform|cloud|"
        r"administrator|network|security",
    ),
    ("frontend_web", r"\bweb\b|front.?end|html|flash|javascript|\bui\b"),
    ("design", r"design|\bux\b|graphic|illustrat"),
    (
        "software",
        r"develop|software|engineer|programmer|back.?end|full.?stack|architect|"
        r"technical staff",
    ),
]
TECH = {
    "software",
    "frontend_web",
    "qa",
    "devops",
    "data_science",
    "data_engineering",
    "data_analysis",
    "it_support",
}
ADJACENT: dict[str, list[str]] = {
    "software": ["frontend_web", "devops", "qa", "data_engineering"],
    "frontend_web": ["software", "design", "qa"],
    "qa": ["software", "devops"],
    "devops": ["software", "data_engineering", "qa"],
    "data_science": ["data_analysis", "data_engineering", "software"],
    "data_analysis": ["data_science", "data_engineering", "finance", "product_project"],
    "data_engineering": ["data_science", "data_analysis", "software"],
    "product_project": ["data_analysis", "software", "sales"],
    "design": ["frontend_web", "marketing", "product_project"],
    "sales": ["marketing", "support", "product_project"],
    "marketing": ["sales", "design", "support"],
    "hr": ["support", "product_project", "education"],
    "finance": ["data_analysis", "sales", "product_project"],
    "education": ["hr", "marketing", "support"],
    "support": ["sales", "qa", "other"],
    "it_support": ["devops", "support", "software"],
}
# Occupations the postings hardly have: their pools borrow from these families.
BROAD = ["support", "sales", "other", "product_project", "marketing", "hr"]

LEVELS: list[tuple[str, str]] = [
    ("intern", r"intern|trainee|praktikant|student|practicante"),
    ("junior", r"junior|\bjr\b|entry|graduate|\b(i|1)$"),
    ("executive", r"\bhead\b|director|\bvp\b|vice president|chief"),
    ("lead", r"lead|principal|staff|architect|team leader|manager"),
    ("senior", r"senior|\bsr\b|advanced|\b(iii|3)$"),
]
STACKS = r"\.net|c#|c\+\+|java(?!script)|php|python|javascript|ruby|perl|visual basic|sql|flash|asp"


def family(title: str) -> str:
    low = title.lower()
    return next((name for name, rx in FAMILIES if re.search(rx, low)), "other")


def level(posting: Posting) -> str:
    if posting.seniority != "unknown":
        return posting.seniority
    low = posting.title.lower()
    return next((name for name, rx in LEVELS if re.search(rx, low)), "mid")


def stack(posting: Posting) -> str:
    found = re.search(STACKS, posting.title.lower())
    return found.group(0) if found else "-"


def facet(posting: Posting) -> tuple[str, str, str]:
    """What a fine-grained pool spreads over: level, stack named in the title, and the
    remote mode or the place (country, else the location's first word)."""
    where = (
        posting.remote
        if posting.remote != "unknown"
        else (posting.country or (posting.location or "-").split(",")[0].strip())
    )
    return level(posting), stack(posting), where
