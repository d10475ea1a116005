"""/export and /forget (/delete) end to end: the JSON document uploaded through aiogram's
real client to the fake Bot API and decoded, then erasure checked against EVERY table of
the schema, Redis and the stored resume vectors."""

from __future__ import annotations

import asyncio
import json
from datetime import time
from typing import Any

import asyncpg
import pytest
from redis.asyncio import Redis

from bot.users import add_feedback
from delivery import digest, quiet
from delivery.quiet import QuietHours
from ui import tracker
from ui.saved_view import SavedCb

USER = 918273645  # an id no other value in the database could contain by chance
OTHER = 5991


async def seed(pool: asyncpg.Pool, backend: Any, postings: list[Any], user: int) -> None:
    await quiet.save(pool, user, QuietHours(time(22), time(7), "Europe/Berlin"))
    await pool.execute("UPDATE users SET alerts_enabled = true WHERE telegram_id = $1", user)
    await tracker.track(pool, backend, user, postings[0].id, "saved")
    await tracker.set_note(pool, user, postings[0].id, "ask about <visa>")
    await tracker.track(pool, backend, user, postings[1].id, "applied")
    await add_feedback(pool, user, postings[2].id, "good")
    await pool.execute(
        "INSERT INTO notifications (user_id, posting_id, payload) "
        "VALUES ($1, 'x1', '{\"text\": \"an alert\"}')",
        user,
    )
    await pool.execute(
        "INSERT INTO llm_calls (user_id, purpose, provider, model, latency_ms, "
        "outcome) VALUES ($1, 'rubric', 'openai', 'm', 5, 'ok')",
        user,
    )
    await digest.subscribe(pool, user, "weekly", 9, 4)
    await pool.execute(
        "INSERT INTO digest_items (user_id, posting_id, score, entry) "
        "VALUES ($1, $2, 81, '{\"score\": 81}')",
        user,
        postings[3].id,
    )


async def test_export_sends_everything_as_a_json_document(
    telegram: Any, chat: Any, resume_user: Any, postings: list[Any]
) -> None:
    pool = chat["pool"]
    await resume_user(USER, language="ru", preferences={"remote": "yes", "followup_days": 7})
    await seed(pool, chat["backend"], postings, USER)
    await telegram.user_says(USER, "/export")
    await telegram.wait_until(lambda: bool(telegram.uploads.get(USER)), within=30)
    upload = telegram.uploads[USER][0]
    assert upload.method == "sendDocument" and upload.filename.endswith(".json")
    assert upload.caption.startswith("Всё, что я о вас храню")
    actions = [
        p["action"]
        for m, p in telegram.calls
        if m == "sendChatAction" and p["chat_id"] == str(USER)
    ]
    assert actions == ["upload_document"]

    doc = json.loads(upload.data.decode("utf-8"))
    assert doc["format"] == "jobbot-export/1" and doc["user"]["telegram_id"] == USER
    assert doc["preferences"] == {"remote": "yes", "followup_days": 7}
    assert doc["quiet_hours"] == {"start": "22:00:00", "end": "07:00:00", "zone": "Europe/Berlin"}
    assert doc["subscription"]["alerts_enabled"] is True
    assert doc["profile"]["skills"] and "Python" in doc["resumes"][0]["text"]
    jobs = {j["posting_id"]: j for j in doc["saved_jobs"]}
    assert jobs[postings[0].id]["status"] == "saved"
    assert jobs[postings[0].id]["note"] == "ask about <visa>"
    assert jobs[postings[1].id]["status"] == "applied" and jobs[postings[1].id]["applied_at"]
    assert jobs[postings[1].id]["job"]["title"] == postings[1].title
    assert [(f["posting_id"], f["verdict"]) for f in doc["feedback"]] == [(postings[2].id, "good")]
    assert [n["posting_id"] for n in doc["notifications"]] == ["x1"]
    assert doc["llm_calls"][0]["purpose"] == "rubric"
    assert doc["user"]["time_zone"] == "Europe/Berlin"
    assert [(d["cadence"], d["local_hour"], d["weekday"]) for d in doc["digest_subscriptions"]] == [
        ("weekly", 9, 4)
    ]
    assert [i["posting_id"] for i in doc["digest_items"]] == [postings[3].id]


