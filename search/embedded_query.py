"""Ranking helpers of the embedded backend: FTS5 BM25 under a slot mask, and top-k by cosine."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

import numpy as np

from search.columns import Columns
from search.fusion import MIN_ENTRIES, common_from, informative_terms, query_terms

# bm25() column weights for (title, company, body): the title says most about the job.
BM25_WEIGHTS = (4.0, 1.5, 1.0)
_BM25_SQL = (
    "SELECT rowid, bm25(entries_fts, {w}) AS s FROM entries_fts "
    "WHERE entries_fts MATCH ? ORDER BY s LIMIT ?"
).format(w=", ".join(str(w) for w in BM25_WEIGHTS))


_COUNT_SQL = "SELECT count(*) FROM (SELECT 1 FROM entries_fts WHERE entries_fts MATCH ? LIMIT ?)"


def document_frequencies(db: sqlite3.Connection, words: Sequence[str], stop: int) -> dict[str, int]:
    """Entries holding each word as FTS5 matches it, counted up to ``stop``."""
    counts = {}
    for word in words:
        if (expression := fts_expression([word])) is not None:
            (counts[word],) = db.execute(_COUNT_SQL, (expression, stop)).fetchone()
    return counts


def fts_expression(words: Sequence[str]) -> str | None:
    """An FTS5 OR-query of quoted words (quoting keeps user text out of the query syntax)."""
    quoted = ['"' + w.replace('"', '""') + '"' for w in words if w.strip()]
    return " OR ".join(quoted) or None


def bm25_ranking(
    db: sqlite3.Connection, cols: Columns, text: str, mask: np.ndarray, k: int
) -> list[tuple[str, float]]:
    """Top ``k`` ``(id, bm25)`` among masked-in slots, best first (scores positive).

    FTS5 cannot see the numpy mask, so fetch the best unfiltered matches and widen the
    window until ``k`` survive the mask or the matches run out.
    """
    if k <= 0:
        return []
    words, entries = query_terms(text), len(cols)
    # A small index scores every word, so its words are not counted.
    frequencies = (
        document_frequencies(db, words, common_from(entries)) if entries > MIN_ENTRIES else {}
    )
    expression = fts_expression(informative_terms(words, frequencies, entries))
    if expression is None:
        return []
    # Size the first window by the filters' selectivity: each FTS5 query scores every match,
    # so one wide query beats several narrow ones.
    share = max(float(mask.mean()) if mask.size else 1.0, 1e-3)
    window = max(4 * k, 200, int(2 * k / share))
    while True:
        rows = db.execute(_BM25_SQL, (expression, window)).fetchall()
        out: list[tuple[str, float]] = []
        for rowid, score in rows:
            slot = cols.slot_of_rowid.get(rowid)
            if slot is not None and mask[slot]:
                out.append((str(cols.ids[slot]), -float(score)))
                if len(out) == k:
                    return out
        if len(rows) < window:
            return out
        window *= 4


def excluded_rowids(db: sqlite3.Connection, keywords: Sequence[str]) -> list[int]:
    """Rowids whose text contains any of ``keywords`` (as words or phrases)."""
    expression = fts_expression(keywords)
    if expression is None:
        return []
    rows = db.execute("SELECT rowid FROM entries_fts WHERE entries_fts MATCH ?", (expression,))
    return [int(r[0]) for r in rows]


def knn_ranking(cols: Columns, cosines: np.ndarray, k: int) -> list[str]:
    """Ids of the ``k`` slots with the highest finite cosine, best first."""
    if k <= 0 or cosines.size == 0:
        return []
    k = min(k, cosines.size)
    top = np.argpartition(-cosines, k - 1)[:k]
    top = top[np.argsort(-cosines[top], kind="stable")]
    return [str(cols.ids[s]) for s in top if np.isfinite(cosines[s])]
