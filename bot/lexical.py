"""BM25 lexical search over chunk texts (bm25s with a Snowball stemmer)."""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)


def _stemmer():
    import Stemmer

    return Stemmer.Stemmer("english")


def build_bm25(texts: list[str], out_dir: Path) -> None:
    import bm25s

    tokens = bm25s.tokenize(texts, stopwords="en", stemmer=_stemmer(), show_progress=False)
    model = bm25s.BM25()
    model.index(tokens, show_progress=False)
    model.save(str(out_dir))


class LexicalIndex:
    """Loaded BM25 index: `search(query, k)` gives (rows, scores), best first."""

    def __init__(self, path: Path) -> None:
        import bm25s

        self.model = bm25s.BM25.load(str(path), load_corpus=False)
        self.stemmer = _stemmer()
        self.size = int(self.model.scores["num_docs"])

    def search(self, query: str, k: int) -> tuple[np.ndarray, np.ndarray]:
        import bm25s

        tokens = bm25s.tokenize([query], stopwords="en", stemmer=self.stemmer, show_progress=False,
                                return_ids=False)
        terms = [t for t in tokens[0] if t in self.model.vocab_dict]
        if not terms or self.size == 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        k = min(k, self.size)
        rows, scores = self.model.retrieve([terms], k=k, show_progress=False, n_threads=1)
        keep = scores[0] > 0
        return rows[0][keep].astype(np.int64), scores[0][keep].astype(np.float32)
