"""Set (a) of ``eval_dedup.py``: Glassdoor rows with their natural duplicates.

The rows come from the Glassdoor CSVs of ``job_descriptions_bulk`` under ``--data``. Two golds
group them:

- ``exact``: rows with the same title, company, location and description (the data's own
  "natural exact duplicates"). It counts a repost with one edited sentence as another job.
- ``labelled``: those exact groups joined by the pairs two readers labelled ``same`` in
  ``labels/glassdoor_pairs.tsv`` (how the pairs were chosen and labelled is in that file's
  header; the labels name rows, never copy their text).

``bench_index.py`` reads the same rows.
"""

from __future__ import annotations

import csv
import itertools
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from dedup_sets import Labelled, make

from core.models import Posting

LABELS = Path(__file__).resolve().parent / "labels" / "glassdoor_pairs.tsv"
GOLDS = {
    "exact": "same title, company, location and description",
    "labelled": "exact groups joined by the pairs labelled 'same' (labels/glassdoor_pairs.tsv)",
}
Pair = tuple[str, str]  # two posting ids, sorted


def glassdoor_rows(data: Path) -> list[Posting]:
    rows: list[Posting] = []
    for path in sorted((data / "job_descriptions_bulk").glob("glassdoor*/*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            for n, row in enumerate(csv.DictReader(handle)):
                company = row["Company Name"].split("\n")[0]
                rows.append(
                    make(
                        "glassdoor",
                        f"{path.stem}-{n}",
                        row["Job Title"],
                        company,
                        row["Location"],
                        row["Job Description"],
                    )
                )
    return rows


def exact_key(p: Posting) -> tuple[str, str | None, str | None, str]:
    return (p.title, p.company, p.location, p.description)


@dataclass
class PairLabels:
    """Final labels by pair of posting ids, and how often the two readers agreed."""

    final: dict[Pair, str] = field(default_factory=dict)
    why: dict[Pair, str] = field(default_factory=dict)
    agreed: int = 0

    def pairs(self, label: str) -> set[Pair]:
        return {pair for pair, value in self.final.items() if value == label}


def read_labels(rows: list[Posting], path: Path = LABELS) -> PairLabels:
    """``path``'s rows: source id A, source id B, first reader, second reader, final, why."""
    by_source = {p.source_id: p.id for p in rows}
    labels = PairLabels()
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith(("#", "a\t")):
            continue
        a, b, first, second, final, why = line.split("\t")
        pair: Pair = tuple(sorted((by_source[a], by_source[b])))  # type: ignore[assignment]
        labels.final[pair] = final
        labels.why[pair] = why
        labels.agreed += first == second
    return labels


def glassdoor(
    rows: list[Posting], labels: PairLabels | None = None, *, unsure_as_same: bool = False
) -> Labelled:
    """``rows`` grouped by the exact gold, or with ``labels`` by the labelled one (pairs
    labelled ``unsure`` join only with ``unsure_as_same``). Groups are closed transitively."""
    parent = {p.id: p.id for p in rows}

    def root(i: str) -> str:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(a: str, b: str) -> None:
        parent[root(a)] = root(b)

    groups: dict[tuple[str, str | None, str | None, str], list[str]] = defaultdict(list)
    for p in rows:
        groups[exact_key(p)].append(p.id)
    for members in groups.values():
        for a, b in itertools.pairwise(members):
            join(a, b)
    if labels is not None:
        joined = labels.pairs("same") | (labels.pairs("unsure") if unsure_as_same else set())
        for a, b in joined:
            join(a, b)
    return [(p, root(p.id)) for p in rows]
