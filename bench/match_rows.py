"""Every part of every (resume, posting) pair, scored by the product's own path.

``Matcher.first_list`` (keep_all, every level) gives the embedding band and the first-list
parts, ``Matcher.grade`` with no LLM configured gives the rule rubric; BM25 uses the whole
resume text as the query over the resume's pool. The posting text that is embedded is one
of :data:`search.text.TEXT_VARIANTS`, so the choice can be measured. ``cached`` keeps rows
between runs (nothing checks that they are still what the code would score).
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from match_metrics import bm25_scores

from core.models import Posting
from core.settings import LLMSettings, MatchSettings, Settings
from runtime.deps import open_deps
from scoring.features import too_far
from scoring.matcher import Matcher
from scoring.profile import extract_profile
from search.embeddings import Embedder
from search.filters import Filters

# The shipped match settings and no LLM key, whatever the environment says: the rules grade.
SETTINGS = Settings(_env_file=None, llm=LLMSettings(), match=MatchSettings())


@dataclass
class Row:
    resume: str
    posting: str
    grade: float
    parts: dict[str, float] = field(default_factory=dict)  # embed, lexical, …, rubric, bm25
    far: bool = False  # more than one level from the resume: the product does not show it


async def score_resume(
    matcher: Matcher,
    resume: str,
    text: str,
    pool: list[tuple[str, Posting]],
    grades: dict[str, float],
) -> list[Row]:
    postings = [p.model_copy(update={"id": pid}) for pid, p in pool]
    profile = await extract_profile(text, matcher.cascade)
    if profile.is_empty:  # the product answers "nothing to match on": no order at all
        print(f"  {resume}: no skills or titles read; every product score is 0 (pool order)")
        return [
            Row(
                resume,
                p.id,
                grades.get(p.id, float("nan")),
                dict.fromkeys(("embed", "lexical", "level", "stack", "title", "rubric"), 0.0)
                | {"bm25": b},
                False,
            )
            for p, b in zip(
                postings,
                bm25_scores(text, [f"{p.title}\n{p.description}" for p in postings]),
                strict=True,
            )
        ]
    first = await matcher.first_list(
        text, profile, Filters(any_level=True), postings=postings, keep_all=True
    )
    graded = {m.posting.id: m async for m in matcher.grade(text, profile, first)}
    bm25 = dict(
        zip(
            [p.id for p in postings],
            bm25_scores(text, [f"{p.title}\n{p.description}" for p in postings]),
            strict=True,
        )
    )
    rows = []
    for posting in postings:
        match = graded[posting.id]
        assert match.parts is not None and match.llm_score is not None
        parts = {
            "embed": match.embed_score,
            "lexical": match.parts.lexical,
            "level": match.parts.level,
            "stack": match.parts.stack,
            "title": match.parts.title,
            "rubric": match.llm_score,
            "bm25": bm25[posting.id],
        }
        rows.append(
            Row(
                resume,
                posting.id,
                grades.get(posting.id, float("nan")),
                parts,
                too_far(match.parts),
            )
        )
    return rows


async def score_all(
    embedder: Embedder,
    text_of: Callable[[Posting], str],
    resumes: dict[str, str],
    pools: dict[str, list[tuple[str, Posting]]],
    grades: dict[tuple[str, str], float],
) -> list[Row]:
    rows: list[Row] = []
    async with open_deps(SETTINGS, {"matcher"}, embedder=embedder, posting_text=text_of) as deps:
        for resume, pool in sorted(pools.items()):
            mine = {pid: g for (rid, pid), g in grades.items() if rid == resume}
            rows += await score_resume(deps["matcher"], resume, resumes[resume], pool, mine)
    return rows


def _read(path: Path) -> list[Row] | None:
    if not path.exists():
        return None
    print(f"{path.stem}: rows read from the cache ({path.name})")
    return [Row(**row) for row in json.loads(path.read_text(encoding="utf-8"))]


def _write(path: Path, rows: list[Row]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps([asdict(r) for r in rows]), encoding="utf-8")


async def cached(
    folder: Path | None, name: str, compute: Callable[[], Awaitable[list[Row]]]
) -> list[Row]:
    """``compute()``'s rows, read from ``folder/name.json`` when a run left them there."""
    if folder is None:
        return await compute()
    found = _read(folder / f"{name}.json")
    if found is None:
        found = await compute()
        _write(folder / f"{name}.json", found)
    return found
