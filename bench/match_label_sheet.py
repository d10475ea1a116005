"""Blind reading sheets for grading the match benchmark (guide: labels/match_guide.md).

    python bench/match_label_sheet.py --data SHARED_DATA_ROOT --out OUTDIR

For every resume of ``labels/match_pools.tsv``: ``OUTDIR/<n>_<id>.md`` with the resume text
and its pool's postings in a seeded order (``SHEET_SEED``, so the order says nothing), and
``OUTDIR/<n>_<id>.tsv``, the grades template (``resume_id  posting_id  grade``, grade empty).
``OUTDIR/INDEX.tsv`` lists the sheets. No score of any kind is written. The sheets hold
third-party text: keep OUTDIR outside the repository.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from match_sets import load_pools, load_resumes, read_tsv

from core.models import Posting

SHEET_SEED = 31
RESUME_CHARS, POSTING_CHARS, HEAD_CHARS = 5000, 1500, 350
_ASKS = [  # headings that open the requirements, the clearest first
    re.compile(
        r"requirements|qualifications|what you(’|')?ll bring|what you bring|"
        r"what we(’|')?re looking for|about you|who you are",
        re.IGNORECASE,
    ),
    re.compile(r"must have|you (will )?have|skills|experience", re.IGNORECASE),
]


def trimmed(text: str, limit: int) -> str:
    text = re.sub(r"\n\s*\n+", "\n", text).strip()
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " […]"


def description(text: str) -> str:
    """At most ``POSTING_CHARS``: a long text keeps its opening lines and then the part
    from its first requirements heading, which is what a grader needs most."""
    text = re.sub(r"\n\s*\n+", "\n", text).strip()
    if len(text) <= POSTING_CHARS:
        return text
    asks = next((m for rx in _ASKS if (m := rx.search(text, HEAD_CHARS))), None)
    if asks is None:
        return trimmed(text, POSTING_CHARS)
    head = trimmed(text, HEAD_CHARS)
    return head + "\n[…]\n" + trimmed(text[asks.start() :], POSTING_CHARS - len(head))


def quoted(text: str) -> str:
    """As a block quote, so headings inside a posting cannot break the sheet's structure."""
    return "\n".join(f"> {line}" for line in text.splitlines())


def posting_block(k: int, pid: str, p: Posting) -> str:
    facts = [
        f"**{p.title}**",
        f"company: {p.company or 'not stated'}",
        f"location: {p.location or 'not stated'}",
        f"remote: {p.remote if p.remote != 'unknown' else 'not stated'}",
    ]
    if p.seniority != "unknown":
        facts.append(f"seniority: {p.seniority}")
    return f"### P{k} {pid}\n\n" + " · ".join(facts) + "\n\n" + quoted(description(p.description))


def sheet(rid: str, text: str, pool: list[tuple[str, Posting]]) -> tuple[str, list[str]]:
    """The sheet's markdown and its posting ids in the order shown."""
    order = list(pool)
    random.Random(f"{SHEET_SEED}:{rid}").shuffle(order)
    parts = [
        f"# Resume {rid}",
        "Grade every posting 0–3 for this person, following the match guide; write the "
        "grades into the .tsv next to this file.",
        "## Resume",
        quoted(trimmed(text, RESUME_CHARS)),
        f"## Postings ({len(order)})",
        *(posting_block(k, pid, p) for k, (pid, p) in enumerate(order, start=1)),
    ]
    return "\n\n".join(parts) + "\n", [pid for pid, _ in order]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="the shared data root")
    parser.add_argument("--out", type=Path, required=True, help="a folder outside the repo")
    args = parser.parse_args()
    resumes, pools = load_resumes(args.data), load_pools(args.data)
    splits = {row[0]: row[2] for row in read_tsv()}
    args.out.mkdir(parents=True, exist_ok=True)
    index = ["sheet\tresume_id\tsplit\tpostings"]
    for n, rid in enumerate(pools, start=1):
        name = f"{n:02d}_{re.sub(r'[^A-Za-z0-9]+', '_', rid).strip('_')}"
        markdown, ids = sheet(rid, resumes[rid], pools[rid])
        (args.out / f"{name}.md").write_text(markdown, encoding="utf-8")
        grades = "".join(f"{rid}\t{pid}\t\n" for pid in ids)
        (args.out / f"{name}.tsv").write_text("resume_id\tposting_id\tgrade\n" + grades, "utf-8")
        index.append(f"{n:02d}\t{rid}\t{splits[rid]}\t{len(ids)}")
    (args.out / "INDEX.tsv").write_text("\n".join(index) + "\n", encoding="utf-8")
    print(f"{len(pools)} sheets, {sum(len(p) for p in pools.values())} pairs in {args.out}")


if __name__ == "__main__":
    main()
