"""Set (b) of ``eval_dedup.py``, and the helpers both labelled sets share.

(b): real postings from ``job_sources`` payloads and the CareerCenter.am board, re-posted
with the perturbations real boards apply, plus hard negatives. Set (a), the Glassdoor rows
with their natural duplicates, is in ``dedup_glassdoor.py``. Nothing here is copied into the
repository: it reads ``--data``.
"""

from __future__ import annotations

import difflib
import html
import json
import random
import re
import sys
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

import pycountry

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core.models import Posting, posting_id
from scrapers.normalize.location import parse_location
from search.normalize import company_norm, title_norm

Labelled = list[tuple[Posting, str]]  # (posting, gold group)
AGENCIES = [
    "Hays",
    "Robert Half Technology",
    "Randstad Digital",
    "TalentBridge Recruitment",
    "Harnham",
    "Apex Staffing Solutions",
    "Michael Page",
]


def html_text(value: str) -> str:
    """Plain text of an HTML description; entity-escaped HTML (Greenhouse's ``content``
    is ``&lt;p&gt;...``) is unescaped first, as the scrapers do."""
    if "&lt;" in value:
        value = html.unescape(value)
    if "<" not in value:
        return value
    from selectolax.lexbor import LexborHTMLParser

    return LexborHTMLParser(value).text(separator="\n")


def make(
    source: str,
    sid: str | None,
    title: str,
    company: str,
    location: str,
    text: str,
    url: str | None = None,
) -> Posting:
    """A posting as a scraper hands it over: country and city read from the location."""
    url = url or f"https://{source}.example.org/job/{sid}"
    place = parse_location(location)
    return Posting(
        id=posting_id(source, sid, url),
        source=source,
        source_id=sid,
        url=url,
        title=title.strip()[:200] or "untitled",
        company=company.strip() or None,
        location=location.strip() or None,
        country=place.country,
        city=place.city,
        description=text.strip(),
    )


def near_exact(a: str, b: str) -> bool:
    """Independent of the deduper's own signals: a difflib ratio of 0.9, or 90 % of the
    shorter text's lines found verbatim in the longer one (a line added or cut)."""
    lines_a = {line.strip() for line in a.splitlines() if line.strip()}
    lines_b = {line.strip() for line in b.splitlines() if line.strip()}
    shared = len(lines_a & lines_b) / max(1, min(len(lines_a), len(lines_b)))
    return shared >= 0.9 or difflib.SequenceMatcher(None, a, b).ratio() >= 0.9


TITLE_KEYS = ("title", "text", "name", "position", "jobTitle")
DESC_KEYS = ("descriptionPlain", "description", "content", "descriptionHtml", "contents")
COMPANY_KEYS = ("company_name", "companyName", "company")
URL_KEYS = ("jobUrl", "hostedUrl", "absolute_url", "url")


def _company(job: dict[str, Any], fallback: str) -> str:
    for key in COMPANY_KEYS:
        value = job.get(key)
        if isinstance(value, dict):
            value = value.get("name")
        if isinstance(value, str) and value:
            return value
    for key in URL_KEYS:  # ATS URLs carry the board: jobs.lever.co/<company>/...
        parts = str(job.get(key) or "").split("/")
        if len(parts) > 3 and parts[3]:
            return parts[3]
    return fallback


