"""The job tracker end to end through the fake Bot API: ⭐ / ✅ / 🙈 under a match list,
/saved grouped by status, moves, notes (hostile text is data), paging in place, and
applied or hidden jobs never alerted again, nor their copies on other boards."""

from __future__ import annotations

from typing import Any

import pytest

from core.settings import AlertSettings
from delivery.alerts import Alerts
from search.ingest import Ingestor
from ui import tracker
from ui.saved_view import SavedCb

HOSTILE = "<script>alert(1)</script>'); DROP TABLE tracked_jobs; -- call Anna"


def buttons(message: Any) -> list[dict[str, str]]:
    return [b for row in (message.reply_markup or {}).get("inline_keyboard", []) for b in row]


def answers(telegram: Any) -> int:
    return sum(1 for method, _ in telegram.calls if method == "answerCallbackQuery")


class Chat:
    """One user talking to the running bot; waits for each reply or press to be handled."""

    def __init__(self, telegram: Any, user: int) -> None:
        self.telegram, self.user = telegram, user

    async def say(self, text: str) -> Any:
        count = len(self.telegram.texts(self.user))
        await self.telegram.user_says(self.user, text)
        await self.telegram.wait_until(
            lambda: len(self.telegram.texts(self.user)) > count, within=30
        )
        return self.telegram.messages[self.user][-1]

    async def press(self, message: Any, data: str) -> None:
        count = answers(self.telegram)
        await self.telegram.user_presses(self.user, message, data)
        await self.telegram.wait_until(lambda: answers(self.telegram) > count)

    def toast(self) -> str:
        return next(p for m, p in reversed(self.telegram.calls) if m == "answerCallbackQuery").get(
            "text", ""
        )


def button(message: Any, start: str) -> str:
    return next(
        b["callback_data"] for b in buttons(message) if b["callback_data"].startswith(start)
    )


async def test_save_apply_move_note_and_remove_from_a_match_list(
    telegram: Any, chat: Any, resume_user: Any
) -> None:
    user, pool = 5701, chat["pool"]
    await resume_user(user)
    talk = Chat(telegram, user)
    listing = await talk.say("/matches")
    assert "Top matches" in listing.text
    first, second = [
        b["callback_data"] for b in buttons(listing) if b["callback_data"].startswith("tr:saved:")
    ][:2]
    second_applied = second.replace("tr:saved:", "tr:applied:")
    await talk.press(listing, first)
    assert talk.toast().startswith("Saved ⭐")
    await talk.press(listing, second_applied)
    assert "will not alert you" in talk.toast()
    await talk.press(listing, first)  # saving twice changes nothing
    saved_id, applied_id = first.split(":")[2], second.split(":")[2]
    rows = {
        r["posting_id"]: r
        for r in await pool.fetch(
            "SELECT posting_id, status, applied_at, cluster_ids, card FROM tracked_jobs"
        )
    }
    assert rows[saved_id]["status"] == "saved" and rows[saved_id]["applied_at"] is None
    assert rows[applied_id]["status"] == "applied" and rows[applied_id]["applied_at"]
    assert applied_id in rows[applied_id]["cluster_ids"] and rows[applied_id]["card"]["url"]

    board = await talk.say("/saved")
    text = board.text
    assert text.startswith("<b>Your jobs</b> (2)")
    assert text.index("⭐ Saved") < text.index("✅ Applied") and "applied today" in text
    assert rows[saved_id]["card"]["title"] in text
    # ⭐ → ✅: the message is redrawn in place.
    await talk.press(board, button(board, f"sv:to:applied:{saved_id}"))
    await telegram.wait_until(lambda: "⭐ Saved" not in board.text)
    assert board.edits and talk.toast() == "Moved: ✅ Applied."
    await talk.press(board, button(board, f"sv:to:interviewing:{applied_id}"))
    await telegram.wait_until(lambda: "🗣 Interviewing" in board.text)

    # A note: the prompt, a refusal past the limit (nothing lost), then hostile text as data.
    await talk.press(board, button(board, f"sv:note::{saved_id}"))
    await telegram.wait_until(lambda: "short note" in telegram.texts(user)[-1])
    assert telegram.messages[user][-1].reply_markup == {"force_reply": True, "selective": True}
    refused = await talk.say("x" * 301)
    assert "301 characters" in refused.text and "up to 300" in refused.text
    assert (await talk.say(HOSTILE)).text.startswith("Note saved")
    assert (
        await pool.fetchval("SELECT note FROM tracked_jobs WHERE posting_id = $1", saved_id)
        == HOSTILE
    )
    await telegram.wait_until(lambda: "call Anna" in board.text)
    assert "&lt;script&gt;" in board.text and "<script>" not in board.text
    assert await pool.fetchval("SELECT count(*) FROM tracked_jobs") == 2  # still a table

    await talk.press(board, button(board, f"sv:rm::{applied_id}"))
    await telegram.wait_until(lambda: "(1)" in board.text)
    assert await pool.fetchval("SELECT count(*) FROM tracked_jobs") == 1
    # Hiding from the list keeps the cluster in the tracker, out of /saved.
    hide = next(
        b["callback_data"]
        for b in buttons(listing)
        if b["callback_data"].startswith("fb:hide:")
        and b["callback_data"].split(":")[2] not in (saved_id, applied_id)
    )
    await talk.press(listing, hide)
    assert (
        await pool.fetchval(
            "SELECT status FROM tracked_jobs WHERE posting_id = $1", hide.split(":")[2]
        )
        == "hidden"
    )
    assert "(1)" in (await talk.say("/saved")).text


