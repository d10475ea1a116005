"""/insights: the numbers as a pure function, and the chart through the fake Bot API (decoded
as a PNG, its caption's numbers equal to the data's), in English and Russian."""

from __future__ import annotations

import io
import statistics
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg
from PIL import Image

from bot.handlers.insights import matching_postings
from bot.insights import caption, market_picture
from bot.users import User
from core.models import Posting
from scoring.match import resume_hash
from scoring.profile import Profile, extract_profile
from ui.cards import counted

RESUME = Path(__file__).resolve().parent.parent / "fixtures" / "bot" / "resume_text.txt"
TODAY = date(2027, 1, 13)  # a Wednesday; its week starts on Monday the 11th


def posting(n: int, description: str, *, posted: date | None = None, **salary: Any) -> Posting:
    at = datetime(posted.year, posted.month, posted.day, 9, tzinfo=UTC) if posted else None
    return Posting(
        id=f"p{n}",
        source="example",
        url=f"https://x.example/{n}",
        title=f"Engineer {n}",
        description=description,
        posted_at=at,
        **salary,
    )


SAMPLE = [
    posting(
        1,
        "Python and Kubernetes.",
        posted=TODAY,
        salary_min=60000,
        salary_max=80000,
        salary_currency="EUR",
        salary_period="year",
    ),
    posting(
        2,
        "Kubernetes and Docker.",
        posted=TODAY - timedelta(weeks=1),
        salary_min=5000,
        salary_max=6000,
        salary_currency="EUR",
        salary_period="month",
    ),
    posting(
        3,
        "Python.",
        posted=TODAY - timedelta(weeks=1),
        salary_min=50,
        salary_currency="USD",
        salary_period="hour",
    ),
    posting(4, "Python, nothing else.", posted=TODAY - timedelta(weeks=10)),
    posting(5, "Terraform.", salary_min=90000, salary_currency="EUR"),
]


def test_the_numbers_are_annualised_per_currency_counted_and_bucketed() -> None:
    picture = market_picture(SAMPLE, "Senior Python developer", ["Python"], TODAY, weeks=4)
    assert picture.count == 5 and picture.enough
    eur, usd = picture.pay
    assert eur.currency == "EUR" and eur.ranges == ((60000, 80000), (60000, 72000), (90000, 90000))
    assert (eur.low, eur.high) == (60000, 80000)
    assert (usd.currency, usd.low, usd.high) == ("USD", 104000, 104000)  # 50 × 2080 hours
    assert picture.skills == (("Kubernetes", 2), ("Docker", 1), ("Terraform", 1))
    assert picture.weeks == (
        (date(2026, 12, 21), 0),
        (date(2026, 12, 28), 0),
        (date(2027, 1, 4), 2),
        (date(2027, 1, 11), 1),
    )
    text = caption(picture, "en")
    assert "Pay per year (EUR, 3 postings): median 60,000–80,000" in text
    assert "(USD, 1 posting): median 104,000–104,000" in text
    assert "Kubernetes (2), Docker (1), Terraform (1)" in text and text.endswith("0, 0, 2, 1")
    assert "Зарплата в год (EUR, 3 вакансии): медиана 60,000–80,000" in caption(picture, "ru")
    assert "(USD, 1 вакансия)" in caption(picture, "ru")
    assert not market_picture(SAMPLE[:2], "", [], TODAY).enough


