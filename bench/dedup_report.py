"""What ``eval_dedup.py`` prints about one half of a set: its false and missed pairs."""

from __future__ import annotations

import difflib
import itertools
from collections import defaultdict
from collections.abc import Callable

import numpy as np
from dedup_glassdoor import Pair, PairLabels
from dedup_sets import Labelled

from core.models import Posting
from search.normalize import company_norm, is_agency, title_norm
from search.text import TEXT_VARIANTS, embed_text

Scores = tuple[float, float, list[Pair], list[Pair]]


def pair_scores(
    clusters: dict[str, str], gold: dict[str, str], ignore: frozenset[Pair] = frozenset()
) -> Scores:
    """Pairwise precision, recall, false-positive pairs, missed pairs; ``ignore`` pairs (the
    readers could not tell) count neither way."""

    def pairs(groups: dict[str, str]) -> set[Pair]:
        members: dict[str, list[str]] = defaultdict(list)
        for item, group in groups.items():
            members[group].append(item)
        found: set[Pair] = {
            (min(a, b), max(a, b))
            for m in members.values()
            for a, b in itertools.combinations(m, 2)
        }
        return found - ignore

    predicted, true = pairs(clusters), pairs(gold)
    hit = predicted & true
    precision = len(hit) / len(predicted) if predicted else 1.0
    recall = len(hit) / len(true) if true else 1.0
    return precision, recall, sorted(predicted - true), sorted(true - predicted)


def describe(pid: str, by_id: dict[str, Posting]) -> str:
    p = by_id[pid]
    return f"{p.title[:45]!r} @ {(p.company or '')[:25]!r} [{p.source}]"


def false_kind(a: Posting, b: Posting) -> str:
    """A coarse reading of why two postings the gold keeps apart were merged."""
    if is_agency(a.company, a.description) or is_agency(b.company, b.description):
        return "agency copy"
    if company_norm(a.company) != company_norm(b.company):
        return "other company name"
    if title_norm(a.title) != title_norm(b.title):
        return "same company, other title"
    if (a.location or "") != (b.location or ""):
        return "same job, other location string"
    ratio = difflib.SequenceMatcher(None, a.description, b.description).quick_ratio()
    return "same title+company+location, text differs" + (" a little" if ratio >= 0.8 else "")


def misses(labelled: Labelled, scores: Scores, vectors: dict[str, np.ndarray], show: int) -> None:
    """The false and missed pairs of one half (``eval_dedup.py`` calls it for dev only)."""
    _, _, false_pairs, missed = scores
    by_id = {p.id: p for p, _ in labelled}
    kinds: dict[str, int] = defaultdict(int)
    for a, b in false_pairs:
        kinds[false_kind(by_id[a], by_id[b])] += 1
    print("    false pairs by kind: " + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items())))
    for label, pairs in (("false merge", false_pairs), ("missed", missed)):
        for a, b in pairs[:show]:
            cos = float(vectors[embed_text(by_id[a])] @ vectors[embed_text(by_id[b])])
            print(f"    {label} (cos {cos:.3f}): {describe(a, by_id)}  <->  {describe(b, by_id)}")


def judged(labelled: Labelled, scores: Scores, labels: PairLabels, show: int) -> None:
    """The labelled gold's false pairs by what the readers said of them."""
    by_id = {p.id: p for p, _ in labelled}
    kinds: dict[str, list[Pair]] = defaultdict(list)
    for pair in scores[2]:
        kinds[labels.final.get(pair, "never judged")].append(pair)
    print(
        "    false pairs by final label: "
        + ", ".join(f"{k} {len(v)}" for k, v in sorted(kinds.items()))
    )
    for kind, pairs in sorted(kinds.items()):
        for a, b in pairs[:show]:
            why = labels.why.get((a, b), "")
            print(f"      {kind}: {describe(a, by_id)} <-> {describe(b, by_id)}  ({why})")


Embed = Callable[[list[Posting], Callable[[Posting], str]], dict[str, np.ndarray]]


def text_separation(sets: dict[str, Labelled], embed: Embed) -> None:
    """Per embedded-text variant: cosine of duplicate pairs whose texts differ vs
    same-company (other role) and same-title (other company) pairs; AUC and quantiles."""
    from sklearn.metrics import roc_auc_score

    everything = list({p.id: p for s in sets.values() for p, _ in s}.values())
    print("\nembedded text variants, dev halves (non-identical duplicates vs hard negatives):")
    for variant, fn in TEXT_VARIANTS.items():
        vectors = embed(everything, fn)
        pos: list[float] = []
        neg: list[float] = []
        for labelled in sets.values():
            gold = {p.id: g for p, g in labelled}
            blocks: dict[str, list[Posting]] = defaultdict(list)
            for p, _ in labelled:
                blocks[f"c:{company_norm(p.company)}"].append(p)
                blocks[f"t:{title_norm(p.title)}"].append(p)
                blocks[f"g:{gold[p.id]}"].append(p)
            for members in blocks.values():
                for a, b in itertools.combinations(members[:40], 2):
                    cos = float(vectors[fn(a)] @ vectors[fn(b)])
                    if gold[a.id] != gold[b.id]:
                        neg.append(cos)
                    elif a.description != b.description:
                        pos.append(cos)
        labels = [1] * len(pos) + [0] * len(neg)
        auc = roc_auc_score(labels, pos + neg)
        print(
            f"  {variant:22s} AUC {auc:.4f}  duplicates p10 {np.quantile(pos, 0.1):.3f}"
            f"  negatives p99 {np.quantile(neg, 0.99):.3f}  (pairs +{len(pos)} / -{len(neg)})"
        )
