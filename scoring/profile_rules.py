"""Deterministic profile extraction: the same text always gives the same profile.

Date ranges ("Feb. 2021 – July 2023", "2018 - Present") split the resume into job blocks;
each block's duration counts towards the skills named inside it, and the union of the jobs'
ranges is the total experience (study and projects are no jobs, :mod:`scoring.sections`).
Explicit statements ("7+ years of Python") win for a skill when they say more; for the total
they count only when no job is dated, since a summary's "over 7 years" often counts study.
"""

from __future__ import annotations

import re
from datetime import date

from core.experience import mentions
from scoring.sections import NOT_WORK, headings, section_at
from scoring.taxonomy import load_taxonomy

_MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"],
        start=1,
    )
}
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_POINT = rf"(?:{_MONTH}\s*,?\s*\d{{4}}|\d{{1,2}}/\d{{4}}|\d{{4}})"
_END = rf"(?:{_POINT}|present|current|now|today|ongoing|date)"
DATE_RANGE = re.compile(
    rf"(?P<start>{_POINT})\s*(?:-|–|—|to|until|till)\s*(?P<end>{_END})", re.IGNORECASE
)
# The words between "N years" and what they were spent on: "of professional experience in".
_LEAD = re.compile(
    r"(?:\s+of)?(?:\s+(?:professional|industry|hands-on|work|working|development|relevant))*"
    r"(?:\s+(?:experience|exp))?(?:\s+(?:in|with|using))?\s*",
    re.IGNORECASE,
)
ROLE_NOUNS = (
    "engineer|developer|programmer|architect|scientist|analyst|manager|designer|consultant|"
    "accountant|administrator|specialist|coordinator|director|officer|technician|nurse|"
    "teacher|assistant|associate|representative|recruiter|lead|intern|auditor|advisor|"
    "executive|clerk|chef|attorney|paralegal|writer|editor|marketer|strategist|"
    "bookkeeper|controller|tester|devops|sre|cashier|supervisor|instructor|trainer|owner"
)
_TITLE = re.compile(
    r"\b((?:(?:senior|sr\.?|junior|jr\.?|lead|staff|principal|chief|head|associate|"
    r"assistant|graduate|entry[- ]level)\s+)?(?:[A-Za-z/+#.&-]+\s+){0,3}"
    rf"(?:{ROLE_NOUNS}))\b(?:\s+(?:i{{1,3}}|iv|v|\d))?",
    re.IGNORECASE,
)
_LEVELS = (
    ("executive", r"\b(?:chief|cto|ceo|cfo|vp|vice president|head of|director)\b"),
    ("lead", r"\b(?:lead|principal|staff|architect|manager)\b"),
    ("senior", r"\b(?:senior|sr\.?)\b"),
    ("junior", r"\b(?:junior|jr\.?|entry[- ]level|graduate|trainee)\b"),
    ("intern", r"\b(?:intern|internship)\b"),
)
LANGUAGES = (
    "English",
    "Spanish",
    "French",
    "German",
    "Italian",
    "Portuguese",
    "Russian",
    "Ukrainian",
    "Polish",
    "Dutch",
    "Swedish",
    "Norwegian",
    "Danish",
    "Finnish",
    "Turkish",
    "Arabic",
    "Hebrew",
    "Hindi",
    "Bengali",
    "Urdu",
    "Chinese",
    "Mandarin",
    "Cantonese",
    "Japanese",
    "Korean",
    "Vietnamese",
    "Thai",
    "Indonesian",
    "Malay",
    "Greek",
    "Czech",
    "Romanian",
    "Hungarian",
    "Persian",
    "Farsi",
    "Tamil",
    "Telugu",
    "Armenian",
    "Georgian",
    "Kazakh",
)
_LANG = re.compile(r"\b(" + "|".join(LANGUAGES) + r")\b")
_DEGREES = (
    ("phd", r"\b(?:ph\.?\s?d|doctorate|doctor of philosophy)\b"),
    ("master", r"\b(?:master'?s?|m\.?sc|m\.?s\.|mba|m\.?eng|master’s)\b"),
    (
        "bachelor",
        r"\b(?:bachelor'?s?|b\.?sc|b\.?s\.|b\.?a\.|b\.?eng|b\.?tech|bachelor’s|"
        r"undergraduate degree)\b",
    ),
    ("associate", r"\b(?:associate'?s? degree|associate of)\b"),
)
_LOCATION = re.compile(
    r"\b([A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,2}, ?(?:[A-Z]{2}\b|[A-Z][a-z]+(?: [A-Z][a-z]+)?))"
)
_REMOTE = re.compile(r"\b(remote|work from home|wfh|distributed team)\b", re.IGNORECASE)
_HYBRID = re.compile(r"\bhybrid\b", re.IGNORECASE)


def _month_index(point: str, today: date, *, end: bool) -> int | None:
    point = point.strip().lower()
    if point in {"present", "current", "now", "today", "ongoing", "date"}:
        return today.year * 12 + today.month - 1
    year_match = re.search(r"\d{4}", point)
    if not year_match:
        return None
    year = int(year_match.group(0))
    if not 1950 <= year <= today.year + 1:
        return None
    slash = re.match(r"(\d{1,2})/", point)
    month = int(slash.group(1)) if slash else _MONTHS.get(point[:3], 12 if end else 1)
    return year * 12 + min(max(month, 1), 12) - 1


