"""Pure parts: texts catalog, /prefs mini-language, rendering limits, GCRA."""

from __future__ import annotations

import string
from typing import Any

import pytest

from delivery.ratelimit import Limit, MemoryRateLimiter
from scoring.match import Match
from scoring.reasons import Reasons
from ui import render
from ui.prefs import Preferences, PrefsError, apply_command
from ui.texts import CATALOG, EN, pick_language, t


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_text_exists_in_every_language_with_the_same_placeholders() -> None:
    for lang, texts in CATALOG.items():
        assert set(texts) == set(EN), lang
        for key, template in texts.items():
            assert fields(template) == fields(EN[key]), (lang, key)


def test_values_are_escaped_and_languages_fall_back() -> None:
    assert "&lt;script&gt;" in t("en", "resume_unreadable", reason="<script>")
    assert t("de", "error") == EN["error"]
    assert pick_language("ru-RU") == "ru" and pick_language(None) == "en"


def test_prefs_commands() -> None:
    prefs = Preferences()
    for command in (
        "remote yes",
        "countries de, nl",
        "salary 85k",
        "exclude_company Acme Corp",
        "exclude_keyword php",
        "exclude_company acme corp",
        "levels any",
    ):
        prefs = apply_command(prefs, command)
    assert prefs.remote == "yes" and prefs.countries == ["DE", "NL"] and prefs.levels == "any"
    assert prefs.min_salary == 85000 and prefs.exclude_companies == ["acme corp"]
    filters = prefs.to_filters()
    assert filters.remote == ("remote",) and filters.exclude_keywords == ("php",)
    assert filters.any_level and not Preferences().to_filters().any_level
    prefs = apply_command(prefs, "include_company ACME CORP")
    assert prefs.exclude_companies == [] and apply_command(prefs, "reset") == Preferences()


@pytest.mark.parametrize(
    "command",
    [
        "remote maybe",
        "countries Germany",
        "salary lots",
        "colour blue",
        "exclude_company  ",
        "levels some",
    ],
)
def test_bad_prefs_are_refused_with_a_reason(command: str) -> None:
    with pytest.raises(PrefsError) as caught:
        apply_command(Preferences(), command)
    assert str(caught.value)


def test_stored_garbage_reads_as_no_preferences() -> None:
    assert Preferences.load({"remote": 42, "countries": "x"}) == Preferences()


def long_match(posting: Any, n: int) -> Match:
    huge = "<b>" + "word " * 400
    return Match(
        posting=posting.model_copy(update={"title": f"{n} {huge}"}),
        cosine=0.5,
        embed_score=80 - n,
        final_score=80 - n,
        tier="good",
        provider="rules",
        llm_score=70,
        reasons=Reasons(
            strengths=[huge] * 5, gaps=[huge] * 5, why_not_higher=huge, how_to_close=[huge]
        ),
    )


def test_a_list_never_passes_telegrams_limit_and_keeps_the_best_complete(
    postings: list[Any],
) -> None:
    matches = [long_match(postings[0], n) for n in range(10)]
    text, shown = render.match_list(matches, "en", footer="footer")
    assert len(text) <= render.TELEGRAM_MAX and shown >= 1
    assert "<b>" + "word" not in text  # posting text is escaped, never markup
    assert "&lt;b&gt;" in text
    alert = render.alert(matches[0], "ru")
    assert len(alert) <= render.TELEGRAM_MAX and alert.startswith("🔔")


async def test_gcra_spacing_and_burst() -> None:
    limiter = MemoryRateLimiter()
    limit = Limit(count=1, period=1.0, burst=1)
    assert await limiter.hit("chat", limit) == 0.0
    wait = await limiter.hit("chat", limit)
    assert 0.9 < wait <= 1.0
    assert await limiter.hit("other", limit) == 0.0


def test_resume_errors_are_explained_in_the_chat_language() -> None:
    from scoring.errors import NoTextFound
    from ui.texts import resume_error

    error = NoTextFound("This file is a picture, not a document.")
    assert "picture" in resume_error("en", error)
    assert "скан" in resume_error("ru", error)


async def test_redis_limiter_falls_back_in_process_when_redis_is_down() -> None:
    from redis.asyncio import Redis

    from delivery.ratelimit import RedisRateLimiter

    # nothing listens on port 1
    limiter = RedisRateLimiter(Redis.from_url("redis://127.0.0.1:1/0"), owns_client=True)
    limit = Limit(count=1, period=1.0, burst=1)
    assert await limiter.hit("chat", limit) == 0.0
    assert await limiter.hit("chat", limit) > 0.5
    await limiter.close()


def test_groups_get_the_per_minute_limit() -> None:
    from delivery.ratelimit import CHAT_LIMIT, GROUP_LIMIT, chat_limit

    assert chat_limit(-100123) is GROUP_LIMIT and GROUP_LIMIT.interval == 3.0
    assert chat_limit(42) is CHAT_LIMIT and CHAT_LIMIT.interval == 1.0
