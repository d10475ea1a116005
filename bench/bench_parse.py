"""Parse + normalize throughput on real recorded payloads.

    python bench/bench_parse.py --data <job_sources folder> [--target 20000]

Every payload file the sources understand is parsed repeatedly until the batch reaches
``--target`` postings; prints postings/second per source and overall (median of runs).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scrapers.errors import PayloadError
from scrapers.registry import SOURCES

# (source, glob inside the job_sources folder)
PAYLOADS = [
    ("greenhouse", "greenhouse/*.json"), ("lever", "lever/*.json"), ("ashby", "ashby/*.json"),
    ("workable", "workable/*.json"), ("smartrecruiters", "smartrecruiters/*postings*.json"),
    ("recruitee", "other_ats/*recruitee*.json"), ("remoteok", "remoteok/*.json"),
    ("remotive", "remotive/*.json"), ("arbeitnow", "arbeitnow/*.json"),
    ("weworkremotely", "weworkremotely/*.xml"), ("himalayas", "other_ats/*himalayas*.json"),
    ("jobicy", "other_ats/*jobicy*.json"), ("hackernews", "hackernews/*algolia_items*.json"),
    ("hh", "hh_ru/*api_vacancies*.json"), ("jsonld", "jsonld_html/*.html"),
]


def load(data: Path) -> list[tuple[str, bytes, int]]:
    """(source, payload, postings per parse) for every payload that parses."""
    found = []
    for source, pattern in PAYLOADS:
        for path in sorted(data.glob(pattern)):
            body = path.read_bytes()
            try:
                count = len(SOURCES[source].parse(body))
            except PayloadError as exc:
                print(f"skip {path.name}: {exc}", file=sys.stderr)
                continue
            if count:
                found.append((source, body, count))
    return found


def run_once(
    payloads: list[tuple[str, bytes, int]], target: int
) -> tuple[int, float, dict[str, list[float]]]:
    per_source: dict[str, list[float]] = {}
    total, started = 0, time.perf_counter()
    while total < target:
        for source, body, _ in payloads:
            t0 = time.perf_counter()
            n = len(SOURCES[source].parse(body))
            spent = time.perf_counter() - t0
            stats = per_source.setdefault(source, [0.0, 0.0])
            stats[0] += n
            stats[1] += spent
            total += n
    return total, time.perf_counter() - started, per_source


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="the job_sources folder")
    parser.add_argument("--target", type=int, default=20_000, help="postings per run")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    payloads = load(args.data)
    if not payloads:
        sys.exit(f"no payloads found under {args.data}")
    print(f"{len(payloads)} real payloads, {sum(p[2] for p in payloads)} postings per pass")
    rates: list[float] = []
    last: dict[str, list[float]] = {}
    for _ in range(args.runs):
        total, seconds, last = run_once(payloads, args.target)
        rates.append(total / seconds)
    print(f"{'source':16} {'postings/s':>12}")
    for source, (count, spent) in sorted(last.items()):
        print(f"{source:16} {count / spent:12.0f}")
    print(f"overall: {statistics.median(rates):.0f} postings/s (median of {args.runs} runs "
          f"of {args.target}+ postings; runs: {', '.join(f'{r:.0f}' for r in rates)})")


if __name__ == "__main__":
    main()
