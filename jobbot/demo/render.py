"""Rich output for matches and profiles (the demo and the CLI without ``--json``)."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.panel import Panel
from rich.table import Table

from scoring.match import Match

_TIER_STYLE = {"strong": "bold green", "good": "yellow", "stretch": "magenta"}


def render_profile(profile: dict[str, Any], console: Console | None = None) -> None:
    console = console or Console()
    skills = ", ".join(
        f"{s['name']} ({s['years']:g}y)" if s.get("years") else s["name"]
        for s in profile["skills"][:20]
    )
    body = (
        f"[b]Titles:[/b] {', '.join(profile['titles']) or '—'}\n"
        f"[b]Seniority:[/b] {profile['seniority']}   "
        f"[b]Years:[/b] {profile['years_total'] or '—'}   "
        f"[b]Education:[/b] {profile['education'] or '—'}\n"
        f"[b]Skills:[/b] {skills or '—'}"
    )
    console.print(Panel(body, title=f"Profile ({profile['source']})"))


def render_matches(matches: list[Match], console: Console | None = None) -> None:
    console = console or Console()
    if not matches:
        console.print("No matches found.")
        return
    table = Table(title="Matches", show_lines=False)
    for column in ("#", "job", "tier", "final", "embed", "rubric", "by"):
        table.add_column(
            column, justify="right" if column in {"#", "final", "embed", "rubric"} else "left"
        )
    for i, m in enumerate(matches, start=1):
        style = _TIER_STYLE.get(m.tier, "")
        job = f"{m.posting.title} — {m.posting.company or '?'}"
        rubric = "—" if m.llm_score is None else f"{m.llm_score:.0f}"
        table.add_row(
            str(i),
            job,
            f"[{style}]{m.tier}[/]",
            f"{m.final_score:.0f}",
            f"{m.embed_score:.0f}",
            rubric,
            m.provider,
        )
    console.print(table)
    for i, m in enumerate(matches, start=1):
        lines = [f"[green]✓[/] {s}" for s in m.reasons.strengths[:3]]
        lines += [f"[red]✗[/] missing: {g}" for g in m.reasons.gaps[:3]]
        if m.reasons.why_not_higher:
            lines.append(f"[dim]Why not higher:[/] {m.reasons.why_not_higher}")
        lines += [f"[cyan]→[/] {step}" for step in m.reasons.how_to_close[:2]]
        console.print(
            Panel(
                "\n".join(lines) or "—",
                title=f"{i}. {m.posting.title}",
                subtitle=m.posting.url,
                border_style=_TIER_STYLE.get(m.tier, ""),
            )
        )