def job_blocks(text: str, today: date) -> list[tuple[int, int, str, int]]:
    """``(start_month, end_month, block_text, offset)`` per date range, in order of
    appearance (``offset``: where the range is written)."""
    ranges = []
    for match in DATE_RANGE.finditer(text):
        start = _month_index(match.group("start"), today, end=False)
        stop = _month_index(match.group("end"), today, end=True)
        if start is not None and stop is not None and 0 <= stop - start <= 12 * 45:
            ranges.append((start, stop, match.start(), match.end()))
    blocks = []
    for i, (start, stop, at, _end) in enumerate(ranges):
        line_start = text.rfind("\n", 0, at) + 1
        # A block runs from the line above the date (title/company) to the next date's line.
        block_from = text.rfind("\n", 0, max(0, line_start - 1)) + 1
        block_to = text.rfind("\n", 0, ranges[i + 1][2]) if i + 1 < len(ranges) else len(text)
        blocks.append((start, stop, text[block_from : max(block_to, at)], at))
    return blocks


def _union_months(spans: list[tuple[int, int]]) -> int:
    total, cursor = 0, -1
    for start, stop in sorted(spans):
        start = max(start, cursor + 1)
        if stop >= start:
            total += stop - start + 1
            cursor = stop
    return total


def experience(text: str, today: date) -> tuple[float | None, dict[str, float]]:
    """Total years of work and years per canonical skill (education ranges are skipped)."""
    taxonomy = load_taxonomy()
    marks = headings(text)
    spans: list[tuple[int, int]] = []
    per_skill: dict[str, list[tuple[int, int]]] = {}
    for start, stop, block, at in job_blocks(text, today):
        section = section_at(marks, at)
        if section == "education" or (
            _STUDY.search(block) and not _TITLE.search("\n".join(block.split("\n", 2)[:2]))
        ):
            continue
        if section not in NOT_WORK:
            spans.append((start, stop))
        for name in taxonomy.find(block):  # a project's skills count, its months are no job
            per_skill.setdefault(name, []).append((start, stop))
    total = round(_union_months(spans) / 12, 1) if spans else None
    dated = total is not None
    skill_years = {name: round(_union_months(s) / 12, 1) for name, s in per_skill.items()}
    for mention in mentions(text):  # "7+ years of Python", "over 10 years of experience"
        years = mention.low
        if years > 45:
            continue
        lead = _LEAD.match(mention.tail)
        stated = mention.tail[: lead.end() if lead else 0]
        what = mention.tail[len(stated) :].split(",")[0][:40]
        for name in taxonomy.find(what):
            skill_years[name] = max(skill_years.get(name, 0.0), years)
        if not dated and re.search(r"experience", stated + what, re.IGNORECASE):
            total = max(total or 0.0, years)
    return total, skill_years


_STUDY = re.compile(
    r"\b(?:university|college|school|bachelor|master|degree|gpa|ph\.?\s?d|"
    r"doctorate|b\.?sc|m\.?sc|diploma)\b",
    re.IGNORECASE,
)
_CONNECTIVES = {"a", "an", "the", "with", "and", "of", "for", "to", "i", "as", "in", "by"}


def titles(text: str, limit: int = 5) -> list[str]:
    """Job titles in order of appearance, from short lines (headings, not sentences)."""
    found: list[str] = []
    for line in text.splitlines()[:200]:
        if len(line) > 90 or line.startswith(("•", "-", "*", "·")):
            continue
        match = _TITLE.search(line)
        if match:
            title = re.sub(r"\s+", " ", match.group(0)).strip(" ,.-|")
            if not title[0].isupper() or _CONNECTIVES & set(title.lower().split()):
                continue
            if title.lower() not in {t.lower() for t in found} and len(title.split()) <= 6:
                found.append(title)
        if len(found) >= limit:
            break
    return found


def seniority(found_titles: list[str], years_total: float | None) -> str:
    """A level from the latest title's words, else from the years of experience (a level
    the resume says it seeks comes first: :func:`scoring.sections.level_sought`)."""
    for title in found_titles[:2]:
        for level, pattern in _LEVELS:
            if re.search(pattern, title, re.IGNORECASE):
                return "lead" if level == "lead" and "manager" in title.lower() else level
    if years_total is None:
        return "unknown"
    # Common industry bands: 5+ years is senior, 2+ mid.
    if years_total >= 5:
        return "senior"
    if years_total >= 2:
        return "mid"
    return "junior" if years_total >= 0.5 else "intern"


def education(text: str) -> str | None:
    for level, pattern in _DEGREES:
        if re.search(pattern, text, re.IGNORECASE):
            return level
    return None


def languages(text: str) -> list[str]:
    return sorted({m.group(1) for m in _LANG.finditer(text)})


def location(text: str) -> str | None:
    """The first "City, ST" / "City, Country" in the resume's header (first lines)."""
    taxonomy = load_taxonomy()
    for line in text.splitlines()[:8]:
        if DATE_RANGE.search(line) or _TITLE.search(line):
            continue
        for match in _LOCATION.finditer(line):
            if not taxonomy.find(match.group(1)):
                return match.group(1)
    return None


def remote_preference(text: str) -> str:
    head = text[:1500]
    if _REMOTE.search(head):
        return "remote"
    if _HYBRID.search(head):
        return "hybrid"
    return "any"
