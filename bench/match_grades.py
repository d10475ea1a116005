"""Join two readers' grades for the matching set, report their agreement, settle disagreements.

    .venv/bin/python bench/match_grades.py --readers DIR --sheets SHEETS [--settle-out DIR]

``DIR`` holds one folder per reader (``R1``, ``R2``, ``R3``), each with ``<n>_<id>.tsv`` files
(``resume_id  posting_id  grade``) as written from the blind sheets of
``bench/match_label_sheet.py``. Every sheet was read by two readers (``ASSIGNMENT``). The script

- prints agreement before settling: exact agreement and quadratic-weighted Cohen's kappa, over
  all pairs and per split;
- with ``--settle-out``, writes one settlement sheet per resume holding only the pairs the two
  readers graded differently (the resume, each such posting, both grades), for a re-reading
  against the guide; the settler writes ``<n>_<id>.tsv`` with ``resume_id posting_id grade
  rule`` into ``DIR/settled``;
- writes ``bench/labels/match_grades.tsv`` (``resume_id posting_id reader_a reader_b grade``):
  ``grade`` is the agreed grade, else the settled one, else empty (a pair not yet settled).
"""

from __future__ import annotations

import argparse
import csv
import re
from collections import Counter
from pathlib import Path

from sklearn.metrics import cohen_kappa_score

LABELS = Path(__file__).resolve().parent / "labels"
GRADES = LABELS / "match_grades.tsv"
POOLS = LABELS / "match_pools.tsv"

# Which two readers read each sheet, by sheet number (first reader is "a").
ASSIGNMENT = [
    (range(1, 17), ("R1", "R3")),
    (range(17, 33), ("R1", "R2")),
    (range(33, 49), ("R2", "R3")),
]

Pair = tuple[str, str]
# Each pair: reader a's grade, reader b's grade (None until graded), the sheet number.
Graded = dict[Pair, tuple[int | None, int | None, int]]


def readers_of(sheet: int) -> tuple[str, str]:
    for numbers, pair in ASSIGNMENT:
        if sheet in numbers:
            return pair
    raise ValueError(f"sheet {sheet} has no readers assigned")


def read_tsv(path: Path, column: str = "grade") -> dict[Pair, str]:
    out: dict[Pair, str] = {}
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            value = (row.get(column) or "").strip()
            out[(row["resume_id"], row["posting_id"])] = value
    return out


def grade_of(value: str, where: str) -> int | None:
    if not value:
        return None
    if value not in {"0", "1", "2", "3"}:
        raise SystemExit(f"{where}: grade {value!r} is not 0–3")
    return int(value)


def collect(readers: Path, sheets: Path) -> Graded:
    """Every pair of every sheet with reader a's and b's grade and its sheet number."""
    pairs: Graded = {}
    for template in sorted(sheets.glob("[0-9][0-9]_*.tsv")):
        number = int(template.name[:2])
        first, second = readers_of(number)
        graded = []
        for reader in (first, second):
            path = readers / reader / template.name
            graded.append(read_tsv(path) if path.exists() else {})
        for pair in read_tsv(template):
            a = grade_of(graded[0].get(pair, ""), f"{first}/{template.name}")
            b = grade_of(graded[1].get(pair, ""), f"{second}/{template.name}")
            pairs[pair] = (a, b, number)
    return pairs


def splits() -> dict[str, str]:
    with POOLS.open(encoding="utf-8") as handle:
        return {row["resume_id"]: row["split"] for row in csv.DictReader(handle, delimiter="\t")}


