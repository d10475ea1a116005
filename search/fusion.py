"""Reciprocal rank fusion and query-term selection, shared by every backend.

Elasticsearch's RRF is a paid feature and SQLite has none, so both backends rank BM25 and
kNN separately under the same filters and fuse here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from search.normalize import word_list

RRF_K = 60  # the constant from Cormack et al. (2009); damps the weight of the very top ranks
MAX_QUERY_TERMS = 48  # a resume-sized query would otherwise OR hundreds of terms
# Of those, BM25 scores the rarest few: a word in a fifth of the index adds little to the
# order and costs the most (every entry holding it is scored). Below MIN_ENTRIES entries
# shares say nothing, so every word is scored.
MAX_SCORED_TERMS = 16
COMMON_SHARE = 0.2
MIN_ENTRIES = 20

_WORD = re.compile(r"[^\W_]+(?:[+#]+|(?:\.[^\W_]+)+)?", re.UNICODE)
STOPWORDS = frozenset(
    word_list(
        "a an and are as at be been but by can do for from has have he her his i in is it its "
        "me my of on or our she so that the their them they this to was we were will with you your "
        "years year experience work working team role job"
    )
)


def rrf(rankings: Sequence[Sequence[str]], k: int) -> list[tuple[str, float]]:
    """Fuse ranked id lists: ``(id, score)`` best first, at most ``k``.

    Ties keep first-seen order.
    """
    scores: dict[str, float] = {}
    for ranking in rankings:
        for rank, doc_id in enumerate(ranking):
            scores[doc_id] = scores.get(doc_id, 0.0) + 1.0 / (RRF_K + rank + 1)
    return sorted(scores.items(), key=lambda item: -item[1])[:k]


def query_terms(text: str, limit: int = MAX_QUERY_TERMS) -> list[str]:
    """Distinct lower-cased words of ``text`` without stopwords, most repeated first."""
    counts: dict[str, int] = {}
    for word in _WORD.findall(text.casefold()):
        if len(word) > 1 and word not in STOPWORDS and not word.isdigit():
            counts[word] = counts.get(word, 0) + 1
    ranked = sorted(counts, key=lambda w: -counts[w])  # stable: first occurrence breaks ties
    return ranked[:limit]


def common_from(entries: int) -> int:
    """How many entries make a word common in an index of ``entries``: counting a word's
    entries may stop there."""
    return int(COMMON_SHARE * entries) + 1


def informative_terms(
    terms: Sequence[str], frequencies: Mapping[str, int], entries: int
) -> list[str]:
    """The words of ``terms`` BM25 scores, rarest first: those held by at least one entry
    and by at most a fifth of them, the ``MAX_SCORED_TERMS`` rarest; every word when the
    index holds ``MIN_ENTRIES`` entries or fewer. ``frequencies``: entries holding each word
    (a backend's own count, which may stop at :func:`common_from`)."""
    if entries <= MIN_ENTRIES:
        return list(terms)
    kept = [t for t in terms if 1 <= frequencies.get(t, 0) < common_from(entries)]
    return sorted(kept, key=lambda t: frequencies[t])[:MAX_SCORED_TERMS]
