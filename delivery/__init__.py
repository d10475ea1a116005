"""Push delivery: alert and digest rounds, the outbox and its sender, quiet hours,
follow-ups and the rate limits every process shares with Telegram."""
