"""Alerts: fresh postings → near subscribers → graded without relaxation → outbox → Telegram."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import numpy as np

from core.settings import AlertSettings
from delivery.alerts import Alerts
from scoring.match import resume_hash
from scoring.profile import Profile, extract_profile
from scoring.resume_facts import ResumeFacts

RESUME = Path(__file__).resolve().parent.parent / "fixtures" / "bot" / "resume_text.txt"


async def add_subscriber(
    pool: Any,
    user_id: int,
    *,
    alerts: bool = True,
    prefs: dict[str, Any] | None = None,
    blocked: bool = False,
    extra: str = "",
) -> None:
    text = RESUME.read_text(encoding="utf-8") + extra
    profile = await extract_profile(text)
    await pool.execute(
        """INSERT INTO users (telegram_id, alerts_enabled, preferences, is_blocked)
           VALUES ($1, $2, $3, $4)""",
        user_id,
        alerts,
        prefs or {},
        blocked,
    )
    await pool.execute(
        """INSERT INTO resumes (user_id, file_hash, text, profile, profile_version)
           VALUES ($1, $2, $3, $4, $5)""",
        user_id,
        resume_hash(text),
        text,
        profile.model_dump(mode="json"),
        profile.version,
    )


async def queued(pool: Any, user_id: int) -> list[str]:
    rows = await pool.fetch(
        "SELECT payload FROM notifications WHERE user_id = $1 ORDER BY id", user_id
    )
    return [r["payload"]["text"] for r in rows]


async def test_alerts_never_relax_respect_caps_filters_and_reruns(
    deps: Any, postings: list[Any]
) -> None:
    pool = deps["pool"]
    await add_subscriber(pool, 7001)
    await add_subscriber(pool, 7002, alerts=False)
    await add_subscriber(pool, 7003, blocked=True)
    await add_subscriber(pool, 7004, prefs={"remote": "yes"})
    alerts = Alerts(pool, deps["ranking"], AlertSettings(max_per_day=2, min_score=70))

    total = await alerts.on_postings(postings)
    first = await queued(pool, 7001)
    # The Django backend posting is this resume's near-perfect match; the cap is two a day.
    assert 1 <= len(first) <= 2 and "Python Backend Developer" in first[0]
    assert all("Accountant" not in text and "Nurse" not in text for text in first)
    assert await queued(pool, 7002) == [] and await queued(pool, 7003) == []
    remote_only = await queued(pool, 7004)
    assert 1 <= len(remote_only) <= 2 and not any("Northwind" in text for text in remote_only)
    assert total == len(first) + len(remote_only)
    # A rerun queues nothing twice, and the daily cap holds.
    assert await alerts.on_postings(postings) == 0
    scores = await pool.fetch("SELECT payload->>'score' AS s FROM notifications")
    assert all(float(r["s"]) >= 70 for r in scores)


async def test_nothing_near_means_no_alert(deps: Any, postings: list[Any]) -> None:
    await add_subscriber(deps["pool"], 7101)
    alerts = Alerts(deps["pool"], deps["ranking"], AlertSettings())
    unrelated = [p for p in postings if p.title.startswith(("Staff Accountant", "Registered"))]
    assert await alerts.on_postings(unrelated) == 0


async def test_worker_sends_fresh_alerts_through_the_limits(
    deps: Any, postings: list[Any], telegram: Any
) -> None:
    from runtime.worker import Worker

    pool = deps["pool"]
    await add_subscriber(pool, 7201)
    await pool.executemany(
        "INSERT INTO scraped_postings (posting_id, source, posting) VALUES ($1, $2, $3)",
        [(p.id, p.source, p.model_dump(mode="json")) for p in postings],
    )
    stop = asyncio.Event()
    worker = asyncio.create_task(Worker(deps, stop).run(scrape=False))
    await telegram.wait_until(lambda: bool(telegram.texts(7201)), within=60)
    await asyncio.sleep(0.5)  # the alert round queues all of its rows within milliseconds
    async with asyncio.timeout(30):
        # Polling the database: the worker runs in this process but announces nothing.
        while (  # noqa: ASYNC110
            await pool.fetchval("SELECT count(*) FROM notifications WHERE status <> 'sent'") > 0
        ):
            await asyncio.sleep(0.1)
    stop.set()
    async with asyncio.timeout(15):
        await worker

    texts = telegram.texts(7201)
    assert all(text.startswith("🔔 <b>New job for you</b>") for text in texts)
    assert any("Python Backend Developer" in text for text in texts)
    assert len(texts) == await pool.fetchval("SELECT count(*) FROM notifications")
    rows = telegram.messages[7201][0].reply_markup["inline_keyboard"]
    data = [[b["callback_data"].split(":")[:2] for b in row] for row in rows]
    assert data == [
        [["tr", "saved"], ["tr", "applied"], ["fb", "hide"]],
        [["fb", "good"], ["fb", "bad"]],
    ]
    assert all(b["callback_data"].endswith(":0") for row in rows for b in row)


async def test_a_job_on_two_boards_is_alerted_once(deps: Any, postings: list[Any]) -> None:
    from datetime import UTC, datetime, timedelta

    from runtime.worker import Worker

    pool = deps["pool"]
    await add_subscriber(pool, 7301)
    backend_job = postings[1]  # the Django posting: this resume's best match
    copy = backend_job.model_copy(
        update={
            "id": "other-board-1",
            "source": "otherboard",
            "source_id": "1",
            "url": "https://other-board.example.net/jobs/1",
        }
    )
    rows = [(p.id, p.source, p.model_dump(mode="json")) for p in [*postings, copy]]
    await pool.executemany(
        "INSERT INTO scraped_postings (posting_id, source, posting) VALUES ($1, $2, $3)", rows
    )
    worker = Worker(deps, asyncio.Event())
    await worker.ingest([copy])
    assert await pool.fetchval(
        "SELECT indexed_at IS NOT NULL FROM scraped_postings WHERE posting_id = $1", copy.id
    )

    assert await worker.alert_round(datetime.now(UTC) - timedelta(hours=1)) >= 1
    alerted = await pool.fetch("SELECT posting_id FROM notifications WHERE user_id = 7301")
    ids = [r["posting_id"] for r in alerted]
    assert backend_job.id in ids and copy.id not in ids


async def test_a_round_embeds_each_resume_once_ever(
    deps: Any, postings: list[Any], fresh_ranking: Any
) -> None:
    pool = deps["pool"]
    for n, user_id in enumerate((7401, 7402, 7403)):
        await add_subscriber(pool, user_id, extra=f"\nHobby number {n}: chess.")

    def fresh_process() -> tuple[Any, Alerts]:
        counting, ranking = fresh_ranking()
        return counting, Alerts(pool, ranking, AlertSettings(min_score=70))

    counting, alerts = fresh_process()
    assert await alerts.on_postings(postings) >= 3
    # The three resumes' pieces in one call, the postings in one more; stored for later.
    assert len(counting.calls) == 2 and counting.calls[1] == len(postings)
    assert await pool.fetchval("SELECT count(*) FROM resume_vectors") == 3
    counting, alerts = fresh_process()
    await alerts.on_postings(postings[:3])
    assert counting.calls == [3]  # the postings only: no resume is embedded again
    # What the pre-filter measured with is the vector the user's own list is ranked with.
    row = await pool.fetchrow(
        "SELECT r.text, r.profile, v.vector FROM resumes r JOIN resume_vectors v "
        "ON v.resume_id = r.id WHERE r.user_id = 7401"
    )
    profile = await extract_profile(row["text"])
    listed = await deps["matcher"].resume_vector(row["text"], profile)
    assert np.allclose(np.asarray(row["vector"], dtype=np.float32), listed, atol=1e-5)


async def test_a_round_fills_missing_grading_facts_once(deps: Any, postings: list[Any]) -> None:
    """A resume stored before ``resumes.facts`` existed gets its facts in its first round,
    the very ones storing it now would keep; a resume the bot stores has them already."""
    pool = deps["pool"]
    await add_subscriber(pool, 7301)
    assert await pool.fetchval("SELECT facts FROM resumes WHERE user_id = 7301") is None
    await Alerts(pool, deps["ranking"], AlertSettings(min_score=70)).on_postings(postings)
    row = await pool.fetchrow("SELECT text, profile, facts FROM resumes WHERE user_id = 7301")
    facts = ResumeFacts.from_json(row["facts"])
    assert facts is not None and facts.skills
    assert facts == ResumeFacts.of(row["text"], Profile.model_validate(row["profile"]))
