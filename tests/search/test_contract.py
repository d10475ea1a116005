"""The search contract: every backend passes the same tests (see conftest ``backend``)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from search.base import BackendRequestError, IndexedPosting, Query, SearchBackend
from search.filters import Filters, passes_filters

Entry = Callable[..., IndexedPosting]
T0 = datetime(2026, 1, 10, tzinfo=UTC)


class TestSearchContract:
    async def test_empty_index(
        self, backend: SearchBackend, vector: Callable[[int], np.ndarray]
    ) -> None:
        assert await backend.count() == 0
        assert await backend.get(["nope"]) == []
        assert await backend.search(Query(text="python", vector=vector(1))) == []
        assert await backend.neighbours(vector(1), 3) == []

    async def test_upsert_get_round_trip(self, backend: SearchBackend, entry: Entry) -> None:
        doc = entry(
            1,
            title="Data Engineer",
            salary_min=50_000,
            salary_currency="EUR",
            keys=["id:a", "ctl:x"],
            last_seen=T0,
        )
        doc.links = [{"source": "greenhouse", "url": doc.posting.url, "posting_id": doc.posting.id}]
        doc.merge_reasons = [{"posting_id": "p2", "reason": "fingerprint", "score": "0.910"}]
        await backend.upsert([doc])
        [got] = await backend.get([doc.posting.id])
        assert got.posting == doc.posting
        assert got.links == doc.links and got.merge_reasons == doc.merge_reasons
        assert got.keys == ["id:a", "ctl:x"] and got.last_seen == T0
        assert got.vector is not None and doc.vector is not None
        assert np.allclose(got.vector, doc.vector, atol=1e-6)

    async def test_get_keeps_order_and_skips_missing(
        self, backend: SearchBackend, entry: Entry
    ) -> None:
        docs = [entry(n) for n in range(3)]
        await backend.upsert(docs)
        ids = [docs[2].posting.id, "missing", docs[0].posting.id]
        assert [d.posting.id for d in await backend.get(ids)] == [ids[0], ids[2]]

    async def test_upsert_replaces_by_id(self, backend: SearchBackend, entry: Entry) -> None:
        await backend.upsert([entry(1, title="Old title")])
        await backend.upsert([entry(1, title="New title")])
        assert await backend.count() == 1
        [got] = await backend.get([entry(1).posting.id])
        assert got.posting.title == "New title"
        hits = await backend.search(Query(text="old"))
        assert hits == []

    async def test_find_keys(self, backend: SearchBackend, entry: Entry) -> None:
        a, b = entry(1, keys=["url:x", "ctl:k"]), entry(2, keys=["ctl:k"])
        await backend.upsert([a, b])
        found = await backend.find_keys(["url:x", "ctl:k", "url:none"])
        assert found["url:x"] == [a.posting.id]
        assert sorted(found["ctl:k"]) == sorted([a.posting.id, b.posting.id])
        assert "url:none" not in found

    async def test_delete_and_expire(self, backend: SearchBackend, entry: Entry) -> None:
        old = entry(1, last_seen=T0 - timedelta(days=60))
        new = entry(2, last_seen=T0)
        gone = entry(3, last_seen=T0)
        await backend.upsert([old, new, gone])
        assert await backend.delete([gone.posting.id, "missing"]) == 1
        assert await backend.expire(T0 - timedelta(days=45)) == 1
        assert [d.posting.id for d in await backend.get([old.posting.id, new.posting.id])] == [
            new.posting.id
        ]
        assert await backend.count() == 1

    async def test_bm25_prefers_title_matches(self, backend: SearchBackend, entry: Entry) -> None:
        await backend.upsert(
            [
                entry(1, title="Kubernetes Platform Engineer", description="Operate clusters."),
                entry(2, title="Accountant", description="Some kubernetes exposure is a plus."),
                entry(3, title="Nurse", description="Patient care."),
            ]
        )
        hits = await backend.search(Query(text="kubernetes engineer", k=10))
        assert [h.posting.id for h in hits][:2] == [entry(1).posting.id, entry(2).posting.id]
        assert all(h.bm25 is not None and h.bm25 > 0 and h.cosine is None for h in hits)

    async def test_bm25_scores_only_words_a_fifth_of_the_index_or_fewer_hold(
        self, backend: SearchBackend, entry: Entry
    ) -> None:
        docs = [entry(n, title="Engineer", description="Python and SQL.") for n in range(30)]
        docs[0].posting.description = "Python, SQL and Kubernetes."
        await backend.upsert(docs)
        hits = await backend.search(Query(text="kubernetes engineer python", k=10))
        assert [h.posting.id for h in hits] == [docs[0].posting.id]
        assert await backend.search(Query(text="engineer python", k=10)) == []

    async def test_hybrid_cosine_is_exact(
        self, backend: SearchBackend, entry: Entry, vector: Callable[[int], np.ndarray]
    ) -> None:
        docs = [entry(n, title=f"Role {n}") for n in range(20)]
        await backend.upsert(docs)
        q = vector(7) * 0.9 + vector(100) * 0.1
        hits = await backend.search(Query(text="nothing matches this", vector=q, k=5))
        assert hits[0].posting.id == docs[7].posting.id
        expected = float(docs[7].vector @ q / np.linalg.norm(q))  # type: ignore[operator]
        assert hits[0].cosine == pytest.approx(expected, abs=2e-3)
        assert len(hits) == 5 and hits[0].score >= hits[-1].score

    async def test_fusion_rewards_both_signals(
        self, backend: SearchBackend, entry: Entry, vector: Callable[[int], np.ndarray]
    ) -> None:
        docs = [
            entry(1, title="Python developer", vector_seed=50),
            entry(2, title="Chef", vector_seed=6),
            entry(3, title="Python developer", vector_seed=5),
        ]
        docs[0].vector = -vector(5)  # same text as 3, opposite meaning: last by kNN
        await backend.upsert(docs)
        hits = await backend.search(Query(text="python developer", vector=vector(5), k=3))
        assert hits[0].posting.id == docs[2].posting.id

    @pytest.mark.parametrize(
        ("filters", "expected"),
        [
            (Filters(remote=("remote",)), {1}),
            (Filters(countries=("DE",)), {1, 2}),
            # 1 states no level: it passes a level filter; 3 is junior, so it does not.
            (Filters(seniority=("senior",)), {1, 2}),
            (Filters(seniority=("junior", "senior")), {1, 2, 3}),
            (Filters(seniority=("lead",)), {1}),
            (Filters(sources=("lever",)), {3}),
            (Filters(min_salary=60_000), {2, 3}),  # 3 has no salary: it passes
            (Filters(exclude_companies=("acme",)), {2, 3}),
            (Filters(exclude_keywords=("crypto",)), {1, 3}),
            (Filters(posted_after=datetime(2026, 1, 1, tzinfo=UTC)), {1, 3}),
        ],
    )
    async def test_filters_apply_to_both_rankings(
        self,
        backend: SearchBackend,
        entry: Entry,
        vector: Callable[[int], np.ndarray],
        filters: Filters,
        expected: set[int],
    ) -> None:
        docs = {
            1: entry(
                1,
                title="Backend engineer",
                company="Acme",
                remote="remote",
                country="DE",
                salary_max=4000,
                salary_period="month",
                salary_currency="EUR",
                posted_at=datetime(2026, 1, 5, tzinfo=UTC),
            ),
            2: entry(
                2,
                title="Backend engineer",
                company="Initech",
                country="DE",
                seniority="senior",
                salary_min=90_000,
                salary_currency="EUR",
                description="We build crypto exchanges.",
                posted_at=datetime(2025, 6, 1, tzinfo=UTC),
            ),
            3: entry(
                3,
                title="Backend engineer",
                company="Globex",
                source="lever",
                country="US",
                seniority="junior",
            ),
        }
        await backend.upsert(list(docs.values()))
        by_id = {d.posting.id: n for n, d in docs.items()}
        for query in (
            Query(text="backend engineer", filters=filters, k=10),
            Query(text="", vector=vector(2), filters=filters, k=10),
        ):
            assert {by_id[h.posting.id] for h in await backend.search(query)} == expected
        # The in-memory filter (postings given directly) follows the same rules.
        assert {n for n, d in docs.items() if passes_filters(d.posting, filters)} == expected

    async def test_cosines_are_exact_and_skip_what_is_missing(
        self, backend: SearchBackend, entry: Entry, vector: Callable[[int], np.ndarray]
    ) -> None:
        docs = [entry(n) for n in range(4)]
        docs[3].vector = None
        await backend.upsert(docs)
        q = (vector(1) + vector(2)) * 3  # not of length one: the cosine normalizes it
        ids = [docs[2].posting.id, "missing", docs[3].posting.id, docs[1].posting.id]
        got = await backend.cosines(ids, q)
        assert set(got) == {docs[1].posting.id, docs[2].posting.id}
        for doc in docs[1:3]:
            expected = float(doc.vector @ q / np.linalg.norm(q))  # type: ignore[operator]
            assert got[doc.posting.id] == pytest.approx(expected, abs=1e-5)
        assert await backend.cosines([docs[0].posting.id], q, "alt_vector") == {}
        assert await backend.cosines([], q) == {}

    async def test_neighbours(
        self, backend: SearchBackend, entry: Entry, vector: Callable[[int], np.ndarray]
    ) -> None:
        await backend.upsert([entry(n) for n in range(10)])
        near = await backend.neighbours(vector(4), 3)
        assert near[0][0] == entry(4).posting.id
        assert near[0][1] == pytest.approx(1.0, abs=1e-2)  # Elasticsearch ranks on int8 vectors
        assert len(near) == 3 and near[0][1] >= near[1][1] >= near[2][1]

    async def test_vector_dimensions_must_agree(self, backend: SearchBackend, entry: Entry) -> None:
        await backend.upsert([entry(1)])
        bad = entry(2)
        bad.vector = np.ones(12, dtype=np.float32)
        with pytest.raises(BackendRequestError):
            await backend.upsert([bad])
        assert await backend.count() == 1

    async def test_hostile_query_text(self, backend: SearchBackend, entry: Entry) -> None:
        await backend.upsert([entry(1, title="C++ developer")])
        for text in ['"unbalanced', "AND OR NOT", "title:* NEAR(", "c++", "' ; DROP TABLE", "😀"]:
            await backend.search(Query(text=text))
        assert await backend.count() == 1

    async def test_stats(self, backend: SearchBackend, entry: Entry) -> None:
        doc = entry(1)
        doc.links = [
            {"source": "a", "url": "u", "posting_id": "1"},
            {"source": "b", "url": "v", "posting_id": "2"},
        ]
        await backend.upsert([doc, entry(2)])
        stats = await backend.stats()
        assert stats["entries"] == 2 and stats["links"] == 2 and stats["with_vector"] == 2
