"""How much BM25's informative-word rule changes the first list, dev and test side by side.

    .venv/bin/python bench/eval_retrieval.py --data SHARED_DATA_ROOT

Every posting of the graded match set (``bench/labels/match_pools.tsv``) goes into one
embedded index; each resume then gets its first list from that index as the product makes it
(rule profile, hybrid search, embedding band, level gate), once with BM25 scoring every query
word and once with the words :func:`search.fusion.informative_terms` keeps. Per split it
prints the share of the first list's candidates and of its top 10 that the rule keeps, and
how many top-10 lists are identical. Resumes whose profile reads no skill or title are left
out (the product answers them with no list).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]

from match_metrics import mean  # noqa: E402
from match_rows import SETTINGS  # noqa: E402
from match_sets import TSV, load_pools, load_resumes, read_tsv  # noqa: E402

import search.embedded_query  # noqa: E402
from core.models import Posting  # noqa: E402
from runtime.deps import open_deps  # noqa: E402
from scoring.matcher import Matcher  # noqa: E402
from scoring.profile import profile_from_rules  # noqa: E402
from search.base import IndexedPosting, SearchBackend  # noqa: E402
from search.embeddings import Embedder  # noqa: E402
from search.text import embed_text  # noqa: E402

TOP = 10


@contextmanager
def every_word() -> Iterator[None]:
    """BM25 as it was before the rule: every query word is scored."""
    rule = search.embedded_query.informative_terms
    search.embedded_query.informative_terms = lambda terms, _counts, _entries: list(terms)
    try:
        yield
    finally:
        search.embedded_query.informative_terms = rule


async def fill(backend: SearchBackend, embedder: Embedder, postings: list[Posting]) -> None:
    vectors = await embedder.embed([embed_text(p) for p in postings])
    await backend.upsert(
        [IndexedPosting(posting=p, vector=v) for p, v in zip(postings, vectors, strict=True)]
    )


async def first_lists(matcher: Matcher, resumes: dict[str, str]) -> dict[str, list[str]]:
    """Each resume's first list (every candidate, best first), by resume id."""
    lists = {}
    for rid, text in sorted(resumes.items()):
        profile = profile_from_rules(text)
        if not profile.is_empty:
            found = await matcher.first_list(text, profile, keep_all=True)
            lists[rid] = [m.posting.id for m in found]
    return lists


def kept(before: Sequence[str], after: Sequence[str]) -> float:
    return len(set(before) & set(after)) / len(before) if before else 1.0


def report(
    before: dict[str, list[str]], after: dict[str, list[str]], splits: dict[str, str]
) -> None:
    parts = ("dev", "test")
    print(f"{'':<36}" + "".join(f"{p:>10}" for p in parts))
    rows: dict[str, list[str]] = {"resumes with a list": [], "candidates kept": []}
    rows |= {f"top {TOP} kept": [], f"top {TOP} lists identical": []}
    for part in parts:
        ids = [rid for rid in before if splits[rid] == part]
        tops = [(before[r][:TOP], after[r][:TOP]) for r in ids]
        rows["resumes with a list"].append(f"{len(ids)}")
        rows["candidates kept"].append(f"{mean([kept(before[r], after[r]) for r in ids]):.3f}")
        rows[f"top {TOP} kept"].append(f"{mean([kept(b, a) for b, a in tops]):.3f}")
        rows[f"top {TOP} lists identical"].append(f"{sum(b == a for b, a in tops)} of {len(ids)}")
    for name, cells in rows.items():
        print(f"{name:<36}" + "".join(f"{c:>10}" for c in cells))


async def main(data: Path) -> None:
    splits = {row[0]: row[2] for row in read_tsv(TSV)}
    resumes, pools = load_resumes(data), load_pools(data)
    postings = {pid: p.model_copy(update={"id": pid}) for pool in pools.values() for pid, p in pool}
    with tempfile.TemporaryDirectory() as folder:
        index = f"sqlite:///{Path(folder) / 'index.sqlite'}"
        async with open_deps(SETTINGS, {"backend", "matcher"}, search_url=index) as deps:
            backend, matcher = deps["backend"], deps["matcher"]
            await fill(backend, matcher.embedder, list(postings.values()))
            print(f"{await backend.count()} postings indexed, {len(resumes)} resumes")
            with every_word():
                before = await first_lists(matcher, resumes)
            after = await first_lists(matcher, resumes)  # the resumes' vectors are kept: same kNN
    report(before, after, splits)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, required=True, help="the shared data root")
    asyncio.run(main(parser.parse_args().data))
