"""The market picture drawn as one PNG, in process: matplotlib's Agg canvas, no network.

A ``Figure`` is built directly (not through ``pyplot``), so no global state is shared and
drawing can run in a worker thread while the event loop serves other chats. The numbers
come from :class:`bot.insights.Picture` only; this module decides nothing about them.
"""

from __future__ import annotations

import io

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from bot.insights import Picture, money
from ui.texts import t

BLUE, GREY = "#3572b0", "#9aa5b1"


def _pay(ax: Axes, picture: Picture, lang: str) -> None:
    ax.set_title(t(lang, "chart_pay"), fontsize=10, loc="left")
    pays = picture.pay[:4]
    if not pays:
        ax.text(
            0.5, 0.5, t(lang, "insights_no_pay"), ha="center", va="center", transform=ax.transAxes
        )
        ax.set_axis_off()
        return
    for row, pay in enumerate(pays):
        for low, high in pay.ranges:
            ax.plot([low, high], [row, row], color=GREY, linewidth=1, alpha=0.6)
            ax.scatter([low, high], [row, row], color=GREY, s=10, zorder=2)
        ax.plot([pay.low, pay.high], [row, row], color=BLUE, linewidth=6, zorder=3)
        ax.annotate(
            f"{money(pay.low)}–{money(pay.high)}",
            (pay.high, row),
            xytext=(6, 4),
            textcoords="offset points",
            fontsize=8,
        )
    ax.set_yticks(range(len(pays)), [f"{p.currency} ({len(p.ranges)})" for p in pays])
    ax.set_ylim(-0.7, len(pays) - 0.3)
    ax.ticklabel_format(axis="x", style="plain")


def _skills(ax: Axes, picture: Picture, lang: str) -> None:
    ax.set_title(t(lang, "chart_skills"), fontsize=10, loc="left")
    skills = list(reversed(picture.skills))
    if not skills:
        ax.text(
            0.5,
            0.5,
            t(lang, "insights_no_skills"),
            ha="center",
            va="center",
            transform=ax.transAxes,
        )
        ax.set_axis_off()
        return
    ax.barh([name for name, _ in skills], [n for _, n in skills], color=BLUE)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))


def _weeks(ax: Axes, picture: Picture, lang: str) -> None:
    ax.set_title(t(lang, "chart_weeks"), fontsize=10, loc="left")
    labels = [f"{monday:%d.%m}" for monday, _ in picture.weeks]
    ax.bar(labels, [n for _, n in picture.weeks], color=BLUE)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.tick_params(axis="x", labelsize=8)


def draw(picture: Picture, lang: str) -> bytes:
    """The three panels as PNG bytes."""
    figure = Figure(figsize=(8, 9), dpi=100, layout="constrained")
    FigureCanvasAgg(figure)
    pay_ax, skills_ax, weeks_ax = figure.subplots(3, 1)
    _pay(pay_ax, picture, lang)
    _skills(skills_ax, picture, lang)
    _weeks(weeks_ax, picture, lang)
    out = io.BytesIO()
    figure.savefig(out, format="png")
    return out.getvalue()