async def test_saved_pages_in_place_and_speaks_russian(
    telegram: Any, chat: Any, postings: list[Any]
) -> None:
    user, pool, backend = 5702, chat["pool"], chat["backend"]
    await pool.execute("INSERT INTO users (telegram_id, language) VALUES ($1, 'ru')", user)
    for posting in postings:
        await tracker.track(pool, backend, user, posting.id, "saved")
    talk = Chat(telegram, user)
    board = await talk.say("/saved")
    assert board.text.startswith("<b>Ваши вакансии</b> (8) · страница 1 из 2")
    assert "⭐ Сохранённые" in board.text
    nav = [SavedCb.unpack(b["callback_data"]) for b in buttons(board) if b["text"] in ("◀", "▶")]
    assert [(c.op, c.page) for c in nav] == [("pg", 1)]
    await talk.press(board, SavedCb(op="pg", page=1).pack())
    await telegram.wait_until(lambda: "страница 2 из 2" in board.text)
    assert len(telegram.messages[user]) == 1  # edited in place, no new message
    assert [b["text"] for b in buttons(board)][-1] == "◀"
    move = next(b for b in buttons(board) if "Откликнулся" in b["text"])
    await talk.press(board, move["callback_data"])
    assert talk.toast() == "Перенесено: ✅ Отклик отправлен."
    await telegram.wait_until(lambda: "✅ Отклик отправлен" in board.text)
    assert "страница 1 из 2" in board.text or "страница 2 из 2" in board.text


@pytest.mark.parametrize("status", ["applied", "hidden"])
async def test_an_applied_or_hidden_job_is_not_alerted_even_from_another_board(
    deps: Any, postings: list[Any], resume_user: Any, status: str
) -> None:
    pool, backend = deps["pool"], deps["backend"]
    await resume_user(7401)
    await resume_user(7402)  # the control: tracks nothing
    job = postings[1]  # the Django posting: this resume's best match
    copy = job.model_copy(
        update={
            "id": "other-board-1",
            "source": "otherboard",
            "source_id": "1",
            "url": "https://other-board.example.net/jobs/1",
        }
    )
    ingest = Ingestor(backend, deps["embedder"])
    assert (await ingest.ingest([copy], expire=False)).clusters == {copy.id: job.id}
    await tracker.track(pool, backend, 7401, job.id, status)
    # The employer's posting expires; the other board's copy comes back as an entry of its own.
    await backend.delete([job.id])
    assert (await ingest.ingest([copy], expire=False)).new == 1
    alerts = Alerts(pool, deps["ranking"], AlertSettings(max_per_day=5, min_score=70))
    await alerts.on_postings([copy])
    queued = {
        r["user_id"]: r["posting_id"]
        for r in await pool.fetch("SELECT user_id, posting_id FROM notifications")
    }
    assert queued == {7402: copy.id}
