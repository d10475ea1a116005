"""What a gap is, and what a person can do about each kind, in English and Russian.

A rubric lists gaps as short English phrases; the rule grader writes them in fixed forms
("Docker", "5+ years of experience (resume shows 3)", "master degree", "experience as
Data Engineer"), an LLM in its own words. :func:`kind_of` reads the kind back — a tool, a
certification, years, a degree, a title — so each kind gets its own advice. Domains and
company words ("Teaching", "Sales" from a company's boilerplate) are not missing skills:
:func:`is_real_gap` drops them. No advice suggests claiming what the resume does not show.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from scoring.taxonomy import load_taxonomy

# Skill areas that describe a company or a way of working, not something to learn for a job.
NOT_A_GAP = frozenset({"domain", "business", "process", "office", "soft"})
_CERT = re.compile(r"\b(?:certif\w*|licen[cs]e\w*|cpa|pmp|cfa|cissp|acca|cma)\b", re.IGNORECASE)
_YEARS = re.compile(r"^(\d+(?:\.\d+)?)\+ years.*?(?:shows (\d+(?:\.\d+)?))?\)?$")
_DEGREE = re.compile(r"^(phd|master|bachelor|associate) degree$")
_TITLE = re.compile(r"^experience as (.+)$")


@dataclass(frozen=True)
class Gap:
    kind: str  # tool, certification, years, degree, title, other
    text: str  # the skill, the title, the degree, or the phrase as given
    wanted: str = ""  # years asked
    shown: str = ""  # years the resume shows


def kind_of(gap: str) -> Gap:
    if match := _YEARS.match(gap):
        return Gap("years", gap, match.group(1), match.group(2) or "")
    if match := _DEGREE.match(gap):
        return Gap("degree", match.group(1))
    if match := _TITLE.match(gap):
        return Gap("title", match.group(1))
    if _CERT.search(gap):
        return Gap("certification", gap)
    return Gap("tool" if load_taxonomy().canonical(gap) else "other", gap)


def is_real_gap(gap: str) -> bool:
    """False for domains, company and business words the job mentions in passing."""
    name = load_taxonomy().canonical(gap.strip())
    return not (name and load_taxonomy().category(name) in NOT_A_GAP)


_DEGREE_NAMES = {
    "en": {
        "phd": "a PhD",
        "master": "a master's degree",
        "bachelor": "a bachelor's degree",
        "associate": "an associate degree",
    },
    "ru": {
        "phd": "степень PhD",
        "master": "степень магистра",
        "bachelor": "степень бакалавра",
        "associate": "диплом колледжа",
    },
}


def label(gap: Gap, lang: str) -> str:
    """The gap as listed under "missing"."""
    ru = lang == "ru"
    if gap.kind == "years":
        shown = f" (в резюме {gap.shown})" if ru else f" (your resume shows {gap.shown})"
        return (f"от {gap.wanted} лет опыта" if ru else f"{gap.wanted}+ years of experience") + (
            shown if gap.shown else ""
        )
    if gap.kind == "degree":
        return _DEGREE_NAMES["ru" if ru else "en"][gap.text]
    if gap.kind == "title":
        return f"опыт на позиции «{gap.text}»" if ru else f"experience as {gap.text}"
    return gap.text


def _join(items: list[str], lang: str) -> str:
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + (" и " if lang == "ru" else " and ") + items[-1]


ADVICE = {
    "en": {
        "tool": (
            "If you have worked with {items}, name it in your resume next to the project "
            "where you used it; if you have not, it is the thing to learn before applying."
        ),
        "tools": (
            "If you have worked with {items}, name each in your resume next to the "
            "project where you used it; those you have not are the things to learn "
            "before applying."
        ),
        "certification": (
            "If you hold {items}, list it with the year you got it; if not, it "
            "is a certificate you can earn, and the posting asks for it."
        ),
        "years": (
            "It wants {wanted}+ years and your resume shows {shown}: if you have more "
            "relevant time (freelance, research, open source), add it with dates."
        ),
        "degree": (
            "It asks for {items}: if your experience stands in for it, say so in a "
            "short cover letter."
        ),
        "title": (
            "Describe the parts of your work that match what the {items} role does, in "
            "the posting's terms, without renaming your past jobs."
        ),
        "under": "If you have led or owned work, put those results first, with their scale.",
        "over": "If you want it anyway, say why in a short cover letter.",
    },
    "ru": {
        "tool": (
            "Если вы работали с {items}, назовите это в резюме рядом с проектом, где "
            "применяли; если нет — это стоит освоить до отклика."
        ),
        "tools": (
            "Если вы работали с {items}, назовите каждый в резюме рядом с проектом, где "
            "применяли; то, чего не знаете, стоит освоить до отклика."
        ),
        "certification": (
            "Если у вас есть {items}, укажите его с годом получения; если нет — "
            "такой сертификат можно получить, и вакансия его просит."
        ),
        "years": (
            "Нужно от {wanted} лет, в резюме {shown}: если есть ещё подходящий опыт "
            "(фриланс, исследования, open source), добавьте его с датами."
        ),
        "degree": (
            "Просят {items}: если ваш опыт её заменяет, скажите об этом в коротком "
            "сопроводительном письме."
        ),
        "title": (
            "Опишите ту часть своей работы, что совпадает с задачами позиции «{items}», "
            "словами вакансии — не переименовывая прежние должности."
        ),
        "under": "Если вы руководили работой или отвечали за неё, поставьте эти результаты "
        "первыми и покажите их масштаб.",
        "over": "Если она вам всё же интересна, объясните почему в коротком сопроводительном "
        "письме.",
    },
}


def advice(gaps: list[Gap], seniority: str, lang: str) -> list[str]:
    """One step per kind of gap, most concrete first; at most two."""
    texts = ADVICE["ru" if lang == "ru" else "en"]
    steps = []
    for kind in ("tool", "certification", "years", "degree", "title"):
        same = [g for g in gaps if g.kind == kind]
        if not same:
            continue
        items = [g.text for g in same][:3]
        if kind == "degree":
            items = [_DEGREE_NAMES["ru" if lang == "ru" else "en"][same[0].text]]
        key = "tools" if kind == "tool" and len(items) > 1 else kind  # "name it" for one
        steps.append(
            texts[key].format(
                items=_join(items, lang), wanted=same[0].wanted, shown=same[0].shown or "0"
            )
        )
    if seniority in ("under", "over"):
        steps.append(texts[seniority])
    return steps[:2]
