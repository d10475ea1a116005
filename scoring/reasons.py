"""Reasons a person can act on, built from a verified rubric, in English or Russian.

Strengths quote the user's own resume about each skill; gaps name what the posting really
asks for (skills, tools, years, a degree, a title — not its domain words); the line on why
the score is not higher says each thing once; the steps to close a gap depend on its kind
(:mod:`scoring.gaps`) and never suggest claiming experience.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from scoring.evidence import WIDTH
from scoring.gaps import Gap, advice, is_real_gap, kind_of, label
from scoring.rubric import Requirement, Rubric
from scoring.taxonomy import load_taxonomy


class Reasons(BaseModel):
    strengths: list[str] = Field(default_factory=list)
    gaps: list[str] = Field(default_factory=list)
    why_not_higher: str = ""
    how_to_close: list[str] = Field(default_factory=list)


def _quote(evidence: str, limit: int = WIDTH) -> str:  # the evidence keeps its skill in WIDTH
    evidence = " ".join(evidence.split())
    return evidence if len(evidence) <= limit else evidence[: limit - 1].rstrip() + "…"


def _related(item: Requirement) -> str:
    """The skill of the same area that the partial evidence names, when it names one."""
    taxonomy = load_taxonomy()
    area = taxonomy.category(item.requirement)
    names = [n for n in taxonomy.find(item.resume_evidence) if taxonomy.category(n) == area]
    return names[0] if names else ""


def _partial(item: Requirement, lang: str) -> str:
    quote = _quote(item.resume_evidence, 70)
    related = _related(item)
    if lang == "ru":
        near = f"близкий навык {related}" if related else "близкий опыт"
        return f"{item.requirement} — в резюме {near}: «{quote}»"
    near = f"the related {related}" if related else "related work"
    return f"{item.requirement} — your resume shows {near}: “{quote}”"


def _strengths(rubric: Rubric, lang: str) -> list[str]:
    left, right = ("«", "»") if lang == "ru" else ("“", "”")
    shown: dict[str, str] = {}  # quote → strength: one sentence proves one skill on a card
    for r in rubric.must_haves + rubric.nice_to_haves:
        if r.strength == "strong" and len(shown) < 5:
            shown.setdefault(
                _quote(r.resume_evidence),
                f"{r.requirement}: {left}{_quote(r.resume_evidence)}{right}",
            )
    partial = 0
    for r in rubric.must_haves:
        if (
            r.strength == "partial"
            and partial < 2
            and _quote(r.resume_evidence, 70) not in {_quote(q, 70) for q in shown}
        ):
            shown[_quote(r.resume_evidence)] = _partial(r, lang)
            partial += 1
    return list(shown.values())


_WHY = {
    "en": {
        "asks": "it asks for {items}, which your resume does not show.",
        "broader": "A broader match: ",
        "under": "The role is a level above yours.",
        "over": "The role is below your level.",
        "fine": "Most of what the job asks for is in your resume.",
        "thin": "The posting names few requirements, so this fit rests on its title and "
        "on how close its text is to your resume.",
    },
    "ru": {
        "asks": "вакансия просит {items}, а в резюме этого нет.",
        "broader": "Подходит лишь отчасти: ",
        "under": "Позиция на уровень выше вашей.",
        "over": "Позиция ниже вашего уровня.",
        "fine": "Почти всё, что просит вакансия, в резюме есть.",
        "thin": "Требований в вакансии почти нет, поэтому оценка опирается на её название "
        "и на близость её текста к резюме.",
    },
}


def _why(gaps: list[Gap], rubric: Rubric, tier: str, lang: str) -> str:
    texts = _WHY["ru" if lang == "ru" else "en"]
    seniority = rubric.seniority_fit
    own = " ".join(rubric.why_not_higher.split())
    if lang != "ru" and own and gaps and all(g.kind == "other" for g in gaps):
        # An LLM's gaps in its own words: its sentence says them better than a list would.
        return (texts["broader"] if tier == "stretch" else "") + own
    sentences = []
    if gaps:
        items = ", ".join(label(g, lang) for g in gaps[:3])
        asks = texts["asks"].format(items=items)
        sentences.append((texts["broader"] if tier == "stretch" else "") + asks)
    if seniority in ("under", "over"):
        sentences.append(texts[seniority])
    if not sentences:
        return texts["fine"] if rubric.must_haves else texts["thin"]
    first = sentences[0]
    sentences[0] = first[0].upper() + first[1:]
    return " ".join(sentences)


def real_gaps(rubric: Rubric) -> list[Gap]:
    return [kind_of(g) for g in dict.fromkeys(rubric.gaps) if is_real_gap(g)]


def build_reasons(rubric: Rubric, tier: str, lang: str = "en") -> Reasons:
    gaps = real_gaps(rubric)
    steps = advice(gaps, rubric.seniority_fit, lang)
    # An LLM's own steps for gaps the rules cannot classify are kept (English only).
    if lang != "ru" and any(g.kind == "other" for g in gaps):
        steps = list(dict.fromkeys([*steps, *rubric.how_to_close]))
    return Reasons(
        strengths=_strengths(rubric, lang),
        gaps=[label(g, lang) for g in gaps][:5],
        why_not_higher=_why(gaps, rubric, tier, lang),
        how_to_close=steps[:2],
    )
