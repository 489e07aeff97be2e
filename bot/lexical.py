"""BM25 lexical search: bm25s builds the index; queries read its saved score matrix with numpy alone."""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

TOKENIZER = "whomet_tokenizer.json"  # how bm25s tokenized the chunks, so a query is tokenized the same way
TOKEN_PATTERN = r"(?u)\b\w\w+\b"  # bm25s.tokenize's default


def _stemmer():
    import Stemmer

    return Stemmer.Stemmer("english")


def build_bm25(texts: list[str], out_dir: Path) -> None:
    import bm25s
    from bm25s.stopwords import STOPWORDS_EN

    tokens = bm25s.tokenize(texts, stopwords="en", stemmer=_stemmer(), token_pattern=TOKEN_PATTERN,
                            show_progress=False)
    model = bm25s.BM25()
    model.index(tokens, show_progress=False)
    model.save(str(out_dir))
    spec = {"token_pattern": TOKEN_PATTERN, "lower": True, "stopwords": sorted(STOPWORDS_EN), "stemmer": "english"}
    (Path(out_dir) / TOKENIZER).write_text(json.dumps(spec), encoding="utf-8")


class LexicalIndex:
    """A saved bm25s index (precomputed per-term document scores, CSC): `search(query, k)` -> (rows, scores).

    Importing bm25s pulls in numba and scipy (~0.6 s); a query only needs to sum a few columns of the saved
    matrix, so the query path reads the arrays directly (checked against bm25s.retrieve in the tests).
    """

    def __init__(self, path: Path) -> None:
        path = Path(path)
        params = json.loads((path / "params.index.json").read_text(encoding="utf-8"))
        spec = json.loads((path / TOKENIZER).read_text(encoding="utf-8"))
        self.size = int(params["num_docs"])
        self.data = np.load(path / "data.csc.index.npy", mmap_mode="r")
        self.indices = np.load(path / "indices.csc.index.npy", mmap_mode="r")
        self.indptr = np.load(path / "indptr.csc.index.npy")
        self.vocab: dict[str, int] = json.loads((path / "vocab.index.json").read_text(encoding="utf-8"))
        self.pattern = re.compile(spec["token_pattern"])
        self.stopwords = frozenset(spec["stopwords"])
        self.stem = _stemmer().stemWords

    def token_ids(self, query: str) -> list[int]:
        words = [w for w in self.pattern.findall(query.lower()) if w not in self.stopwords]
        return [self.vocab[s] for s in self.stem(words) if s in self.vocab]

    def search(self, query: str, k: int) -> tuple[np.ndarray, np.ndarray]:
        ids = [t for t in self.token_ids(query) if t < len(self.indptr) - 1]
        if not ids or self.size == 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        scores = np.zeros(self.size, dtype=np.float32)
        for t in ids:  # a repeated query term counts again, as in bm25s
            start, end = int(self.indptr[t]), int(self.indptr[t + 1])
            scores[self.indices[start:end]] += self.data[start:end]
        k = min(k, self.size)
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.lexsort((top, -scores[top]))]
        keep = scores[top] > 0
        return top[keep].astype(np.int64), scores[top][keep]
