"""The panoslin set: 641 LinkedIn postings labelled relevant or not for one resume.

The folder holds ``resume.pdf`` and ``job_descriptions.csv`` (id, text whose first line is
the title, label True/False). Its rows are scored by the product's path (``match_rows``);
``report`` prints ROC-AUC per method on the dev and test halves (``panoslin_split.py``) and
the whole set, P@10, and the cosine percentiles the embedding band is calibrated on
(scoring/blend.py).
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from match_metrics import precision_at
from match_rows import SETTINGS, Row, score_resume
from sklearn.metrics import roc_auc_score

from core.models import Posting
from runtime.deps import open_deps
from scoring.resume import read_resume
from search.embeddings import Embedder


@dataclass(frozen=True)
class Panoslin:
    resume: str
    postings: list[tuple[str, Posting]]
    labels: dict[str, bool]  # posting id -> relevant
    texts: dict[str, str]  # posting id -> the posting's text as the set holds it


def folder_of(data: Path) -> Path:
    return data / "labeled/resume_job_match/panoslin_jd_relevance"


def load(folder: Path) -> Panoslin:
    resume = read_resume((folder / "resume.pdf").read_bytes())
    postings, labels, texts = [], {}, {}
    with (folder / "job_descriptions.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            pid, text = row["job_description_id"], row["job_description"]
            title, _, body = text.strip().partition("\n")
            posting = Posting(
                id=pid,
                source="eval",
                url=f"https://example.org/{pid}",
                title=title.strip()[:200] or "untitled",
                description=body,
            )
            postings.append((pid, posting))
            labels[pid] = row["label"].strip() == "True"
            texts[pid] = text
    return Panoslin(resume, postings, labels, texts)


async def score_panoslin(data: Panoslin, embedder: Embedder) -> list[Row]:
    async with open_deps(SETTINGS, {"matcher"}, embedder=embedder) as deps:
        return await score_resume(deps["matcher"], "panoslin", data.resume, data.postings, {})


def auc(rows: Sequence[Row], labels: dict[str, bool], score: Callable[[Row], float]) -> float:
    return float(roc_auc_score([labels[r.posting] for r in rows], [score(r) for r in rows]))


def report(
    rows: list[Row],
    data: Panoslin,
    sides: dict[str, str],
    methods: dict[str, Callable[[Row], float]],
    parts: Sequence[str] = ("dev", "test"),
) -> None:
    """AUC per method on each half in ``parts`` (and the whole set when both are there);
    P@10 over the postings shown."""
    halves = {side: [r for r in rows if sides[r.posting] == side] for side in parts}
    if len(halves) > 1:
        halves["whole"] = rows
    shown = halves.get("whole") or halves[parts[0]]
    counts = ", ".join(
        f"{side} {len(part)} ({sum(data.labels[r.posting] for r in part)} relevant)"
        for side, part in halves.items()
    )
    print(
        f"\npanoslin, one resume, split by posting text: {counts}; "
        f"{sum(r.far for r in shown)} postings more than one level away"
    )
    print(f"{'method':<46}" + "".join(f" {side + ' AUC':>10}" for side in halves) + "   P@10")
    for name, score in methods.items():
        cells = "".join(f" {auc(part, data.labels, score):>10.3f}" for part in halves.values())
        p10 = precision_at([data.labels[r.posting] for r in shown], [score(r) for r in shown])
        print(f"{name:<46}{cells} {p10:>6.2f}")
    band = np.percentile([r.parts["embed"] for r in shown], [5, 50, 95, 99]).round(1).tolist()
    print(f"embedding band p5/p50/p95/p99: {band} (cosine mapped onto 20–92, scoring/blend.py)")
