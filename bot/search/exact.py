"""Exact matches from the BM25 postings: the chunks holding a question's names (and rare terms), and name counts."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import reduce

import numpy as np

from bot.index.reader import Index

RARE_SHARE = 0.002  # a question word in at most 0.2% of the chunks (and at most RARE_MAX) must be matched exactly
RARE_MAX = 20
PHRASE_CHECKS = 200  # chunk texts read to confirm a multi-word name stands as a phrase (beyond: words suffice)
CASE_SAMPLE = 40  # chunk texts read to see how a word is written (capitalised or not) inside sentences
_SENTENCE_START = re.compile(r"(^|[.!?:;\"“‘(\[]\s*|\n\s*)$")


def _intersect(postings: list[np.ndarray]) -> np.ndarray:
    if not postings:
        return np.zeros(0, dtype=np.int64)
    return reduce(lambda a, b: np.intersect1d(a, b, assume_unique=True), sorted(postings, key=len))


def phrase_pattern(name: str) -> re.Pattern[str]:
    """The name's words in order, separated only by spaces, hyphens or dots: "Hisham Nazer", "HISHAM NAZER"."""
    words = re.findall(r"\w+", name)
    return re.compile(r"\b" + r"[\s.\-]+".join(map(re.escape, words)) + r"\b", re.I)


def _rows_with(index: Index, words: str) -> np.ndarray | None:
    """Rows whose chunk holds every indexed word of `words`; None when `words` has no indexed word at all."""
    ids = index.lexical.term_ids(words)
    if ids is None:
        return np.zeros(0, dtype=np.int64)
    if not ids:
        return None
    return _intersect([index.lexical.postings(t) for t in dict.fromkeys(ids)])


def _as_phrase(index: Index, name: str, rows: np.ndarray) -> np.ndarray:
    """Of `rows` (which hold the name's words), those where the words stand together as the name."""
    if len(re.findall(r"\w+", name)) < 2 or len(rows) > PHRASE_CHECKS:
        return rows
    pattern = phrase_pattern(name)
    texts = index.store.chunks(rows.tolist())
    return np.array([r for r in rows.tolist() if r in texts and pattern.search(texts[r].text)], dtype=np.int64)


def mentions(index: Index, name: str) -> int:
    """How many chunks of the index mention `name` (all its words, as a phrase when that can be checked cheaply)."""
    rows = _rows_with(index, name)
    if rows is None:  # no indexed word (stopwords, 1-letter words): unknown, so never "absent"
        return 1
    return int(len(_as_phrase(index, name, rows))) if len(rows) else 0


def capitalised_share(index: Index, word: str) -> float | None:
    """Of the word's occurrences inside sentences (not opening one) in up to CASE_SAMPLE chunks holding it, the
    share written with a capital: near 0 for an ordinary word ("cabinet"), near 1 for a name; None when the index
    does not hold it or it only ever opens a sentence."""
    rows = _rows_with(index, word)
    if rows is None or not len(rows):
        return None
    texts = index.store.chunks(rows[:CASE_SAMPLE].tolist())
    pattern = re.compile(rf"\b{re.escape(word)}\b", re.I)
    upper = lower = 0
    for chunk in texts.values():
        for m in pattern.finditer(chunk.text):
            if _SENTENCE_START.search(chunk.text[max(0, m.start() - 3) : m.start()]):
                continue
            upper, lower = (upper + 1, lower) if m.group(0)[:1].isupper() else (upper, lower + 1)
    return upper / (upper + lower) if upper + lower else None


def rare_terms(index: Index, query: str) -> list[int]:
    """Term ids of the query's words found in few chunks: the words a relevant passage must contain."""
    lex = index.lexical
    limit = min(RARE_MAX, max(1, int(RARE_SHARE * lex.size)))
    return [t for t in dict.fromkeys(lex.token_ids(query)) if lex.doc_freq(t) <= limit]


def exact_matches(index: Index, query: str, names: Sequence[str], scores: np.ndarray, limit: int) -> list[int]:
    """Up to `limit` rows holding every name of the question (without names: the most rare words), best BM25 first.

    When no chunk holds all the names together: the best chunk of each name. Names with a word found in no chunk
    are left out (no chunk can hold them); the BM25 `scores` of the whole question order the rows.
    """
    groups: dict[str, np.ndarray] = {}
    for name in names:
        rows = _rows_with(index, name)
        if rows is not None and len(rows):
            groups[name] = rows
    if not groups:  # the rows holding the most of the question's rare words
        rare = [index.lexical.postings(t) for t in rare_terms(index, query)]
        if not rare:
            return []
        rows, held = np.unique(np.concatenate(rare), return_counts=True)
        return _best(index, rows[held == held.max()], scores, limit, [])
    found = _intersect(list(groups.values()))
    if len(found):
        return _best(index, found, scores, limit, list(groups))
    picked: list[int] = []
    for name, rows in groups.items():  # no chunk has all the names: the best chunk of each
        picked += [r for r in _best(index, rows, scores, 1, [name]) if r not in picked]
    return picked[:limit]


def _best(index: Index, rows: np.ndarray, scores: np.ndarray, limit: int, names: list[str]) -> list[int]:
    """The `limit` best-scoring rows; of those holding a multi-word name's words, only ones where it is a phrase
    (unless it is one nowhere among the best)."""
    if not len(rows):
        return []
    order = rows[np.lexsort((rows, -scores[rows]))][: max(limit * 4, 20)]
    phrased = order
    for name in names:
        phrased = _as_phrase(index, name, phrased)
    return (phrased if len(phrased) else order)[:limit].tolist()
