"""Index figures: ingest speed vs raw embedding, hybrid search latency, memory at 100k.

    python bench/bench_index.py --data PATH/TO/shared/data [--sizes 10000,100000]

1. Ingest: the unique Glassdoor postings go through ``Ingestor`` (embed → dedup → index,
   embedded backend in a temporary file) and, separately, through the bare model on the
   same texts; the ratio of the two times is the pipeline's overhead.
2. Search: postings are synthesized by varying the real ones (title prefixes, companies,
   cities, remote, country, salary). Their vectors are the real posting's vector plus small
   noise, re-normalized, so no 100k texts are embedded; queries are real embedded texts.
   Hybrid search (BM25 + kNN + RRF) latency p50/p95 is measured with and without filters.
3. Memory: resident set size of this process after the 100k index is loaded and searched.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import random
import resource
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dedup_glassdoor import glassdoor_rows

from core.models import Posting, posting_id
from core.settings import Settings
from runtime.deps import open_deps
from search.base import IndexedPosting, Query, SearchBackend
from search.embeddings import LocalEmbedder
from search.filters import Filters
from search.text import embed_text

# Defaults only (no .env): one local embedder, the default expiry window.
SETTINGS = Settings(_env_file=None)
PREFIXES = ["", "Senior ", "Junior ", "Lead ", "Staff ", "Principal ", "Remote ", "Contract "]
CITIES = [
    ("Berlin", "DE"),
    ("London", "GB"),
    ("New York, NY", "US"),
    ("Toronto", "CA"),
    ("Paris", "FR"),
    ("Austin, TX", "US"),
    ("Amsterdam", "NL"),
    ("Warsaw", "PL"),
]
FILTERS = [
    Filters(),
    Filters(remote=("remote",)),
    Filters(countries=("US", "CA")),
    Filters(min_salary=80_000, exclude_companies=("acme",)),
]


def glassdoor(data: Path) -> list[Posting]:
    """The Glassdoor rows of ``eval_dedup.py``'s set (a), one per distinct description."""
    seen: dict[str, Posting] = {}
    for posting in glassdoor_rows(data):
        seen.setdefault(posting.description, posting)
    return list(seen.values())


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def bench_ingest(model: LocalEmbedder, postings: list[Posting], rounds: int) -> None:
    """Alternate raw embedding and the full pipeline ``rounds`` times; report medians
    (one run of each swings by +-15 % on a small shared machine)."""
    texts = [embed_text(p) for p in postings]
    model.embed_sync(texts[:64])  # warm the model: first calls pay for lazy initialisation
    raw_times, full_times = [], []
    for _ in range(rounds):
        start = time.perf_counter()
        model.embed_sync(texts)
        raw_times.append(time.perf_counter() - start)
        with tempfile.TemporaryDirectory() as folder:
            index = f"sqlite:///{Path(folder) / 'index.sqlite'}"
            async with open_deps(SETTINGS, {"ingestor"}, embedder=model, search_url=index) as deps:
                start = time.perf_counter()
                counts = await deps["ingestor"].ingest(postings)
                full_times.append(time.perf_counter() - start)
    raw, full, n = statistics.median(raw_times), statistics.median(full_times), len(postings)
    ratios = ", ".join(f"{f / r:.3f}" for f, r in zip(full_times, raw_times, strict=True))
    print(f"ingest: {n} real postings -> new {counts.new}, merged {counts.merged}; {rounds} rounds")
    print(f"  raw embedding   {n / raw:8.1f} postings/s (median {raw:.1f} s)")
    print(f"  ingest pipeline {n / full:8.1f} postings/s (median {full:.1f} s)")
    print(f"  overhead ratio  {full / raw:8.3f}x of medians (goal <= 1.25x; per round {ratios})")


