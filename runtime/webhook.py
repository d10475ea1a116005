"""Webhook mode: Telegram POSTs each update to our HTTPS URL instead of us long polling.

The operator runs Jobbot behind an HTTPS reverse proxy; ``TELEGRAM__WEBHOOK_URL`` is the
public address, the proxy forwards it to ``WEBHOOK_HOST:WEBHOOK_PORT`` + ``WEBHOOK_PATH``.
Every request must carry ``TELEGRAM__WEBHOOK_SECRET`` in the
``X-Telegram-Bot-Api-Secret-Token`` header (Telegram sends back the ``secret_token`` given
to ``setWebhook``); any other request gets 401 and is not handled. Updates go to the same
dispatcher, middlewares and handlers as in polling mode.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from aiogram import Bot, Dispatcher
from aiogram.exceptions import TelegramAPIError
from aiogram.webhook.aiohttp_server import SimpleRequestHandler, setup_application
from aiohttp import web

from core.errors import ConfigError
from core.settings import TelegramSettings

log = logging.getLogger(__name__)
# Telegram's rules for setWebhook: ports it delivers to and the secret's alphabet.
WEBHOOK_PORTS = {443, 80, 88, 8443}
SECRET_RE = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
NEW_SECRET = "python -c 'import secrets; print(secrets.token_urlsafe(32))'"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the webhook settings, and what to do about it."""

    detail: str
    fix: str


def webhook_problems(settings: TelegramSettings) -> list[Problem]:
    """Everything that stops webhook mode from working; empty when it can start.

    Only meaningful when ``webhook_url`` is set (an empty URL is polling mode).
    """
    problems: list[Problem] = []
    url = urlsplit(settings.webhook_url)
    if url.scheme != "https" or not url.hostname:
        problems.append(
            Problem(
                f"TELEGRAM__WEBHOOK_URL {settings.webhook_url!r} is not an https:// URL",
                "Telegram delivers webhooks over HTTPS only: put the bot behind an HTTPS proxy "
                "and give its public https:// address",
            )
        )
    elif (url.port or 443) not in WEBHOOK_PORTS:
        problems.append(
            Problem(
                f"TELEGRAM__WEBHOOK_URL uses port {url.port}",
                "Telegram delivers only to ports 443, 80, 88 or 8443",
            )
        )
    secret = settings.webhook_secret.get_secret_value()
    if not secret:
        problems.append(
            Problem(
                "TELEGRAM__WEBHOOK_SECRET is empty: anyone who finds the URL could post updates",
                f"set TELEGRAM__WEBHOOK_SECRET to a random string, e.g. `{NEW_SECRET}`",
            )
        )
    elif not SECRET_RE.match(secret):
        problems.append(
            Problem(
                "TELEGRAM__WEBHOOK_SECRET has characters or a length Telegram refuses",
                f"use 1-256 of A-Z a-z 0-9 _ -, e.g. `{NEW_SECRET}`",
            )
        )
    if not settings.webhook_path.startswith("/"):
        problems.append(
            Problem(
                f"TELEGRAM__WEBHOOK_PATH {settings.webhook_path!r} does not start with '/'",
                "set it to the local path the proxy forwards to, e.g. /telegram/webhook",
            )
        )
    return problems


def require_webhook(settings: TelegramSettings) -> None:
    """Raise :class:`ConfigError` naming every problem and its fix; no secret is invented."""
    problems = webhook_problems(settings)
    if problems:
        raise ConfigError(
            "Webhook mode cannot start: "
            + "; ".join(f"{p.detail} ({p.fix})" for p in problems)
            + "."
        )


class WebhookServer:
    """The local HTTP server Telegram's deliveries reach through the proxy.

    ``start`` listens, then registers the URL with Telegram (so no delivery arrives before
    we listen); ``stop_accepting`` closes the door to new deliveries; ``close`` runs the
    dispatcher's shutdown and closes the bot's session, like the end of polling. The
    webhook stays registered unless ``webhook_delete_on_stop``: Telegram keeps updates
    while we restart.
    """

    def __init__(self, dp: Dispatcher, bot: Bot, settings: TelegramSettings) -> None:
        """No I/O; call :func:`require_webhook` on ``settings`` first."""
        self.dp, self.bot, self.settings = dp, bot, settings
        self._runner: web.AppRunner | None = None

    def app(self) -> web.Application:
        """The aiohttp application: the dispatcher's start-up/shutdown, then the route."""
        app = web.Application()
        # Registered first so, as in polling, the shutdown handlers run before the
        # handler's close (which closes the bot session they may still use).
        setup_application(app, self.dp, bot=self.bot)
        secret = self.settings.webhook_secret.get_secret_value()
        SimpleRequestHandler(self.dp, self.bot, secret_token=secret).register(
            app, path=self.settings.webhook_path
        )
        return app

    async def start(self) -> None:
        s = self.settings
        self._runner = web.AppRunner(self.app(), handle_signals=False)
        await self._runner.setup()
        try:
            await web.TCPSite(self._runner, s.webhook_host, s.webhook_port).start()
        except OSError as exc:
            await self._stop()
            raise ConfigError(
                f"Cannot listen on {s.webhook_host}:{s.webhook_port} for the "
                f"webhook ({exc.strerror or exc}); free the port or change "
                "TELEGRAM__WEBHOOK_HOST / TELEGRAM__WEBHOOK_PORT."
            ) from exc
        try:
            await self.bot.set_webhook(
                s.webhook_url,
                secret_token=s.webhook_secret.get_secret_value(),
                allowed_updates=self.dp.resolve_used_update_types(),
                max_connections=s.webhook_max_connections,
                drop_pending_updates=False,
            )
        except TelegramAPIError as exc:
            await self._stop()
            raise ConfigError(
                f"Telegram refused the webhook {s.webhook_url}: {exc.message}. "
                "Check TELEGRAM__WEBHOOK_URL."
            ) from exc
        log.info(
            "chat: webhook %s, listening on %s:%s%s",
            s.webhook_url,
            s.webhook_host,
            s.webhook_port,
            s.webhook_path,
        )

    async def stop_accepting(self) -> None:
        """Stop listening; Telegram keeps what it cannot deliver and retries it later."""
        if self._runner is not None:
            for site in list(self._runner.sites):
                await site.stop()

    async def close(self) -> None:
        """Delete the webhook if asked, stop listening, close the bot session; idempotent."""
        try:
            if self._runner is not None and self.settings.webhook_delete_on_stop:
                await self.bot.delete_webhook(drop_pending_updates=False)
        finally:
            await self._stop()

    async def _stop(self) -> None:
        if self._runner is not None:
            runner, self._runner = self._runner, None
            await runner.cleanup()
