"""Optional second embedding model: OpenAI ``text-embedding-3-small`` (or any compatible URL).

Its vectors go in ``IndexedPosting.alt_vector`` and are only ever compared with queries
embedded by the same model. Failures raise :class:`EmbeddingUnavailable` (a SearchError);
the ingest pipeline then keeps the local vectors only, so the local field still serves.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import openai

from search.base import SearchError

if TYPE_CHECKING:
    from core.settings import Settings


class EmbeddingUnavailable(SearchError):
    pass


class OpenAIEmbedder:
    """Batched calls to ``/embeddings``; the SDK's own retries are off (a failure falls back)."""

    def __init__(
        self,
        api_key: str,
        base_url: str = "https://api.openai.com/v1",
        model: str = "text-embedding-3-small",
        dims: int = 1536,
        batch_size: int = 256,
        timeout_s: float = 20.0,
    ) -> None:
        self.name, self.dims, self.batch_size = model, dims, batch_size
        self._options = {"api_key": api_key, "base_url": base_url, "timeout": timeout_s}
        self._client: openai.AsyncOpenAI | None = None

    async def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dims), dtype=np.float32)
        if self._client is None:
            self._client = openai.AsyncOpenAI(max_retries=0, **self._options)  # type: ignore[arg-type]
        rows: list[list[float]] = []
        for start in range(0, len(texts), self.batch_size):
            batch = [t or " " for t in texts[start : start + self.batch_size]]  # "" is refused
            try:
                response = await self._client.embeddings.create(model=self.name, input=batch)
            except openai.OpenAIError as exc:
                raise EmbeddingUnavailable(f"{self.name} embeddings failed: {exc}") from exc
            rows += [item.embedding for item in sorted(response.data, key=lambda d: d.index)]
        vectors = np.asarray(rows, dtype=np.float32)
        if vectors.shape != (len(texts), self.dims):
            raise EmbeddingUnavailable(
                f"{self.name} returned {vectors.shape} vectors for {len(texts)} texts"
            )
        unit: np.ndarray = vectors / np.maximum(
            np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12
        )
        return unit

    async def close(self) -> None:
        if self._client is not None:
            await self._client.close()
            self._client = None


def alt_embedder(settings: Settings) -> OpenAIEmbedder | None:
    """The second model when ``SEARCH__OPENAI_EMBEDDINGS`` is on and an OpenAI key is set."""
    key = settings.llm.openai_api_key.get_secret_value()
    if not (settings.search.openai_embeddings and key):
        return None
    return OpenAIEmbedder(key, base_url=settings.llm.openai_base_url)
