"""Dedup signals, cheapest first, as pure functions over postings.

1. exact keys: ``id:`` (source id) and ``url:`` (canonical URL) → update in place;
2. ``ctl:`` key (normalized company + title + city) plus a MinHash text fingerprint whose
   containment is at least ``fingerprint_containment`` → same job;
3. vector neighbours with cosine ≥ ``vector_cosine`` that are plausible (same or aliased
   company; compatible title and location) → same job; under another company's name, only
   a copy of the text (``search.dedup.copies``: an agency's, not a template two employers share).
Titles are compatible when their normalized word sets are equal, or over near-identical text
at one employer when one only adds a specialism tag (``search.dedup.titles``). Texts asking for
other years of experience are one job only as a repost (``plausible``).
The defaults are calibrated by ``bench/eval_dedup.py`` (see the README for the figures).
"""

from __future__ import annotations

import base64
import hashlib
import re
import struct
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from datasketch import MinHash
from rapidfuzz import fuzz

from core.experience import years_stated
from core.models import Posting
from core.urls import url_key
from search.dedup.copies import copy_evidence, cut_from, excerpt_of
from search.dedup.titles import title_adds_tag, title_words
from search.normalize import TITLE_NOISE, city_norm, company_norm, ctl_key, fold

# Evidence of a copy that allows a cut or edited one (``copy_of``); a text that only lacks
# its employer's name allows other years, not less text; a name's shape alone neither.
STRONG_COPY = frozenset({"names_employer", "same_contact", "agency_copy", "no_company"})
_CJK = re.compile(r"([\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])")
NUM_PERM = 64
SHINGLE = 4  # words per shingle: long enough to ignore shared boilerplate words


@dataclass(frozen=True)
class DedupConfig:
    fingerprint_containment: float = 0.80
    vector_cosine: float = 0.90  # the dev sweep's pick by its rule (bench/eval_dedup.py)
    candidate_cosine: float = 0.45  # below this even an agency copy is not the same job
    title_similarity: float = 90.0  # rapidfuzz ratio of a long title word to its typo
    company_similarity: float = 90.0  # aliases: "Meta" / "Meta Platforms"
    neighbours: int = 25  # boards post many near-identical roles; the true twin may rank lower
    copy_containment: float = 0.60  # an agency's edited copy keeps at least this much text
    copy_cosine: float = 0.75  # ... and its vector stays this close (see ``copy_of``)


def exact_keys(posting: Posting) -> list[str]:
    keys = [f"id:{posting.id}"]
    url = url_key(posting.url)
    if url:
        keys.append(f"url:{url}")
    return keys


def all_keys(posting: Posting) -> list[str]:
    return [*exact_keys(posting), ctl_key(posting.company, posting.title, posting.location)]


def content_hash(posting: Posting) -> str:
    """Changes when anything a user would see changes; ignores ids and fetch details."""
    data = posting.model_dump(mode="json", exclude={"id", "source_id", "url", "apply_url"})
    return hashlib.sha1(repr(sorted(data.items())).encode()).hexdigest()[:16]


def fingerprint(text: str) -> str:
    """MinHash of word shingles plus the shingle count, as a short ASCII string."""
    # Scripts written without spaces (Chinese, Japanese) shingle by character instead.
    words = _CJK.sub(r" \1 ", fold(text)).split()
    shingles = {" ".join(words[i : i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1))}
    mh = MinHash(num_perm=NUM_PERM, seed=7)
    mh.update_batch([s.encode("utf-8") for s in shingles])
    raw = struct.pack("<I", len(shingles)) + np.asarray(mh.hashvalues, dtype="<u4").tobytes()
    return base64.b64encode(raw).decode("ascii")


# Cached: one ingest compares each new fingerprint with dozens of candidates' (arrays are
# read-only views, never written).
@lru_cache(maxsize=1 << 16)
def _unpack(fp: str) -> tuple[int, np.ndarray]:
    raw = base64.b64decode(fp)
    return int(struct.unpack("<I", raw[:4])[0]), np.frombuffer(raw[4:], dtype="<u4")


# How agencies name the employer they copy a posting from.
_CLIENT = re.compile(r"\b(?:our|my|the) client\b", re.IGNORECASE)
EMPLOYER_TOKEN = " employerref "


def posting_fingerprint(posting: Posting) -> str:
    """``fingerprint`` of the description with the employer named by one neutral token.

    An agency's copy says "our client" wherever the employer's text says its own name;
    both become the same token, so the copy's shingles match the original's.
    """
    text = posting.description or posting.title
    name = (posting.company or "").strip()
    if len(name) >= 2:
        text = re.sub(re.escape(name), EMPLOYER_TOKEN, text, flags=re.IGNORECASE)
    return fingerprint(_CLIENT.sub(EMPLOYER_TOKEN, text))


def containment(a: str, b: str) -> float:
    """Estimated share of the shorter text's shingles found in the longer one (0–1).

    Containment, not Jaccard: a board that cuts a description short still holds the
    employer's text, and Jaccard would punish it for the missing half.
    """
    size_a, mh_a = _unpack(a)
    size_b, mh_b = _unpack(b)
    if mh_a.shape != mh_b.shape:
        return 0.0
    jaccard = float(np.mean(mh_a == mh_b))  # share of equal minimums estimates Jaccard
    shared = jaccard * (size_a + size_b) / (1.0 + jaccard)
    return min(1.0, shared / max(1, min(size_a, size_b)))


