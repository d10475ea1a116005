"""Rebuild ``postings.jsonl`` from permissively licensed raw payloads:
``python -m jobbot.demo.build --data PATH/TO/job_sources``.

Each payload in :data:`PAYLOADS` is a real API response that a public MIT-licensed
repository committed (ATTRIBUTION.md names each one); it is parsed by Jobbot's own source
parser, so every posting keeps the job's own page and apply link. Postings without a
description are left out (there is nothing to match them on). Kept so the bundled data can
be reproduced and audited.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from core.models import Posting
from scrapers.registry import get_source

# (source parser, path under the data folder, board slug for ATS payloads)
PAYLOADS: tuple[tuple[str, str, str | None], ...] = (
    ("ashby", "ashby/stapply_anyscale_job_board.json", "anyscale"),
    ("ashby", "ashby/stapply_axiom_job_board.json", "axiom"),
    ("ashby", "ashby/ergon_ramp_job_board.json", "ramp"),
    ("ashby", "ashby/michaeldinhmai_job_board.json", "render"),
    ("ashby", "ashby/wule15_job_board.json", "comand-ai"),
    ("lever", "lever/ergon_spotify_postings.json", "spotify"),
    ("lever", "lever/michaeldinhmai_jumpcloud_postings.json", "jumpcloud"),
    ("greenhouse", "greenhouse/ergon_airbnb_jobs.json", "airbnb"),
    ("remoteok", "remoteok/ergon_remoteok_api.json", None),
    ("remoteok", "remoteok/michaeldinhmai_remoteok_api.json", None),
    ("remotive", "remotive/ergon_remotive_api.json", None),
    ("recruitee", "other_ats/michaeldinhmai_recruitee.json", None),
    ("recruitee", "other_ats/ergon_recruitee_sample.json", None),
    ("himalayas", "other_ats/ergon_himalayas_sample.json", None),
    ("himalayas", "other_ats/michaeldinhmai_himalayas.json", None),
    ("jobicy", "other_ats/ergon_jobicy_sample.json", None),
    ("arbeitnow", "arbeitnow/ergon_arbeitnow_page1.json", None),
)
OUT = Path(__file__).resolve().parent / "postings.jsonl"


def collect(data: Path) -> list[Posting]:
    """Every described posting of every payload, each id once, in the table's order."""
    found: dict[str, Posting] = {}
    for source, path, origin in PAYLOADS:
        for posting in get_source(source).parse((data / path).read_bytes(), origin):
            if posting.description.strip():
                found.setdefault(posting.id, posting)
    return list(found.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, required=True, help="the job_sources folder")
    args = parser.parse_args()
    postings = collect(args.data)
    OUT.write_text(
        "".join(p.model_dump_json(exclude_none=True) + "\n" for p in postings), encoding="utf-8"
    )
    print(f"{len(postings)} postings written")


if __name__ == "__main__":
    main()
