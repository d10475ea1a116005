"""Split pastes joined by Telegram's own signals, whatever order their updates finish in.

aiogram handles updates as concurrent tasks; a Redis or PostgreSQL round trip that is slow
for one update lets the next one overtake it. The dispatcher here is the bot's own, polling
the fake Bot API, with one extra update middleware that holds back every long message (the
first part of a paste) as a slow round trip would: the last part must still be read as the
end of that paste, not as a message of its own.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from aiogram.types import TelegramObject, Update

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "bot"
PASTER, LONE = 5101, 5102


async def hold_back_long_messages(
    handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
    event: TelegramObject,
    data: dict[str, Any],
) -> Any:
    if isinstance(event, Update) and event.message and len(event.message.text or "") >= 3500:
        await asyncio.sleep(0.5)  # the delay a loaded database or Redis can add
    return await handler(event, data)


def split(text: str) -> list[str]:
    return [text[i : i + 4096] for i in range(0, len(text), 4096)]


async def test_the_last_part_waits_for_a_slow_first_part(
    telegram: Any, deps: Any, make_bot: Any
) -> None:
    from runtime.app import build_dispatcher

    dp = build_dispatcher(deps)
    dp.update.outer_middleware(hold_back_long_messages)
    polling = asyncio.create_task(dp.start_polling(make_bot(deps["limiter"]), handle_signals=False))
    resume = (FIXTURES / "resume_text.txt").read_text(encoding="utf-8")
    filler = "\n".join(
        f"- Delivered project {n}: Python and Django REST APIs on AWS." for n in range(80)
    )
    parts = split(resume + "\nMore projects\n" + filler)
    lone = resume + "\n" + filler[: 3800 - len(resume)]  # one message near the cut, no sequel
    assert len(parts) == 2 and len(parts[1]) < 3500 and 3500 <= len(lone) < 4096
    for part in parts:
        await telegram.user_says(PASTER, part)
    await telegram.user_says(LONE, lone)
    try:
        await telegram.wait_until(
            lambda: all(
                any("Top matches" in t or "No postings" in t for t in telegram.texts(u))
                for u in (PASTER, LONE)
            ),
            within=60,
        )
    finally:
        await dp.stop_polling()
        await polling

    assert telegram.texts(PASTER)[0] == (
        f"Got your resume ({len(parts[0]) + 1 + len(parts[1])} characters). Looking for matches…"
    )
    assert (
        telegram.texts(LONE)[0] == f"Got your resume ({len(lone)} characters). Looking for matches…"
    )
    for user in (PASTER, LONE):
        assert len(telegram.texts(user)) == 2, telegram.texts(user)
    stored = await deps["pool"].fetchval(
        "SELECT text FROM resumes WHERE user_id = $1 AND is_active", PASTER
    )
    assert stored.index("Maria Petrova") < stored.index("Delivered project 79")
