"""A fake Telegram Bot API server on loopback, speaking the real HTTP protocol.

aiogram's real client talks to it through ``TelegramAPIServer.from_base``. It serves the
methods the bot uses (getMe, getUpdates with long polling, sendMessage, editMessageText,
getFile + file download, sendDocument/sendPhoto uploads (kept in ``uploads``),
answerCallbackQuery, sendChatAction, ...), and ENFORCES Telegram's
limits: a second message to a chat within a second, or a 31st message within a second
overall, gets ``429 Too Many Requests`` with ``parameters.retry_after``. A chat in
``blocked`` answers 403 like a user who blocked the bot. Tests script users by pushing
updates and read what the bot did from ``messages`` and ``calls``.

Webhooks behave as Telegram's do: ``setWebhook`` records its parameters in ``webhook``,
``deleteWebhook`` clears it, and while one is set ``getUpdates`` answers 409 Conflict.
In webhook mode a test POSTs an update built by ``text_update`` to the bot itself.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

TOKEN = "123456:TEST-token-for-the-fake-bot-api-server0"
BOT_USER = {"id": 123456, "is_bot": True, "first_name": "Jobbot", "username": "jobbot_test_bot"}
# Requests cross the loopback with a few ms of jitter; Telegram is not stricter than this.
JITTER_S = 0.05
LIMITED = {"sendMessage", "editMessageText", "sendDocument", "sendPhoto"}
# Methods that upload a file, and the field naming it (aiogram sends ``attach://PART``).
UPLOADS = {"sendDocument": "document", "sendPhoto": "photo"}
# Methods Telegram answers with a bare `true`; the fake only records the call.
ACKNOWLEDGED = {"setMyCommands", "answerCallbackQuery", "sendChatAction"}


@dataclass
class Sent:
    chat_id: int
    message_id: int
    text: str
    reply_markup: dict[str, Any] | None
    edits: list[str] = field(default_factory=list)


@dataclass
class Upload:
    """A file the bot sent (sendDocument, sendPhoto), as the bytes that crossed the wire."""

    method: str
    chat_id: int
    message_id: int
    filename: str
    data: bytes
    caption: str


class FakeTelegram:
    def __init__(self, token: str = TOKEN) -> None:
        self.token = token
        self.updates: list[dict[str, Any]] = []
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.messages: dict[int, list[Sent]] = {}
        self.files: dict[str, tuple[str, bytes]] = {}
        self.uploads: dict[int, list[Upload]] = {}  # chat -> files the bot sent there
        self.blocked: set[int] = set()
        self.forced_429: dict[int, int] = {}  # chat -> how many sends to refuse anyway
        self.rejected_429 = 0
        self.enforce_limits = True
        self.server_down = False  # every method answers 500
        self.webhook: dict[str, str] = {}  # setWebhook's parameters while one is set
        self._ids = itertools.count(1)
        self._last_in_chat: dict[int, float] = {}
        self._recent: deque[float] = deque()
        self._changed = asyncio.Condition()
        self.base_url = ""  # set by the fixture once the server listens

    # --- server --------------------------------------------------------------------
    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_post("/bot{token}/{method}", self._method)
        app.router.add_get("/file/bot{token}/{path:.+}", self._file)
        return app

    async def _method(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return self._error(401, "Unauthorized")
        form = await request.post()
        params = {k: v for k, v in form.items() if isinstance(v, str)}
        parts = {
            k: (v.filename, v.file.read()) for k, v in form.items() if isinstance(v, web.FileField)
        }
        method = request.match_info["method"]
        if self.server_down:
            return self._error(500, "Internal Server Error")
        handler = (
            self._acknowledge if method in ACKNOWLEDGED else getattr(self, f"api_{method}", None)
        )
        if handler is None and method not in UPLOADS:
            return self._error(404, "Not Found: method not found")
        async with self._changed:
            self.calls.append((method, params))
            chat_id = int(params.get("chat_id", 0) or 0)
            if chat_id in self.blocked:
                response = self._error(403, "Forbidden: bot was blocked by the user")
            elif method == "getUpdates" and self.webhook:
                response = self._error(
                    409,
                    "Conflict: can't use getUpdates method while "
                    "webhook is active; use deleteWebhook to delete the "
                    "webhook first",
                )
            elif method in LIMITED and (wait := self._limit(chat_id)):
                self.rejected_429 += 1
                response = self._error(
                    429, f"Too Many Requests: retry after {wait}", {"retry_after": wait}
                )
            else:
                response = None
            self._changed.notify_all()
        if response is not None:
            return response
        result = self._upload(method, params, parts) if method in UPLOADS else await handler(params)
        async with self._changed:
            self._changed.notify_all()
        return web.json_response({"ok": True, "result": result})

    def _limit(self, chat_id: int) -> int:
        """Seconds to wait if this send breaks a limit, else 0 (and the send is counted)."""
        now = time.monotonic()
        if self.forced_429.get(chat_id, 0) > 0:
            self.forced_429[chat_id] -= 1
            return 1
        if not self.enforce_limits:
            return 0
        gap = 60.0 / 20 if chat_id < 0 else 1.0
        if now - self._last_in_chat.get(chat_id, -1e9) < gap - JITTER_S:
            return 1
        while self._recent and now - self._recent[0] >= 1.0 - JITTER_S:
            self._recent.popleft()
        if len(self._recent) >= 30:
            return 1
        self._last_in_chat[chat_id] = now
        self._recent.append(now)
        return 0

    @staticmethod
    def _error(
        code: int, description: str, parameters: dict[str, Any] | None = None
    ) -> web.Response:
        body: dict[str, Any] = {"ok": False, "error_code": code, "description": description}
        if parameters:
            body["parameters"] = parameters
        return web.json_response(body, status=code)

    async def _file(self, request: web.Request) -> web.Response:
        for path, data in self.files.values():
            if path == request.match_info["path"]:
                return web.Response(body=data)
        return web.Response(status=404)

    # --- Bot API methods -------------------------------------------------------------
    async def _acknowledge(self, params: dict[str, str]) -> Any:
        return True

    async def api_getMe(self, params: dict[str, str]) -> Any:
        return BOT_USER

    async def api_getUpdates(self, params: dict[str, str]) -> Any:
        offset = int(params.get("offset", 0) or 0)
        timeout = float(params.get("timeout", 0) or 0)
        async with self._changed:
            self.updates = [u for u in self.updates if u["update_id"] >= offset]
            if not self.updates and timeout:
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(timeout):
                        await self._changed.wait_for(lambda: bool(self.updates))
            return list(self.updates)

    async def api_setWebhook(self, params: dict[str, str]) -> Any:
        self.webhook = dict(params)
        return True

    async def api_deleteWebhook(self, params: dict[str, str]) -> Any:
        self.webhook = {}
        return True

    async def api_getWebhookInfo(self, params: dict[str, str]) -> Any:
        info: dict[str, Any] = {
            "url": self.webhook.get("url", ""),
            "has_custom_certificate": False,
            "pending_update_count": 0,
        }
        if self.webhook.get("max_connections"):
            info["max_connections"] = int(self.webhook["max_connections"])
        return info

    async def api_sendMessage(self, params: dict[str, str]) -> Any:
        chat_id = int(params["chat_id"])
        markup = json.loads(params["reply_markup"]) if params.get("reply_markup") else None
        sent = Sent(chat_id, next(self._ids), params["text"], markup)
        self.messages.setdefault(chat_id, []).append(sent)
        return self._message_json(sent)

    async def api_editMessageText(self, params: dict[str, str]) -> Any:
        sent = self.find(int(params["chat_id"]), int(params["message_id"]))
        sent.edits.append(params["text"])
        sent.text = params["text"]
        if params.get("reply_markup"):
            sent.reply_markup = json.loads(params["reply_markup"])
        return self._message_json(sent)

    async def api_editMessageReplyMarkup(self, params: dict[str, str]) -> Any:
        sent = self.find(int(params["chat_id"]), int(params["message_id"]))
        markup = params.get("reply_markup")
        sent.reply_markup = json.loads(markup) if markup else None
        return self._message_json(sent)

    async def api_deleteMessage(self, params: dict[str, str]) -> Any:
        chat = self.messages.get(int(params["chat_id"]), [])
        chat[:] = [m for m in chat if m.message_id != int(params["message_id"])]
        return True

    def _upload(
        self, method: str, params: dict[str, str], parts: dict[str, tuple[str, bytes]]
    ) -> Any:
        chat_id = int(params["chat_id"])
        name, data = parts[params[UPLOADS[method]].removeprefix("attach://")]
        sent = Upload(method, chat_id, next(self._ids), name, data, params.get("caption", ""))
        self.uploads.setdefault(chat_id, []).append(sent)
        body = self._message_json(Sent(chat_id, sent.message_id, "", None))
        del body["text"]
        body["caption"] = sent.caption
        body[UPLOADS[method]] = {
            "file_id": f"up{sent.message_id}",
            "file_name": name,
            "file_unique_id": f"uup{sent.message_id}",
            "file_size": len(data),
        }
        if method == "sendPhoto":
            body["photo"] = [{**body["photo"], "width": 1, "height": 1}]
        return body

    async def api_getFile(self, params: dict[str, str]) -> Any:
        path, data = self.files[params["file_id"]]
        return {
            "file_id": params["file_id"],
            "file_unique_id": "u" + params["file_id"],
            "file_size": len(data),
            "file_path": path,
        }

    def _message_json(self, sent: Sent) -> dict[str, Any]:
        body: dict[str, Any] = {
            "message_id": sent.message_id,
            "date": int(time.time()),
            "from": BOT_USER,
            "chat": self._chat(sent.chat_id),
            "text": sent.text,
        }
        if sent.reply_markup and "inline_keyboard" in sent.reply_markup:
            # Telegram returns inline keyboards only (a force-reply is not echoed back).
            body["reply_markup"] = sent.reply_markup
        return body

    # --- scripting users -------------------------------------------------------------
    @staticmethod
    def _chat(chat_id: int) -> dict[str, Any]:
        if chat_id < 0:
            return {"id": chat_id, "type": "group", "title": "A group"}
        return {"id": chat_id, "type": "private", "first_name": f"User{chat_id}"}

    def _user(self, user_id: int, language: str = "en") -> dict[str, Any]:
        return {
            "id": user_id,
            "is_bot": False,
            "first_name": f"User{user_id}",
            "username": f"user{user_id}",
            "language_code": language,
        }

    async def _push(self, update: dict[str, Any]) -> None:
        async with self._changed:
            self.updates.append(update)
            self._changed.notify_all()

    async def user_says(
        self, user_id: int, text: str, chat_id: int | None = None, language: str = "en"
    ) -> None:
        await self._push(self.text_update(user_id, text, chat_id, language))

    def text_update(
        self, user_id: int, text: str, chat_id: int | None = None, language: str = "en"
    ) -> dict[str, Any]:
        """The Update JSON Telegram sends when the user writes ``text`` (not queued)."""
        body: dict[str, Any] = {
            "message_id": next(self._ids),
            "date": int(time.time()),
            "chat": self._chat(chat_id or user_id),
            "from": self._user(user_id, language),
            "text": text,
        }
        if text.startswith("/"):
            command = text.split()[0]
            body["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        return {"update_id": next(self._ids), "message": body}

    async def user_sends_file(self, user_id: int, name: str, data: bytes, mime: str) -> None:
        await self._push(self.file_update(user_id, name, data, mime))

    def file_update(self, user_id: int, name: str, data: bytes, mime: str) -> dict[str, Any]:
        """The Update JSON for a document the user sends; the file is ready for getFile."""
        file_id = f"file{next(self._ids)}"
        self.files[file_id] = (f"documents/{file_id}_{name}", data)
        return {
            "update_id": next(self._ids),
            "message": {
                "message_id": next(self._ids),
                "date": int(time.time()),
                "chat": self._chat(user_id),
                "from": self._user(user_id),
                "document": {
                    "file_id": file_id,
                    "file_unique_id": "u" + file_id,
                    "file_name": name,
                    "mime_type": mime,
                    "file_size": len(data),
                },
            },
        }

    async def user_presses(self, user_id: int, message: Sent, data: str) -> None:
        await self._push(
            {
                "update_id": next(self._ids),
                "callback_query": {
                    "id": str(next(self._ids)),
                    "from": self._user(user_id),
                    "chat_instance": "ci",
                    "data": data,
                    "message": self._message_json(message),
                },
            }
        )

    # --- reading what the bot did ----------------------------------------------------
    def find(self, chat_id: int, message_id: int) -> Sent:
        return next(m for m in self.messages.get(chat_id, []) if m.message_id == message_id)

    def texts(self, chat_id: int) -> list[str]:
        return [m.text for m in self.messages.get(chat_id, [])]

    async def wait_until(self, predicate: Callable[[], bool], within: float = 15.0) -> None:
        async with self._changed, asyncio.timeout(within):
            await self._changed.wait_for(predicate)
