"""Cards and the /saved view as pure functions: "3 days ago" in both languages, the meta
line, callback data within Telegram's 64 bytes, grouping and paging."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from core.models import Posting, posting_id
from ui import cards, render
from ui.keyboards import feedback_keyboard
from ui.saved_view import PAGE_SIZE, SavedCb, followup_keyboard, view
from ui.tracker import STATUSES, TrackedJob

NOW = datetime(2027, 3, 10, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("days", "en", "ru"),
    [
        (0, "today", "сегодня"),
        (1, "yesterday", "вчера"),
        (3, "3 days ago", "3 дня назад"),
        (5, "5 days ago", "5 дней назад"),
        (11, "11 days ago", "11 дней назад"),
        (14, "2 weeks ago", "2 недели назад"),
        (21, "3 weeks ago", "3 недели назад"),
        (35, "5 weeks ago", "5 недель назад"),
        (60, "2 months ago", "2 месяца назад"),
        (31 * 7, "7 months ago", "7 месяцев назад"),
        (800, "2 years ago", "2 года назад"),
        (365 * 5 + 2, "5 years ago", "5 лет назад"),
    ],
)
def test_ago_in_both_languages(days: int, en: str, ru: str) -> None:
    when = NOW - timedelta(days=days, hours=1)
    assert cards.ago(when, NOW, "en") == en
    assert cards.ago(when, NOW, "ru") == ru


def test_ago_counts_a_future_date_as_today_and_russian_plurals_follow_cldr() -> None:
    assert cards.ago(NOW + timedelta(days=2), NOW, "en") == "today"
    forms = {n: cards.plural_form(n, "ru") for n in (1, 2, 5, 11, 12, 21, 22, 25, 101, 111)}
    assert forms == {
        1: "one",
        2: "few",
        5: "many",
        11: "many",
        12: "many",
        21: "one",
        22: "few",
        25: "many",
        101: "one",
        111: "many",
    }


def posting(**changes: object) -> Posting:
    base = Posting(
        id=posting_id("ashby", "x1", None),
        source="ashby",
        source_id="x1",
        url="https://jobs.example.org/acme/x1",
        apply_url="https://jobs.example.org/acme/x1/application",
        title="Backend <Engineer>",
        company="Acme & Co",
        location="Berlin, Germany",
        remote="hybrid",
        salary_min=70000,
        salary_max=90000,
        salary_currency="EUR",
        salary_period="year",
        posted_at=NOW - timedelta(days=3),
    )
    return base.model_copy(update=changes)


def test_a_card_links_the_apply_page_first_and_says_place_pay_age_and_boards() -> None:
    text = render.headline(posting(), "en", NOW, boards=3)
    title, meta = text.split("\n")
    assert title.startswith('<b><a href="https://jobs.example.org/acme/x1/application">')
    assert "Backend &lt;Engineer&gt;" in title and "Acme &amp; Co" in title
    assert meta == (
        "Berlin, Germany · hybrid · 70,000–90,000 EUR/year · posted 3 days ago · "
        'seen on 3 boards · <a href="https://jobs.example.org/acme/x1">job page</a>'
    )
    ru = render.headline(posting(), "ru", NOW, boards=2).split("\n")[1]
    assert "гибрид" in ru and "опубликовано 3 дня назад" in ru and "на 2 сайтах" in ru


def test_a_card_without_pay_date_or_place_says_only_what_is_known() -> None:
    bare = posting(
        apply_url=None,
        salary_min=None,
        salary_max=None,
        posted_at=None,
        location=None,
        remote="remote",
    )
    title, meta = render.headline(bare, "en", NOW).split("\n")
    assert 'href="https://jobs.example.org/acme/x1"' in title
    assert meta == "remote"  # one board: no "seen on"; no apply link: no separate job page
    assert "\n" not in render.headline(bare.model_copy(update={"remote": "unknown"}), "en", NOW)


def callback_data(markup: object) -> list[str]:
    return [b.callback_data for row in markup.inline_keyboard for b in row]  # type: ignore[attr-defined]


def test_every_button_fits_telegrams_64_bytes() -> None:
    ids = [posting_id("greenhouse", str(i), None) for i in range(8)]
    data = (
        callback_data(feedback_keyboard("ru", ids))
        + callback_data(feedback_keyboard("en", ids[:1]))
        + callback_data(followup_keyboard("ru", ids[0]))
    )
    jobs = [TrackedJob(pid, "interviewing", None, {}, NOW, NOW) for pid in ids * 3]
    data += callback_data(view(jobs, 2, "en", NOW)[1])
    assert data and max(len(d.encode()) for d in data) <= 64
    alert = [row for row in feedback_keyboard("en", ids[:1]).inline_keyboard]
    assert [b.text for b in alert[0]] == ["⭐ Save", "✅ Applied", "🙈 Hide"]
    assert [b.text for b in alert[1]] == ["👍 Good", "👎 Bad"]
    assert [b.text for b in feedback_keyboard("en", ids[:2]).inline_keyboard[1]] == [
        "2. ⭐",
        "✅",
        "🙈",
        "👍",
        "👎",
    ]


def tracked(n: int, status: str, note: str | None = None) -> TrackedJob:
    card = {"title": f"Job {n}", "company": f"Co {n}", "url": f"https://jobs.example.org/{n}"}
    return TrackedJob(f"p{n:02}", status, note, card, NOW - timedelta(days=2), NOW)


def test_saved_view_groups_by_status_pages_and_escapes_notes() -> None:
    jobs = [tracked(i, STATUSES[i % 5], "<b>call</b> Anna" if i == 0 else None) for i in range(12)]
    jobs.sort(key=lambda j: STATUSES.index(j.status))
    text, markup, page = view(jobs, 0, "en", NOW)
    assert page == 0 and text.startswith("<b>Your jobs</b> (12) · page 1 of 3")
    assert "<b>⭐ Saved</b>" in text and "<b>✅ Applied</b>" in text
    assert "📝 &lt;b&gt;call&lt;/b&gt; Anna" in text and "<b>call</b>" not in text
    assert markup is not None
    first_row = [SavedCb.unpack(b.callback_data) for b in markup.inline_keyboard[0]]
    assert (first_row[0].op, first_row[0].status) == ("to", "applied")
    nav = [SavedCb.unpack(b.callback_data) for b in markup.inline_keyboard[-1]]
    assert [(c.op, c.page) for c in nav] == [("pg", 1)]
    last_text, last_markup, last = view(jobs, 99, "ru", NOW)
    assert last == 2 and "страница 3 из 3" in last_text
    assert last_markup is not None and len(last_markup.inline_keyboard) == 12 - 2 * PAGE_SIZE + 1
    assert "<b>❌ Отказ</b>" in last_text and "отклик 2 дня назад" in last_text
    assert view([], 0, "en", NOW)[0].startswith("Nothing saved yet")