async def user_rows(pool: asyncpg.Pool, user: int, resume_hashes: list[str]) -> dict[str, int]:
    """For EVERY table of the schema: rows holding the user's id in a user/chat id column,
    or the id or a resume hash anywhere in the row's text."""
    tables = [
        r["table_name"]
        for r in await pool.fetch(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = "
            "current_schema() AND table_type = 'BASE TABLE'"
        )
    ]
    id_columns = await pool.fetch(
        """SELECT table_name, column_name FROM information_schema.columns
            WHERE table_schema = current_schema()
              AND (column_name IN ('telegram_id', 'chat_id', 'admin_id')
                   OR column_name LIKE '%user_id' OR column_name LIKE '%chat_id')"""
    )
    assert {
        "users",
        "resumes",
        "tracked_jobs",
        "feedback",
        "notifications",
        "digest_subscriptions",
        "digest_items",
    } <= {r["table_name"] for r in id_columns}
    found: dict[str, int] = {}
    for r in id_columns:
        n = await pool.fetchval(
            f'SELECT count(*) FROM "{r["table_name"]}" WHERE "{r["column_name"]}" = $1', user
        )
        if n:
            found[f"{r['table_name']}.{r['column_name']}"] = n
    for table in tables:
        for needle in (str(user), *resume_hashes):
            n = await pool.fetchval(
                f'SELECT count(*) FROM "{table}" t WHERE t::text LIKE $1', f"%{needle}%"
            )
            if n:
                found[f"{table} mentions {needle[:12]}"] = n
    return found


async def redis_mentions(url: str, user: int) -> list[str]:
    client = Redis.from_url(url)
    try:
        hits = []
        async for key in client.scan_iter(count=1000):
            value = await client.get(key) if await client.type(key) == b"string" else b""
            if str(user).encode() in key or str(user).encode() in (value or b""):
                hits.append(key.decode())
        return hits
    finally:
        await client.aclose()


@pytest.mark.parametrize("command", ["/delete", "/forget"])
async def test_delete_leaves_no_row_key_or_vector_of_the_user(
    telegram: Any, chat: Any, resume_user: Any, postings: list[Any], redis_url: str, command: str
) -> None:
    pool = chat["pool"]
    await resume_user(USER)
    await resume_user(OTHER, extra="\nAlso: Kubernetes operator in Go.")
    await seed(pool, chat["backend"], postings, USER)
    await seed(pool, chat["backend"], postings, OTHER)
    # /matches stores the resume vector; 📝 leaves an FSM state in Redis.
    await telegram.user_says(USER, "/matches")
    await telegram.wait_until(
        lambda: any("Top matches" in t for t in telegram.texts(USER)), within=30
    )
    await telegram.wait_until(lambda: "Graded by" in telegram.messages[USER][-1].text, within=30)
    assert await pool.fetchval("SELECT count(*) FROM resume_vectors") == 1
    await telegram.user_says(USER, "/saved")
    await telegram.wait_until(lambda: "Your jobs" in telegram.texts(USER)[-1])
    board = telegram.messages[USER][-1]
    await telegram.user_presses(USER, board, SavedCb(op="note", posting_id=postings[0].id).pack())
    await telegram.wait_until(lambda: "short note" in telegram.texts(USER)[-1])
    assert await redis_mentions(redis_url, USER)  # the scan below does see such keys
    hashes = [
        r["file_hash"]
        for r in await pool.fetch("SELECT file_hash FROM resumes WHERE user_id = $1", USER)
    ]
    before = await user_rows(pool, USER, hashes)
    assert {"digest_subscriptions.user_id", "digest_items.user_id"} <= set(before)

    await telegram.user_says(USER, command)
    await telegram.wait_until(lambda: "cannot be undone" in telegram.texts(USER)[-1])
    confirm = telegram.messages[USER][-1]
    yes = confirm.reply_markup["inline_keyboard"][0][0]["callback_data"]
    await telegram.user_presses(USER, confirm, yes)
    await telegram.wait_until(lambda: confirm.text.startswith("Done: I deleted everything"))
    await telegram.wait_until(lambda: any(m == "answerCallbackQuery" for m, _ in telegram.calls))

    for _ in range(100):  # the keys go right after the reply is sent
        if not await redis_mentions(redis_url, USER):
            break
        await asyncio.sleep(0.05)
    assert await user_rows(pool, USER, hashes) == {}
    assert await redis_mentions(redis_url, USER) == []
    assert await pool.fetchval("SELECT count(*) FROM resume_vectors") == 0
    # Nobody else lost anything.
    assert await pool.fetchval("SELECT count(*) FROM tracked_jobs WHERE user_id = $1", OTHER) == 2
    assert await pool.fetchval("SELECT count(*) FROM resumes WHERE user_id = $1", OTHER) == 1
    assert await pool.fetchval("SELECT count(*) FROM digest_items WHERE user_id = $1", OTHER) == 1
