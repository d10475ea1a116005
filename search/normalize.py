"""Normalization for dedup keys: company, title and location forms (URL keys: ``core.urls``).

These are pure functions over strings; the thresholds that use them live in
:mod:`search.dedup.rules` and are calibrated by ``bench/eval_dedup.py``.
"""

from __future__ import annotations

import re
import unicodedata


def word_list(text: str, sep: str | None = None) -> list[str]:
    """Split a word-list constant (kept as one string so it reads as prose)."""
    return [w.strip() for w in text.split(sep) if w.strip()]


LEGAL_SUFFIXES = frozenset(
    word_list(
        "inc incorporated llc l.l.c ltd limited gmbh ag sa s.a corp corporation co company plc "
        "bv b.v oy ab as aps srl spa pty pvt private llp lp group holdings"
    )
)
TITLE_ABBREVIATIONS = {
    "sr": "senior",
    "snr": "senior",
    "jr": "junior",
    "jnr": "junior",
    "eng": "engineer",
    "engr": "engineer",
    "dev": "developer",
    "mgr": "manager",
    "swe": "software engineer",
    "ml": "machine learning",
    "ai": "artificial intelligence",
    "assoc": "associate",
    "sre": "site reliability engineer",
    "qa": "quality assurance",
    "pm": "product manager",
    "ii": "2",
    "iii": "3",
    "iv": "4",
    "i": "1",
    "dir": "director",
    "admin": "administrator",
}
# Words a board appends to a title that do not change the job.
TITLE_NOISE = frozenset(
    word_list(
        "remote hybrid onsite on site wfh fulltime full time permanent m f d w x "
        "all genders urgent hiring new"
    )
)
AGENCY_WORDS = re.compile(
    r"\b(recruit\w*|staffing|personnel|headhunt\w*|placements?|talent (?:partners|solutions|"
    r"acquisition)|search (?:partners|group)|executive search|manpower|resourcing|hr services)\b",
    re.IGNORECASE,
)
AGENCY_NAMES = frozenset(
    word_list(
        "robert half|hays|randstad|adecco|kforce|teksystems|michael page|insight global|aerotek|"
        "harnham|kelly services|apex systems|jobot|cybercoders|hudson|modis|experis|page personnel|"
        "huxley|nigel frank|motion recruitment|akkodis|hirequest|allegis|"
        # Job boards that publish employers' openings under their own name.
        "dice|dice com|ziprecruiter|careerbuilder|monster|simplyhired|jooble|talent com",
        "|",
    )
)
AGENCY_TEXT = re.compile(r"\b(our client|on behalf of (?:our|a) client|my client)\b", re.IGNORECASE)
_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_NON_WORD = re.compile(r"[^\w+#]+", re.UNICODE)


def fold(text: str | None) -> str:
    """Lower-case, accents removed, punctuation as single spaces."""
    text = text or ""
    if not text.isascii():  # most postings are ASCII: skip the per-character pass for them
        text = _COMBINING.sub("", unicodedata.normalize("NFKD", text))
    return _NON_WORD.sub(" ", text.casefold()).strip()


def company_norm(company: str | None) -> str:
    words = [w for w in fold(company).split() if w not in LEGAL_SUFFIXES]
    return " ".join(words)


def title_norm(title: str | None) -> str:
    words: list[str] = []
    # Bracketed words stay: "(Ray Core)" and "(SRE)" name different jobs; noise words go.
    for word in fold(title).split():
        words += TITLE_ABBREVIATIONS.get(word, word).split()
    kept = [w for w in words if w not in TITLE_NOISE]
    return " ".join(kept or words)


def city_norm(location: str | None) -> str:
    """The first part of a location string ("Berlin, Germany" → "berlin"); remote → ""."""
    first = fold((location or "").split(",")[0].split("/")[0].split(" - ")[0])
    return "" if first in {"remote", "anywhere", "worldwide", "hybrid", ""} else first


def core_title(title: str, location: str | None) -> str:
    """The title without trailing location suffixes ("Engineer, New York - New York"; a
    board may add its own to one the employer wrote), normalized."""
    stripped = True
    while stripped:
        stripped = False
        for sep in (" - ", " – ", " | ", ", "):
            head, _, tail = title.rpartition(sep)
            if head and tail and (fold(tail) in fold(location) or city_norm(tail) == ""):
                title, stripped = head, True
                break
    return title_norm(title)


def ctl_key(company: str | None, title: str | None, location: str | None) -> str:
    """Exact dedup key over normalized company, core title and city."""
    return f"ctl:{company_norm(company)}|{core_title(title or '', location)}|{city_norm(location)}"


def is_agency(company: str | None, description: str = "") -> bool:
    """Whether a posting reads as a copy of someone else's job: a recruitment agency's, or
    a job board's that publishes openings under its own name."""
    name = company_norm(company)
    if name in AGENCY_NAMES or AGENCY_WORDS.search(company or ""):
        return True
    return bool(AGENCY_TEXT.search(description[:1500]))
