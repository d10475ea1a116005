"""Seniority from titles and visa sponsorship from text.

Titles decide seniority; the description is consulted only for internships and
explicit "entry level" wording. Unknown stays ``"unknown"`` / ``None``. Minimum years of
experience are ``core.experience.years_required`` (the one parser dedup and scoring use too).
"""

from __future__ import annotations

import re

from core.experience import windows
from core.models import Seniority

_PATTERNS: tuple[tuple[Seniority, str], ...] = (
    (
        "intern",
        r"\bintern(ship)?s?\b|\btrainee\b|\bwerkstudent|\bpraktikant|\bстаж[её]р|"
        r"\bapprentice(ship)?\b|\bco-?op\b|\bworking student\b|\bv\.i\.e\b|"
        r"\bstudent\b(?! (?:recruit|success|engagement|services|affairs))",
    ),
    (
        "executive",
        r"\bchief\b|\bc[etofi]o\b|\bvp\b|\bvice[- ]president\b|\bdirector\b|"
        r"\bhead of\b|^president\b|\bдиректор",
    ),
    ("senior", r"\bsenior\b|\bsr\b\.?(?!\s*analyst)|\bsnr\b|\bведущий|\bстарший|\bсеньор"),
    (
        "lead",
        r"\blead\b|\bleader\b|\bstaff\b(?! assistant)|\bprincipal\b|\bprinc\b|"
        r"\btimlid|\bтимлид|\bруководител|\bteam ?lead|\btl\b|\bdistinguished\b|"
        r"(?<!program )(?<!project )(?<!account )(?<!case )(?<!relationship )"
        r"(?<!development )(?<!change )(?<!treasury )(?<!travel )"
        r"(?<!product )\bmanager\b|\bmgr\b",
    ),
    (
        "junior",
        r"\bjunior\b|\bjr\b\.?|\bentry[- ]level\b|\bgraduate\b|\bnew grad\b|"
        r"\bassociate\b(?! (?:director|professor|vice|general|partner|principal))|"
        r"\bмладший|\bджун",
    ),
    (
        "mid",
        r"\bmid[- ]?(level)?\b|\bintermediate\b|\bmiddle\b|\bмидл|"
        r"\b(?:program|project|product) manager\b",
    ),
)
_LEVELS = tuple((level, re.compile(pattern, re.I)) for level, pattern in _PATTERNS)
# Grade suffixes: "Analyst I", "Engineer II", "Technician 3", "Consultant L1", also before a
# dash and a word ("Paralegal I-Regulatory", "Coordinator I- Access"), not "SE&I" or "I-95".
_AFTER = r"(?![/\w.]|-(?!\s|[A-Z][a-z]))"
_GRADES: tuple[tuple[Seniority, re.Pattern[str]], ...] = (
    ("senior", re.compile(rf"(?<![/.\d&])\b(?:III|IV|V|L[3-5]|[345])\b{_AFTER}")),
    ("mid", re.compile(rf"(?<![/.\d&])\b(?:II|L2|2)\b{_AFTER}")),
    ("junior", re.compile(rf"(?<![/.\d&])\b(?:I|L1|1)\b{_AFTER}")),
)
# A list of grades ("Assistant I/II/III", "Engineer I-III") is open from the lowest.
_GRADE_LIST = re.compile(r"\b(I{1,3}|IV|[1-4])\s?[/-]\s?(?:I{1,3}|IV|V|[2-5])\b(?:/\w+)*")
_GRADE_NAMES: dict[str, Seniority] = {"I": "junior", "1": "junior", "II": "mid", "2": "mid"}
# "Executive Assistant to the Chief Operating Officer": the role assists, it is not the chief.
_ASSISTS = re.compile(
    r"\s+to\s+(?:the\s+)?(?:chief|ceo|cfo|coo|cto|c[a-z]o|vp|svp|evp|vice"
    r"|president|director|head|founder|partner|dean|general counsel)\b.*$",
    re.I,
)
# Source vocabularies for a seniority field (SmartRecruiters, Himalayas, Jobicy, hh.ru).
HINTS: dict[str, Seniority] = {
    "internship": "intern",
    "intern": "intern",
    "entry_level": "junior",
    "entry level": "junior",
    "entry": "junior",
    "junior": "junior",
    "associate": "junior",
    "nocturnal": "unknown",
    "mid_senior_level": "senior",
    "mid-senior level": "senior",
    "mid-level": "mid",
    "mid": "mid",
    "midweight": "mid",
    "senior": "senior",
    "director": "executive",
    "executive": "executive",
    "manager": "lead",
    "lead": "lead",
    "noexperience": "junior",
    "between1and3": "junior",
    "between3and6": "mid",
    "morethan6": "senior",
}
_VISA_NO = re.compile(
    r"(?:not|n't|unable to|cannot|will not|do not|does not|no longer|are not able to)"
    r"\s+(?:currently\s+|be\s+)?(?:able to\s+)?(?:offer\w*\s+|provid\w*\s+|support\w*\s+)?"
    r"(?:new\s+)?(?:h-?1b\s+)?(?:visa\s+|immigration\s+|employment\s+)?sponsor"
    r"|no (?:relocation or |relocation and )?(?:visa )?sponsorship"
    r"|(?:relocation and |relocation or )?(?:visa )?sponsorship (?:is |are )?not "
    r"(?:available|offered)"
    r"|sponsorship are not available"
    r"|without (?:the need for |requiring |requiring (?:current or future )?)?(?:employer |visa |"
    r"immigration |company )?sponsorship|no (?:visa |immigration )?sponsorship"
    r"|sponsorship (?:is|will) not (?:be )?(?:available|provided|offered)"
    r"|not (?:eligible|available) for (?:visa |immigration |employment |work )?sponsorship"
    r"|requir\w+ (?:visa )?sponsorship (?:now or in the future )?(?:will|are|is) not"
    r"|sponsorship\W{1,3}(?:no\b|none\b|not (?:available|offered|provided)|unavailable|n/a)",
    re.I,
)
_VISA_YES = re.compile(
    r"(?:visa|immigration|h-?1b)\s+sponsorship\s+(?:is\s+|will be\s+)?(?:available|provided|"
    r"offered|possible|support)|(?:we|will|can|do|happy to)\s+(?:offer\s+|provide\s+)?sponsor"
    r"(?!ship)\w*\s+(?:visas?|work permits?|h-?1b)|offer(?:s|ing)?\s+(?:visa|relocation and visa)"
    r"\s+(?:sponsorship|support)|visa support|(?<!no )sponsorship available|will sponsor"
    r"|^\W*visa sponsorship for (?:highly )?qualified|(?:-|•)\s*visa sponsorship for"
    r"|(?:able|happy|open) to (?:explore|consider|offer) (?:visa )?sponsorship"
    r"|sponsorship\W{1,3}(?:yes|available|provided|offered)\b"
    r"|(?:offer|provide|support)(?:s|ing)?\s+(?:visa|immigration|h-?1b|work permit)\s+sponsorship"
    r"|eligible for (?:visa |immigration |h-?1b )?sponsorship"
    r"|(?:open|able|happy|willing) to sponsor(?:ing)?\b"
    r"|(?:we|will|can|do)\s+sponsor\s+(?:an?\s+)?(?:[\w-]+\s+){0,2}(?:visas?|work permits?)",
    re.I,
)


