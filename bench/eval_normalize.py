"""Normalization accuracy per field on labelled corpora, dev and test side by side.

    python bench/eval_normalize.py --data <ergon_extraction_corpora folder> \
        [--gold <ergon_gold500/gold.jsonl>] [--misses 10]

Every item goes the way a saved payload does (``jobbot parse-payload --source generic``):
one JSONL line with its title, location and description, parsed into a Posting. Fields:
salary (exact min/max/period), location country and city, seniority, years of experience
(minimum), visa sponsorship; from the gold set (whole postings): remote, and as ``g.salary``
and ``g.country`` salary and country (no targets: the LLM-voted labels are noisier). Each
corpus is split into dev and test by ``bench/normalize_split.py`` (fixed seed); only dev
misses are printed, since rules are chosen looking at dev alone. Targets are on test.
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.normalize_split import LEVELS, half, item_key
from core.models import Posting
from scrapers.normalize.gazetteer import country_by_name
from scrapers.sources import generic

TARGETS = {
    "salary": 0.95,
    "country": 0.97,
    "remote": 0.95,
    "seniority": 0.92,
    "years": 0.97,
    "visa": 0.97,
}
Case = tuple[str, str, Any, Any]  # (half, input shown on a miss, expected, got)
Reader = Callable[[dict[str, Any], Posting], tuple[Any, Any]]  # row, posting -> (want, got)


def rows(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def fold(text: str | None) -> str | None:
    if text is None:
        return None
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def as_posting(row: dict[str, Any], title: str, location: str | None, text: str) -> Posting:
    """The Posting ``parse-payload --source generic`` makes of one item."""
    line = {"id": "eval", "title": title or "Job", "location": location, "description": text}
    return generic.parse(json.dumps(line))[0]


def cases(
    path: Path, shown: str, fields: tuple[str, str | None, str], read: Reader
) -> Iterable[Case]:
    """``fields``: the row's keys for title, location and description ('' when absent)."""
    title_key, location_key, text_key = fields
    for row in rows(path):
        title = str(row.get(title_key) or "")
        location = row.get(location_key) if location_key else None
        posting = as_posting(row, title, location, str(row.get(text_key) or ""))
        want, got = read(row, posting)
        yield half(item_key(path.stem, row, shown)), str(row.get(shown) or "")[:160], want, got


def salary(row: dict[str, Any], p: Posting) -> tuple[Any, Any]:
    got = (
        None
        if p.salary_min is None and p.salary_max is None
        else {"min": p.salary_min, "max": p.salary_max, "interval": p.salary_period}
    )
    return row["expect"], got


def country(row: dict[str, Any], p: Posting) -> tuple[Any, Any]:
    return (country_by_name(row["country"]) if row["country"] else None), p.country


def city(row: dict[str, Any], p: Posting) -> tuple[Any, Any]:
    return fold(row["city"]), fold(p.city)


def fields(data: Path, gold: Path | None) -> list[tuple[str, Callable[[], Iterable[Case]]]]:
    geo = data / "geo_corpus.jsonl"
    found: list[tuple[str, Callable[[], Iterable[Case]]]] = [
        ("salary", lambda: cases(data / "salary_corpus.jsonl", "text", ("", None, "text"), salary)),
        ("country", lambda: cases(geo, "location_raw", ("", "location_raw", ""), country)),
        ("city", lambda: cases(geo, "location_raw", ("", "location_raw", ""), city)),
        (
            "seniority",
            lambda: cases(
                data / "level_corpus.jsonl",
                "title",
                ("title", None, ""),
                lambda r, p: (LEVELS[r["level"]], p.seniority),
            ),
        ),
        (
            "years",
            lambda: cases(
                data / "yoe_corpus.jsonl",
                "text",
                ("", None, "text"),
                lambda r, p: ((r["expect"] or {}).get("min"), p.years_min),
            ),
        ),
        (
            "visa",
            lambda: cases(
                data / "sponsorship_corpus.jsonl",
                "text",
                ("", None, "text"),
                lambda r, p: (r["sponsorship"], p.visa_sponsorship),
            ),
        ),
    ]
    if gold:
        posting = ("title", "location_raw", "description_text")
        found += [
            (
                "remote",
                lambda: cases(
                    gold,
                    "location_raw",
                    posting,
                    lambda r, p: (r["gold"]["remote"], p.remote == "remote"),
                ),
            ),
            ("g.salary", lambda: cases(gold, "location_raw", posting, gold_salary)),
            (
                "g.country",
                lambda: cases(
                    gold,
                    "location_raw",
                    posting,
                    lambda r, p: (
                        country_by_name(r["gold"]["country"]) if r["gold"]["country"] else None,
                        p.country,
                    ),
                ),
            ),
        ]
    return found


def gold_salary(row: dict[str, Any], p: Posting) -> tuple[Any, Any]:
    """The gold set's salary (min, max, period) against the one read from the text."""
    want = row["gold"]["salary"]
    expect = None if not want else (want.get("min"), want.get("max"), want.get("interval"))
    got = (
        None
        if p.salary_max is None and p.salary_min is None
        else (p.salary_min, p.salary_max, p.salary_period)
    )
    return expect, got


def score(results: list[Case], which: str) -> tuple[float, int, int]:
    chosen = [c for c in results if c[0] == which]
    right = sum(1 for c in chosen if c[2] == c[3])
    return (right / len(chosen) if chosen else 0.0), right, len(chosen)


def report(name: str, results: list[Case], misses: int) -> None:
    dev, test = score(results, "dev"), score(results, "test")
    target = TARGETS.get(name)
    verdict = "" if target is None else (" ok" if test[0] >= target else f" BELOW {target:.0%}")
    print(
        f"{name:10} {dev[0]:7.1%} ({dev[1]:>3}/{dev[2]:<3})  "
        f"{test[0]:7.1%} ({test[1]:>3}/{test[2]:<3}){verdict}"
    )
    wrong = [c for c in results if c[0] == "dev" and c[2] != c[3]]
    for _, text, want, got in wrong[:misses]:
        print(f"    dev miss: expected {want!r}, got {got!r}: {text!r}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--data",
        type=Path,
        required=True,
        help="folder with salary/geo/level/yoe/sponsorship_corpus.jsonl",
    )
    parser.add_argument("--gold", type=Path, help="gold.jsonl with remote labels")
    parser.add_argument("--misses", type=int, default=10, help="dev misses shown per field")
    args = parser.parse_args()
    print(f"{'field':10} {'dev':>20}  {'test':>20}  (targets on test)")
    for name, read in fields(args.data, args.gold):
        report(name, list(read()), args.misses)


if __name__ == "__main__":
    main()
