"""BM25 as sparse vectors for Qdrant: whomet's tokenizer and term-frequency part; Qdrant's IDF modifier does the rest.

A chunk's sparse vector holds, per term, tf / (tf + k1 (1 - b + b len / avg_len)) (bot.index.lexical's formula);
a query's holds each of its terms' counts. Qdrant (`Modifier.IDF`) multiplies by log(1 + (N - df + .5) / (df + .5)),
the idf bm25s uses, so a dot product is the BM25 score bot.index.lexical gives. Term ids are a hash of the stem,
not the generation's vocabulary: a query needs no file from the index folder.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections import Counter
from dataclasses import dataclass

import numpy as np

from bot.index.lexical import K1, STOPWORDS_EN, TOKEN_PATTERN, B, tokenize
from bot.text.stemming import english_stemmer

log = logging.getLogger(__name__)

NAME = "bm25"  # the collection's sparse vector name
_PATTERN = re.compile(TOKEN_PATTERN)
_STOP = frozenset(STOPWORDS_EN)


@dataclass(frozen=True)
class SparseVector:
    """Term ids (ascending, unique) and their weights."""

    indices: list[int]
    values: list[float]


def term_id(stem: str) -> int:
    """A stable 32-bit id for a stem (Qdrant's sparse indices are uint32)."""
    return int.from_bytes(hashlib.blake2b(stem.encode("utf-8"), digest_size=4).digest(), "big")


def document_vectors(texts: list[str]) -> list[SparseVector]:
    """Each text's BM25 term-frequency weights, keyed by term_id; the lengths and average are bot.index.lexical's."""
    term, doc, terms = tokenize(texts)
    n_docs = len(texts)
    ids = np.array([term_id(t) for t in terms], dtype=np.int64)
    if len(set(ids.tolist())) < len(ids):
        log.warning("two BM25 terms share a sparse id: their Qdrant lexical scores add up")
    doc_len = np.bincount(doc, minlength=n_docs)
    avg_len = int(doc_len.sum()) / n_docs if len(doc) else 1.0
    pairs, tf = np.unique(doc * max(len(terms), 1) + term, return_counts=True)  # sorted by doc, then term
    row, col = np.divmod(pairs, max(len(terms), 1))
    norm = K1 * ((1 - B) + B * doc_len.astype(np.float64) / avg_len)
    weight = tf / (norm[row] + tf)
    bounds = np.searchsorted(row, np.arange(n_docs + 1))
    out = []
    for d in range(n_docs):
        part = slice(bounds[d], bounds[d + 1])
        order = np.argsort(ids[col[part]], kind="stable")
        out.append(SparseVector(ids[col[part]][order].tolist(), weight[part][order].tolist()))
    return out


def text_terms(text: str) -> list[int]:
    """The term id of each word of `text` bm25 keeps (stopwords and 1-letter words dropped), in order, repeated."""
    return [term_id(s) for s in english_stemmer().stemWords([w for w in _PATTERN.findall(text.lower())
                                                             if w not in _STOP])]


def query_vector(text: str) -> SparseVector:
    """A question's terms, each weighted by how often it occurs (a repeated term counts again, as in bm25s)."""
    counts = Counter(text_terms(text))
    indices = sorted(counts)
    return SparseVector(indices, [float(counts[i]) for i in indices])
