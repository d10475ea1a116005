"""Normalization accuracy per field on labelled corpora, with the cases it misses.

    python bench/eval_normalize.py --data <ergon_extraction_corpora folder> \
        [--gold <ergon_gold500/gold.jsonl>] [--misses 10]

Fields: salary (exact min/max/period), location country and city, seniority, years of
experience (minimum), visa sponsorship; remote from the gold set (real postings with
location, title and description). Targets: salary 95%, country 95%, remote 95%,
seniority 85%, years 90%.
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

from scrapers.gazetteer import country_by_name
from scrapers.normalize_level import seniority, visa_sponsorship, years_min
from scrapers.normalize_location import parse_location, remote_mode
from scrapers.normalize_salary import parse_salary_text

TARGETS = {"salary": 0.95, "country": 0.95, "remote": 0.95, "seniority": 0.85, "years": 0.90}
# The corpus's level names -> the Posting contract's seniority.
LEVELS = {"entry": "junior", "junior": "junior", "mid": "mid", "senior": "senior",
          "staff": "lead", "principal": "lead", "lead": "lead", "manager": "lead",
          "director": "executive", "executive": "executive", "intern": "intern",
          "unknown": "unknown"}
Case = tuple[str, Any, Any]  # (input shown on a miss, expected, got)


def rows(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def fold(text: str | None) -> str | None:
    if text is None:
        return None
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def salary_cases(data: Path) -> Iterable[Case]:
    for row in rows(data / "salary_corpus.jsonl"):
        found = parse_salary_text(row["text"])
        got = None if found is None else {"min": found.min, "max": found.max,
                                          "interval": found.period}
        yield row["text"][:160], row["expect"], got


def geo_cases(data: Path, field: str) -> Iterable[Case]:
    for row in rows(data / "geo_corpus.jsonl"):
        place = parse_location(row["location_raw"])
        if field == "country":
            want = country_by_name(row["country"]) if row["country"] else None
            yield row["location_raw"], want, place.country
        else:
            yield row["location_raw"], fold(row["city"]), fold(place.city)


def level_cases(data: Path) -> Iterable[Case]:
    for row in rows(data / "level_corpus.jsonl"):
        yield row["title"], LEVELS[row["level"]], seniority(row["title"])


def years_cases(data: Path) -> Iterable[Case]:
    for row in rows(data / "yoe_corpus.jsonl"):
        yield row["text"][:160], (row["expect"] or {}).get("min"), years_min(row["text"])


def visa_cases(data: Path) -> Iterable[Case]:
    for row in rows(data / "sponsorship_corpus.jsonl"):
        yield row["text"][:160], row["sponsorship"], visa_sponsorship(row["text"])


def remote_cases(gold: Path) -> Iterable[Case]:
    for row in rows(gold):
        mode = remote_mode(location=row["location_raw"], title=row["title"],
                           text=row["description_text"])
        yield f"{row['location_raw']} | {row['title']}", row["gold"]["remote"], mode == "remote"


def report(name: str, cases: Iterable[Case], misses: int) -> float:
    results = list(cases)
    wrong = [c for c in results if c[1] != c[2]]
    accuracy = 1 - len(wrong) / len(results)
    target = TARGETS.get(name)
    verdict = "" if target is None else (" ok" if accuracy >= target else f" BELOW {target:.0%}")
    print(f"{name:10} {accuracy:7.1%}  ({len(results) - len(wrong)}/{len(results)}){verdict}")
    for text, want, got in wrong[:misses]:
        print(f"    miss: expected {want!r}, got {got!r}: {text!r}")
    return accuracy


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, required=True,
                        help="folder with salary/geo/level/yoe/sponsorship_corpus.jsonl")
    parser.add_argument("--gold", type=Path, help="gold.jsonl with remote labels")
    parser.add_argument("--misses", type=int, default=10, help="misses shown per field")
    args = parser.parse_args()
    fields: list[tuple[str, Callable[[], Iterable[Case]]]] = [
        ("salary", lambda: salary_cases(args.data)),
        ("country", lambda: geo_cases(args.data, "country")),
        ("city", lambda: geo_cases(args.data, "city")),
        ("seniority", lambda: level_cases(args.data)),
        ("years", lambda: years_cases(args.data)),
        ("visa", lambda: visa_cases(args.data)),
    ]
    if args.gold:
        fields.append(("remote", lambda: remote_cases(args.gold)))
    for name, cases in fields:
        report(name, cases(), args.misses)


if __name__ == "__main__":
    main()