def companies_alias(a: str | None, b: str | None, config: DedupConfig) -> bool:
    na, nb = company_norm(a), company_norm(b)
    if not na or not nb:
        return False
    if na == nb or na.startswith(nb + " ") or nb.startswith(na + " "):
        return True
    # Every word of one name inside the other: "Kehe Food Distributors" / "KeHE
    # Distributors", "Charter Spectrum" / "Spectrum" (short words alone prove nothing).
    wa, wb = set(na.split()), set(nb.split())
    small = min(wa, wb, key=len)
    if (wa <= wb or wb <= wa) and max(map(len, small)) >= 5:
        return True
    return fuzz.ratio(na, nb) >= config.company_similarity


def titles_compatible(a: Posting, b: Posting, config: DedupConfig) -> bool:
    """The same words in any order, once normalized (abbreviations, noise, plurals).

    A word only one title has names another job: "C#" in "ASP.NET, C# Developer", ".Net"
    in ".Net Software Developer", "Pharma" in "Scientist Manufacturing Pharma"; a near
    spelling (``title_similarity``) counts only for words of six letters or more, a typo's
    length ("Enginer"), never for a short qualifier.
    """
    wa, wb = title_words(a.title, a.location), title_words(b.title, b.location)
    if wa == wb:
        return True
    only_a, only_b = sorted(wa - wb), sorted(wb - wa)
    if len(only_a) != len(only_b) or min(map(len, only_a + only_b)) < 6:
        return False
    return all(
        fuzz.ratio(x, y) >= config.title_similarity for x, y in zip(only_a, only_b, strict=True)
    )


def posting_city(posting: Posting) -> str:
    """The city a posting names, folded; ``""`` for none. A scraped posting carries its
    gazetteer reading (``city`` is empty for "Oregon" or "United States", a state or a country,
    not a place to work in); a posting without one falls back to the location's first part."""
    if posting.city or posting.country:
        return city_norm(posting.city)
    return city_norm(posting.location)


def locations_compatible(a: Posting, b: Posting) -> bool:
    ca, cb = posting_city(a), posting_city(b)
    if a.country and b.country and a.country != b.country:
        # "Cambridge (Hybrid)" read as England beside "Cambridge, MA": one city, a guess.
        return ca == cb and (bare_city(a) or bare_city(b))
    return not ca or not cb or ca == cb or fuzz.partial_ratio(ca, cb) >= 90


def bare_city(posting: Posting) -> bool:
    """The location is a city and nothing else ("Cambridge", "Cambridge (Hybrid)"): the
    country read from it is the gazetteer's guess, not what the posting says."""
    rest = set(fold(posting.location).split()) - set(fold(posting.city).split())
    return bool(posting.city) and rest <= TITLE_NOISE


def details_conflict(a: Posting, b: Posting) -> bool:
    """Both postings ask for years of experience and not the same ones: "3+ years" and
    "8+ years" under one title are two openings (a junior and a senior one), however close
    the rest of the text is. The years are read by ``core.experience.years_stated``."""
    ya, yb = years_stated(a.description), years_stated(b.description)
    return bool(ya) and bool(yb) and ya != yb


def plausible(
    new: Posting, old: Posting, cosine: float, contain: float, config: DedupConfig
) -> tuple[str, float] | None:
    """Why ``new`` may be ``old``'s job, with the deciding score, else ``None``.

    Only compatible titles and locations qualify. Then either the same (or an aliased)
    company with a close vector or near-identical text, or, under another company's name,
    a copy of near-identical text (``copy_of``).
    """
    if not locations_compatible(new, old):
        return None
    if not titles_compatible(new, old, config):
        # A title that only adds a specialism tag, over the same text at the same employer
        # or in a copy of it (the tag moves the vector, so the copy's cosine is asked for;
        # a text that is a part of the other, cut short, moves it further).
        close = cosine >= config.copy_cosine or excerpt_of(new, old)
        same_text = contain >= config.fingerprint_containment and close
        if not same_text or not title_adds_tag(new, old):
            return None
        if companies_alias(new.company, old.company, config):
            return ("title_tag", contain)
        return ("title_tag", contain) if copy_of(new, old, cosine, contain, config) else None
    if companies_alias(new.company, old.company, config):
        if details_conflict(new, old) and not cut_from(new, old):
            # A repost that edited its requirements keeps the rest of its text; two
            # openings at other levels under one title differ further (or by title).
            edited = contain >= config.fingerprint_containment and cosine >= config.vector_cosine
            return ("repost_edited", contain) if edited else None
        if cosine >= config.vector_cosine:
            return ("vector", cosine)
        if contain >= config.fingerprint_containment:
            return ("fingerprint", contain)
        return ("cut_text", 1.0) if cut_from(new, old) else None
    return copy_of(new, old, cosine, contain, config)


def copy_of(
    new: Posting, old: Posting, cosine: float, contain: float, config: DedupConfig
) -> tuple[str, float] | None:
    """Under unrelated company names, one opening only when one text is the other's copy
    (``search.dedup.copies.copy_evidence``): generic titles ("Software Developer") sit close in
    vector space across employers, so the text itself must match. An agency edits what it
    copies (the stack, the years asked for): with strong evidence of a copy and a close
    vector, less of the text (``copy_containment``) and other years still count.
    """
    if contain < config.fingerprint_containment and cut_from(new, old):
        contain = 1.0  # a cut copy: all of the shorter text is the longer one's
    if contain < config.copy_containment:
        return None
    why = copy_evidence(new, old)
    if why is None:
        return None
    cut = contain < config.fingerprint_containment
    if cut and why not in STRONG_COPY:
        return None
    edited = cut or details_conflict(new, old)
    if edited and (why == "staffing_name" or cosine < config.copy_cosine):
        return None
    return (why, contain)
