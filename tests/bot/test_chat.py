"""End to end through the fake Bot API: aiogram's real client, long polling, real services."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

from scoring.resume_facts import FACTS_VERSION

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "bot"
USER = 5001


def buttons(message: Any) -> list[dict[str, str]]:
    return [b for row in (message.reply_markup or {}).get("inline_keyboard", []) for b in row]


async def test_start_picks_language_and_help_follows_it(telegram: Any, chat: Any) -> None:
    await telegram.user_says(USER, "/start")
    await telegram.wait_until(lambda: len(telegram.texts(USER)) == 1)
    picker = telegram.messages[USER][0]
    assert "Which language" in picker.text
    ru = next(b for b in buttons(picker) if b["text"] == "Русский")

    await telegram.user_presses(USER, picker, ru["callback_data"])
    await telegram.wait_until(lambda: len(telegram.texts(USER)) == 2)
    assert "Пришлите резюме" in telegram.texts(USER)[1]
    await telegram.user_says(USER, "/help")
    await telegram.wait_until(lambda: len(telegram.texts(USER)) == 3)
    assert "/forget" in telegram.texts(USER)[2] and "Команды" in telegram.texts(USER)[2]
    language = await chat["pool"].fetchval(
        "SELECT language FROM users WHERE telegram_id = $1", USER
    )
    assert language == "ru"


async def test_resume_document_gets_a_list_at_once_then_graded_edits(
    telegram: Any, chat: Any
) -> None:
    pdf = (FIXTURES / "john_smith_python_ml.pdf").read_bytes()
    await telegram.user_sends_file(USER, "john_smith.pdf", pdf, "application/pdf")
    await telegram.wait_until(lambda: len(telegram.texts(USER)) >= 2, within=30)
    ack, listing = telegram.messages[USER][:2]
    assert ack.text.startswith("Got your resume")
    assert "Top matches" in listing.text and "Grading each match" in listing.text
    top = listing.text.split("\n\n")[1]
    assert any(word in top for word in ("Machine Learning", "MLOps", "Python", "NLP"))
    assert "Accountant" not in listing.text and "Nurse" not in listing.text
    assert len(listing.text) <= 4096

    await telegram.wait_until(lambda: bool(listing.edits), within=30)
    await telegram.wait_until(lambda: "Graded by" in listing.text, within=30)
    assert "rules" in listing.text  # no LLM key configured: the rule-based rubric answered
    stored = await chat["pool"].fetchrow(
        "SELECT file_name, mime_type, profile, facts FROM resumes WHERE user_id = $1 AND is_active",
        USER,
    )
    assert stored["file_name"] == "john_smith.pdf" and stored["profile"]["skills"]
    # The rule grader's facts are kept with the resume, so alert rounds never look for them.
    assert stored["facts"]["version"] == FACTS_VERSION and stored["facts"]["skills"]

    hide = next(b for b in buttons(listing) if b["callback_data"].startswith("fb:hide:"))
    hidden_id = hide["callback_data"].split(":")[2]
    good = next(b for b in buttons(listing) if b["callback_data"].startswith("fb:good:"))
    await telegram.user_presses(USER, listing, hide["callback_data"])
    await telegram.wait_until(
        lambda: all(hidden_id not in b["callback_data"] for b in buttons(listing))
    )
    await telegram.user_presses(USER, listing, good["callback_data"])
    await telegram.wait_until(
        lambda: sum(1 for m, _ in telegram.calls if m == "answerCallbackQuery") >= 2
    )
    verdicts = await chat["pool"].fetch(
        "SELECT verdict, posting_id FROM feedback WHERE user_id = $1 ORDER BY id", USER
    )
    assert [r["verdict"] for r in verdicts] == ["hidden", "good"]
    assert verdicts[0]["posting_id"] == hidden_id


async def test_bad_files_get_a_clear_reason_and_nothing_is_stored(telegram: Any, chat: Any) -> None:
    await telegram.user_sends_file(
        USER, "photo.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 100, "image/png"
    )
    await telegram.wait_until(lambda: len(telegram.texts(USER)) == 1)
    assert "picture" in telegram.texts(USER)[0]
    await telegram.user_says(USER, "hello")
    await telegram.wait_until(lambda: len(telegram.texts(USER)) == 2)
    assert "paste its full text" in telegram.texts(USER)[1]
    assert await chat["pool"].fetchval("SELECT count(*) FROM resumes") == 0


async def test_prefs_subscribe_and_forget(telegram: Any, chat: Any) -> None:
    pool = chat["pool"]
    await telegram.user_says(USER, "/subscribe")
    await telegram.wait_until(lambda: len(telegram.texts(USER)) == 1)
    assert "resume first" in telegram.texts(USER)[0]
    # Sent together: updates run concurrently, and no change may overwrite another.
    await telegram.user_says(USER, "/prefs remote yes")
    await telegram.user_says(USER, "/prefs salary 80k")
    await telegram.user_says(USER, "/prefs countries germany")
    await telegram.wait_until(lambda: len(telegram.texts(USER)) == 4)
    assert any("two-letter codes" in text for text in telegram.texts(USER)[1:])
    prefs = await pool.fetchval("SELECT preferences FROM users WHERE telegram_id = $1", USER)
    assert prefs["remote"] == "yes" and prefs["min_salary"] == 80000

    pasted = (FIXTURES / "resume_text.txt").read_text(encoding="utf-8")
    await telegram.user_says(USER, pasted)
    await telegram.wait_until(
        lambda: any("Graded by" in t or "No postings" in t for t in telegram.texts(USER)), within=30
    )
    listing = next(m for m in telegram.messages[USER] if "Top matches" in m.text)
    assert "Contoso" in listing.text or "Proseware" in listing.text  # remote only, ≥ 80k
    assert "Northwind" not in listing.text  # hybrid: filtered out by "remote yes"
    await telegram.user_says(USER, "/subscribe")
    await telegram.wait_until(lambda: "How should I send" in telegram.texts(USER)[-1])
    choice = telegram.messages[USER][-1]
    await telegram.user_presses(USER, choice, buttons(choice)[0]["callback_data"])  # instant
    await telegram.wait_until(lambda: "Alerts on" in choice.text)
    assert await pool.fetchval("SELECT alerts_enabled FROM users WHERE telegram_id = $1", USER)

    await telegram.user_says(USER, "/forget")
    await telegram.wait_until(lambda: "cannot be undone" in telegram.texts(USER)[-1])
    confirm = telegram.messages[USER][-1]
    yes = next(b for b in buttons(confirm) if json.dumps(b).find("forget:1") >= 0)
    await telegram.user_presses(USER, confirm, yes["callback_data"])
    await telegram.wait_until(lambda: "deleted everything" in confirm.text)
    for table, column in (
        ("users", "telegram_id"),
        ("resumes", "user_id"),
        ("llm_calls", "user_id"),
    ):
        assert await pool.fetchval(f"SELECT count(*) FROM {table} WHERE {column} = $1", USER) == 0


async def test_a_failing_update_gets_a_friendly_reply(telegram: Any, chat: Any) -> None:
    await telegram.user_sends_file(USER, "cv.pdf", b"%PDF-1.4 ...", "application/pdf")
    telegram.files.clear()  # Telegram lost the file: getFile fails inside the handler
    await telegram.wait_until(lambda: len(telegram.texts(USER)) == 1)
    assert telegram.texts(USER)[0].startswith("Something went wrong on my side")


async def test_a_flood_is_throttled(telegram: Any, chat: Any) -> None:
    for n in range(12):
        await telegram.user_says(USER, f"/help {n}")
    # The burst allows five at once; replies are paced at 1/s, so the fifth comes after ~4 s,
    # long after the other seven updates were handled (dropped) in the same polling batch.
    await telegram.wait_until(lambda: len(telegram.texts(USER)) >= 5, within=30)
    await asyncio.sleep(1.5)
    assert 5 <= len(telegram.texts(USER)) < 12


async def test_a_long_paste_split_by_telegram_is_read_as_one_resume(
    telegram: Any, chat: Any
) -> None:
    resume = (FIXTURES / "resume_text.txt").read_text(encoding="utf-8")
    filler = "\n".join(
        f"- Delivered project {n}: Python and Django REST APIs on AWS." for n in range(80)
    )
    text = resume + "\nMore projects\n" + filler
    parts = [text[i : i + 4096] for i in range(0, len(text), 4096)]
    assert len(parts) >= 2
    for part in parts:
        await telegram.user_says(USER, part)
    await telegram.wait_until(lambda: len(telegram.texts(USER)) >= 2, within=30)
    assert telegram.texts(USER)[0].startswith("Got your resume (")
    assert not any("paste its full text" in t or "still working" in t for t in telegram.texts(USER))
    stored = await chat["pool"].fetchval("SELECT text FROM resumes WHERE user_id = $1", USER)
    assert "Delivered project 79" in stored and "Maria Petrova" in stored


async def test_a_user_who_unblocked_the_bot_is_active_again(telegram: Any, chat: Any) -> None:
    pool = chat["pool"]
    await pool.execute("INSERT INTO users (telegram_id, is_blocked) VALUES ($1, true)", USER)
    await telegram.user_says(USER, "/start")
    await telegram.wait_until(lambda: len(telegram.texts(USER)) == 1)
    assert "I find jobs" in telegram.texts(USER)[0]  # a returning user: no language picker
    assert not await pool.fetchval("SELECT is_blocked FROM users WHERE telegram_id = $1", USER)
