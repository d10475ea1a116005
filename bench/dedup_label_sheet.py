"""Blind labelling sheets for the Glassdoor pairs behind ``labels/glassdoor_pairs.tsv``.

    python bench/dedup_label_sheet.py --data PATH/TO/shared/data --out DIR [--labels FILE]

Candidates are chosen without the deduper's signals, then every pair the deduper merges today
is added, so precision is judged on every merge:
- descriptions sharing 30 % of their 5-word shingles (Jaccard; shingles in more than 80 rows
  are boilerplate and ignored);
- the same company and title, whatever the text;
- the same title and location with 10 % shared shingles (an agency's rewritten copy).
Rows identical in title, company, location and text are the same job without a reading and
are left out. The sheets show titles, companies, locations and the differing stretches of
text, shuffled, never the deduper's decision. Pairs ``--labels`` already holds are skipped,
so after a deduper change only the new merges need reading. ``keys.json`` maps each pair
number to the two rows' source ids.
"""

from __future__ import annotations

import argparse
import asyncio
import difflib
import itertools
import json
import random
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dedup_glassdoor import LABELS, exact_key, glassdoor_rows, read_labels
from eval_dedup import cluster, embed_all

from core.models import Posting
from search.dedup.rules import DedupConfig
from search.embeddings import LocalEmbedder
from search.normalize import fold
from search.text import embed_text

Pair = tuple[int, int]


def shingles(text: str, k: int = 5) -> set[int]:
    words = fold(text).split()
    return {hash(tuple(words[i : i + k])) for i in range(max(1, len(words) - k + 1))}


def candidates(rows: list[Posting]) -> set[Pair]:
    sets = [shingles(p.description) for p in rows]
    holders: dict[int, list[int]] = defaultdict(list)
    for i, s in enumerate(sets):
        for h in s:
            holders[h].append(i)
    shared: dict[Pair, int] = defaultdict(int)
    for members in holders.values():
        if len(members) <= 80:
            for pair in itertools.combinations(members, 2):
                shared[pair] += 1

    def jaccard(a: int, b: int) -> float:
        return shared.get((a, b), 0) / len(sets[a] | sets[b])

    chosen = {pair for pair in shared if jaccard(*pair) >= 0.3}
    blocks: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    for i, p in enumerate(rows):
        blocks[("company", fold(p.company), fold(p.title))].append(i)
        blocks[("place", fold(p.title), fold(p.location))].append(i)
    for (kind, _, _), members in blocks.items():
        for a, b in itertools.combinations(members, 2):
            if kind == "company" or jaccard(a, b) >= 0.1:
                chosen.add((a, b))
    return chosen


def merged_pairs(rows: list[Posting]) -> set[Pair]:
    vectors = embed_all(LocalEmbedder(), rows, embed_text)
    clusters = asyncio.run(cluster([(p, p.id) for p in rows], vectors, DedupConfig(), embed_text))
    index = {p.id: i for i, p in enumerate(rows)}
    members: dict[str, list[int]] = defaultdict(list)
    for pid, entry in clusters.items():
        members[entry].append(index[pid])
    return {
        (min(pair), max(pair)) for m in members.values() for pair in itertools.combinations(m, 2)
    }


def _stretch(words: list[str], i: int, j: int, cap: int = 350) -> str:
    text = " ".join(words[i:j])
    return text if len(text) <= cap else text[:cap] + " …"


def render(number: str, a: Posting, b: Posting, budget: int = 2200) -> str:
    wa, wb = a.description.split(), b.description.split()
    matcher = difflib.SequenceMatcher(None, wa, wb, autojunk=False)
    shared = sum(block.size for block in matcher.get_matching_blocks())
    lines = [
        f"### pair {number}",
        f"A: {a.title!r} | {a.company!r} | {a.location!r} | {len(wa)} words",
        f"B: {b.title!r} | {b.company!r} | {b.location!r} | {len(wb)} words",
        f"shared words in order: {shared / max(1, min(len(wa), len(wb))):.0%} of the shorter text",
    ]
    stretches = [op for op in matcher.get_opcodes() if op[0] != "equal"]
    used = 0
    for _, i1, i2, j1, j2 in stretches:
        parts = [f"  - A only: {_stretch(wa, i1, i2)}"] if i2 > i1 else []
        parts += [f"  + B only: {_stretch(wb, j1, j2)}"] if j2 > j1 else []
        used += sum(map(len, parts))
        if used > budget:
            lines.append(f"  ({len(stretches)} differing stretches in all; rest cut)")
            break
        lines += parts
    return "\n".join(lines if stretches else [*lines, "  descriptions identical"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="the shared data folder")
    parser.add_argument("--out", type=Path, required=True, help="folder for the sheets")
    parser.add_argument("--labels", type=Path, default=LABELS, help="pairs already labelled")
    parser.add_argument("--parts", type=int, default=2, help="sheets to split the pairs into")
    args = parser.parse_args()
    rows = glassdoor_rows(args.data)
    known = read_labels(rows, args.labels).final if args.labels.exists() else {}
    pairs = sorted(candidates(rows) | merged_pairs(rows))
    todo = [
        (a, b)
        for a, b in pairs
        if exact_key(rows[a]) != exact_key(rows[b])
        and tuple(sorted((rows[a].id, rows[b].id))) not in known
    ]
    random.Random(7).shuffle(todo)
    args.out.mkdir(parents=True, exist_ok=True)
    keys: dict[str, list[str]] = {}
    for part in range(args.parts):
        chunk = todo[part :: args.parts]
        sheet = [render(f"{part + 1}-{n}", rows[a], rows[b]) for n, (a, b) in enumerate(chunk, 1)]
        (args.out / f"sheet{part + 1}.md").write_text("\n\n".join(sheet) + "\n", encoding="utf-8")
        for n, (a, b) in enumerate(chunk, 1):
            keys[f"{part + 1}-{n}"] = [str(rows[a].source_id), str(rows[b].source_id)]
    (args.out / "keys.json").write_text(json.dumps(keys, indent=0), encoding="utf-8")
    print(f"{len(pairs)} candidate pairs, {len(todo)} to read, in {args.parts} sheets")


if __name__ == "__main__":
    main()
