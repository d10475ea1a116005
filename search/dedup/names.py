"""An employer's name in the forms a posting's text writes it, and the copy rules that read
names: one copy names the other's employer (``names_employer``), or a copy carries no name of
its own (``no_company``).

A text rarely repeats its company field letter for letter: "The Hanover Insurance Group" is
"Hanover" in its text, "Johnson & Johnson" is "Johnson and Johnson", "Pacific Northwest
National Laboratory" is "PNNL", "Agios Pharmaceuticals" is "agios.com", and a legal form the
field carries ("Inc.", "CJSC") is left out.
"""

from __future__ import annotations

import re
from functools import lru_cache

from core.models import Posting
from search.normalize import LEGAL_SUFFIXES, company_norm, fold, word_list

# Words that name no one in particular: a name made only of them is not looked for in text.
GENERIC = frozenset(
    word_list(
        "the of and a an for at in new business solution solutions technology technologies "
        "tech partners partner consulting consultants systems system software services "
        "service global international group resources associates professionals it data"
    )
)
# Legal forms the shared list does not strip (Armenian and other joint-stock companies).
MORE_SUFFIXES = frozenset(word_list("cjsc ojsc jsc ooo sarl kg nv se ltda"))
# What a board writes when it does not show the employer.
NO_NAME = frozenset(
    word_list("confidential anonymous undisclosed private employer company hiring client")
)
# How a copy writes the employer it does not name (folded).
STAND_INS = frozenset({"our client", "my client", "the client", "the company"})
SHORT = 3  # shorter initials or heads are other words ("HP" is also horsepower)


def name_words(company: str | None) -> list[str]:
    """The folded words of a name without a leading "the", "and" and its legal forms."""
    words = [w for w in company_norm(company).split() if w not in MORE_SUFFIXES]
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    return [w for w in words if w not in {"and", "&"}]


@lru_cache(maxsize=1 << 12)
def name_forms(name: str) -> frozenset[str]:
    """The folded phrases a text may write ``name`` as in any case: the name itself ("&" or
    "and" between its words, or neither), its initials and its words run together (its web
    domain, "massmutual com"). Empty for a name of generic words only."""
    words = name_words(name)
    if all(w in GENERIC or w in LEGAL_SUFFIXES or len(w) < SHORT for w in words):
        return frozenset()
    forms = {" ".join(words), " and ".join(words), "".join(words)}
    forms |= {"".join(head) for head in name_heads(name) if len(head) > 1}
    if len(words) >= SHORT:
        forms.add("".join(w[0] for w in words))
    return frozenset(f for f in forms if len(f) >= SHORT)


@lru_cache(maxsize=1 << 12)
def name_heads(name: str) -> tuple[tuple[str, ...], ...]:
    """The heads of a name that name it ("Monte Rosa" for "Monte Rosa Therapeutics"): the
    last word neither generic nor short. A head is often a plain word too ("Applied" of
    "Applied Research Laboratories"): a text names the employer by it only capitalized."""
    words = name_words(name)
    return tuple(
        tuple(words[:k])
        for k in range(1, len(words))
        if words[k - 1] not in GENERIC and len(words[k - 1]) > SHORT
    )


@lru_cache(maxsize=1 << 12)
def _capitalized(name: str) -> re.Pattern[str] | None:
    """A name's heads as a text writes a proper noun: each word capitalized."""
    heads = [
        r"[\s-]+".join(re.escape(w[0].upper()) + f"(?i:{re.escape(w[1:])})" for w in head)
        for head in name_heads(name)
    ]
    return re.compile(rf"\b(?:{'|'.join(heads)})\b") if heads else None


def own_name(company: str | None, other: str | None) -> str:
    """The words of ``company`` that ``other`` does not share, as a phrase ("" when they are
    all generic): two franchisees of one brand are told apart by what follows the brand."""
    theirs = set(name_words(other))
    words = [w for w in name_words(company) if w not in theirs]
    return " ".join(words) if name_forms(" ".join(words)) else ""


@lru_cache(maxsize=1 << 12)
def padded(text: str) -> str:
    """``text`` folded, with a space at each end (for whole-word search)."""
    return f" {fold(text)} "


@lru_cache(maxsize=1 << 12)
def unnamed(text: str, company: str | None) -> str:
    """``padded(text)`` with one token wherever it writes ``company`` in one of its forms or
    a copy's stand-in for it ("our client", "the company"): what a copy and the employer's
    own text share word for word."""
    out = padded(text)
    for form in sorted(name_forms(company or "") | STAND_INS, key=len, reverse=True):
        out = out.replace(f" {form} ", " employerref ")
    return out


def names(text: str, name: str, location: str | None) -> bool:
    """``name`` written in ``text`` in one of its forms, as whole words (not the place)."""
    if any(f" {form} " in padded(text) for form in name_forms(name) - place_words(location)):
        return True
    heads = _capitalized(name)
    return heads is not None and any(
        fold(m.group(0)) not in place_words(location) for m in heads.finditer(text)
    )


@lru_cache(maxsize=1 << 12)
def place_words(location: str | None) -> frozenset[str]:
    """The phrases of a location ("Boston" of "Boston, MA"): a name there is the place."""
    words = fold(location).split()
    return frozenset(
        " ".join(words[i:j]) for i in range(len(words)) for j in range(i + 1, len(words) + 1)
    )


def names_other(posting: Posting, other: Posting) -> bool:
    """Whether ``posting``'s text names ``other``'s employer (by what its name does not
    share with ``posting``'s)."""
    theirs = own_name(other.company, posting.company)
    return names(posting.description, theirs, posting.location)


def names_own(posting: Posting, other: Posting) -> bool:
    """Whether ``posting``'s text names its own employer (by what its name does not share
    with ``other``'s)."""
    mine = own_name(posting.company, other.company)
    return names(posting.description, mine, posting.location)


def names_employer(a: Posting, b: Posting) -> bool:
    """One text names the other posting's employer and the other text does not name the
    first's: an agency's copy keeps the name of the employer it copied."""
    return names_other(a, b) != names_other(b, a)


def no_name(posting: Posting) -> bool:
    """The posting carries no employer's name: none, or a board's word for a hidden one."""
    return set(name_words(posting.company)) <= NO_NAME


def no_company(a: Posting, b: Posting) -> bool:
    """Exactly one posting carries no employer's name: a board's copy that does not show it
    (another employer filling in a template gives its own)."""
    return no_name(a) != no_name(b)
