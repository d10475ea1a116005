"""Hacker News "Who is hiring?" through the Algolia HN API; one posting per top-level comment.

Fetch finds the newest thread of the ``whoishiring`` account, then reads its item tree.
``parse`` takes an items response (the thread with ``children``) or a comment search
response (``hits``), and reads the customary first line "Company | Role | Place | ...".
"""

from __future__ import annotations

import re
from typing import Any

from core.models import Posting
from scrapers.base import FetchContext, Source
from scrapers.build import RawJob, item_list, json_object, load_json, make_posting, postings_from
from scrapers.errors import PayloadError
from scrapers.normalize.text import html_to_text

NAME = "hackernews"
THREADS = "https://hn.algolia.com/api/v1/search_by_date?tags=story,author_whoishiring&hitsPerPage=5"
ITEM = "https://hn.algolia.com/api/v1/items/{id}"
LINK = "https://news.ycombinator.com/item?id={id}"
_ROLE = re.compile(
    r"engineer|developer|designer|scientist|manager|lead\b|analyst|architect|"
    r"\bsre\b|devops|researcher|product|founding|head of|intern\b|\bcto\b|"
    r"full[- ]?stack|roles?\b|positions?\b|recruiter|marketer|specialist",
    re.I,
)
_PLACE = re.compile(
    r"remote|onsite|on-site|hybrid|\b[A-Z]{2}\b|,|city|london|berlin|york|"
    r"\bsf\b|\bnyc\b|bay area|europe|\bus\b|usa|\beu\b",
    re.I,
)
_NOT_ROLE = re.compile(
    r"[$€£]|\d+k\b|full[- ]?time|part[- ]?time|contract|visa|equity|https?:", re.I
)
_HIRING = re.compile(
    r"hiring (?:an? |for (?:an? )?)?((?:[\w-]+ ){0,4}?"
    r"(?:engineer|developer|designer|scientist|manager|analyst|architect)s?)",
    re.I,
)
_URL = re.compile(r"\s*(?:https?://\S+|\([^)]*\))")


def _company(field: str) -> str:
    name = _URL.sub("", field).split(" - ")[0].strip(" -–—:")
    return (name or field)[:120]


def _role_in_body(text: str) -> str | None:
    hiring = _HIRING.search(text)
    if hiring:
        return hiring.group(1)
    for line in text.split("\n")[1:15]:
        line = line.strip(" -–—*•")
        if 3 < len(line) < 80 and _ROLE.search(line) and not _NOT_ROLE.search(line):
            return line
    return None


def _header(text: str) -> tuple[str | None, str, str | None]:
    """(company, role, location) from "Company | Role | Location | ..."."""
    first = text.split("\n", 1)[0]
    fields = [f.strip() for f in re.split(r"\s*[|•]\s*", first) if f.strip()]
    if len(fields) < 2:
        return None, _role_in_body(text) or first[:120], None
    company, rest = _company(fields[0]), fields[1:]
    role = next((f for f in rest if _ROLE.search(f) and not _NOT_ROLE.search(f)), None)
    place = next(
        (f for f in rest if f is not role and _PLACE.search(f) and not _NOT_ROLE.search(f)), None
    )
    role = role or _role_in_body(text) or f"Jobs at {company}"
    return company, role[:200], place


def _comment(item: dict[str, Any]) -> Posting | None:
    raw = item.get("text") or item.get("comment_text")
    if not raw or item.get("deleted") or item.get("dead"):
        return None
    text = html_to_text(raw)
    company, role, place = _header(text)
    ident = item.get("id") or item.get("objectID")
    return make_posting(
        RawJob(
            NAME,
            source_id=ident,
            url=LINK.format(id=ident),
            title=role,
            company=company,
            location=place,
            text=text,
            posted=item.get("created_at_i") or item.get("created_at"),
            tags=["hn-who-is-hiring"],
        )
    )


def parse(payload: bytes | str, origin: str | None = None) -> list[Posting]:
    """An Algolia items response, a comment search response, or a bare list of their
    comments -> Postings (top-level comments only where the items say whose reply they are)."""
    data = load_json(payload, NAME)
    if isinstance(data, list):
        comments = [
            c
            for c in item_list(data, NAME, "children")
            if isinstance(c, dict)
            and c.get("parent_id") in (None, c.get("story_id", c.get("parent_id")))
        ]
    elif not isinstance(data, dict):
        raise PayloadError(NAME, "expected a JSON object or a list of comments")
    elif isinstance(data.get("children"), list):
        comments = [c for c in data["children"] if isinstance(c, dict)]
    elif isinstance(data.get("hits"), list):
        story = data["hits"][0].get("story_id") if data["hits"] else None
        comments = [
            h
            for h in data["hits"]
            if isinstance(h, dict)
            and h.get("comment_text")
            and (h.get("parent_id") in (None, story))
        ]
    else:
        raise PayloadError(NAME, "expected an item with `children` or a search with `hits`")
    return postings_from(comments, _comment)


async def fetch(ctx: FetchContext) -> list[Posting]:
    response = await ctx.get(THREADS)
    if response is None:
        return []
    hits = json_object(response.body, NAME).get("hits") or []
    thread = next((h for h in hits if "who is hiring" in str(h.get("title", "")).lower()), None)
    if thread is None:
        return []
    items = await ctx.get(ITEM.format(id=thread["objectID"]))
    return parse(items.body) if items else []


SOURCE = Source(
    NAME,
    parse,
    fetch,
    interval_s=12 * 3600,
    min_gap_s=2.0,
    terms="Algolia HN Search API; link every posting to its HN comment.",
)
