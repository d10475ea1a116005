"""Ranking quality, dev and test side by side in one run, from the product's own path.

    .venv/bin/python bench/eval_match.py --data SHARED_DATA_ROOT [--fit] [--cache DIR]

Graded set (issue 9): 48 resumes, each with a pool of real postings graded 0–3 by two blind
readers (``bench/labels/match_pools.tsv``, ``match_grades.tsv``, ``match_guide.md``), split
dev/test by resume. Per method it prints nDCG@10 (gain 2^grade − 1) and the mean Spearman
per resume: BM25 alone (resume text as query), embeddings alone, the rule rubric alone, the
seed blend (``--embed-weight``·embed + rest·rubric) and the shipped blend as the product
ranks (postings more than one level away are not shown, so they rank last).
Panoslin (641 LinkedIn postings labelled for one resume, split dev/test by posting text in
``bench/labels/panoslin_split.tsv``): ROC-AUC on dev, test and the whole set, and P@10.

``--fit`` chooses the blend on dev only, by the rule in ``bench/match_fit.py`` (graded dev
resumes and panoslin dev postings), writes ``scoring/data/blend_weights.json`` and then
prints dev and test with those weights. Test rows are never given to the fit.
``--cache DIR`` keeps the scored rows (every part of every pair) in DIR and reads them back
on the next run; clear it after changing anything the scores depend on. ``--diagnose``
prints, on dev only, how well each part alone orders both sets. The run's wall and CPU time
come last.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]

from match_fit import (  # noqa: E402
    AUC_GOAL,
    C_GRID,
    CANDIDATES,
    Measured,
    blended,
    cross_validate,
    fit_weights,
    measure,
    select,
    shown_order,
)
from match_metrics import mean, ndcg_at, spearman  # noqa: E402
from match_panoslin import Panoslin, auc, folder_of, load, report, score_panoslin  # noqa: E402
from match_rows import Row, cached, score_all  # noqa: E402
from match_sets import TSV, load_pools, load_resumes, read_tsv  # noqa: E402
from panoslin_split import read_split, sides_of  # noqa: E402
from sklearn.metrics import cohen_kappa_score  # noqa: E402

from scoring.weights import DATA as WEIGHTS_FILE  # noqa: E402
from scoring.weights import FIRST, GRADED, load_weights  # noqa: E402
from search.embeddings import LocalEmbedder  # noqa: E402
from search.text import TEXT_VARIANTS, embed_text  # noqa: E402

GRADES = HERE / "labels" / "match_grades.tsv"


def read_grades(path: Path) -> dict[tuple[str, str], float]:
    lines = path.read_text(encoding="utf-8").splitlines()
    head = lines[0].split("\t")
    rows = [dict(zip(head, line.split("\t"), strict=True)) for line in lines[1:] if line]
    a = [int(r["reader_a"]) for r in rows]
    b = [int(r["reader_b"]) for r in rows]
    kappa = cohen_kappa_score(a, b, weights="quadratic")
    exact = sum(x == y for x, y in zip(a, b, strict=True)) / len(rows)
    print(
        f"grades: {len(rows)} pairs; readers agree exactly on {exact:.0%}, "
        f"quadratic-weighted kappa {kappa:.3f}"
    )
    open_pairs = sum(not r["grade"] for r in rows)
    if open_pairs:
        print(f"  {open_pairs} pairs not settled yet are left out")
    return {(r["resume_id"], r["posting_id"]): float(r["grade"]) for r in rows if r["grade"]}


def methods(embed_weight: float) -> dict[str, object]:
    weights = load_weights()
    return {
        "BM25 (resume text as query)": "bm25",
        "embeddings alone": "embed",
        "lexical skill overlap alone": "lexical",
        "rule rubric alone": "rubric",
        f"seed blend {embed_weight:g}·embed + {1 - embed_weight:.2f}·rubric": {
            "embed": embed_weight,
            "rubric": 1 - embed_weight,
        },
        "learned first list (before grading)": weights.first,
        "graded blend as shipped, every level": ("ungated", weights.graded),
        "graded blend as shipped (level gate)": ("gated", weights.graded),
    }


def scorer(method: object) -> Callable[[Row], float]:
    return lambda row: score(row, method)


def score(row: Row, method: object) -> float:
    if isinstance(method, str):
        return row.parts[method]
    if isinstance(method, tuple):
        kind, weights = method
        value = blended(row, weights)
        return shown_order(row, value) if kind == "gated" else value
    assert isinstance(method, dict)
    return blended(row, method)


def table(
    rows: list[Row],
    splits: dict[str, str],
    embed_weight: float,
    parts: tuple[str, ...] = ("dev", "test"),
) -> None:
    print(f"{'method':<46}" + "".join(f" {p + ' nDCG@10':>12} {p + ' ρ':>7} " for p in parts))
    for name, method in methods(embed_weight).items():
        cells = []
        for part in parts:
            ndcg, rho = [], []
            for resume in sorted({r.resume for r in rows if splits[r.resume] == part}):
                group = [r for r in rows if r.resume == resume and r.grade == r.grade]
                scores = [score(r, method) for r in group]
                ndcg.append(ndcg_at([r.grade for r in group], scores))
                rho.append(spearman([r.grade for r in group], scores))
            cells.append(f" {mean(ndcg):>12.3f} {mean(rho):>7.3f} ")
        print(f"{name:<46}" + "".join(cells))


def dev_rows(rows: list[Row], splits: dict[str, str]) -> list[Row]:
    return [r for r in rows if splits[r.resume] == "dev" and r.grade == r.grade]


def panoslin_dev_auc(
    rows: list[Row], data: Panoslin, sides: dict[str, str]
) -> Callable[[dict[str, float]], float]:
    """ROC-AUC on panoslin's dev half of a blend as shipped (level gate applied)."""
    dev = [r for r in rows if sides[r.posting] == "dev"]
    return lambda weights: auc(dev, data.labels, scorer(("gated", weights)))


