"""The dev/test split of the normalization corpora (fixed seed, a hash per item), and the
corpora's level names as the Posting's seniority.

Rules are tuned while looking at dev only; the figures quoted (README) are test. An item's
half depends only on its corpus, its id and ``SEED``, so adding items never moves old ones.
Changing ``SEED`` would mean a new split: the test half would have been seen, so don't.
"""

from __future__ import annotations

import hashlib
from typing import Any, Literal

SEED = "jobbot-normalize-2026-12-03"
Half = Literal["dev", "test"]


def item_key(corpus: str, row: dict[str, Any], field: str) -> str:
    """The id of a corpus row: the gold set's ``id``, else its ``src`` and input text
    (``src`` alone repeats: several salary excerpts come from one posting)."""
    if row.get("id"):
        return f"{corpus}:{row['id']}"
    return f"{corpus}:{row.get('src', '')}:{row.get(field, '')}"


def half(key: str) -> Half:
    """``dev`` or ``test``, half and half, from SHA-256 of the seed and the item's key."""
    digest = hashlib.sha256(f"{SEED}\0{key}".encode()).digest()
    return "test" if digest[0] & 1 else "dev"


# The corpus's level names -> the Posting contract's seniority.
LEVELS = {
    "entry": "junior",
    "junior": "junior",
    "mid": "mid",
    "senior": "senior",
    "staff": "lead",
    "principal": "lead",
    "lead": "lead",
    "manager": "lead",
    "director": "executive",
    "executive": "executive",
    "intern": "intern",
    "unknown": "unknown",
}