def _jobs(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        title = next((node[k] for k in TITLE_KEYS if isinstance(node.get(k), str)), None)
        desc = next((node[k] for k in DESC_KEYS if isinstance(node.get(k), str)), "")
        if title and len(html_text(desc)) >= 300:
            yield node
        else:
            for value in node.values():
                yield from _jobs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _jobs(value)


def base_jobs(data: Path) -> list[Posting]:
    """Real postings with at least 300 characters of text, from payloads and a job board."""
    out = []
    for path in sorted((data / "job_sources").glob("*/*.json")):
        for n, job in enumerate(_jobs(json.loads(path.read_text(encoding="utf-8")))):
            title = next(job[k] for k in TITLE_KEYS if isinstance(job.get(k), str))
            desc = html_text(next(job[k] for k in DESC_KEYS if isinstance(job.get(k), str)))
            location = job.get("location")
            location = (
                location.get("name", "") if isinstance(location, dict) else str(location or "")
            )
            out.append(
                make(
                    path.parent.name,
                    f"{path.stem}-{n}",
                    title,
                    _company(job, path.stem),
                    location,
                    desc,
                )
            )
    geo = data / "job_descriptions_bulk" / "armenian_job_posts_sample" / "Job-desc.geojson"
    for n, feature in enumerate(json.loads(geo.read_text(encoding="utf-8"))["features"]):
        p = feature["properties"]
        parts = [p.get(k) for k in ("JobDescription", "JobRequirment", "RequiredQual", "AboutC")]
        desc = "\n".join(s.replace("_x000D_", "") for s in parts if s and s != "NA")
        if len(desc) >= 300 and p.get("Tittle") and p.get("Company"):
            out.append(
                make(
                    "careercenter", str(n), p["Tittle"], p["Company"], p.get("Location") or "", desc
                )
            )
    return out


def perturb(job: Posting, rng: random.Random, n: int) -> Posting:
    """One re-post of ``job`` as another board (or an agency) would publish it."""
    text, title, company, location = (
        job.description,
        job.title,
        job.company or "",
        job.location or "",
    )
    kinds = rng.sample(["reflow", "shorten", "location", "title", "agency"], k=2)
    if "reflow" in kinds:  # HTML rendered differently: bullets and line breaks change
        text = re.sub(r"\s*\n\s*", rng.choice([" ", "\n• ", " - "]), text)
    if "shorten" in kinds:  # boards cut descriptions; keep 55–85 % of the sentences
        sentences = re.split(r"(?<=[.!?])\s+", text)
        text = " ".join(sentences[: max(3, int(len(sentences) * rng.uniform(0.55, 0.85)))])
    if "location" in kinds and location:
        country = pycountry.countries.get(alpha_2=job.country) if job.country else None
        location = rng.choice(
            [
                f"{location}, {country.name if country else 'United States'}",
                location.split(",")[0],
                f"{location.split(',')[0]} (Hybrid)",
            ]
        )
    if "title" in kinds:
        title = rng.choice(
            [
                title.replace("Senior", "Sr."),
                f"{title} (m/f/d)",
                f"{title} - {location.split(',')[0]}" if location else f"{title} - Remote",
            ]
        )
    if "agency" in kinds and company:
        agency = rng.choice(AGENCIES)
        text = f"Our client, a leading company, is hiring. {text.replace(company, 'our client')}"
        company = agency
    url = f"https://board{n % 5}.example.com/jobs/{n}?utm_source=feed&utm_medium=rss&ref=aggregator"
    return make(f"board{n % 5}", None, title, company, location, text, url)


def company_key(company: str | None) -> str:
    """The first two words of a company's name, without a leading "The": one employer
    however a board spelled it ("The Virtual Solution LLC" / "Virtual Solution LLC",
    "Synopsys Armenia - AMSG" / "Synopsys Armenia", "Synergy ..., Inc./Armenia")."""
    words = company_norm(company).removeprefix("the ").split()
    return "".join(words[:2])


def title_words(title: str) -> list[str]:
    return sorted(w.removesuffix("s") for w in title_norm(title).split())


def distinct(jobs: list[Posting]) -> list[Posting]:
    """Drop a board's own re-posts (same company with the same title words, or near-exact
    text): over the years they would make the gold ambiguous."""
    kept: dict[str, list[Posting]] = defaultdict(list)
    for job in jobs:
        words = title_words(job.title)
        same_company = kept[company_key(job.company)]
        if not any(
            words == title_words(k.title) or near_exact(k.description, job.description)
            for k in same_company
        ):
            same_company.append(job)
    return [job for group in kept.values() for job in group]


class CrossSource(NamedTuple):
    """Set (b), and what each hard negative was made from: its id → (the id of the posting
    whose title it took, the id of the one whose company, place and text it took)."""

    labelled: Labelled
    negatives: dict[str, tuple[str, str]]


def cross_source(data: Path, seed: int = 11) -> CrossSource:
    rng = random.Random(seed)
    jobs = distinct(base_jobs(data))
    out: Labelled = [(job, job.id) for job in jobs]
    for n, job in enumerate(rng.sample(jobs, k=min(200, len(jobs)))):
        out += [(perturb(job, rng, 2 * n), job.id), (perturb(job, rng, 2 * n + 1), job.id)]
    posted = {(company_key(j.company), tuple(title_words(j.title))) for j in jobs}
    used: set[tuple[str, str]] = set()
    negatives: dict[str, tuple[str, str]] = {}
    for n, job in enumerate(rng.sample(jobs, k=min(100, len(jobs)))):  # same title, other company
        # Not a company that posts this title itself: the fake would be its own re-post.
        others = [
            j
            for j in jobs
            if company_norm(j.company) != company_norm(job.company)
            and title_norm(j.title) != title_norm(job.title)
            and (company_key(j.company), tuple(title_words(job.title))) not in posted
            and (title_norm(job.title), j.id) not in used
        ]
        other = rng.choice(others)
        used.add((title_norm(job.title), other.id))
        fake = make(
            "negatives",
            str(n),
            job.title,
            other.company or "",
            other.location or "",
            other.description,
        )
        out.append((fake, f"neg-{n}"))
        negatives[fake.id] = (job.id, other.id)
    return CrossSource(out, negatives)
