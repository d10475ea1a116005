"""Whose text is it: an agency's copy of another employer's opening, or a template two
employers share.

Two postings under one title and city with near-identical text and unrelated company names
are either one opening (a staffing firm's copy; many IT staffing firms carry no agency word in
their names: "Central Business Solutions", "New York Technology Partners") or two (a
franchise's or a government's template filled in by two employers). What tells them apart is
in the text:

- a copy names the employer it copied ("Acme is seeking ..." under the agency's name), or
  reads as a staffing firm's requisition (client, duration, rate, interview-mode lines), or
  holds only a part of the other's text (a board cut it) or adds its own paragraphs to it;
- a template filled in by two employers names each its own employer and neither the other,
  or gives each its own contact lines (e-mail addresses, telephone numbers).
"""

from __future__ import annotations

import re
from functools import lru_cache

from core.models import Posting
from search.dedup.names import (
    names_employer,
    names_other,
    names_own,
    no_company,
    no_name,
    unnamed,
)
from search.normalize import is_agency

# A staffing firm's requisition: the client it recruits for, or the header fields of a
# contract role. Fields only as headers ("Duration:"), so an employer's prose does not count.
STAFFING_TEXT = re.compile(
    r"\b(?:our|my|the|end|direct|prime) client\b|\bon behalf of\b|\bone of our clients\b"
    r"|\bfor (?:a|an|our) (?:\w+ )?client\b|\bclient\s*(?::|is (?:looking|seeking|hiring|in)\b)"
    r"|(?<!position )\bduration\s*:|\b(?:pay |bill )?rate\s*:|\binterview (?:mode|type)\s*:"
    r"|\bhire type\s*:|\bvisa(?: status)?\s*:|\bcontract (?:length|duration)\s*:"
    r"|\b(?:below|following) job description\b|\bimmediate (?:need|requirement)\b"
    r"|\b\d{1,2}\s*\+?\s*(?:-\s*\d{1,2}\s*\+?\s*)?months?\s*(?:\+\s*)?(?:contract|project)\b"
    r"|\blong[- ]term contract\b|\bcontract[- ]to[- ]hire\b",
    re.IGNORECASE,
)
# The shape of an IT staffing or consulting firm's name. Alone it proves nothing (Motorola
# Solutions is an employer); it only tips a pair whose text one of them copied.
STAFFING_NAME = re.compile(
    r"\b(?:solutions?|technolog(?:y|ies)|tech|tek|partners|consult\w*|infotech|infosys|"
    r"systems|software|it services|global services|resources|associates|professionals)\b",
    re.IGNORECASE,
)
CUT_WORDS = 25  # a cut text shorter than this proves nothing
# An excerpt keeps at most this share of the other text's words (more is the whole text).
EXCERPT = 0.9
_EMAIL = re.compile(r"[\w.+-]+@([\w-]+(?:\.[\w-]+)+)")
_PHONE = re.compile(r"(?<!\d)(?:\+?1[ .-]?)?\(?(\d{3})\)?[ .-]?(\d{3})[ .-](\d{4})(?!\d)")


# Cached by text: one ingest reads a posting against several candidates.
@lru_cache(maxsize=1 << 12)
def staffing_text(description: str) -> bool:
    return bool(STAFFING_TEXT.search(description))


@lru_cache(maxsize=1 << 12)
def contacts(text: str) -> frozenset[str]:
    """E-mail addresses and telephone numbers, in one form whatever the punctuation."""
    found = {m.group(0).lower() for m in _EMAIL.finditer(text)}
    found |= {"".join(m.groups()) for m in _PHONE.finditer(text)}
    return frozenset(found)


def copy_source(posting: Posting) -> bool:
    """Whether a posting reads as someone else's opening: an agency or job board by name,
    or a staffing firm's requisition by its text."""
    return is_agency(posting.company, posting.description) or staffing_text(posting.description)


def copy_evidence(a: Posting, b: Posting) -> str | None:
    """Why ``a`` and ``b``, near-identical texts under unrelated names, are one opening, or
    ``None``: no sign of a copy, or each text is its own employer's (a shared template).

    In order: one text names the other's employer ("names_employer"); both give one contact
    ("same_contact"); one reads as an agency's copy and the other not ("agency_copy"); each
    names its own employer or gives its own contacts (``None``); one carries no employer's
    name ("no_company"); both are agencies' copies of one opening ("agency_copy"); one names
    its own employer and the other nobody ("unnamed_copy"); one text is a part of the other
    (``excerpt_of``: "excerpt"); only one name has a staffing firm's shape ("staffing_name").
    The name rules are ``search.dedup.names``'.
    """
    if names_employer(a, b):
        return "names_employer"
    contacts_a, contacts_b = contacts(a.description), contacts(b.description)
    if contacts_a & contacts_b:
        return "same_contact"
    copy_a, copy_b = copy_source(a), copy_source(b)
    if copy_a != copy_b:
        return "agency_copy"
    own_a, own_b = names_own(a, b), names_own(b, a)
    if (own_a and own_b) or (contacts_a and contacts_b):
        return None
    if no_company(a, b):
        return "no_company"
    if copy_a:
        return "agency_copy"
    if own_a != own_b:  # the employer's own text names it; a copy left the name out
        return "unnamed_copy"
    if excerpt_of(a, b):
        return "excerpt"
    shaped_a = bool(STAFFING_NAME.search(a.company or ""))
    return "staffing_name" if shaped_a != bool(STAFFING_NAME.search(b.company or "")) else None


def copy_of_other(copy: Posting, original: Posting) -> bool:
    """Whether ``copy`` is the copy and ``original`` the employer's own posting of one
    opening: only ``copy`` reads as an agency's, or only ``copy``'s text names the other's
    employer, or only ``copy`` carries no employer's name, or only ``original``'s text names
    its own."""
    if copy_source(copy) != copy_source(original):
        return copy_source(copy)
    if names_employer(copy, original):
        return names_other(copy, original)
    if no_company(copy, original):
        return no_name(copy)
    return names_own(original, copy) and not names_own(copy, original)


def cut_from(a: Posting, b: Posting) -> bool:
    """The shorter text, but for its last (maybe cut) word, is inside the longer one: a
    board cut the description. Checked on the text itself: MinHash cannot estimate the
    containment of a few dozen shingles in hundreds."""
    short, long = sorted((a, b), key=lambda p: len(p.description))
    words = unnamed(short.description, short.company).split()[:-1]
    return len(words) >= CUT_WORDS and f" {' '.join(words)} " in unnamed(
        long.description, long.company
    )


def excerpt_of(a: Posting, b: Posting) -> bool:
    """One text is a part of the other (``cut_from``), not the whole of it: a board cut the
    employer's text, or an agency added its own paragraphs around it. Two employers filling
    in one template each write the whole of it."""
    short, long = sorted((a.description, b.description), key=len)
    return cut_from(a, b) and len(short.split()) <= EXCERPT * len(long.split())
