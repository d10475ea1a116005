"""The embedded backend (``sqlite:///path``): SQLite FTS5 for BM25, numpy for vectors.

One file holds everything; one process may use it (SQLite's locking protects the file, but
the in-memory vector columns of a second process would go stale). All SQLite work runs in
a worker thread under one lock so the event loop never blocks on disk.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
import threading
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

from search.base import (
    BackendRequestError,
    BackendUnavailable,
    Hit,
    IndexedPosting,
    Query,
    VectorField,
)
from search.columns import Columns, unit
from search.docs import from_doc, last_seen_of, text_fields, to_doc
from search.embedded_query import bm25_ranking, excluded_rowids, knn_ranking
from search.fusion import rrf

T = TypeVar("T")

SCHEMA = """
CREATE TABLE IF NOT EXISTS entries (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    doc TEXT NOT NULL,
    vector BLOB,
    alt_vector BLOB,
    last_seen REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS entries_last_seen ON entries(last_seen);
CREATE TABLE IF NOT EXISTS entry_keys (
    key TEXT NOT NULL, id TEXT NOT NULL, PRIMARY KEY (key, id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS entry_keys_id ON entry_keys(id);
CREATE VIRTUAL TABLE IF NOT EXISTS entries_fts USING fts5(
    title, company, body, tokenize = 'unicode61 remove_diacritics 2'
);
"""


def _blob(vector: np.ndarray | None) -> bytes | None:
    return None if vector is None else unit(vector).tobytes()


def _vector(blob: bytes | None) -> np.ndarray | None:
    return None if blob is None else np.frombuffer(blob, dtype=np.float32).copy()


class EmbeddedBackend:
    """``path`` is a file (created on first use) or ``:memory:``."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        self._db: sqlite3.Connection | None = None
        self._cols = Columns()
        self._lock = threading.Lock()

    # -- plumbing ---------------------------------------------------------------------------

    async def _run(self, fn: Callable[..., T], *args: Any) -> T:
        def locked() -> T:
            with self._lock:
                try:
                    return fn(self._open(), *args)
                except sqlite3.OperationalError as exc:
                    raise BackendUnavailable(f"index file {self.path}: {exc}") from exc
                except (sqlite3.DatabaseError, ValueError) as exc:
                    raise BackendRequestError(f"index file {self.path}: {exc}") from exc

        return await asyncio.to_thread(locked)

    def _open(self) -> sqlite3.Connection:
        if self._db is not None:
            return self._db
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.executescript(SCHEMA)
        rows = db.execute("SELECT rowid, doc, vector, alt_vector FROM entries")
        for rowid, doc, vector, alt in rows:
            self._cols.put(rowid, from_doc(json.loads(doc), _vector(vector), _vector(alt)))
        self._db = db
        return db

    # -- writes -----------------------------------------------------------------------------

    async def upsert(self, docs: Sequence[IndexedPosting]) -> None:
        if docs:
            await self._run(self._upsert, list(docs))

    def _check_dims(self, docs: Sequence[IndexedPosting]) -> None:
        for field in ("vector", "alt_vector"):
            dims = {np.asarray(v).size for d in docs if (v := getattr(d, field)) is not None}
            if field in self._cols.vectors:
                dims.add(self._cols.vectors[field].shape[1])
            if len(dims) > 1:
                raise BackendRequestError(f"{field} dimensions disagree: {sorted(dims)}")

    def _upsert(self, db: sqlite3.Connection, docs: list[IndexedPosting]) -> None:
        self._check_dims(docs)
        written: list[tuple[int, IndexedPosting]] = []
        db.execute("BEGIN")
        try:
            for entry in docs:
                written.append((self._write(db, entry), entry))
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        for rowid, entry in written:
            self._cols.put(rowid, entry)

    def _write(self, db: sqlite3.Connection, entry: IndexedPosting) -> int:
        pid = entry.posting.id
        old = db.execute("SELECT rowid FROM entries WHERE id = ?", (pid,)).fetchone()
        values = (
            json.dumps(to_doc(entry)),
            _blob(entry.vector),
            _blob(entry.alt_vector),
            last_seen_of(entry).timestamp(),
        )
        if old:
            rowid = int(old[0])
            db.execute(
                "UPDATE entries SET doc=?, vector=?, alt_vector=?, last_seen=? WHERE rowid=?",
                (*values, rowid),
            )
            db.execute("DELETE FROM entries_fts WHERE rowid = ?", (rowid,))
        else:
            cur = db.execute(
                "INSERT INTO entries (id, doc, vector, alt_vector, last_seen) "
                "VALUES (?, ?, ?, ?, ?)",
                (pid, *values),
            )
            rowid = int(cur.lastrowid or 0)
        text = text_fields(entry.posting)
        db.execute(
            "INSERT INTO entries_fts (rowid, title, company, body) VALUES (?, ?, ?, ?)",
            (rowid, text["title"], text["company"], text["body"]),
        )
        db.execute("DELETE FROM entry_keys WHERE id = ?", (pid,))
        db.executemany(
            "INSERT OR IGNORE INTO entry_keys (key, id) VALUES (?, ?)",
            [(key, pid) for key in entry.keys],
        )
        return rowid

    async def delete(self, ids: Sequence[str]) -> int:
        return await self._run(self._delete, list(ids)) if ids else 0

    def _delete(self, db: sqlite3.Connection, ids: list[str]) -> int:
        removed = 0
        db.execute("BEGIN")
        try:
            for pid in dict.fromkeys(ids):
                row = db.execute("SELECT rowid FROM entries WHERE id = ?", (pid,)).fetchone()
                if row is None:
                    continue
                db.execute("DELETE FROM entries WHERE rowid = ?", row)
                db.execute("DELETE FROM entries_fts WHERE rowid = ?", row)
                db.execute("DELETE FROM entry_keys WHERE id = ?", (pid,))
                removed += 1
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        for pid in ids:
            self._cols.remove(pid)
        return removed

    async def expire(self, last_seen_before: datetime) -> int:
        def stale(db: sqlite3.Connection) -> list[str]:
            rows = db.execute(
                "SELECT id FROM entries WHERE last_seen < ?", (last_seen_before.timestamp(),)
            )
            return [r[0] for r in rows]

        return await self.delete(await self._run(stale))

    # -- reads ------------------------------------------------------------------------------

    async def get(self, ids: Sequence[str]) -> list[IndexedPosting]:
        return await self._run(self._get, list(ids)) if ids else []

    def _get(self, db: sqlite3.Connection, ids: list[str]) -> list[IndexedPosting]:
        found: dict[str, IndexedPosting] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = db.execute(
                f"SELECT id, doc, vector, alt_vector FROM entries WHERE id IN ({marks})", chunk
            )
            for pid, doc, vector, alt in rows:
                found[pid] = from_doc(json.loads(doc), _vector(vector), _vector(alt))
        return [found[i] for i in dict.fromkeys(ids) if i in found]

    async def find_keys(self, keys: Sequence[str]) -> dict[str, list[str]]:
        def find(db: sqlite3.Connection, keys: list[str]) -> dict[str, list[str]]:
            out: dict[str, list[str]] = {}
            for start in range(0, len(keys), 500):
                chunk = keys[start : start + 500]
                marks = ",".join("?" * len(chunk))
                for key, pid in db.execute(
                    f"SELECT key, id FROM entry_keys WHERE key IN ({marks}) ORDER BY key, id", chunk
                ):
                    out.setdefault(key, []).append(pid)
            return out

        return await self._run(find, list(dict.fromkeys(keys))) if keys else {}

    async def search(self, query: Query) -> list[Hit]:
        return await self._run(self._search, query)

    def _search(self, db: sqlite3.Connection, query: Query) -> list[Hit]:
        cols = self._cols
        mask = cols.mask(query.filters)
        for rowid in excluded_rowids(db, query.filters.exclude_keywords):
            slot = cols.slot_of_rowid.get(rowid)
            if slot is not None:
                mask[slot] = False
        bm25 = bm25_ranking(db, cols, query.text, mask, query.k)
        cosines = (
            cols.cosines(query.vector_field, query.vector, mask)
            if query.vector is not None
            else None
        )
        knn = knn_ranking(cols, cosines, query.k) if cosines is not None else []
        fused = rrf([[pid for pid, _ in bm25], knn], query.k)
        bm25_of = dict(bm25)
        entries = {e.posting.id: e for e in self._get(db, [pid for pid, _ in fused])}
        hits = []
        for pid, score in fused:
            cos = float(cosines[cols.slot_of[pid]]) if cosines is not None else None
            hits.append(
                Hit(
                    posting=entries[pid].posting,
                    score=score,
                    cosine=cos if cos is not None and np.isfinite(cos) else None,
                    bm25=bm25_of.get(pid),
                )
            )
        return hits

    async def cosines(
        self, ids: Sequence[str], vector: np.ndarray, vector_field: VectorField = "vector"
    ) -> dict[str, float]:
        # The columns hold every vector: no row is read or decoded.
        wanted = list(ids)
        if not wanted:
            return {}
        return await self._run(lambda db: self._cols.cosines_of(vector_field, vector, wanted))

    async def neighbours(
        self, vector: np.ndarray, k: int, vector_field: VectorField = "vector"
    ) -> list[tuple[str, float]]:
        def nearest(db: sqlite3.Connection) -> list[tuple[str, float]]:
            cols = self._cols
            cosines = cols.cosines(vector_field, vector, cols.mask_all())
            ids = knn_ranking(cols, cosines, k)
            return [(pid, float(cosines[cols.slot_of[pid]])) for pid in ids]

        return await self._run(nearest)

    async def count(self) -> int:
        return await self._run(lambda db: len(self._cols))

    async def stats(self) -> dict[str, int]:
        def collect(db: sqlite3.Connection) -> dict[str, int]:
            (links,) = db.execute(
                "SELECT COALESCE(SUM(json_array_length(doc, '$.links')), 0) FROM entries"
            ).fetchone()
            has = self._cols.has.get("vector")
            return {
                "entries": len(self._cols),
                "links": int(links),
                "with_vector": int(has.sum()) if has is not None else 0,
            }

        return await self._run(collect)

    async def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None
            self._cols = Columns()
