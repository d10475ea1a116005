"""Posting JSONL files as the commands read them: the one reader of ``jobbot ingest``,
``dedup``, ``match --postings``, the demo and the benchmarks.

A file that cannot be read is a usage error (``typer.BadParameter``, exit 2); a line that is
not a valid Posting is skipped and named, so one bad line loses nothing else.
"""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from core.models import Posting, read_jsonl


def read_postings(path: Path) -> tuple[list[Posting], list[str]]:
    """Postings of a JSONL file and one message per line that is not a valid Posting."""
    try:
        return read_jsonl(path)
    except (OSError, UnicodeDecodeError) as exc:
        raise typer.BadParameter(f"cannot read {path}: {exc}") from exc


def load_postings(path: Path) -> list[Posting]:
    """:func:`read_postings`, with the skipped lines reported on stderr."""
    postings, problems = read_postings(path)
    for problem in problems:
        print(f"skipped {problem}", file=sys.stderr)
    return postings
