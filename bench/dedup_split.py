"""Dev and test halves of both dedup sets, drawn once and written down in ``labels/``.

    python bench/dedup_split.py --data PATH/TO/shared/data   # writes the two split files

Rules are chosen on dev only; test is read once per change, for the figures quoted. A pair is
scored on a side when both its postings are there, so postings a gold or a label ties together
never straddle the split (a rule tuned on one would be judged on its twin). The unit drawn is
a component:
- set (a): rows joined by the exact gold and by every labelled pair, whatever its label;
- set (b): a posting with its re-posts, joined with every hard negative made from it (a
  negative takes one posting's title and another's company, place and text).
Components are put in a random order (``SEED``), then each goes to the side holding fewer
pairs so far, so both sides get about as many. The files name rows by source and source id
(never text); a row missing from them is refused, not guessed.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dedup_glassdoor import PairLabels, glassdoor, glassdoor_rows, read_labels
from dedup_sets import CrossSource, Labelled, cross_source

from core.models import Posting

SEED = 20261203
SIDES = ("dev", "test")
LABELS = Path(__file__).resolve().parent / "labels"
GLASSDOOR_SPLIT = LABELS / "glassdoor_split.tsv"
CROSS_SOURCE_SPLIT = LABELS / "cross_source_split.tsv"


class Components:
    """Union-find over posting ids."""

    def __init__(self, ids: Iterable[str]) -> None:
        self.parent = {i: i for i in ids}

    def root(self, i: str) -> str:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, a: str, b: str) -> None:
        self.parent[self.root(a)] = self.root(b)

    def groups(self) -> list[list[str]]:
        members: dict[str, list[str]] = defaultdict(list)
        for i in self.parent:
            members[self.root(i)].append(i)
        return sorted(sorted(m) for m in members.values())


def draw(groups: list[list[str]], weight: dict[str, int], seed: int = SEED) -> dict[str, str]:
    """Side of every id: components in a seeded order, each to the lighter side."""
    order = list(groups)
    random.Random(seed).shuffle(order)
    load = dict.fromkeys(SIDES, 0)
    side: dict[str, str] = {}
    for members in order:
        lighter = min(SIDES, key=lambda s: (load[s], SIDES.index(s)))
        load[lighter] += sum(weight.get(i, 0) for i in members)
        side.update(dict.fromkeys(members, lighter))
    return side


def row_key(p: Posting) -> str:
    return f"{p.source}:{p.source_id}"


def glassdoor_components(rows: list[Posting], labels: PairLabels) -> Components:
    found = Components(p.id for p in rows)
    for p, group in glassdoor(rows):
        found.join(p.id, group)
    for a, b in labels.final:
        found.join(a, b)
    return found


def glassdoor_sides(rows: list[Posting], labels: PairLabels) -> dict[str, str]:
    weight: dict[str, int] = defaultdict(int)
    for a, _ in labels.final:  # a labelled pair weighs one, on one of its rows
        weight[a] += 1
    for p, group in glassdoor(rows):
        weight[p.id] += p.id != group  # each row past its group's first: one exact pair
    return draw(glassdoor_components(rows, labels).groups(), weight)


def cross_source_sides(made: CrossSource) -> dict[str, str]:
    """Sides of set (b)'s original postings (the re-posts and negatives follow them)."""
    originals = {p.id for p, group in made.labelled if p.id == group}
    found = Components(originals)
    for title_from, text_from in made.negatives.values():
        found.join(title_from, text_from)
    weight = {i: 3 for i in originals}  # an original with its two re-posts: three pairs
    return draw(found.groups(), weight)


def write(path: Path, sides: dict[str, str], names: dict[str, str], about: str) -> None:
    lines = [f"# {line}" for line in about.splitlines()]
    lines.append(f"# seed {SEED}; drawn by bench/dedup_split.py (see its docstring)")
    lines += [f"{names[i]}\t{side}" for i, side in sorted(sides.items(), key=lambda x: names[x[0]])]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def read(path: Path) -> dict[str, str]:
    if not path.exists():
        raise SystemExit(f"{path} is missing: run bench/dedup_split.py --data DATA once")
    sides: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, side = line.split("\t")
            sides[name] = side
    return sides


def split(labelled: Labelled, side_of: dict[str, str]) -> dict[str, Labelled]:
    """``labelled`` in its dev and test halves, by each posting's gold-group side."""
    halves: dict[str, Labelled] = {s: [] for s in SIDES}
    for posting, group in labelled:
        halves[side_of[posting.id]].append((posting, group))
    return halves


def glassdoor_side_of(rows: list[Posting], path: Path = GLASSDOOR_SPLIT) -> dict[str, str]:
    written = read(path)
    missing = [row_key(p) for p in rows if row_key(p) not in written]
    if missing:
        raise SystemExit(f"{path} does not name {len(missing)} rows, e.g. {missing[0]}")
    return {p.id: written[row_key(p)] for p in rows}


def cross_source_side_of(made: CrossSource, path: Path = CROSS_SOURCE_SPLIT) -> dict[str, str]:
    """Side of every set (b) posting: its original's; a negative's, that of its title's."""
    written = read(path)
    original = {p.id: row_key(p) for p, group in made.labelled if p.id == group}
    missing = [name for name in original.values() if name not in written]
    if missing:
        raise SystemExit(f"{path} does not name {len(missing)} postings, e.g. {missing[0]}")
    side = {i: written[name] for i, name in original.items()}
    for p, group in made.labelled:
        side.setdefault(p.id, side[made.negatives[p.id][0] if p.id in made.negatives else group])
    return side


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="the shared data folder")
    parser.add_argument("--force", action="store_true", help="redraw existing split files")
    args = parser.parse_args()
    for path in (GLASSDOOR_SPLIT, CROSS_SOURCE_SPLIT):
        if path.exists() and not args.force:
            raise SystemExit(f"{path} exists: the split is drawn once (--force redraws it)")
    rows = glassdoor_rows(args.data)
    sides = glassdoor_sides(rows, read_labels(rows))
    names = {p.id: row_key(p) for p in rows}
    write(GLASSDOOR_SPLIT, sides, names, "Dedup set (a): side of every Glassdoor row")
    made = cross_source(args.data)
    sides = cross_source_sides(made)
    names = {p.id: row_key(p) for p, _ in made.labelled}
    write(CROSS_SOURCE_SPLIT, sides, names, "Dedup set (b): side of every original posting")
    for path in (GLASSDOOR_SPLIT, CROSS_SOURCE_SPLIT):
        written = list(read(path).values())
        counts = {side: written.count(side) for side in SIDES}
        print(f"{path.name}: {counts}")


if __name__ == "__main__":
    main()
