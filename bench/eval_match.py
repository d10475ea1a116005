"""Ranking quality, dev and test side by side in one run, from the product's own path.

    .venv/bin/python bench/eval_match.py --data SHARED_DATA_ROOT [--fit] [--texts ...]

Graded set (issue 9): 48 resumes, each with a pool of real postings graded 0–3 by two blind
readers (``bench/labels/match_pools.tsv``, ``match_grades.tsv``, ``match_guide.md``), split
dev/test by resume. Per method it prints nDCG@10 (gain 2^grade − 1) and the mean Spearman
per resume: BM25 alone (resume text as query), embeddings alone, the rule rubric alone, the
seed blend (``--embed-weight``·embed + rest·rubric) and the learned blend as the product
ranks (postings more than one level away are not shown, so they rank last).
Panoslin (641 LinkedIn postings labelled for one resume): ROC-AUC and P@10 as before.

``--fit`` learns the blend on dev only (``bench/match_fit.py``): it picks the embedded
posting text (``--texts``) and the regularisation by cross-validation over dev resumes,
writes ``scoring/data/blend_weights.json`` and then prints dev and test with those weights.
Test rows are never given to the fit.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]

from match_fit import blended, cross_validate, fit_weights, shown_order  # noqa: E402
from match_metrics import mean, ndcg_at, spearman  # noqa: E402
from match_panoslin import report_panoslin  # noqa: E402
from match_rows import Row, score_all  # noqa: E402
from match_sets import TSV, load_pools, load_resumes, read_tsv  # noqa: E402
from sklearn.metrics import cohen_kappa_score  # noqa: E402

from scoring.weights import DATA as WEIGHTS_FILE  # noqa: E402
from scoring.weights import FIRST, GRADED, load_weights  # noqa: E402
from search.embeddings import LocalEmbedder  # noqa: E402
from search.text import TEXT_VARIANTS, embed_text  # noqa: E402

GRADES = HERE / "labels" / "match_grades.tsv"
C_GRID = (0.001, 0.003, 0.01, 0.03, 0.1, 1.0)


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
        "learned blend, every level": ("ungated", weights.graded),
        "learned blend as shipped (level gate)": ("gated", weights.graded),
    }


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


def fit(by_text: dict[str, list[Row]], splits: dict[str, str]) -> str:
    """Choose text and C on dev by cross-validation, write the weights; the chosen text."""
    best = (-1.0, "", 0.0)
    for text, rows in by_text.items():
        dev = [r for r in rows if splits[r.resume] == "dev" and r.grade == r.grade]
        for c in C_GRID:
            cv = cross_validate(dev, GRADED, c)
            print(f"  dev cross-validated nDCG@10: text {text!r}, C={c:g}: {cv:.3f}")
            best = max(best, (cv, text, c))
    cv, text, c = best
    dev = [r for r in by_text[text] if splits[r.resume] == "dev" and r.grade == r.grade]
    people = len({r.resume for r in dev})
    written = {
        "first": fit_weights(dev, FIRST, c),
        "graded": fit_weights(dev, GRADED, c),
        "fit": (
            f"bench/eval_match.py --fit: pairwise logistic regression (pairs weighted by"
            f" their gain difference, no intercept, C={c:g},"
            f" negative weights set to 0, scaled to sum 1) on the {people}"
            f" dev resumes of bench/labels/match_pools.tsv with their settled grades; "
            f"posting text {text!r}; dev cross-validated nDCG@10 {cv:.3f}. Test never used."
        ),
    }
    WEIGHTS_FILE.write_text(json.dumps(written, indent=2) + "\n", encoding="utf-8")
    load_weights.cache_clear()
    print(f"wrote {WEIGHTS_FILE.name}: {written['graded']} (chosen text {text!r}, C={c:g})")
    return text


async def main(args: argparse.Namespace) -> None:
    embedder = LocalEmbedder()
    splits = {row[0]: row[2] for row in read_tsv(TSV)}
    if args.grades.exists():
        grades = read_grades(args.grades)
        resumes, pools = load_resumes(args.data), load_pools(args.data)
        texts = args.texts if args.fit else [args.texts[0]]
        by_text = {
            t: await score_all(embedder, TEXT_VARIANTS[t], resumes, pools, grades) for t in texts
        }
        chosen = fit(by_text, splits) if args.fit else texts[0]
        print(
            f"\nposting text embedded: {chosen!r}; dev {sum(v == 'dev' for v in splits.values())}"
            f" and test {sum(v == 'test' for v in splits.values())} resumes"
        )
        parts = ("dev", "test") if args.split == "both" else (args.split,)
        table(by_text[chosen], splits, args.embed_weight, parts)
    else:
        print(f"{args.grades.name} is not there yet: the graded set is skipped")
    panoslin = args.panoslin or args.data / "labeled/resume_job_match/panoslin_jd_relevance"
    await report_panoslin(panoslin, embedder, args.embed_weight)


def _shipped_text() -> str:
    return next(name for name, fn in TEXT_VARIANTS.items() if fn is embed_text)


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
    parser.add_argument("--fit", action="store_true", help="learn the blend on dev")
    parser.add_argument("--embed-weight", type=float, default=0.42)
    parser.add_argument(
        "--split",
        choices=("both", "dev", "test"),
        default="both",
        help="which halves to print; while choosing anything, look at dev only",
    )
    asyncio.run(main(parser.parse_args()))
