"""Hybrid retrieval: dense (FAISS) and lexical (BM25) ranks fused, syndicated near-copies collapsed."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from bot.index.qdrant_payload import Days, dated_within
from bot.index.reader import Index
from bot.records import Chunk
from bot.search.exact import capitalised_share, exact_matches, mentions

RRF_K = 60
EXACT_SLOTS = 2  # of the k hits, up to this many are kept for chunks holding every name (and rare word) asked
DUPLICATE_JACCARD = 0.7


@dataclass
class Hit:
    row: int
    chunk: Chunk
    score: float  # fused score
    dense: float  # cosine similarity to the question (0 when only BM25 found it)
    lexical: float
    also_in: list[str] = field(default_factory=list)  # doc_ids of near-identical copies folded into this hit


class Retriever:
    """Search one loaded Index; `embed` maps a list of texts to L2-normalised vectors."""

    def __init__(self, index: Index, embed: Callable[[list[str]], np.ndarray], pool: int = 50) -> None:
        self.index = index
        self.embed = embed
        self.pool = pool

    def search(self, query: str, k: int = 5, dense_weight: float = 1.0, lexical_weight: float = 1.0,
               boost_docs: set[str] | None = None, names: Sequence[str] = (), exact: bool = True,
               days: Days | None = None) -> list[Hit]:
        """Top-k hits; chunks of `boost_docs` (e.g. articles from the asked-about month) rank first among equals.

        With `exact`, up to EXACT_SLOTS of the k hits are chunks holding every one of `names` and of the query's
        rare words (found in the BM25 postings), whatever the fused ranking made of them: reciprocal rank fusion
        alone lets chunks mediocre in both lists push out the one chunk that names who was asked about.
        `days` (an index served from Qdrant only): both lists hold only chunks of articles dated within.
        """
        qvec = self.embed([query])[0]
        within = {} if days is None else {"days": days}
        d_rows, d_scores = self.index.dense.search(qvec, self.pool, **within)
        all_lexical = self.index.lexical.scores(query)
        l_rows, l_scores = self.index.lexical.top(all_lexical, self.pool, **within)
        fused: dict[int, float] = {}
        for weight, rows in ((dense_weight, d_rows), (lexical_weight, l_rows)):
            for rank, row in enumerate(rows.tolist()):
                fused[row] = fused.get(row, 0.0) + weight / (RRF_K + rank + 1)
        dense = dict(zip(d_rows.tolist(), d_scores.tolist(), strict=True))
        lexical = dict(zip(l_rows.tolist(), l_scores.tolist(), strict=True))
        must = exact_matches(self.index, query, names, all_lexical, min(EXACT_SLOTS, k)) if exact else []
        if days is not None and must:  # the exact-name rows obey the same dates as the lists
            articles, docs = self.index.store.articles, self.index.store.chunks(must)
            must = [r for r in must if r in docs and dated_within(articles.get(docs[r].doc_id), days)]
        for row in must:
            fused.setdefault(row, 0.0)
            lexical.setdefault(row, float(all_lexical[row]))
        if boost_docs:
            doc_of = {r: c.doc_id for r, c in self.index.store.chunks(list(fused)).items()}
            for row in fused:
                if doc_of.get(row) in boost_docs:
                    fused[row] += 1.0 / (RRF_K + 1)
        ranked = sorted(fused, key=lambda r: (-fused[r], r))[: max(k * 4, 20)]
        ranked += [r for r in must if r not in ranked]
        chunks = self.index.store.chunks(ranked)
        missing = [r for r in ranked if r not in dense]
        if missing:  # a lexical-only hit still gets its cosine, so the answer layer can judge it
            emb = self.index.embeddings_rows(missing)
            dense.update({r: float(np.dot(emb[i].astype(np.float32), qvec)) for i, r in enumerate(missing)})
        hits = [Hit(r, chunks[r], fused[r], dense.get(r, 0.0), lexical.get(r, 0.0)) for r in ranked if r in chunks]
        return keep_exact(collapse_duplicates(hits), k, must)

    def mentions(self, name: str) -> int:
        """How many chunks of the index mention `name` (0: the archive has nothing about it)."""
        return mentions(self.index, name)

    def capitalised_share(self, word: str) -> float | None:
        """How often the index writes `word` with a capital inside a sentence (None: not in the index)."""
        return capitalised_share(self.index, word)


def keep_exact(hits: list[Hit], k: int, must: Sequence[int]) -> list[Hit]:
    """The first k hits, the last of them given up, if need be, for the `must` rows ranked below k."""
    top = hits[:k]
    have = sum(h.row in must for h in top)
    wanted = [h for h in hits[k:] if h.row in must][: max(0, len(must) - have)]
    if not wanted:
        return top
    kept = [h for h in top if h.row in must]
    others = [h for h in top if h.row not in must][: max(0, k - len(kept) - len(wanted))]
    chosen = {id(h) for h in (*kept, *others, *wanted)}
    return [h for h in hits if id(h) in chosen]


def _shingles(text: str, n: int = 5) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i : i + n]) for i in range(max(1, len(words) - n + 1))}


def collapse_duplicates(hits: list[Hit]) -> list[Hit]:
    """Fold a hit into a better-ranked one from another article when their texts are near-identical."""
    kept: list[tuple[Hit, set]] = []
    for hit in hits:
        sh = _shingles(hit.chunk.text)
        for best, best_sh in kept:
            similar = len(sh & best_sh) / max(1, len(sh | best_sh)) >= DUPLICATE_JACCARD
            if best.chunk.doc_id != hit.chunk.doc_id and similar:
                if hit.chunk.doc_id not in best.also_in:
                    best.also_in.append(hit.chunk.doc_id)
                break
        else:
            kept.append((hit, sh))
    return [h for h, _ in kept]
