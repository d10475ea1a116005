"""The raw material of the match benchmark: every resume and posting under ``--data``,
each under a stable id, read with the product's own readers and source parsers.

Resume ids: ``livecareer/<CATEGORY>/<n>``, ``structured_cvs/<id>``, ``kaggle_resumes/<row>``,
``individual/<file name>``. Posting ids: ``<source>:<source id>`` for the job_sources
payloads (parsed as ``jobbot parse-payload`` does), ``glassdoor_ds/<row>`` and
``glassdoor_uncleaned/<row>`` for the two Glassdoor CSVs, ``careercenter/<n>`` for the
Armenian job posts, ``single_jd/<file name>`` for the single descriptions. Nothing here is
copied into the repository.
"""

from __future__ import annotations

import contextlib
import csv
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench_parse import PAYLOADS
from dedup_sets import make

from core.models import Posting
from scoring.errors import ResumeError
from scoring.resume import read_pasted, read_resume
from scrapers.errors import PayloadError
from scrapers.registry import SOURCES

MIN_RESUME_CHARS = 600  # near-empty resumes say too little for a reader to grade
MIN_POSTING_CHARS = 300  # the same floor as the dedup sets


def _readable(text_or_bytes: str | bytes, name: str) -> str | None:
    try:
        if isinstance(text_or_bytes, bytes):
            text = read_resume(text_or_bytes, name)
        else:
            text = read_pasted(text_or_bytes)
    except ResumeError:
        return None
    return text if len(text) >= MIN_RESUME_CHARS else None


def _structured_text(cv: dict[str, Any]) -> str:
    """A structured CV as the plain text a person would paste: headline, summary, jobs,
    education and skills (contact fields are left out)."""
    parts = [str(cv.get(k) or "") for k in ("headline", "summary")]
    for key in ("workExperience", "education", "skills", "certifications"):
        value: Any = cv.get(key) or ""
        if isinstance(value, str) and value.startswith("["):
            with contextlib.suppress(json.JSONDecodeError):  # a plain text field
                value = json.loads(value, strict=False)
        if isinstance(value, list):
            for item in value:
                if isinstance(item, dict):
                    parts.append(" | ".join(str(v) for v in item.values() if v))
                else:
                    parts.append(str(item))
        else:
            parts.append(str(value))
    parts.append(str(cv.get("additionalInformation") or ""))
    return "\n".join(p for p in parts if p.strip())


def iter_resumes(data: Path) -> Iterator[tuple[str, str, str]]:
    """(resume id, source label, text) of every readable resume, in a fixed order. The
    label is the dataset's own occupation (category folder, CSV category, CV headline)."""
    root = data / "resumes"
    for path in sorted((root / "livecareer_kaggle_sample").glob("*/*.pdf")):
        text = _readable(path.read_bytes(), path.name)
        if text:
            yield f"livecareer/{path.parent.name}/{path.stem}", path.parent.name, text
    cvs = json.loads(
        (root / "structured_cvs_800" / "cvs.json").read_text("utf-8-sig"), strict=False
    )["cv"]
    for cv in cvs:
        text = _readable(_structured_text(cv), str(cv["id"]))
        if text and cv.get("headline"):
            yield f"structured_cvs/{cv['id']}", str(cv["headline"]), text
    seen: set[str] = set()  # the CSV repeats most texts; keep the first row of each
    csv_path = root / "kaggle_updated_resume_dataset" / "UpdatedResumeDataSet.csv"
    with csv_path.open(encoding="utf-8", newline="") as handle:
        for n, row in enumerate(csv.DictReader(handle)):
            if row["Resume"] in seen:
                continue
            seen.add(row["Resume"])
            text = _readable(row["Resume"], str(n))
            if text:
                yield f"kaggle_resumes/{n}", row["Category"], text
    for path in sorted((root / "individual").iterdir()):
        if path.suffix.lower() in (".pdf", ".docx", ".txt"):
            text = _readable(path.read_bytes(), path.name)
            if text:
                yield f"individual/{path.name}", path.stem, text


def _payload_postings(data: Path) -> Iterator[tuple[str, Posting]]:
    for source, pattern in PAYLOADS:
        for path in sorted((data / "job_sources").glob(pattern)):
            try:
                postings = SOURCES[source].parse(path.read_bytes())
            except PayloadError as exc:
                print(f"skip {path.name}: {exc}", file=sys.stderr)
                continue
            for p in postings:
                yield f"{p.source}:{p.source_id or p.url}", p


def _bulk_postings(data: Path) -> Iterator[tuple[str, Posting]]:
    bulk = data / "job_descriptions_bulk"
    csvs = [
        ("glassdoor_ds", "glassdoor_ds_jobs_2020/glassdoor_jobs.csv"),
        ("glassdoor_uncleaned", "glassdoor_ds_jobs_uncleaned/Uncleaned_DS_jobs.csv"),
    ]
    for prefix, name in csvs:
        with (bulk / name).open(encoding="utf-8", newline="") as handle:
            for n, row in enumerate(csv.DictReader(handle)):
                company = row["Company Name"].split("\n")[0]
                yield (
                    f"{prefix}/{n}",
                    make(
                        "glassdoor",
                        f"{prefix}-{n}",
                        row["Job Title"],
                        company,
                        row["Location"],
                        row["Job Description"],
                    ),
                )
    geo = bulk / "armenian_job_posts_sample" / "Job-desc.geojson"
    for n, feature in enumerate(json.loads(geo.read_text(encoding="utf-8"))["features"]):
        p = feature["properties"]
        parts = [p.get(k) for k in ("JobDescription", "JobRequirment", "RequiredQual", "AboutC")]
        desc = "\n".join(s.replace("_x000D_", "") for s in parts if s and s != "NA")
        if p.get("Tittle"):
            yield (
                f"careercenter/{n}",
                make(
                    "careercenter",
                    str(n),
                    p["Tittle"],
                    p.get("Company") or "",
                    p.get("Location") or "",
                    desc,
                ),
            )
    for path in sorted([*bulk.glob("single_jd_text/*"), *bulk.glob("single_jd_docs/*")]):
        if path.suffix == ".md":
            continue
        raw = path.read_bytes()
        try:  # the resume reader reads PDF/DOCX/text; its resume-cue check can refuse a JD
            text = read_resume(raw, path.name)
        except ResumeError:
            text = raw.decode("utf-8", errors="replace") if path.suffix == ".txt" else ""
        title = path.stem.removeprefix("resume_matcher_").removeprefix("ergon_jd_")
        title = title.replace("job_desc_", "").replace("_", " ").replace("-", " ").strip()
        if re.fullmatch(r"[\sjobdesc\d]*|servicenow job\d", title):  # "job 1": use line one
            title = next((line for line in text.splitlines() if line.strip()), title)[:120]
        yield f"single_jd/{path.name}", make("single_jd", path.name, title, "", "", text)


def all_postings(data: Path) -> dict[str, Posting]:
    """Every posting with enough text, by benchmark id; a posting repeated (same title,
    company and opening text, as the Glassdoor CSVs and the payload copies do) is kept once."""
    out: dict[str, Posting] = {}
    seen: set[tuple[str, str, str]] = set()
    for pid, posting in [*_payload_postings(data), *_bulk_postings(data)]:
        key = (posting.title.lower(), (posting.company or "").lower(), posting.description[:400])
        if pid in out or key in seen or len(posting.description) < MIN_POSTING_CHARS:
            continue
        seen.add(key)
        out[pid] = posting
    return out
