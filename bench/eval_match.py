"""Ranking quality on a labelled resume↔job set: BM25 alone, embeddings alone, the rule-based
rubric alone, and the full blend (embedding band + rule rubric), side by side in one run.

    .venv/bin/python bench/eval_match.py --data PATH/TO/panoslin_jd_relevance

The folder holds ``resume.pdf`` and ``job_descriptions.csv`` (id, text whose first line is
the title, label True/False). Scores come from the product's own path: ``Matcher.first_list``
(keep_all) and ``Matcher.grade`` with no LLM configured. Also prints the cosine percentiles
used to calibrate the embedding band.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import math
import re
import sys
from collections import Counter
from pathlib import Path

import numpy as np
from sklearn.metrics import roc_auc_score

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core.models import Posting
from core.settings import LLMSettings, MatchSettings
from scoring.llm import build_cascade
from scoring.matcher import Matcher
from scoring.profile import profile_from_rules
from scoring.resume import read_resume
from search.embeddings import LocalEmbedder

_TOKEN = re.compile(r"[a-z0-9+#]+")


def bm25_scores(query: str, docs: list[str], k1: float = 1.5, b: float = 0.75) -> list[float]:
    """Okapi BM25 of every doc for the whole query text (the usual baseline)."""
    tokenized = [_TOKEN.findall(d.lower()) for d in docs]
    avg = sum(len(t) for t in tokenized) / max(1, len(tokenized))
    df: Counter[str] = Counter()
    for tokens in tokenized:
        df.update(set(tokens))
    n = len(docs)
    terms = Counter(_TOKEN.findall(query.lower()))
    scores = []
    for tokens in tokenized:
        tf = Counter(tokens)
        score = 0.0
        for term, qtf in terms.items():
            if term not in tf:
                continue
            idf = math.log(1 + (n - df[term] + 0.5) / (df[term] + 0.5))
            denom = tf[term] + k1 * (1 - b + b * len(tokens) / avg)
            score += qtf * idf * tf[term] * (k1 + 1) / denom
        scores.append(score)
    return scores


def precision_at(labels: list[bool], scores: list[float], k: int = 10) -> float:
    order = np.argsort(-np.asarray(scores), kind="stable")[:k]
    return float(np.mean([labels[i] for i in order]))


def load(folder: Path) -> tuple[str, list[Posting], dict[str, bool]]:
    text = read_resume((folder / "resume.pdf").read_bytes())
    postings, labels = [], {}
    with (folder / "job_descriptions.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            title, _, body = row["job_description"].strip().partition("\n")
            pid = row["job_description_id"]
            postings.append(
                Posting(
                    id=pid,
                    source="eval",
                    url=f"https://example.org/{pid}",
                    title=title.strip()[:200] or "untitled",
                    description=body,
                )
            )
            labels[pid] = row["label"].strip() == "True"
    return text, postings, labels


async def evaluate(folder: Path, embed_weight: float) -> None:
    text, postings, labels = load(folder)
    profile = profile_from_rules(text)
    llm = LLMSettings()
    matcher = Matcher(
        None, LocalEmbedder(), build_cascade(llm), MatchSettings(embed_weight=embed_weight), llm
    )
    first = await matcher.first_list(text, profile, postings=postings, keep_all=True)
    graded = {m.posting.id: m async for m in matcher.grade(text, profile, first)}
    ids = [p.id for p in postings]
    y = [labels[i] for i in ids]
    columns = {
        "BM25 (resume text as query)": bm25_scores(
            text, [f"{p.title}\n{p.description}" for p in postings]
        ),
        "embeddings alone (MiniLM band)": [graded[i].embed_score for i in ids],
        "rule rubric alone": [graded[i].llm_score or 0.0 for i in ids],
        f"blend {embed_weight:g}·embed + {1 - embed_weight:g}·rubric": [
            graded[i].final_score for i in ids
        ],
    }
    print(
        f"{len(ids)} postings, {sum(y)} relevant; resume profile: {len(profile.skills)} "
        f"skills, titles {profile.titles}, {profile.years_total} years"
    )
    print(f"{'method':<40} {'ROC-AUC':>8} {'P@10':>6}")
    for name, scores in columns.items():
        print(f"{name:<40} {roc_auc_score(y, scores):>8.3f} {precision_at(y, scores):>6.2f}")
    cosines = np.asarray([graded[i].cosine for i in ids])
    pct = np.percentile(cosines, [5, 50, 95, 99]).round(3).tolist()
    print(
        f"MiniLM cosine percentiles p5/p50/p95/p99: {pct} "
        f"(band maps p5→20 and p99→92; see scoring/blend.py)"
    )
    tiers = Counter(graded[i].tier for i in ids)
    print(f"tiers over all postings: {dict(tiers)}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, required=True, help="panoslin_jd_relevance folder")
    parser.add_argument("--embed-weight", type=float, default=0.42)
    args = parser.parse_args()
    asyncio.run(evaluate(args.data, args.embed_weight))


if __name__ == "__main__":
    main()
