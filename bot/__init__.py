"""The Telegram bot: routers, middlewares, texts, admin console, alerts and the outbox sender."""
