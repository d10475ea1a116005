"""The embedded backend's in-memory columns: vectors and filter values, one slot per entry.

SQLite holds the truth; these arrays mirror it so a filtered kNN over 100k entries is a
handful of numpy operations instead of 100k row reads. Slots of deleted entries are reused.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from search.base import IndexedPosting
from search.docs import company_key, epoch, sources_of
from search.filters import Filters, yearly_salary


def unit(vector: np.ndarray) -> np.ndarray:
    """``vector`` as float32 of length one (a zero vector stays zero)."""
    v = np.asarray(vector, dtype=np.float32).ravel()
    norm = float(np.linalg.norm(v))
    return v / norm if norm > 0 else v


class Columns:
    """Growable arrays indexed by slot; ``slot_of`` maps entry id to slot."""

    def __init__(self, capacity: int = 1024) -> None:
        self.slot_of: dict[str, int] = {}
        self.slot_of_rowid: dict[int, int] = {}
        self.ids: list[str | None] = [None] * capacity
        self.rowid = np.zeros(capacity, dtype=np.int64)
        self.valid = np.zeros(capacity, dtype=bool)
        self.remote = np.zeros(capacity, dtype="U8")
        self.country = np.zeros(capacity, dtype="U2")
        self.seniority = np.zeros(capacity, dtype="U9")
        self.company = np.zeros(capacity, dtype=object)
        self.salary = np.full(capacity, np.nan)
        self.posted = np.full(capacity, np.nan)
        self.sources: list[frozenset[str]] = [frozenset()] * capacity
        self.vectors: dict[str, np.ndarray] = {}  # field -> (capacity, dims) float32
        self.has: dict[str, np.ndarray] = {}  # field -> (capacity,) bool
        self._free: list[int] = []
        self._end = 0

    def __len__(self) -> int:
        return len(self.slot_of)

    def _grow(self) -> None:
        old = len(self.ids)
        new = old * 2
        self.ids += [None] * old
        self.sources += [frozenset()] * old
        for name in ("rowid", "valid", "remote", "country", "seniority", "company"):
            array = getattr(self, name)
            setattr(self, name, np.concatenate([array, np.zeros(old, dtype=array.dtype)]))
        self.salary = np.concatenate([self.salary, np.full(old, np.nan)])
        self.posted = np.concatenate([self.posted, np.full(old, np.nan)])
        for name, matrix in self.vectors.items():
            self.vectors[name] = np.concatenate(
                [matrix, np.zeros((old, matrix.shape[1]), np.float32)]
            )
            self.has[name] = np.concatenate([self.has[name], np.zeros(old, dtype=bool)])
        assert len(self.ids) == new

    def _slot(self, entry_id: str) -> int:
        if entry_id in self.slot_of:
            return self.slot_of[entry_id]
        if self._free:
            slot = self._free.pop()
        else:
            if self._end == len(self.ids):
                self._grow()
            slot, self._end = self._end, self._end + 1
        self.slot_of[entry_id] = slot
        return slot

    def put(self, rowid: int, entry: IndexedPosting) -> None:
        posting = entry.posting
        slot = self._slot(posting.id)
        self.slot_of_rowid.pop(int(self.rowid[slot]), None)
        self.slot_of_rowid[rowid] = slot
        self.ids[slot], self.rowid[slot], self.valid[slot] = posting.id, rowid, True
        self.remote[slot] = posting.remote
        self.country[slot] = posting.country or ""
        self.seniority[slot] = posting.seniority
        self.company[slot] = company_key(posting.company)
        salary, posted = yearly_salary(posting), epoch(posting.posted_at)
        self.salary[slot] = np.nan if salary is None else salary
        self.posted[slot] = np.nan if posted is None else posted
        self.sources[slot] = frozenset(sources_of(entry))
        for name in ("vector", "alt_vector"):
            self._put_vector(name, slot, getattr(entry, name))

    def _put_vector(self, name: str, slot: int, vector: np.ndarray | None) -> None:
        if vector is None:
            if name in self.has:
                self.has[name][slot] = False
            return
        if name not in self.vectors:
            self.vectors[name] = np.zeros((len(self.ids), vector.shape[-1]), np.float32)
            self.has[name] = np.zeros(len(self.ids), dtype=bool)
        self.vectors[name][slot] = unit(vector)
        self.has[name][slot] = True

    def remove(self, entry_id: str) -> None:
        slot = self.slot_of.pop(entry_id, None)
        if slot is None:
            return
        self.slot_of_rowid.pop(int(self.rowid[slot]), None)
        self.ids[slot], self.valid[slot] = None, False
        for has in self.has.values():
            has[slot] = False
        self._free.append(slot)

    @property
    def end(self) -> int:
        """One past the highest slot ever used; arrays are meaningful up to here."""
        return self._end

    def mask_all(self) -> np.ndarray:
        return self.valid[: self._end].copy()

    def mask(self, filters: Filters) -> np.ndarray:
        """Slots that pass every filter except ``exclude_keywords`` (that one needs the text)."""
        m = self.valid[: self._end].copy()
        if filters.remote:
            m &= np.isin(self.remote[: self._end], list(filters.remote))
        if filters.countries:
            m &= np.isin(self.country[: self._end], list(filters.countries))
        if filters.seniority:  # postings that state no level pass (Filters.seniority_levels)
            m &= np.isin(self.seniority[: self._end], list(filters.seniority_levels()))
        if filters.exclude_companies:
            banned = [company_key(c) for c in filters.exclude_companies]
            m &= ~np.isin(self.company[: self._end], banned)
        if filters.min_salary is not None:
            salary = self.salary[: self._end]
            m &= np.isnan(salary) | (salary >= filters.min_salary)
        if filters.posted_after is not None:
            posted = self.posted[: self._end]
            m &= np.isnan(posted) | (posted >= filters.posted_after.timestamp())
        if filters.sources:
            wanted = set(filters.sources)
            m &= np.fromiter((bool(s & wanted) for s in self.sources[: self._end]), bool, self._end)
        return m

    def _query(self, name: str, vector: np.ndarray) -> np.ndarray:
        q = unit(vector)
        if q.shape[0] != self.vectors[name].shape[1]:
            raise ValueError(
                f"query vector has {q.shape[0]} dims, {name} has {self.vectors[name].shape[1]}"
            )
        return q

    def cosines(self, name: str, vector: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """Cosine per slot (``-inf`` where masked out or without a vector of this field)."""
        out = np.full(self._end, -np.inf, dtype=np.float32)
        if name not in self.vectors:
            return out
        q = self._query(name, vector)
        # One full product beats gathering the masked rows: the gather copies the matrix.
        scores = self.vectors[name][: self._end] @ q
        usable = mask & self.has[name][: self._end]
        out[usable] = scores[usable]
        return out

    def cosines_of(self, name: str, vector: np.ndarray, ids: Sequence[str]) -> dict[str, float]:
        """Cosine of ``vector`` and each entry of ``ids`` that has a vector of this field."""
        slots = {i: self.slot_of[i] for i in ids if i in self.slot_of}
        if name not in self.vectors or not slots:
            return {}
        rows = np.fromiter(slots.values(), dtype=np.int64, count=len(slots))
        scores = self.vectors[name][rows] @ self._query(name, vector)
        usable = self.has[name][rows]
        return {i: float(c) for i, c, ok in zip(slots, scores, usable, strict=True) if ok}
