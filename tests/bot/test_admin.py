"""The admin console: gated on private chat + admin id, every action audited."""

from __future__ import annotations

from typing import Any

USER = 6001
GROUP = -100500


async def test_non_admins_and_groups_never_reach_admin_commands(
    telegram: Any, chat: Any, admin_id: int
) -> None:
    await telegram.user_says(USER, "/stats")
    await telegram.wait_until(lambda: len(telegram.texts(USER)) == 1)
    assert "Stats" not in telegram.texts(USER)[0]
    # An admin in a group: the gate is on the chat type too (no stats leak to a group).
    await telegram.user_says(admin_id, "/stats", chat_id=GROUP)
    await telegram.user_says(USER, "/help")
    await telegram.wait_until(lambda: len(telegram.texts(USER)) == 2)
    assert not any("Stats" in text for text in telegram.texts(GROUP))
    assert await chat["pool"].fetchval("SELECT count(*) FROM admin_audit") == 0


async def test_stats_sources_canary_ban_unban(
    telegram: Any, chat: Any, admin_id: int, audit_log: Any
) -> None:
    pool = chat["pool"]
    await pool.execute("INSERT INTO users (telegram_id, alerts_enabled) VALUES ($1, true)", USER)
    await pool.execute("INSERT INTO sources (name) VALUES ('remoteok')")
    await pool.execute(
        """INSERT INTO scrape_runs (source, status, counts, finished_at)
           VALUES ('remoteok', 'ok', '{"fetched": 12, "new": 3}', now())"""
    )
    await pool.execute(
        """INSERT INTO llm_calls (user_id, purpose, provider, model, latency_ms, outcome)
           VALUES (1, 'rubric', 'openai', 'gpt-4o-mini', 900, 'ok'),
                  (1, 'rubric', 'groq', 'llama', 300, 'rate_limited')"""
    )
    for day, unverified in ((6, 0), (5, 1), (4, 0), (2, 3), (1, 2), (0, 3)):
        await pool.execute(
            """INSERT INTO match_results (resume_hash, posting_id, model, prompt_version,
                   embed_score, final_score, tier, provider, verifier, created_at)
               VALUES ('h', $1, 'm', 'v', 70, 70, 'good', 'openai', $2,
                       now() - make_interval(days => $3))""",
            f"p{day}",
            {"version": 1, "total_claims": 10, "unverified": unverified},
            day,
        )
    # The rules' own rubrics verify every claim; they must not dilute the LLM's rate.
    await pool.execute(
        """INSERT INTO match_results (resume_hash, posting_id, model, prompt_version,
               embed_score, final_score, tier, provider, verifier)
           VALUES ('h', 'rules-row', 'm', 'v', 70, 70, 'good', 'rules', $1)""",
        {"version": 1, "total_claims": 90, "unverified": 0},
    )

    for command in ("/stats", "/sources", "/canary", f"/ban {USER} spam", "/ban nobody"):
        count = len(telegram.texts(admin_id))
        await telegram.user_says(admin_id, command)
        await telegram.wait_until(lambda n=count: len(telegram.texts(admin_id)) == n + 1)
    stats, sources, canary, banned, usage = telegram.texts(admin_id)
    assert "users: 2" in stats and "openai: 1" in stats and "groq: 1 (1 failed)" in stats
    assert "postings: 8 indexed" in stats
    assert "remoteok" in sources and "fetched 12" in sources and "circuit closed" in sources
    assert "rising" in canary and "30.0%" in canary and "last 3 days 26.7%" in canary
    assert banned == f"User {USER} banned." and usage.startswith("Usage: /ban")
    assert await pool.fetchval("SELECT is_banned FROM users WHERE telegram_id = $1", USER)

    # A banned user gets no answer at all; after /unban they do again.
    await telegram.user_says(USER, "/help")
    await telegram.user_says(admin_id, f"/unban {USER}")
    await telegram.wait_until(lambda: telegram.texts(admin_id)[-1] == f"User {USER} unbanned.")
    assert USER not in telegram.messages
    await telegram.user_says(USER, "/help")
    await telegram.wait_until(lambda: len(telegram.texts(USER)) == 1)

    audit = await audit_log(5)  # the usage answer to "/ban nobody" is not audited
    assert [r["action"] for r in audit] == ["stats", "sources", "canary", "ban", "unban"]
    assert {r["admin_id"] for r in audit} == {admin_id}
    assert audit[3]["target"] == str(USER) and audit[3]["details"]["reason"] == "spam"
