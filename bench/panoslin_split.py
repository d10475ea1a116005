"""Dev and test halves of the panoslin set, drawn once and written down in ``labels/``.

    python bench/panoslin_split.py --data SHARED_DATA_ROOT   # writes labels/panoslin_split.tsv

The unit drawn is a posting text: the set holds the same text under several ids (one of them
eight times), and a text on both sides would let a rule chosen on dev be judged on its twin.
Texts are stratified by label (a text's label is its postings' majority, ties relevant), put
in a random order (``SEED``) within each stratum, and each goes to the side holding fewer
postings of that stratum so far, so both halves get about as many postings and as many
relevant ones. The set states no licence, so the file holds neither its ids, nor its labels,
nor its text: only a digest of each text and its side; a text missing from it is refused.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]

from dedup_split import SEED, SIDES, draw  # noqa: E402
from match_panoslin import Panoslin, folder_of, load  # noqa: E402

SPLIT = HERE / "labels" / "panoslin_split.tsv"


def text_key(text: str) -> str:
    """The digest a posting text is filed under (whitespace runs count as one space)."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:16]


def draw_sides(data: Panoslin) -> dict[str, str]:
    """Side of every text digest, stratified by the texts' majority label."""
    votes: dict[str, list[bool]] = defaultdict(list)
    for pid, text in data.texts.items():
        votes[text_key(text)].append(data.labels[pid])
    sides: dict[str, str] = {}
    for relevant in (True, False):
        stratum = sorted(k for k, v in votes.items() if (2 * sum(v) >= len(v)) == relevant)
        weight = {k: len(votes[k]) for k in stratum}
        sides |= draw([[k] for k in stratum], weight, SEED + relevant)
    return sides


def read_split(path: Path = SPLIT) -> dict[str, str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return dict(line.split("\t") for line in lines if line and not line.startswith("#"))


def sides_of(data: Panoslin, split: dict[str, str]) -> dict[str, str]:
    """Side of every posting id; a text the split file does not know is refused."""
    keys = {pid: text_key(text) for pid, text in data.texts.items()}
    missing = {k for k in keys.values() if k not in split}
    if missing:
        raise SystemExit(f"{len(missing)} panoslin texts are not in {SPLIT.name}: redraw it")
    return {pid: split[key] for pid, key in keys.items()}


def write(sides: dict[str, str], path: Path = SPLIT) -> None:
    head = [
        "# Panoslin set: side of every posting text, keyed by bench/panoslin_split.text_key",
        f"# seed {SEED}; drawn by bench/panoslin_split.py (see its docstring)",
    ]
    body = [f"{key}\t{side}" for key, side in sorted(sides.items())]
    path.write_text("\n".join(head + body) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="the shared data root")
    data = load(folder_of(parser.parse_args().data))
    write(draw_sides(data))
    sides = sides_of(data, read_split())
    for side in SIDES:
        ids = [pid for pid, s in sides.items() if s == side]
        print(f"{side}: {len(ids)} postings, {sum(data.labels[i] for i in ids)} relevant")


if __name__ == "__main__":
    main()
