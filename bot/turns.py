"""The updates of one chat handled one after another, in the order Telegram sent them.

aiogram runs every update as its own task, so two messages of one chat run concurrently and
reach their handlers in whatever order their Redis and PostgreSQL round trips finish: the
last part of a split paste can overtake the first. Where aiogram still knows the order is
the start of each task, and the first thing every task does is enter the FSM middleware's
events isolation, before any I/O. :class:`ChatTurns` is that isolation: it takes a ticket
there instead of a lock. :class:`InTurn`, a middleware placed after the throttle (so a
flood is still dropped at once rather than queued), waits until every earlier update of
the chat is done. A handler that has to wait for a later update of its own chat (the first
part of a paste waits for the rest) steps aside and rejoins the queue afterwards.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, Awaitable, Callable, Hashable
from contextlib import asynccontextmanager
from contextvars import ContextVar
from typing import Any

from aiogram import BaseMiddleware
from aiogram.fsm.storage.base import BaseEventIsolation, StorageKey
from aiogram.types import TelegramObject

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class _Ticket:
    def __init__(self) -> None:
        self.done = asyncio.Event()


# The chat and ticket of the update the current task is handling (None: out of turn).
_current: ContextVar[tuple[Hashable, _Ticket | None] | None] = ContextVar(
    "jobbot_turn", default=None
)


class ChatTurns(BaseEventIsolation):
    """Per-chat queues of tickets; ``lock`` takes one and never blocks."""

    def __init__(self) -> None:
        self._queues: dict[Hashable, list[_Ticket]] = {}

    @asynccontextmanager
    async def lock(self, key: StorageKey) -> AsyncGenerator[None, None]:
        chat = (key.bot_id, key.chat_id, key.user_id, key.thread_id)
        token = _current.set((chat, self._take(chat)))
        try:
            yield
        finally:
            self.step_aside()  # the update is done: whoever waits behind it goes on
            _current.reset(token)

    async def wait_turn(self) -> None:
        """Return once every update of this chat that arrived before ours is done."""
        chat, ticket = _current.get() or (None, None)
        if ticket is None:
            return  # not inside an update (or the dispatcher runs without isolation)
        queue = self._queues[chat]
        for earlier in queue[: queue.index(ticket)]:
            await earlier.done.wait()

    def step_aside(self) -> None:
        """Let later updates of this chat go ahead while this one waits for them."""
        chat, ticket = _current.get() or (None, None)
        if ticket is None:
            return
        ticket.done.set()
        queue = self._queues[chat]
        queue.remove(ticket)
        if not queue:
            del self._queues[chat]
        _current.set((chat, None))

    async def rejoin(self) -> None:
        """Queue again behind every update that arrived meanwhile, and wait for the turn."""
        current = _current.get()
        if current is None or current[1] is not None:
            return
        _current.set((current[0], self._take(current[0])))
        await self.wait_turn()

    def _take(self, chat: Hashable) -> _Ticket:
        ticket = _Ticket()
        self._queues.setdefault(chat, []).append(ticket)
        return ticket

    async def close(self) -> None:
        for queue in self._queues.values():
            for ticket in queue:
                ticket.done.set()
        self._queues.clear()


class InTurn(BaseMiddleware):
    """Hold an update until the earlier updates of its chat are done."""

    def __init__(self, turns: ChatTurns) -> None:
        self.turns = turns

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        await self.turns.wait_turn()
        return await handler(event, data)
