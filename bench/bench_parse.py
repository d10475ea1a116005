"""Parse + normalize throughput on real recorded payloads, optionally against another commit.

    python bench/bench_parse.py --data <job_sources folder> [--target 20000] [--runs 3]
    python bench/bench_parse.py --data <job_sources folder> --baseline-ref COMMIT [--rounds 7]

Every payload file the sources understand is parsed repeatedly until the batch reaches
``--target`` postings; prints postings/second per source and overall, by wall time and by CPU
time (``time.process_time``, which a loaded machine disturbs far less), medians of runs.

``--baseline-ref`` checks COMMIT out into a temporary git worktree and times both trees in
one run: each round runs one fresh process per tree, in alternating order (ABBA), on the
payload files both trees parse; it prints each tree's median wall and CPU rate and the
ratio current / baseline (below 1.0: the current tree is slower).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TREE = Path(__file__).resolve().parent.parent

# (source, glob inside the job_sources folder)
PAYLOADS = [
    ("greenhouse", "greenhouse/*.json"),
    ("lever", "lever/*.json"),
    ("ashby", "ashby/*.json"),
    ("workable", "workable/*.json"),
    ("smartrecruiters", "smartrecruiters/*postings*.json"),
    ("recruitee", "other_ats/*recruitee*.json"),
    ("remoteok", "remoteok/*.json"),
    ("remotive", "remotive/*.json"),
    ("arbeitnow", "arbeitnow/*.json"),
    ("weworkremotely", "weworkremotely/*.xml"),
    ("himalayas", "other_ats/*himalayas*.json"),
    ("jobicy", "other_ats/*jobicy*.json"),
    ("hackernews", "hackernews/*algolia_items*.json"),
    ("hh", "hh_ru/*api_vacancies*.json"),
    ("jsonld", "jsonld_html/*.html"),
]
Payload = tuple[str, str, bytes, int]  # source, file name, body, postings per parse


def load(data: Path, only: set[str] | None = None) -> list[Payload]:
    """Every payload that parses (and, with ``only``, is named there)."""
    from scrapers.errors import PayloadError
    from scrapers.registry import SOURCES

    found = []
    for source, pattern in PAYLOADS:
        for path in sorted(data.glob(pattern)):
            name = str(path.relative_to(data))
            if source not in SOURCES or (only is not None and name not in only):
                continue
            body = path.read_bytes()
            try:
                count = len(SOURCES[source].parse(body))
            except PayloadError as exc:
                print(f"skip {path.name}: {exc}", file=sys.stderr)
                continue
            if count:
                found.append((source, name, body, count))
    return found


Run = tuple[int, float, float, dict[str, list[float]]]


def run_once(payloads: list[Payload], target: int) -> Run:
    """Postings parsed, wall seconds, CPU seconds, and per source [postings, wall seconds]."""
    from scrapers.registry import SOURCES

    per_source: dict[str, list[float]] = {}
    total, started, cpu = 0, time.perf_counter(), time.process_time()
    while total < target:
        for source, _, body, _ in payloads:
            t0 = time.perf_counter()
            n = len(SOURCES[source].parse(body))
            stats = per_source.setdefault(source, [0.0, 0.0])
            stats[0] += n
            stats[1] += time.perf_counter() - t0
            total += n
    return total, time.perf_counter() - started, time.process_time() - cpu, per_source


def single(args: argparse.Namespace) -> None:
    payloads = load(args.data)
    if not payloads:
        sys.exit(f"no payloads found under {args.data}")
    print(f"{len(payloads)} real payloads, {sum(p[3] for p in payloads)} postings per pass")
    walls: list[float] = []
    cpus: list[float] = []
    last: dict[str, list[float]] = {}
    for _ in range(args.runs):
        total, wall, cpu, last = run_once(payloads, args.target)
        walls.append(total / wall)
        cpus.append(total / cpu)
    print(f"{'source':16} {'postings/s':>12}")
    for source, (count, spent) in sorted(last.items()):
        print(f"{source:16} {count / spent:12.0f}")
    print(
        f"overall: {statistics.median(walls):.0f} postings/s wall, "
        f"{statistics.median(cpus):.0f} postings/s CPU (median of {args.runs} runs of "
        f"{args.target}+ postings; wall runs: {', '.join(f'{r:.0f}' for r in walls)})"
    )


def child(args: argparse.Namespace) -> None:
    """One timed run in the tree on ``sys.path`` (a fresh process per tree and round)."""
    only = set(json.loads(args.only.read_text())) if args.only else None
    payloads = load(args.data, only)
    if args.probe:
        print(json.dumps(sorted(p[1] for p in payloads)))
        return
    run_once(payloads, min(args.target, 2_000))  # warm caches and lazy imports
    total, wall, cpu, _ = run_once(payloads, args.target)
    print(json.dumps({"postings": total, "wall": wall, "cpu": cpu}))


def in_tree(tree: Path, args: argparse.Namespace, extra: list[str]) -> str:
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--child",
        str(tree),
        "--data",
        str(args.data),
        "--target",
        str(args.target),
        *extra,
    ]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}  # the tree alone
    done = subprocess.run(command, cwd=tree, env=env, capture_output=True, text=True, check=False)
    if done.returncode:
        sys.exit(f"the run in {tree} failed:\n{done.stderr[-2000:]}")
    return done.stdout.strip().splitlines()[-1]


def compare(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory(prefix="bench-parse-") as tmp:
        base = Path(tmp) / "baseline"
        subprocess.run(
            [
                "git",
                "-C",
                str(TREE),
                "worktree",
                "add",
                "--detach",
                "-q",
                str(base),
                args.baseline_ref,
            ],
            check=True,
        )
        try:
            trees = {"current": TREE, "baseline": base}
            shared = set.intersection(
                *(set(json.loads(in_tree(t, args, ["--probe"]))) for t in trees.values())
            )
            only = Path(tmp) / "only.json"
            only.write_text(json.dumps(sorted(shared)))
            print(f"{len(shared)} payload files both trees parse; baseline {args.baseline_ref}")
            rates: dict[str, dict[str, list[float]]] = {n: {"wall": [], "cpu": []} for n in trees}
            for round_ in range(args.rounds):
                order = list(trees) if round_ % 2 == 0 else list(reversed(trees))
                for name in order:
                    run = json.loads(in_tree(trees[name], args, ["--only", str(only)]))
                    for clock in ("wall", "cpu"):
                        rates[name][clock].append(run["postings"] / run[clock])
            report(rates, args.rounds)
        finally:
            subprocess.run(
                ["git", "-C", str(TREE), "worktree", "remove", "--force", str(base)], check=False
            )


def report(rates: dict[str, dict[str, list[float]]], rounds: int) -> None:
    print(f"postings/s, median of {rounds} interleaved rounds (runs in brackets)")
    for name, clocks in rates.items():
        cells = [
            f"{c} {statistics.median(v):7.0f} [{', '.join(f'{x:.0f}' for x in v)}]"
            for c, v in clocks.items()
        ]
        print(f"  {name:9s} " + "  ".join(cells))
    for clock in ("wall", "cpu"):
        ratio = statistics.median(rates["current"][clock]) / statistics.median(
            rates["baseline"][clock]
        )
        print(f"  ratio current/baseline, {clock}: {ratio:.3f} ({(ratio - 1) * 100:+.1f} %)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="the job_sources folder")
    parser.add_argument("--target", type=int, default=20_000, help="postings per run")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--baseline-ref", help="a commit to time against, in one run")
    parser.add_argument("--rounds", type=int, default=7, help="interleaved rounds per tree")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--only", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--probe", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.data = args.data.resolve()
    sys.path.insert(0, str(args.child or TREE))
    if args.child:
        child(args)
    elif args.baseline_ref:
        compare(args)
    else:
        single(args)


if __name__ == "__main__":
    main()
