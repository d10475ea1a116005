"""Rebuild ``postings.jsonl`` from ergon's gold set (MIT): ``python -m jobbot.demo.build
--data PATH/TO/gold.jsonl``. Kept so the bundled data can be reproduced and audited.

Only fields the source states are filled; the URL is the company's public board on the
source ATS (the gold set keeps no per-job URL), and Workday rows, whose board URL is
not recoverable, are left out.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from core.models import SENIORITY_ORDER, Posting, posting_id

BOARDS = {
    "greenhouse": "https://boards.greenhouse.io/{}",
    "ashby": "https://jobs.ashbyhq.com/{}",
    "lever": "https://jobs.lever.co/{}",
}
OUT = Path(__file__).resolve().parent / "postings.jsonl"


def convert(row: dict[str, Any]) -> Posting | None:
    board = BOARDS.get(row.get("source") or "")
    description = (row.get("description_text") or "").strip()
    if board is None or not description or not (row.get("title") or "").strip():
        return None
    gold = row.get("gold") or {}
    salary = gold.get("salary") or {}
    level = gold.get("level")
    years = (gold.get("yoe") or {}).get("min")
    return Posting(
        id=posting_id(row["source"], row["id"], None), source=row["source"], source_id=row["id"],
        url=board.format(row["company_key"]), title=row["title"].strip(),
        company=row["company_key"], location=row.get("location_raw"),
        salary_min=salary.get("min"), salary_max=salary.get("max"),
        salary_currency=salary.get("currency"),
        salary_period=salary.get("interval") if salary.get("interval") in
        {"year", "month", "week", "day", "hour"} else None,
        seniority=level if level in SENIORITY_ORDER else "unknown",
        years_min=years if isinstance(years, int | float) and 0 <= years <= 50 else None,
        description=description,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, required=True, help="ergon gold.jsonl")
    args = parser.parse_args()
    postings = []
    for line in args.data.read_text(encoding="utf-8").splitlines():
        posting = convert(json.loads(line))
        if posting is not None:
            postings.append(posting)
    OUT.write_text("".join(p.model_dump_json(exclude_none=True) + "\n" for p in postings),
                   encoding="utf-8")
    print(f"{len(postings)} postings written")


if __name__ == "__main__":
    main()
