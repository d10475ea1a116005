"""Every command a job seeker can send is in /help, in the command menu set through the
fake Bot API (English and Russian), and in the README."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from aiogram import Router
from aiogram.filters import Command

from bot.routers import build_root_router
from ui.texts import t

README = Path(__file__).resolve().parents[2] / "README.md"


def handled_commands(router: Router) -> set[str]:
    """Commands the chat's routers answer, the admin console left out (admins only)."""
    found: set[str] = set()
    for sub in router.sub_routers:
        if sub.name.startswith("admin"):
            continue
        for handler in sub.message.handlers:
            for flt in handler.filters or []:
                if isinstance(flt.callback, Command):
                    found |= {str(c) for c in flt.callback.commands}
        found |= handled_commands(sub)
    return found


async def test_every_command_is_in_help_the_menu_and_the_readme(telegram: Any, chat: Any) -> None:
    commands = handled_commands(build_root_router()) | {"start"}
    assert {
        "saved",
        "export",
        "forget",
        "delete",
        "matches",
        "prefs",
        "subscribe",
        "stop",
        "insights",
    } <= commands
    await telegram.wait_until(lambda: sum(m == "setMyCommands" for m, _ in telegram.calls) == 2)
    menus = {
        p.get("language_code", "en"): {c["command"] for c in json.loads(p["commands"])}
        for m, p in telegram.calls
        if m == "setMyCommands"
    }
    readme = README.read_text(encoding="utf-8")
    for lang in ("en", "ru"):
        help_text = t(lang, "help", max_per_day=10)
        hidden = commands - {"start", "help"}
        assert {c for c in hidden if f"/{c}" not in help_text} == set(), lang
        assert commands <= menus[lang], lang
    assert {c for c in commands if f"/{c}" not in readme} == set()
