"""The panoslin set: 641 LinkedIn postings labelled relevant or not for one resume.

The folder holds ``resume.pdf`` and ``job_descriptions.csv`` (id, text whose first line is
the title, label True/False). Prints ROC-AUC and P@10 per method, and the cosine percentiles
the embedding band is calibrated on (scoring/blend.py).
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
from match_fit import blended, shown_order
from match_metrics import precision_at
from match_rows import SETTINGS, score_resume
from sklearn.metrics import roc_auc_score

from core.models import Posting
from runtime.deps import open_deps
from scoring.resume import read_resume
from scoring.weights import load_weights
from search.embeddings import Embedder


def load(folder: Path) -> tuple[str, list[tuple[str, Posting]], dict[str, bool]]:
    text = read_resume((folder / "resume.pdf").read_bytes())
    postings, labels = [], {}
    with (folder / "job_descriptions.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            title, _, body = row["job_description"].strip().partition("\n")
            pid = row["job_description_id"]
            postings.append(
                (
                    pid,
                    Posting(
                        id=pid,
                        source="eval",
                        url=f"https://example.org/{pid}",
                        title=title.strip()[:200] or "untitled",
                        description=body,
                    ),
                )
            )
            labels[pid] = row["label"].strip() == "True"
    return text, postings, labels


async def report_panoslin(folder: Path, embedder: Embedder, embed_weight: float) -> None:
    text, postings, labels = load(folder)
    async with open_deps(SETTINGS, {"matcher"}, embedder=embedder) as deps:
        rows = await score_resume(deps["matcher"], "panoslin", text, postings, {})
    y = [labels[r.posting] for r in rows]
    weights = load_weights()
    columns = {
        "BM25 (resume text as query)": [r.parts["bm25"] for r in rows],
        "embeddings alone": [r.parts["embed"] for r in rows],
        "rule rubric alone": [r.parts["rubric"] for r in rows],
        f"seed blend {embed_weight:g}·embed + {1 - embed_weight:.2f}·rubric": [
            embed_weight * r.parts["embed"] + (1 - embed_weight) * r.parts["rubric"] for r in rows
        ],
        "learned blend, every level": [blended(r, weights.graded) for r in rows],
        "learned blend as shipped (level gate)": [
            shown_order(r, blended(r, weights.graded)) for r in rows
        ],
    }
    print(
        f"\npanoslin: {len(rows)} postings, {sum(y)} relevant, one resume; "
        f"{sum(r.far for r in rows)} postings more than one level away"
    )
    print(f"{'method':<46} {'ROC-AUC':>8} {'P@10':>6}")
    for name, scores in columns.items():
        print(f"{name:<46} {roc_auc_score(y, scores):>8.3f} {precision_at(y, scores):>6.2f}")
    band = np.percentile([r.parts["embed"] for r in rows], [5, 50, 95, 99]).round(1).tolist()
    print(f"embedding band p5/p50/p95/p99: {band} (cosine mapped onto 20–92, scoring/blend.py)")
