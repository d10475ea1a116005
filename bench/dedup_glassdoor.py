"""Set (a) of ``eval_dedup.py``: Glassdoor rows with their natural duplicates.

The rows come from the Glassdoor CSVs of ``job_descriptions_bulk`` under ``--data`` and are
grouped by one of three ``GOLDS`` rules; ``bench_index.py`` reads the same rows.
"""

from __future__ import annotations

import csv
import difflib
import itertools
import re
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dedup_sets import Labelled, make, near_exact

from core.models import Posting
from search.normalize import fold


def same_words(a: str, b: str) -> bool:
    """The corrected gold's text test, blind to layout (bullets, line breaks, punctuation):
    the folded word sequences share 90 % of the shorter one, or have a difflib ratio of 0.9
    (a sentence edited, a paragraph cut or added)."""
    wa, wb = fold(a).split(), fold(b).split()
    matcher = difflib.SequenceMatcher(None, wa, wb, autojunk=False)
    if matcher.quick_ratio() < 0.6:  # cheap upper bound first
        return False
    shared = sum(block.size for block in matcher.get_matching_blocks())
    return shared >= 0.9 * min(len(wa), len(wb)) or 2 * shared >= 0.9 * (len(wa) + len(wb))


_BRACKETED = re.compile(r"\([^)]*\)|\[[^\]]*\]")
GOLDS = {
    "exact": "same title, company, location and description",
    "near": "same folded title, company and location; near-exact description lines",
    "corrected": (
        "same location and the same folded title without bracketed asides, with the same "
        "words in the description (90 % of the shorter one, layout ignored), whatever the "
        "company string: a repost whose title gained '(Remote)', whose company lost "
        "'Pharmaceuticals', whose text was re-flowed or cut is the same job (issue 4)"
    ),
}


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


def _same_job(a: str, b: str, gold: str) -> bool:
    if a == b:
        return True
    return near_exact(a, b) if gold == "near" else gold == "corrected" and same_words(a, b)


def glassdoor(data: Path, gold: str) -> Labelled:
    """Glassdoor rows, grouped by one of the ``GOLDS`` rules (applied to every pair the
    rule's blocks hold; groups are closed transitively)."""
    rows = glassdoor_rows(data)
    parent = list(range(len(rows)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    blocks: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i, p in enumerate(rows):
        loc = fold(p.location)
        if gold == "corrected":
            blocks[(fold(_BRACKETED.sub(" ", p.title)), loc)].append(i)
        else:
            blocks[(fold(p.title), fold(p.company), loc)].append(i)
    for members in blocks.values():
        for i, j in itertools.combinations(members, 2):
            if root(i) != root(j) and _same_job(rows[i].description, rows[j].description, gold):
                parent[root(i)] = root(j)
    return [(p, str(root(i))) for i, p in enumerate(rows)]
