"""The ingest pipeline on the embedded backend with the real local embedder."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from core.models import Posting, posting_id
from search.embedded import EmbeddedBackend
from search.embeddings import LocalEmbedder
from search.ingest import Ingestor

DESCRIPTION = (
    "We are hiring a Senior Backend Engineer to design and build our payments platform. "
    "You have 5+ years of experience with Python and PostgreSQL, and you know Kubernetes. "
    "You will own services end to end, review code and mentor engineers. "
    "Experience with event-driven systems (Kafka) is a plus. "
    "We offer health insurance, 30 days of paid time off and a learning budget. "
    "We are an equal opportunity employer."
)


def posting(source: str, sid: str, **fields: Any) -> Posting:
    url = fields.pop("url", f"https://{source}.example.org/jobs/{sid}")
    values: dict[str, Any] = {
        "title": "Senior Backend Engineer",
        "company": "Paylane GmbH",
        "location": "Berlin, Germany",
        "country": "DE",
        "description": DESCRIPTION,
    }
    values.update(fields)
    return Posting(id=posting_id(source, sid, url), source=source, source_id=sid, url=url, **values)


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 3, 1, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
async def index(tmp_path: Path) -> Any:
    backend = EmbeddedBackend(tmp_path / "index.sqlite")
    yield backend
    await backend.close()


@pytest.fixture
def make_ingestor(index: EmbeddedBackend, embedder: LocalEmbedder) -> Callable[[Clock], Ingestor]:
    return lambda clock: Ingestor(index, embedder, clock=clock, batch_size=3, expire_days=30)


async def test_cross_source_copies_merge_and_rerun_changes_nothing(
    index: EmbeddedBackend, make_ingestor: Callable[[Clock], Ingestor]
) -> None:
    ingestor = make_ingestor(Clock())
    employer = posting("greenhouse", "4411")
    board = posting(
        "indeed",
        "x9",
        title="Sr. Backend Engineer",
        company="Paylane",
        location="Berlin",
        url="https://indeed.example.org/viewjob?jk=x9&utm_source=feed",
        description=DESCRIPTION.replace(". ", ".\n"),
    )
    agency = posting(
        "reed",
        "77",
        company="Hays Recruitment",
        title="Senior Backend Engineer",
        description="Our client, a payments company, " + DESCRIPTION[60:],
    )
    other = posting(
        "greenhouse",
        "4412",
        title="Office Manager",
        description="Run our Berlin office, plan events and manage suppliers.",
    )
    first = await ingestor.ingest([employer, board, agency, other])
    assert (first.new, first.merged) == (2, 2)
    assert first.clusters[board.id] == first.clusters[agency.id] == employer.id
    [entry] = await index.get([employer.id])
    assert {r["reason"] for r in entry.merge_reasons} <= {"fingerprint", "vector", "agency_copy"}
    assert [link["role"] for link in entry.links] == ["employer", "employer", "agency"]
    again = await ingestor.ingest([employer, board, agency, other])
    assert again.as_dict() == {
        "new": 0,
        "merged": 0,
        "updated": 0,
        "unchanged": 4,
        "rejected": 0,
        "expired": 0,
    }
    assert await index.count() == 2


async def test_hard_negatives_stay_apart(
    index: EmbeddedBackend, make_ingestor: Callable[[Clock], Ingestor]
) -> None:
    same_title_other_company = posting("lever", "1", company="Bankly Ltd")
    same_company_other_role = posting(
        "greenhouse",
        "2",
        title="Senior Frontend Engineer",
        description=DESCRIPTION.replace("Python and PostgreSQL", "TypeScript and React"),
    )
    counts = await make_ingestor(Clock()).ingest(
        [posting("greenhouse", "1"), same_title_other_company, same_company_other_role]
    )
    assert counts.new == 3 and counts.merged == 0


async def test_employer_link_replaces_agency_copy(
    index: EmbeddedBackend, make_ingestor: Callable[[Clock], Ingestor]
) -> None:
    agency = posting("reed", "5", company="Hays", description="Our client: " + DESCRIPTION)
    employer = posting("lever", "abc", url="https://jobs.lever.co/paylane/abc")
    ingestor = make_ingestor(Clock())
    await ingestor.ingest([agency])
    counts = await ingestor.ingest([employer])
    assert counts.merged == 1
    [entry] = await index.get([agency.id])
    assert entry.posting.company == "Paylane GmbH"
    assert entry.posting.apply_url == "https://jobs.lever.co/paylane/abc"


async def test_update_repost_and_expiry(
    index: EmbeddedBackend, make_ingestor: Callable[[Clock], Ingestor]
) -> None:
    clock = Clock()
    ingestor = make_ingestor(clock)
    job, stale = posting("greenhouse", "1"), posting("greenhouse", "2", title="Product Designer")
    await ingestor.ingest([job, stale])
    clock.now += timedelta(days=20)
    changed = job.model_copy(update={"salary_min": 80_000.0, "salary_currency": "EUR"})
    counts = await ingestor.ingest([changed])
    assert (counts.updated, counts.new) == (1, 0)
    clock.now += timedelta(days=15)  # the designer job was last seen 35 days ago
    counts = await ingestor.ingest([changed])
    assert (counts.unchanged, counts.expired) == (1, 1)
    [entry] = await index.get([job.id])
    assert entry.posting.salary_min == 80_000 and entry.last_seen == clock.now
    assert entry.first_seen == datetime(2026, 3, 1, tzinfo=UTC)


async def test_bad_postings_are_rejected_not_lost(
    index: EmbeddedBackend, make_ingestor: Callable[[Clock], Ingestor]
) -> None:
    bad = posting("manual", "1", url="ftp://example.org/job")
    counts = await make_ingestor(Clock()).ingest([bad, posting("greenhouse", "1")])
    assert (counts.rejected, counts.new) == (1, 1)
    assert "not http(s)" in counts.problems[0]


async def test_index_survives_reopen(tmp_path: Path, embedder: LocalEmbedder) -> None:
    path = tmp_path / "index.sqlite"
    first = EmbeddedBackend(path)
    await Ingestor(first, embedder).ingest([posting("greenhouse", "1")])
    await first.close()
    second = EmbeddedBackend(path)
    try:
        assert await second.count() == 1
        vector = (await embedder.embed(["backend engineer python"]))[0]
        [(entry_id, cosine)] = await second.neighbours(vector, 1)
        assert entry_id == posting("greenhouse", "1").id and 0.3 < cosine <= 1.0
    finally:
        await second.close()
