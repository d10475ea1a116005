"""Dedup precision and recall on real postings, dev and test side by side; calibrates the
vector-cosine threshold on dev.

    python bench/eval_dedup.py --data PATH/TO/shared/data [--compare-texts]

Set (a): the Glassdoor CSVs of ``job_descriptions_bulk``, scored against two golds
(``dedup_glassdoor.GOLDS``): the data's exact duplicates, and those joined by the pairs two
readers labelled the same job (``labels/glassdoor_pairs.tsv``). The labelled gold is reported
with ``unsure`` pairs counting neither way, and as bounds with them counted as different and
as the same job; its false pairs are split into pairs the readers called different and pairs
nobody judged (a deduper change can merge pairs outside the labelled candidates; those count
as false until labelled).

Set (b): real postings from ``job_sources`` payloads and the Armenian job board, each
re-posted with perturbations real boards apply (re-flowed HTML text, tracking URLs,
shortened text, other location strings, title abbreviations, agency company names), next
to hard negatives (same title at another company; same company, other role). Scores are
pairwise: a predicted pair is two postings put in one cluster. The whole Ingestor runs,
exactly as ``jobbot ingest`` does, on an in-memory index, once per half.

Both sets are split into dev and test (``dedup_split.py``: fixed seed, the split written in
``labels/``). The threshold is chosen on the dev halves of the labelled gold and set (b);
misses are listed for dev only; test is printed next to dev, for the figures quoted.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dedup_glassdoor import GOLDS, Pair, glassdoor, glassdoor_rows, read_labels
from dedup_report import judged, misses, pair_scores, text_separation
from dedup_sets import Labelled, cross_source
from dedup_split import SEED, SIDES, cross_source_side_of, glassdoor_side_of, split

from core.models import Posting
from search.dedup import DedupConfig
from search.embedded import EmbeddedBackend
from search.embeddings import LocalEmbedder
from search.ingest import Ingestor
from search.text import embed_text

LABELLED = "(a) glassdoor, labelled gold"
Halves = dict[str, Labelled]  # "dev" / "test" → that half of a set


class CachedEmbedder:
    """Serves vectors computed once by the real model, so a threshold sweep re-embeds nothing."""

    name, dims = LocalEmbedder.name, LocalEmbedder.dims

    def __init__(self, vectors: dict[str, np.ndarray]) -> None:
        self.vectors = vectors

    async def embed(self, texts: Sequence[str]) -> np.ndarray:
        return (
            np.stack([self.vectors[t] for t in texts])
            if texts
            else np.zeros((0, self.dims), np.float32)
        )


def embed_all(
    model: LocalEmbedder, postings: Sequence[Posting], text: Callable[[Posting], str]
) -> dict[str, np.ndarray]:
    texts = sorted({text(p) for p in postings})
    return dict(zip(texts, model.embed_sync(texts), strict=True))


async def cluster(
    labelled: Labelled,
    vectors: dict[str, np.ndarray],
    config: DedupConfig,
    text: Callable[[Posting], str],
) -> dict[str, str]:
    backend = EmbeddedBackend(":memory:")
    try:
        ingestor = Ingestor(backend, CachedEmbedder(vectors), config=config, text=text)
        counts = await ingestor.ingest([p for p, _ in labelled], expire=False)
        return counts.clusters
    finally:
        await backend.close()


def build_sets(data: Path) -> tuple[dict[str, tuple[Halves, frozenset[Pair]]], Callable[..., None]]:
    """Every set's halves with the pairs it ignores, and the labelled gold's ``judged``."""
    rows = glassdoor_rows(data)
    labels = read_labels(rows)
    unsure = frozenset(labels.pairs("unsure"))
    a_side = glassdoor_side_of(rows)
    made = cross_source(data)
    labelled = glassdoor(rows, labels)
    sets = {
        "(a) glassdoor, exact gold (reference)": (split(glassdoor(rows), a_side), frozenset()),
        LABELLED: (split(labelled, a_side), unsure),
        "(a) glassdoor, labelled gold, unsure as different (bound)": (
            split(labelled, a_side),
            frozenset(),
        ),
        "(a) glassdoor, labelled gold, unsure as same (bound)": (
            split(glassdoor(rows, labels, unsure_as_same=True), a_side),
            frozenset(),
        ),
        "(b) cross-source": (split(made.labelled, cross_source_side_of(made)), frozenset()),
    }
    for gold, rule in GOLDS.items():
        print(f"(a) {gold} gold: {rule}")
    print(f"(a) labelled gold: the {len(unsure)} pairs labelled unsure count neither way")
    print(f"(a) labelled pairs: readers agreed on {labels.agreed} of {len(labels.final)}")
    crossing = [p for p in labels.final if a_side[p[0]] != a_side[p[1]]]
    if crossing:  # a pair labelled after the split was drawn: it is scored on neither side
        print(f"(a) WARNING: {len(crossing)} labelled pairs straddle the split")
    return sets, lambda lab, scores, show: judged(lab, scores, labels, show)


async def sweep(
    sets: dict[str, tuple[Halves, frozenset[Pair]]],
    vectors: dict[str, np.ndarray],
    thresholds: list[float],
) -> float:
    """The cosine with the best worst-set dev precision (3 places), then dev recall."""
    best: tuple[float, float, float] | None = None
    print(
        "threshold sweep on dev (vector cosine; fingerprint containment "
        f"{DedupConfig().fingerprint_containment}); sets in the order above:"
    )
    for threshold in thresholds:
        config = replace(DedupConfig(), vector_cosine=threshold)
        results = {}
        for name, (halves, ignore) in sets.items():
            dev = halves["dev"]
            clusters = await cluster(dev, vectors, config, embed_text)
            results[name] = pair_scores(clusters, {p.id: g for p, g in dev}, ignore)[:2]
        line = "  ".join(f"P {p:.4f} R {r:.4f}" for p, r in results.values())
        print(f"  cosine {threshold:.2f}: {line}")
        chosen_on = [pr for name, pr in results.items() if not name.endswith(")")]
        score = (round(min(p for p, _ in chosen_on), 3), min(r for _, r in chosen_on), threshold)
        if score[1] >= 0.95 and (best is None or score > best):
            best = score
    chosen = best[2] if best else DedupConfig().vector_cosine
    print(
        f"\nchosen threshold: cosine {chosen:.2f} (best worst-set dev precision, then recall,"
        " with recall >= 0.95 on the sets without a parenthesis; ties go to the higher"
        f" threshold; the default in search/dedup.py is {DedupConfig().vector_cosine:.2f})"
    )
    return chosen


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="the shared data folder")
    parser.add_argument("--thresholds", default="0.80,0.84,0.86,0.88,0.90,0.91,0.92,0.94,0.96")
    parser.add_argument(
        "--compare-texts", action="store_true", help="measure embedded-text variants on dev"
    )
    parser.add_argument("--show", type=int, default=8, help="dev misses printed per kind")
    args = parser.parse_args()
    sets, judge = build_sets(args.data)
    model = LocalEmbedder()
    everything = {p.id: p for halves, _ in sets.values() for h in halves.values() for p, _ in h}
    vectors = embed_all(model, list(everything.values()), embed_text)
    chosen = await sweep(sets, vectors, [float(t) for t in args.thresholds.split(",")])
    config = replace(DedupConfig(), vector_cosine=chosen)
    print(f"\nsplit seed {SEED}: precision, recall (false pairs, missed pairs, postings)")
    print(f"  {'set':58s} {'dev':32s} test")
    details = []
    for name, (halves, ignore) in sets.items():
        cells = []
        for side in SIDES:
            half = halves[side]
            clusters = await cluster(half, vectors, config, embed_text)
            scores = pair_scores(clusters, {p.id: g for p, g in half}, ignore)
            p, r, false_pairs, missed = scores
            cells.append(f"P {p:.4f} R {r:.4f} ({len(false_pairs)}, {len(missed)}, {len(half)})")
            details += [(name, half, scores)] if side == "dev" else []
        print(f"  {name:58s} {cells[0]:32s} {cells[1]}")
    for name, dev, scores in details:
        print(f"\n{name}, dev only:")
        misses(dev, scores, vectors, args.show)
        if name == LABELLED:
            judge(dev, scores, args.show)
    if args.compare_texts:
        loose = {k: v["dev"] for k, (v, _) in sets.items() if not k.endswith(")")}
        text_separation(loose, lambda postings, fn: embed_all(model, postings, fn))


if __name__ == "__main__":
    asyncio.run(main())