def seniority(title: str, text: str = "", hint: str | None = None) -> Seniority:
    """Seniority from the title; else the source's own level field (``hint``), else
    explicit "entry level" wording in the text."""
    found = _from_title(title)
    if found != "unknown" or not hint:
        return found if found != "unknown" else _from_text(text)
    mapped = HINTS.get(hint.strip().lower(), "unknown")
    return mapped if mapped != "unknown" else _from_text(text)


def _from_text(text: str) -> Seniority:
    if re.search(r"\bentry[- ]level (?:role|position)\b", text[:3000], re.I):
        return "junior"
    return "unknown"


def _from_title(title: str) -> Seniority:
    title = _ASSISTS.sub("", title)
    for level, pattern in _LEVELS[:3]:  # intern, executive, senior
        if pattern.search(title):
            return level
    grades = _GRADE_LIST.search(title)
    if grades:
        return _GRADE_NAMES.get(grades[1], "senior")
    return _by_grade_or_role(title)


def _by_grade_or_role(title: str) -> Seniority:
    for level, pattern in _GRADES:  # a grade outranks the role word: "Branch Manager I"
        if pattern.search(title):
            return level
    for level, pattern in _LEVELS[3:]:
        if pattern.search(title):
            return level
    return "unknown"


def visa_sponsorship(text: str) -> bool | None:
    """True/False only when the text states it; a refusal outweighs an offer."""
    text = windows(text, ("sponsor", "visa", "h-1b", "h1b"), 200)
    if not text:
        return None
    if _VISA_NO.search(text):
        return False
    if _VISA_YES.search(text):
        return True
    return None
