"""Ranking metrics for the match evaluations: BM25 baseline, nDCG@k, Spearman, P@k.

Every metric takes one resume's postings (grades or labels, and one score each); the
evaluation averages them over resumes, so each person counts once whatever the pool size.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence

import numpy as np
from scipy.stats import spearmanr

_TOKEN = re.compile(r"[a-z0-9+#]+")


def bm25_scores(query: str, docs: Sequence[str], k1: float = 1.5, b: float = 0.75) -> list[float]:
    """Okapi BM25 of every doc for the whole query text (the usual baseline)."""
    tokenized = [_TOKEN.findall(d.lower()) for d in docs]
    avg = sum(len(t) for t in tokenized) / max(1, len(tokenized))
    df: Counter[str] = Counter()
    for tokens in tokenized:
        df.update(set(tokens))
    n = len(docs)
    terms = Counter(_TOKEN.findall(query.lower()))
    scores = []
    for tokens in tokenized:
        tf = Counter(tokens)
        score = 0.0
        for term, qtf in terms.items():
            if term not in tf:
                continue
            idf = math.log(1 + (n - df[term] + 0.5) / (df[term] + 0.5))
            denom = tf[term] + k1 * (1 - b + b * len(tokens) / avg)
            score += qtf * idf * tf[term] * (k1 + 1) / denom
        scores.append(score)
    return scores


def _order(scores: Sequence[float]) -> np.ndarray:
    # Ties keep the pool's order (which was shuffled for the readers, never by score).
    return np.argsort(-np.asarray(scores, dtype=float), kind="stable")


def ndcg_at(grades: Sequence[float], scores: Sequence[float], k: int = 10) -> float:
    """nDCG@k with gain 2^grade − 1; 1.0 when the pool has no positive grade at all."""
    gains = np.power(2.0, np.asarray(grades, dtype=float)) - 1.0
    discount = 1.0 / np.log2(np.arange(2, k + 2))
    ranked = gains[_order(scores)][:k]
    ideal = np.sort(gains)[::-1][:k]
    best = float(ideal @ discount[: len(ideal)])
    return float(ranked @ discount[: len(ranked)]) / best if best else 1.0


def spearman(grades: Sequence[float], scores: Sequence[float]) -> float | None:
    """Spearman's rho, ``None`` when either side is constant (no order to agree with)."""
    if len(set(grades)) < 2 or len(set(scores)) < 2:
        return None
    return float(spearmanr(grades, scores).statistic)


def precision_at(labels: Sequence[bool], scores: Sequence[float], k: int = 10) -> float:
    return float(np.mean([labels[i] for i in _order(scores)[:k]]))


def mean(values: Sequence[float | None]) -> float:
    kept = [v for v in values if v is not None]
    return float(np.mean(kept)) if kept else float("nan")
