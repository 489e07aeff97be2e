"""The one English stemmer (Snowball via PyStemmer) that BM25 and answer scoring both use."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import Stemmer


def english_stemmer(cache: int = 10_000) -> Stemmer.Stemmer:
    """A Snowball English stemmer; `cache` words memoised (0 when each word is stemmed once anyway)."""
    import Stemmer

    return Stemmer.Stemmer("english", cache)
