"""BM25 lexical search: numpy builds bm25s's index format (no bm25s import); queries read it with numpy alone."""

from __future__ import annotations

import json
import logging
import math
import re
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    pass

from bot.text.stemming import english_stemmer

log = logging.getLogger(__name__)

TOKENIZER = "whomet_tokenizer.json"  # how the chunks were tokenized, so a query is tokenized the same way
TOKEN_PATTERN = r"(?u)\b\w\w+\b"  # bm25s.tokenize's default
# bm25s.stopwords.STOPWORDS_EN (a copy: importing it imports all of bm25s, numba and scipy; checked in the tests)
STOPWORDS_EN = tuple("a an and are as at be but by for if in into is it no not of on or such that the their then "
                     "there these they this to was will with".split())
K1, B = 1.5, 0.75  # bm25s.BM25() defaults, with method and idf_method "lucene"
# lower() and a split at every character outside \w, for ASCII text: the words findall(r"\w+") finds, ~2x faster
_ASCII_WORDS = str.maketrans({c: c.lower() if c.isalnum() or c == "_" else " " for c in map(chr, range(128))})


def tokenize(texts: list[str]) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """As bm25s.tokenize(texts, stopwords="en", stemmer=english): (term id of each kept token, its doc, terms).

    TOKEN_PATTERN matches the maximal runs of 2+ word characters: runs of 1 are dropped here with the stopwords.
    Terms are numbered by first occurrence (bm25s numbers them in set order, which varies with the hash seed).
    """
    findall = re.compile(r"\w+").findall
    docs = [text.translate(_ASCII_WORDS).split() if text.isascii() else findall(text.lower()) for text in texts]
    word_term = dict.fromkeys(chain.from_iterable(docs), -1)  # -1: a stopword or a 1-letter word
    stop = frozenset(STOPWORDS_EN)
    words = [w for w in word_term if len(w) > 1 and w not in stop]
    stems = english_stemmer(cache=0).stemWords(words)  # each word once: a cache only costs
    terms = list(dict.fromkeys(stems))
    term_id = {t: i for i, t in enumerate(terms)}
    word_term.update(zip(words, map(term_id.__getitem__, stems), strict=True))
    lengths = np.fromiter(map(len, docs), dtype=np.int64, count=len(docs))
    ids = np.fromiter(map(word_term.__getitem__, chain.from_iterable(docs)), dtype=np.int64, count=int(lengths.sum()))
    doc = np.repeat(np.arange(len(docs), dtype=np.int64), lengths)
    kept = ids >= 0
    return ids[kept], doc[kept], terms


def build_bm25(texts: list[str], out_dir: Path) -> None:
    """Write the index bm25s.BM25().index(tokens).save(out_dir) would write, the same scores to the float32 bit."""
    out_dir = Path(out_dir)
    term, doc, terms = tokenize(texts)
    n_docs, n_terms = len(texts), len(terms)
    doc_len = np.bincount(doc, minlength=n_docs)
    avg_len = int(doc_len.sum()) / n_docs if len(doc) else 1.0
    # one (term, doc) pair per distinct key, sorted by term then doc: the CSC order (columns = terms)
    pairs, tf = np.unique(term * max(n_docs, 1) + doc, return_counts=True)
    col, row = np.divmod(pairs, max(n_docs, 1))
    df = np.bincount(col, minlength=n_terms)
    indptr = np.zeros(n_terms + 1, dtype=np.int64)
    np.cumsum(df, out=indptr[1:])
    # bm25s: idf = log(1 + (N - df + .5) / (df + .5)) with math.log, stored as float32; the term-frequency part
    # tf / (k1 * (1 - b + b * len / avg) + tf) in float64; their product rounded to float32
    idf_of = {d: math.log(1 + (n_docs - d + 0.5) / (d + 0.5)) for d in np.unique(df).tolist()}
    idf = np.array([idf_of[d] for d in df.tolist()], dtype=np.float32)
    norm = K1 * ((1 - B) + B * doc_len.astype(np.float64) / avg_len)
    tf = tf.astype(np.float64)
    data = (idf[col].astype(np.float64) * (tf / (norm[row] + tf))).astype(np.float32)

    out_dir.mkdir(parents=True, exist_ok=True)
    np.save(out_dir / "data.csc.index.npy", data)
    np.save(out_dir / "indices.csc.index.npy", row.astype(np.int32))
    np.save(out_dir / "indptr.csc.index.npy", indptr)
    vocab = {t: i for i, t in enumerate(terms)} | {"": n_terms}  # bm25s's "empty" token: in the vocab, no column
    vocab_json = json.dumps(vocab, ensure_ascii=False, separators=(",", ":"))
    (out_dir / "vocab.index.json").write_text(vocab_json, encoding="utf-8")
    params = {"k1": K1, "b": B, "delta": 0.5, "method": "lucene", "idf_method": "lucene", "dtype": "float32",
              "int_dtype": "int32", "num_docs": n_docs, "version": "0.3.16", "backend": "numpy"}  # as bm25s saves them
    (out_dir / "params.index.json").write_text(json.dumps(params, indent=4), encoding="utf-8")
    spec = {"token_pattern": TOKEN_PATTERN, "lower": True, "stopwords": sorted(STOPWORDS_EN), "stemmer": "english"}
    (out_dir / TOKENIZER).write_text(json.dumps(spec), encoding="utf-8")
    log.debug("BM25 index: %d docs, %d terms, %d postings", n_docs, n_terms, len(data))


class LexicalIndex:
    """A saved bm25s-format index (precomputed per-term document scores, CSC): `search(query, k)` -> (rows, scores).

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
        self.stem = english_stemmer().stemWords

    def _stems(self, text: str) -> list[str]:
        return self.stem([w for w in self.pattern.findall(text.lower()) if w not in self.stopwords])

    def token_ids(self, query: str) -> list[int]:
        return [self.vocab[s] for s in self._stems(query) if s in self.vocab]

    def term_ids(self, text: str) -> list[int] | None:
        """The term ids of every indexed word of `text`, or None when one of its words occurs in no chunk."""
        ids = [self.vocab.get(s, -1) for s in self._stems(text)]
        return None if any(t < 0 or t >= len(self.indptr) - 1 for t in ids) else ids

    def postings(self, term: int) -> np.ndarray:
        """The rows (chunks) holding `term`, ascending."""
        return np.asarray(self.indices[int(self.indptr[term]) : int(self.indptr[term + 1])], dtype=np.int64)

    def doc_freq(self, term: int) -> int:
        return int(self.indptr[term + 1] - self.indptr[term])

    def scores(self, query: str) -> np.ndarray:
        """The BM25 score of every row for `query` (zeros where no query term occurs)."""
        scores = np.zeros(self.size, dtype=np.float32)
        for t in self.token_ids(query):  # a repeated query term counts again, as in bm25s
            if t < len(self.indptr) - 1:
                start, end = int(self.indptr[t]), int(self.indptr[t + 1])
                scores[self.indices[start:end]] += self.data[start:end]
        return scores

    def search(self, query: str, k: int) -> tuple[np.ndarray, np.ndarray]:
        return top_rows(self.scores(query), k)

    @staticmethod
    def top(scores: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """The k best of `scores` (what `scores` returned), as `top_rows`."""
        return top_rows(scores, k)


def top_rows(scores: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """The k best-scoring rows with a score above 0, best first (ties by row)."""
    k = min(k, len(scores))
    if k <= 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
    top = np.argpartition(-scores, k - 1)[:k]
    top = top[np.lexsort((top, -scores[top]))]
    keep = scores[top] > 0
    return top[keep].astype(np.int64), scores[top][keep]
