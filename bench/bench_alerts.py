"""How long an alert round and a digest round take for many subscribers, and how many
embeddings they compute. No LLM (the rule-based rubric grades), real PostgreSQL, the real
MiniLM embedder.

    .venv/bin/python bench/bench_alerts.py [--subscribers 10000] [--postings 500] [--runs 3]
                                           [--data DATA] [--resumes UpdatedResumeDataSet.csv]
                                           [--dump FILE]

Set-up (not timed): a throw-away database next to POSTGRES__DSN's (dropped after) and an
embedded index in a temporary folder. ``--postings`` fresh postings, ingested with a
counting embedder (that ingest is where a posting's one embedding is made): with ``--data``
(the third-party data folder, read in place, never copied) real distinct postings, the job
sources' payloads and the CareerCenter.am board (``dedup_sets.distinct``) then the Glassdoor
rows without their exact duplicates; without it the bundled demo postings cycled, whose
copies dedup merges (only the entries are fresh, it prints how many). Subscribers get
resumes cycled from the bundled sample resumes, or from the texts of a CSV with a
``Resume`` column (``--resumes``, e.g. the Kaggle UpdatedResumeDataSet), each made distinct
by a line of its own, stored with its grading facts as a resume the bot receives is
(``resumes.facts``). Each base resume is embedded once; a subscriber's stored vector in
``resume_vectors`` is its base vector with a little noise, stored under the hash of its own
text, so a round finds every vector fresh, as it does in service after the first round.

Timed, ``--runs`` times each with the match cache and outbox emptied in between, medians
printed (wall and CPU time: on a shared machine the CPU time still tells): the alert round
for all subscribers on instant alerts (index entries → vectors → pre-filter → grading →
outbox) and, with all of them on a daily digest, the alert round that keeps matches for the
digest and the digest round that queues one message each.
``--dump FILE`` writes what the last rounds found (outbox rows, digest items) to
``FILE.instant`` and ``FILE.digest``, sorted: a change that must not alter a grade is checked
by comparing the files before and after it.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

import asyncpg
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from dedup_glassdoor import exact_key, glassdoor_rows
from dedup_sets import base_jobs, distinct

from core.db import create_database, drop_database, migrate
from core.models import Posting
from core.settings import AlertSettings, LLMSettings, Settings, load_settings
from delivery.alerts import Alerts
from delivery.digest import digest_round
from jobbot.demo.run import POSTINGS, RESUME
from jobbot.postings import load_postings
from runtime.deps import Deps, open_deps
from scoring.match import resume_hash
from scoring.profile import profile_from_rules
from scoring.resume import read_resume
from scoring.resume_facts import ResumeFacts
from scoring.vectors import input_hash, resume_vectors
from search.embeddings import LocalEmbedder

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = AlertSettings(min_score=70, max_per_day=10, digest_size=5)


class Counting:
    """The real embedder, counting the texts it embeds."""

    def __init__(self, model: LocalEmbedder) -> None:
        self.model, self.name, self.dims, self.texts = model, model.name, model.dims, 0

    async def embed(self, texts: Sequence[str]) -> np.ndarray:
        self.texts += len(texts)
        return await self.model.embed(texts)


def real_postings(data: Path) -> list[Posting]:
    """Distinct real postings: payloads and the job board, then Glassdoor rows once each."""
    seen: set[tuple[str, str | None, str | None, str]] = set()
    out = []
    for posting in [*distinct(base_jobs(data)), *glassdoor_rows(data)]:
        if exact_key(posting) not in seen:
            seen.add(exact_key(posting))
            out.append(posting)
    return out


def fresh_postings(count: int, data: Path | None) -> list[Posting]:
    """``count`` postings posted now, cycled from ``data``'s or the demo's; a demo copy's
    company is a made-up name (dedup still merges most copies of one text)."""
    base = real_postings(data) if data is not None else load_postings(POSTINGS)
    rng = np.random.default_rng(5)
    letters = np.array(list("abcdefghijklmnopqrstuvwxyz"))

    def company(n: int, posting: Posting) -> str | None:
        return posting.company if n < len(base) else "".join(rng.choice(letters, 12)).title()

    return [
        p.model_copy(
            update={
                "id": f"bench-{n}",
                "source_id": f"bench-{n}",
                "url": f"{p.url}#bench-{n}",
                "company": company(n, p),
                "posted_at": datetime.now(UTC),
            }
        )
        for n, p in ((n, base[n % len(base)]) for n in range(count))
    ]


def base_resumes(path: Path | None) -> list[str]:
    if path is not None:
        with path.open(encoding="utf-8", errors="replace") as handle:
            texts = {row["Resume"].strip() for row in csv.DictReader(handle)}
        return sorted(t for t in texts if len(t) > 300)
    files = [RESUME, *sorted((ROOT / "tests" / "fixtures" / "resumes").glob("*.[pd][do][fc]*"))]
    texts = [read_resume(f.read_bytes(), f.name) for f in files]
    return [*texts, (ROOT / "tests" / "fixtures" / "bot" / "resume_text.txt").read_text()]


async def add_subscribers(
    pool: asyncpg.Pool, embedder: Counting, count: int, texts: list[str]
) -> None:
    profiles = [profile_from_rules(t) for t in texts]
    kept = [(t, p) for t, p in zip(texts, profiles, strict=True) if not p.is_empty]
    vectors = await resume_vectors(embedder.model, kept)
    rng = np.random.default_rng(12)
    users, resumes, stored = [], [], []
    for n in range(count):
        text, profile = kept[n % len(kept)]
        text = f"{text}\n\nSubscriber {n}."
        vector = vectors[n % len(kept)] + rng.normal(0, 0.01, embedder.dims)
        users.append((n + 1, "en", True))
        resumes.append(
            (
                n + 1,
                n + 1,
                resume_hash(text),
                text,
                profile.model_dump(mode="json"),
                profile.version,
                ResumeFacts.of(text, profile).to_json(),
            )
        )
        stored.append(
            (
                n + 1,
                embedder.name,
                input_hash(text, profile),
                (vector / np.linalg.norm(vector)).astype(np.float32).tolist(),
            )
        )
    await pool.executemany(
        "INSERT INTO users (telegram_id, language, alerts_enabled) VALUES ($1, $2, $3)", users
    )
    await pool.executemany(
        "INSERT INTO resumes (id, user_id, file_hash, text, profile, "
        "profile_version, facts) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        resumes,
    )
    await pool.executemany(
        "INSERT INTO resume_vectors (resume_id, model, input_hash, vector) VALUES ($1, $2, $3, $4)",
        stored,
    )
    print(f"subscribers: {count} ({len(kept)} distinct base resumes)")


async def dump(pool: asyncpg.Pool, path: Path, label: str) -> None:
    """What the last round found, a line per row, sorted: two versions of the code that grade
    alike write the same file."""
    notes = await pool.fetch("SELECT user_id, posting_id, payload::text AS p FROM notifications")
    items = await pool.fetch(
        "SELECT user_id, posting_id, score, entry::text AS e FROM digest_items"
    )
    lines = sorted(
        [
            *(f"note\t{r['user_id']}\t{r['posting_id']}\t{r['p']}" for r in notes),
            *(f"item\t{r['user_id']}\t{r['posting_id']}\t{r['score']}\t{r['e']}" for r in items),
        ]
    )
    path.with_name(f"{path.name}.{label}").write_text("".join(f"{x}\n" for x in lines))


async def reset(pool: asyncpg.Pool) -> None:
    await pool.execute("TRUNCATE notifications, digest_items, match_results")


async def timed_rounds(
    pool: asyncpg.Pool,
    alerts: Alerts,
    backend: object,
    ids: list[str],
    embedder: Counting,
    runs: int,
    digest: bool,
) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {
        key: [] for key in ("alert", "alert cpu", "digest", "digest cpu", "queued", "embedded")
    }
    for _ in range(runs):
        await reset(pool)
        before = embedder.texts
        start, cpu = time.perf_counter(), time.process_time()
        entries = await backend.get(ids)  # type: ignore[attr-defined]
        queued = await alerts.on_entries(entries)
        times["alert"].append(time.perf_counter() - start)
        times["alert cpu"].append(time.process_time() - cpu)
        times["embedded"].append(embedder.texts - before)
        if digest:
            await pool.execute(
                "UPDATE digest_subscriptions SET last_slot_at = now() - interval '2 days'"
            )
            start, cpu = time.perf_counter(), time.process_time()
            queued = await digest_round(pool, SETTINGS, datetime.now(UTC) + timedelta(hours=1))
            times["digest"].append(time.perf_counter() - start)
            times["digest cpu"].append(time.process_time() - cpu)
        times["queued"].append(queued)
    return times


def report(label: str, times: dict[str, list[float]]) -> None:
    for key in ("alert", "digest"):
        if times[key]:
            runs = ", ".join(f"{v:.1f}" for v in times[key])
            print(
                f"{label}: {key} round median {statistics.median(times[key]):.1f} s wall, "
                f"{statistics.median(times[f'{key} cpu']):.1f} s CPU (wall runs: {runs})"
            )
    print(
        f"{label}: queued {int(statistics.median(times['queued']))} messages, "
        f"embedded {int(max(times['embedded']))} texts during the alert round"
    )


async def main(
    subscribers: int,
    count: int,
    runs: int,
    resumes: Path | None,
    data: Path | None,
    out: Path | None,
) -> None:
    dsn = await create_database(load_settings().postgres.dsn.get_secret_value(), "jobbot_bench")
    embedder = Counting(LocalEmbedder())
    # no LLM key, no second embedder: the rules grade, as before the composition root
    settings = Settings(
        _env_file=None, postgres={"dsn": dsn, "pool_min": 1, "pool_max": 4}, llm=LLMSettings()
    )
    try:
        with tempfile.TemporaryDirectory() as folder:
            async with open_deps(
                settings,
                {"pool", "ingestor", "ranking"},
                embedder=embedder,
                search_url=f"sqlite:///{folder}/index.sqlite",
            ) as deps:
                await migrate(deps["pool"])
                await _rounds(deps, embedder, subscribers, count, runs, resumes, data, out)
    finally:
        await drop_database(dsn)


async def _rounds(
    deps: Deps,
    embedder: Counting,
    subscribers: int,
    count: int,
    runs: int,
    resumes: Path | None,
    data: Path | None,
    out: Path | None,
) -> None:
    pool, backend = deps["pool"], deps["backend"]
    postings = fresh_postings(count, data)
    start = time.perf_counter()
    counts = await deps["ingestor"].ingest(postings, expire=False)
    print(
        f"ingest: {counts.as_dict()} in {time.perf_counter() - start:.1f} s, "
        f"{embedder.texts} postings embedded"
    )
    await add_subscribers(pool, embedder, subscribers, base_resumes(resumes))
    alerts = Alerts(pool, deps["ranking"], SETTINGS)
    ids = [p.id for p in postings]
    report("instant", await timed_rounds(pool, alerts, backend, ids, embedder, runs, digest=False))
    if out is not None:
        await dump(pool, out, "instant")
    await pool.execute(
        "INSERT INTO digest_subscriptions (user_id, cadence, local_hour) "
        "SELECT telegram_id, 'daily', 8 FROM users"
    )
    report("digest", await timed_rounds(pool, alerts, backend, ids, embedder, runs, digest=True))
    if out is not None:
        await dump(pool, out, "digest")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--subscribers", type=int, default=10_000)
    parser.add_argument("--postings", type=int, default=500)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--data",
        type=Path,
        default=None,
        help="the third-party data folder (real distinct postings)",
    )
    parser.add_argument(
        "--resumes",
        type=Path,
        default=None,
        help="a CSV with a Resume column (texts of real resumes)",
    )
    parser.add_argument(
        "--dump",
        type=Path,
        default=None,
        help="write what the last rounds found to DUMP.instant, DUMP.digest",
    )
    args = parser.parse_args()
    asyncio.run(
        main(args.subscribers, args.postings, args.runs, args.resumes, args.data, args.dump)
    )
