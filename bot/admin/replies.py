"""How admin answers are shaped: a title over lines, within Telegram's length limit."""

from __future__ import annotations

from aiogram.types import Message


async def report(message: Message, title: str, lines: list[str], *, empty: str) -> None:
    """``lines`` under ``title``, cut to Telegram's limit, or ``empty`` when there are none."""
    await message.answer(fit("\n".join([title, *lines])) if lines else empty)


def fit(text: str, limit: int = 4096) -> str:
    """Telegram refuses texts past 4096 characters; cut at a line break."""
    if len(text) <= limit:
        return text
    return text[: text.rfind("\n", 0, limit - 2)] + "\n…"