def candidates(dev: list[Row], panoslin_auc: Callable[[dict[str, float]], float]) -> Measured:
    """Every candidate of the graded blend measured on dev, and the one the rule picks."""
    measured = [measure(dev, candidate, panoslin_auc) for candidate in CANDIDATES]
    print(
        f"\n{'graded blend candidate':<34} {'C':>6} {'dev-CV nDCG@10':>15} {'panoslin dev AUC':>17}"
    )
    for m in measured:
        c = "fixed" if m.c is None else f"{m.c:g}"
        print(f"{m.candidate.name:<34} {c:>6} {m.cv:>15.3f} {m.auc:>17.3f}  {m.weights}")
    chosen = select(measured)
    if all(m.auc < AUC_GOAL for m in measured):
        print("  no candidate reaches the panoslin-dev AUC goal: chosen by dev-CV alone")
    print(f"chosen by the rule: {chosen.candidate.name}")
    return chosen


def fit(
    by_text: dict[str, list[Row]],
    splits: dict[str, str],
    panoslin_auc: Callable[[dict[str, float]], float],
) -> str:
    """Choose text and C on dev by cross-validation, the graded blend by the rule; write
    the weights; the chosen text."""
    best = (-1.0, "", 0.0)
    for text, rows in by_text.items():
        for c in C_GRID:
            cv = cross_validate(dev_rows(rows, splits), GRADED, c)
            print(f"  dev cross-validated nDCG@10: text {text!r}, C={c:g}: {cv:.3f}")
            best = max(best, (cv, text, c))
    _, text, c = best
    dev = dev_rows(by_text[text], splits)
    chosen = candidates(dev, panoslin_auc)
    people = len({r.resume for r in dev})
    how = "fixed weights" if chosen.c is None else f"pairwise logistic, C={chosen.c:g}"
    written = {
        "first": fit_weights(dev, FIRST, c),
        "graded": dict.fromkeys(GRADED, 0.0) | chosen.weights,
        "fit": (
            f"bench/eval_match.py --fit on the {people} dev resumes of"
            f" bench/labels/match_pools.tsv with their settled grades and panoslin's dev"
            f" postings; posting text {text!r}. First list: pairwise logistic regression"
            f" (pairs weighted by their gain difference, no intercept, C={c:g}, negative"
            f" weights set to 0, scaled to sum 1). Graded: {chosen.candidate.name} ({how}),"
            f" picked by the rule in bench/match_fit.py: dev-CV nDCG@10 {chosen.cv:.3f},"
            f" panoslin dev ROC-AUC {chosen.auc:.3f}. Test never used."
        ),
    }
    WEIGHTS_FILE.write_text(
        json.dumps(written, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    load_weights.cache_clear()
    print(f"wrote {WEIGHTS_FILE.name}: first {written['first']}, graded {written['graded']}")
    return text


def diagnose(
    rows: list[Row],
    splits: dict[str, str],
    panoslin: list[Row],
    data: Panoslin,
    sides: dict[str, str],
) -> None:
    """Each part alone on dev: graded nDCG@10 and ρ, how many values it takes in one pool,
    panoslin dev AUC."""
    dev = dev_rows(rows, splits)
    pools = [[r for r in dev if r.resume == resume] for resume in sorted({r.resume for r in dev})]
    on_dev = [r for r in panoslin if sides[r.posting] == "dev"]
    head = f"{'nDCG@10':>8} {'ρ':>7} {'values/pool':>12} {'panoslin AUC':>13}"
    print(f"\n{'part alone (dev only)':<24} {head}")
    for part in (*GRADED, "bm25"):
        ndcg = mean([ndcg_at([r.grade for r in g], [r.parts[part] for r in g]) for g in pools])
        rho = mean([spearman([r.grade for r in g], [r.parts[part] for r in g]) for g in pools])
        distinct = mean([len({r.parts[part] for r in g}) for g in pools])
        area = auc(on_dev, data.labels, scorer(part))
        print(f"{part:<24} {ndcg:>8.3f} {rho:>7.3f} {distinct:>12.1f} {area:>13.3f}")


async def main(args: argparse.Namespace) -> None:
    embedder = LocalEmbedder()
    data = load(args.panoslin or folder_of(args.data))
    sides = sides_of(data, read_split())
    panoslin = await cached(args.cache, "panoslin", lambda: score_panoslin(data, embedder))
    splits = {row[0]: row[2] for row in read_tsv(TSV)}
    grades = read_grades(args.grades)
    resumes, pools = load_resumes(args.data), load_pools(args.data)
    texts = args.texts if args.fit else [args.texts[0]]
    by_text = {
        t: await cached(
            args.cache,
            f"graded-{t}",
            lambda t=t: score_all(embedder, TEXT_VARIANTS[t], resumes, pools, grades),
        )
        for t in texts
    }
    chosen = fit(by_text, splits, panoslin_dev_auc(panoslin, data, sides)) if args.fit else texts[0]
    print(
        f"\nposting text embedded: {chosen!r}; dev {sum(v == 'dev' for v in splits.values())}"
        f" and test {sum(v == 'test' for v in splits.values())} resumes"
    )
    parts = ("dev", "test") if args.split == "both" else (args.split,)
    table(by_text[chosen], splits, args.embed_weight, parts)
    named = {name: scorer(method) for name, method in methods(args.embed_weight).items()}
    report(panoslin, data, sides, named, parts)
    if args.diagnose:
        diagnose(by_text[chosen], splits, panoslin, data, sides)


def _shipped_text() -> str:
    return next(name for name, fn in TEXT_VARIANTS.items() if fn is embed_text)


def run(args: argparse.Namespace) -> None:
    wall, cpu = time.perf_counter(), time.process_time()
    asyncio.run(main(args))
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(f"\nthis run: {wall:.0f} s wall, {cpu:.0f} s CPU (all threads)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, required=True, help="the shared data root")
    parser.add_argument("--panoslin", type=Path, help="panoslin_jd_relevance folder")
    parser.add_argument("--grades", type=Path, default=GRADES)
    parser.add_argument(
        "--texts",
        nargs="+",
        choices=sorted(TEXT_VARIANTS),
        default=[_shipped_text()],
        help="posting texts to embed; the first is evaluated without --fit",
    )
    parser.add_argument("--fit", action="store_true", help="choose the blend on dev")
    parser.add_argument("--embed-weight", type=float, default=0.42)
    parser.add_argument("--cache", type=Path, help="keep the scored rows in this folder")
    parser.add_argument("--diagnose", action="store_true", help="each part alone, dev only")
    parser.add_argument(
        "--split",
        choices=("both", "dev", "test"),
        default="both",
        help="which halves to print; while choosing anything, look at dev only",
    )
    run(parser.parse_args())
