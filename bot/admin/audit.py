"""The admin console's audit: one ``admin_audit`` row per admin command, written here.

:class:`Audit` is an inner middleware on the admin router, so it runs only for a command an
admin actually reached (past the private-chat and admin-id gates). The action is the command's
name; a handler names its target and outcome on the :class:`AuditNote` it gets as ``audit``,
or calls :meth:`AuditNote.skip` on a usage error, where nothing was done.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from aiogram import BaseMiddleware
from aiogram.filters import CommandObject
from aiogram.types import Message, TelegramObject

from bot.admin import queries

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


@dataclass
class AuditNote:
    """What the command did, as the audit row will say it."""

    target: str | None = None
    details: dict[str, Any] = field(default_factory=dict)
    skipped: bool = False

    def skip(self) -> None:
        """The command was not understood (a usage answer): there is nothing to audit."""
        self.skipped = True


class Audit(BaseMiddleware):
    """Write the row after the handler, also when it failed (an attempt is still an action)."""

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        command: CommandObject = data["command"]  # every admin handler is a Command
        note = data["audit"] = AuditNote()
        try:
            result = await handler(event, data)
        except Exception:
            await self._write(event, data, command.command, note)
            raise
        await self._write(event, data, command.command, note)
        return result

    @staticmethod
    async def _write(
        event: TelegramObject, data: dict[str, Any], action: str, note: AuditNote
    ) -> None:
        assert isinstance(event, Message) and event.from_user is not None
        if not note.skipped:
            await queries.audit(data["pool"], event.from_user.id, action, note.target, note.details)