def agreement(pairs: Graded) -> None:
    split_of = splits()
    groups: dict[str, list[tuple[int, int]]] = {"all": [], "dev": [], "test": []}
    for (resume, _), (a, b, _n) in pairs.items():
        if a is None or b is None:
            continue
        groups["all"].append((a, b))
        groups[split_of[resume]].append((a, b))
    print(
        f"{'pairs':<6} {'graded by both':>15} {'exact':>7} {'within 1':>9} {'kappa (quadr.)':>15}"
    )
    for name, rows in groups.items():
        if not rows:
            print(f"{name:<6} {0:>15}")
            continue
        a_s, b_s = [r[0] for r in rows], [r[1] for r in rows]
        exact = sum(x == y for x, y in rows) / len(rows)
        near = sum(abs(x - y) <= 1 for x, y in rows) / len(rows)
        kappa = cohen_kappa_score(a_s, b_s, weights="quadratic")
        print(f"{name:<6} {len(rows):>15} {exact:>7.3f} {near:>9.3f} {kappa:>15.3f}")
    missing = sum(a is None or b is None for a, b, _ in pairs.values())
    print(f"pairs still missing a reader's grade: {missing}")
    dist = Counter(g for a, b, _ in pairs.values() for g in (a, b) if g is not None)
    print(f"grade distribution over both readers: {dict(sorted(dist.items()))}")


_POSTING = re.compile(r"^### P\d+ (\S+)$", re.M)


def sections(sheet_text: str) -> tuple[str, dict[str, str]]:
    """The sheet's resume part and each posting's block, by posting id."""
    head, _, rest = sheet_text.partition("## Postings")
    blocks: dict[str, str] = {}
    starts = list(_POSTING.finditer(rest))
    for i, match in enumerate(starts):
        end = starts[i + 1].start() if i + 1 < len(starts) else len(rest)
        blocks[match.group(1)] = rest[match.start() : end].strip()
    return head.strip(), blocks


def write_settlement(pairs: Graded, sheets: Path, out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    written = 0
    for sheet in sorted(sheets.glob("[0-9][0-9]_*.md")):
        number = int(sheet.name[:2])
        resume_part, blocks = sections(sheet.read_text(encoding="utf-8"))
        todo = [
            (pid, a, b)
            for (rid, pid), (a, b, n) in pairs.items()
            if n == number and a is not None and b is not None and a != b
        ]
        if not todo:
            continue
        rid = next(r for (r, _), (_, _, n) in pairs.items() if n == number)
        lines = [resume_part, "", f"## Disagreements ({len(todo)})", ""]
        for pid, a, b in todo:
            lines += [blocks[pid], "", f"**Readers' grades: {a} and {b}.**", ""]
        (out / sheet.name).write_text("\n".join(lines), encoding="utf-8")
        with (out / sheet.with_suffix(".tsv").name).open("w", encoding="utf-8") as handle:
            handle.write("resume_id\tposting_id\tgrade\trule\n")
            for pid, _, _ in todo:
                handle.write(f"{rid}\t{pid}\t\t\n")
        written += len(todo)
    return written


def settled(readers: Path) -> dict[Pair, int]:
    out: dict[Pair, int] = {}
    for path in sorted((readers / "settled").glob("*.tsv")):
        for pair, value in read_tsv(path).items():
            grade = grade_of(value, f"settled/{path.name}")
            if grade is not None:
                out[pair] = grade
    return out


def write_grades(pairs: Graded, decided: dict[Pair, int]) -> Counter[str]:
    state: Counter[str] = Counter()
    with GRADES.open("w", encoding="utf-8") as handle:
        handle.write("resume_id\tposting_id\treader_a\treader_b\tgrade\n")
        for (rid, pid), (a, b, _n) in sorted(pairs.items()):
            if a is not None and a == b:
                final, state["agreed"] = str(a), state["agreed"] + 1
            elif (rid, pid) in decided:
                final, state["settled"] = str(decided[(rid, pid)]), state["settled"] + 1
            else:
                final, state["open"] = "", state["open"] + 1
            cells = ["" if g is None else str(g) for g in (a, b)]
            handle.write(f"{rid}\t{pid}\t{cells[0]}\t{cells[1]}\t{final}\n")
    return state


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--readers", type=Path, required=True, help="folder of reader folders")
    parser.add_argument("--sheets", type=Path, required=True, help="the blind sheets")
    parser.add_argument("--settle-out", type=Path, help="write settlement sheets here")
    args = parser.parse_args()
    pairs = collect(args.readers, args.sheets)
    agreement(pairs)
    if args.settle_out:
        print(f"settlement sheets: {write_settlement(pairs, args.sheets, args.settle_out)} pairs")
    state = write_grades(pairs, settled(args.readers))
    print(f"{GRADES.name}: {dict(state)}")


if __name__ == "__main__":
    main()
