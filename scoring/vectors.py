"""The resume vector: the one way a resume becomes a point in the embedding space.

The first list, the bot's /matches and the alert pre-filter all rank with the vector
:func:`resume_vectors` returns, so a cosine cut means the same thing everywhere. A resume is
embedded as a titles-and-skills line plus its text in ~600-character pieces, and its vector
is the normalized mean of the pieces' vectors: the model reads only 256 tokens at a time, so
one long input would drop most of the resume. :func:`stored_vectors` keeps each resume's
vector per model, so an alert round does not embed its subscribers again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np

from scoring.profile import Profile
from scoring.store import StoredVector, VectorStore
from search.embeddings import Embedder

# Part of every input hash: changing how a resume is cut into pieces re-embeds stored ones.
RECIPE = "chunks-v1"


def _headline(profile: Profile) -> str:
    """The profile's titles and skills in one line, put first in what is embedded."""
    skills = ", ".join(s.name for s in profile.skills[:30])
    return f"{'; '.join(profile.titles[:3])}. Skills: {skills}."


def query_chunks(resume_text: str, profile: Profile, size: int = 600, limit: int = 6) -> list[str]:
    """What the resume is embedded as: the headline, then up to ``limit`` pieces of about
    ``size`` characters, cut at spaces."""
    chunks = [_headline(profile)]
    rest = resume_text
    while rest and len(chunks) <= limit:
        cut = rest.rfind(" ", 0, size) if len(rest) > size else len(rest)
        cut = cut if cut > 0 else size
        chunks.append(rest[:cut])
        rest = rest[cut:].lstrip()
    return chunks


def input_hash(resume_text: str, profile: Profile) -> str:
    """Identifies what the vector is made from: the text, the headline and the recipe.

    Re-reading a resume may change its profile but not its text, so the text alone would
    keep a stale headline's vector."""
    digest = hashlib.sha256(RECIPE.encode("utf-8"))
    for chunk in query_chunks(resume_text, profile):
        digest.update(b"\x00" + chunk.encode("utf-8"))
    return digest.hexdigest()


async def resume_vectors(embedder: Embedder, resumes: Sequence[tuple[str, Profile]]) -> np.ndarray:
    """Unit vectors of ``(text, profile)`` resumes, one row each, in one ``embed`` call."""
    pieces = [query_chunks(text, profile) for text, profile in resumes]
    if not pieces:
        return np.zeros((0, embedder.dims), dtype=np.float32)
    flat = await embedder.embed([chunk for chunks in pieces for chunk in chunks])
    rows, start = [], 0
    for chunks in pieces:
        mean = flat[start : start + len(chunks)].mean(axis=0)
        start += len(chunks)
        norm = float(np.linalg.norm(mean))
        rows.append(mean / norm if norm else mean)
    return np.stack(rows).astype(np.float32)


async def query_vector(embedder: Embedder, resume_text: str, profile: Profile) -> np.ndarray:
    """The unit vector of one resume: :func:`resume_vectors` for a batch of one."""
    vectors = await resume_vectors(embedder, [(resume_text, profile)])
    vector: np.ndarray = vectors[0]
    return vector


async def stored_vectors(
    embedder: Embedder, store: VectorStore, resumes: Sequence[tuple[int, str, Profile]]
) -> np.ndarray:
    """Unit vectors of stored ``(resume id, text, profile)`` resumes, one row each: what
    :func:`resume_vectors` gives, read from ``store`` under the embedder's name. Missing or
    stale ones (the profile changed) are embedded in one call and stored."""
    if not resumes:
        return np.zeros((0, embedder.dims), dtype=np.float32)
    hashes = [input_hash(text, profile) for _, text, profile in resumes]
    found = await store.get_many([rid for rid, _, _ in resumes], embedder.name)
    todo = [
        i
        for i, (rid, _, _) in enumerate(resumes)
        if not _usable(found.get(rid), hashes[i], embedder.dims)
    ]
    if todo:
        fresh = await resume_vectors(embedder, [resumes[i][1:] for i in todo])
        rows = [
            (resumes[i][0], StoredVector(hashes[i], vector))
            for i, vector in zip(todo, fresh, strict=True)
        ]
        await store.put_many(embedder.name, rows)
        found.update(rows)
    return np.stack([found[rid].vector for rid, _, _ in resumes])


async def stored_vector(
    embedder: Embedder, store: VectorStore, resume_id: int, resume_text: str, profile: Profile
) -> np.ndarray | None:
    """One stored resume's vector as :func:`stored_vectors` reads it, embedding nothing:
    ``None`` when it is missing or stale, for the caller to embed and :func:`keep_vector`."""
    found = await store.get_many([resume_id], embedder.name)
    stored = found.get(resume_id)
    if stored is None or not _usable(stored, input_hash(resume_text, profile), embedder.dims):
        return None
    return stored.vector


async def keep_vector(
    embedder: Embedder,
    store: VectorStore,
    resume_id: int,
    resume_text: str,
    profile: Profile,
    vector: np.ndarray,
) -> None:
    """Store ``vector`` (what :func:`query_vector` gave for this text and profile under
    ``embedder``) as the resume's, so a later reader finds it fresh."""
    row = StoredVector(input_hash(resume_text, profile), vector)
    await store.put_many(embedder.name, [(resume_id, row)])


def _usable(stored: StoredVector | None, wanted_hash: str, dims: int) -> bool:
    return (
        stored is not None and stored.input_hash == wanted_hash and stored.vector.shape == (dims,)
    )