async def add_resume_user(
    pool: asyncpg.Pool, user_id: int, language: str, prefs: dict[str, Any] | None = None
) -> None:
    text = RESUME.read_text(encoding="utf-8")
    profile = await extract_profile(text)
    await pool.execute(
        "INSERT INTO users (telegram_id, language, preferences) VALUES ($1, $2, $3)",
        user_id,
        language,
        prefs or {},
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


async def ask(telegram: Any, user: int) -> tuple[str, bytes | None]:
    """The reply to /insights: a photo's caption and bytes, or a text and ``None``."""
    await telegram.user_says(user, "/insights")
    await telegram.wait_until(
        lambda: bool(telegram.messages.get(user) or telegram.uploads.get(user)), within=30
    )
    if telegram.uploads.get(user):
        upload = telegram.uploads[user][-1]
        assert upload.method == "sendPhoto"
        return upload.caption, upload.data
    return telegram.messages[user][-1].text, None


async def expected(chat: Any, user: int, language: str) -> tuple[list[Posting], Any]:
    text = RESUME.read_text(encoding="utf-8")
    row = await chat["pool"].fetchrow("SELECT id, profile FROM resumes WHERE user_id = $1", user)
    profile = Profile.model_validate(row["profile"])
    who = User(user, language, {}, False, False, False)
    found = await matching_postings(chat["ranking"], chat["pool"], who, row["id"], text, profile)
    return found, market_picture(
        found, text, [s.name for s in profile.skills], datetime.now(UTC).date()
    )


async def test_insights_sends_a_png_whose_caption_holds_the_datas_numbers(
    telegram: Any, chat: Any
) -> None:
    for user, language in ((8101, "en"), (8102, "ru")):
        await add_resume_user(chat["pool"], user, language)
        text, photo = await ask(telegram, user)
        assert photo is not None
        # The wait shows "sending a photo…" first.
        after = [m for m, p in telegram.calls if p.get("chat_id") == str(user)]
        assert after.index("sendChatAction") < after.index("sendPhoto")
        assert any(
            p.get("action") == "upload_photo"
            for m, p in telegram.calls
            if m == "sendChatAction" and p.get("chat_id") == str(user)
        )
        image = Image.open(io.BytesIO(photo))
        assert image.format == "PNG" and image.size == (800, 900)
        image.verify()
        found, picture = await expected(chat, user, language)
        assert text == caption(picture, language) and len(found) >= 3
        # The caption's figures, recomputed from the postings themselves.
        eur = [p for p in found if p.salary_currency == "EUR"]
        low = statistics.median(p.salary_min for p in eur if p.salary_min is not None)
        high = statistics.median(p.salary_max for p in eur if p.salary_max is not None)
        word = "median" if language == "en" else "медиана"
        assert f"EUR, {counted(language, len(eur), 'posting')})" in text
        assert f"{word} {low:,.0f}–{high:,.0f}" in text
        weekly = text.rsplit(": ", 1)[1].split(", ")
        assert sum(map(int, weekly)) == len(found)  # the fixture postings are all recent
    assert text.startswith("<b>Рынок вокруг вашего профиля</b>")


async def test_too_little_data_gives_a_sentence(telegram: Any, chat: Any) -> None:
    for user, language, words in (
        (8201, "en", "Too little data"),
        (8202, "ru", "Пока мало данных"),
    ):
        await add_resume_user(chat["pool"], user, language, {"countries": ["JP"]})
        text, photo = await ask(telegram, user)
        assert photo is None and text.startswith(words)
        assert "0" in text and "3" in text


def test_counts_take_the_plural_each_language_wants() -> None:
    en = [counted("en", n, "posting") for n in (0, 1, 2, 11, 21)]
    assert en == ["0 postings", "1 posting", "2 postings", "11 postings", "21 postings"]
    ru = [counted("ru", n, "posting") for n in (1, 2, 4, 5, 11, 12, 14, 21, 22, 25, 101, 111)]
    assert ru == [
        "1 вакансия",
        "2 вакансии",
        "4 вакансии",
        "5 вакансий",
        "11 вакансий",
        "12 вакансий",
        "14 вакансий",
        "21 вакансия",
        "22 вакансии",
        "25 вакансий",
        "101 вакансия",
        "111 вакансий",
    ]
    assert counted("ru", 1, "new_job") == "1 новая вакансия"
    assert counted("en", 1, "matching") == "1 matching posting"