def synthesize(
    base: list[Posting], vectors: np.ndarray, size: int, seed: int
) -> list[IndexedPosting]:
    rng = np.random.default_rng(seed)
    pick = random.Random(seed)
    now = datetime.now(UTC)
    out = []
    for i in range(size):
        j = i % len(base)
        city, country = pick.choice(CITIES)
        salary = float(pick.choice([0, 50_000, 70_000, 90_000, 120_000, 150_000]))
        posting = replace_posting(base[j], i, city, country, salary, pick)
        noise = np.asarray(rng.standard_normal(vectors.shape[1]), dtype=np.float32)
        noisy = vectors[j] + noise * 0.02
        out.append(
            IndexedPosting(
                posting=posting,
                vector=noisy / np.linalg.norm(noisy),
                first_seen=now,
                last_seen=now,
                keys=[f"id:{posting.id}"],
            )
        )
    return out


def replace_posting(
    p: Posting, i: int, city: str, country: str, salary: float, pick: random.Random
) -> Posting:
    url = f"https://synthetic.example.org/jobs/{i}"
    return p.model_copy(
        update={
            "id": posting_id("synthetic", str(i), url),
            "source": pick.choice(["greenhouse", "lever", "indeed"]),
            "source_id": str(i),
            "url": url,
            "title": pick.choice(PREFIXES) + p.title,
            "company": f"{p.company} {i % 997}",
            "location": city,
            "country": country,
            "remote": pick.choice(["remote", "hybrid", "onsite", "unknown"]),
            "salary_max": salary or None,
            "salary_currency": "USD" if salary else None,
        }
    )


async def bench_search(model: LocalEmbedder, base: list[Posting], sizes: list[int]) -> None:
    vectors = model.embed_sync([embed_text(p) for p in base])
    queries_from = random.Random(5).sample(base, 60)
    query_texts = [f"{p.title} {' '.join(embed_text(p).split()[5:40])}" for p in queries_from]
    queries = list(zip(query_texts, model.embed_sync(query_texts), strict=True))
    gc.collect()
    empty = rss_mb()
    with tempfile.TemporaryDirectory() as folder:
        index = f"sqlite:///{Path(folder) / 'index.sqlite'}"
        async with open_deps(SETTINGS, {"backend"}, search_url=index) as deps:
            backend = deps["backend"]
            loaded = 0
            for size in sizes:
                docs = synthesize(base, vectors, size, seed=size)[loaded:]
                start = time.perf_counter()
                for chunk in range(0, len(docs), 2000):
                    await backend.upsert(docs[chunk : chunk + 2000])
                loaded = size
                took = time.perf_counter() - start
                print(f"search at {size} postings (loaded {len(docs)} more in {took:.0f} s):")
                await search_times(backend, queries)
            del docs
            gc.collect()
            print(
                f"resident memory at {loaded} postings: {rss_mb():.0f} MB for the process "
                f"({rss_mb() - empty:.0f} MB more than with the model loaded and no index)"
            )


async def search_times(backend: SearchBackend, queries: list[tuple[str, np.ndarray]]) -> None:
    for label, filters in (("no filter", [Filters()]), ("with filters", FILTERS[1:])):
        timings = []
        for n, (text, vector) in enumerate(queries):
            query = Query(text=text, vector=vector, filters=filters[n % len(filters)], k=50)
            start = time.perf_counter()
            await backend.search(query)
            timings.append((time.perf_counter() - start) * 1000)
        timings = timings[5:]  # the first queries warm SQLite's page cache
        p95 = statistics.quantiles(timings, n=20)[18]
        p50 = statistics.median(timings)
        print(f"  hybrid {label:12s} p50 {p50:7.1f} ms   p95 {p95:7.1f} ms")


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="the shared data folder")
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--ingest", type=int, default=600, help="postings for the ingest figure")
    parser.add_argument("--rounds", type=int, default=3, help="ingest rounds (medians)")
    args = parser.parse_args()
    base = glassdoor(args.data)
    model = LocalEmbedder()
    print(f"process before any index: {rss_mb():.0f} MB")
    await bench_ingest(model, base[: args.ingest], args.rounds)
    await bench_search(model, base, [int(s) for s in args.sizes.split(",")])


if __name__ == "__main__":
    asyncio.run(main())
