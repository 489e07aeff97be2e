"""An index generation served from Qdrant alone: the alias names it, the collections hold everything a bot reads.

Same interface as bot.index.reader.Index (store, dense, lexical, meetings, manifest, embeddings_rows): the chunk
texts come from payloads, BM25 from the sparse vectors, the postings of exact-name matching from the indexed
`terms` payload, the article table, meetings and manifest from the companion collection. The ONNX query model is
re-created from the installed model package and checked against the digests the manifest recorded at build.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from bot.config import QdrantSettings
from bot.index import qdrant_companion, sparse_bm25
from bot.index.manifest import REBUILD, IndexUnusable, Manifest, check_usable
from bot.index.qdrant import BATCH, DENSE, Client, QdrantIndex, alias_target, connect
from bot.index.qdrant_payload import TERMS, Days, chunk_of
from bot.records import Article, Chunk

log = logging.getLogger(__name__)

CACHED_TERMS = 20_000  # document frequencies (and short postings) kept per opened generation
CACHED_POSTINGS = 2_000  # longer postings are read again each time (they are the common words)


def current(index_dir: Path, settings: QdrantSettings) -> Path | None:
    """The generation the alias names, as the folder it was built in (`index_dir/gen-...`: a name, never read)."""
    target = alias_target(connect(settings), settings.collection)
    return None if target is None else Path(index_dir) / target[len(settings.collection) + 1 :]


class PayloadStore:
    """The chunk store's reads (articles, chunks by row, count) answered from the collections."""

    def __init__(self, dense: QdrantIndex, articles: dict[str, Article]) -> None:
        self.dense, self.articles = dense, articles

    def chunks(self, rows: list[int]) -> dict[int, Chunk]:
        if not rows:
            return {}
        with self.dense.client.calling(f"reading {self.dense.collection}") as qdrant:
            points = qdrant.retrieve(self.dense.collection, [int(r) for r in rows], with_payload=True)
        return {int(p.id): chunk_of(p.payload) for p in points}

    def count(self) -> int:
        return self.dense.size

    def close(self) -> None:
        """Nothing to release: the client is the process's, shared."""


class RowScores:
    """A question's BM25 scores, fetched for the rows asked (reads as a numpy array indexed by rows)."""

    def __init__(self, dense: QdrantIndex, query: str) -> None:
        self.dense, self.query, self._known = dense, query, {}

    def top(self, k: int, days: Days | None = None) -> tuple[np.ndarray, np.ndarray]:
        rows, scores = self.dense.sparse_search(self.query, k, days=days)
        self._known.update(zip(rows.tolist(), scores.tolist(), strict=True))
        return rows, scores

    def __getitem__(self, rows):
        wanted = np.asarray(rows, dtype=np.int64).reshape(-1)
        self._fetch([r for r in wanted.tolist() if r not in self._known])
        got = np.array([self._known.get(r, 0.0) for r in wanted.tolist()], dtype=np.float32)
        return got[0] if np.ndim(rows) == 0 else got

    def _fetch(self, rows: list[int]) -> None:
        from qdrant_client import models

        terms = sparse_bm25.query_vector(self.query)
        if not rows or not terms.indices:
            return
        self._known.update(dict.fromkeys(rows, 0.0))
        query = models.SparseVector(indices=terms.indices, values=terms.values)
        with self.dense.client.calling(f"scoring in {self.dense.collection}") as qdrant:
            points = qdrant.query_points(self.dense.collection, query=query, using=sparse_bm25.NAME,
                                         limit=len(rows), with_payload=False, query_filter=models.Filter(
                                             must=[models.HasIdCondition(has_id=rows)])).points
        self._known.update({int(p.id): float(np.float32(p.score)) for p in points})


class SparseLexical:
    """bot.index.lexical.LexicalIndex's reads, from the collection's sparse vectors and `terms` payload."""

    def __init__(self, dense: QdrantIndex) -> None:
        self.dense, self.size = dense, dense.size
        self._df: dict[int, int] = {}  # a published collection never changes: counts and postings are kept
        self._postings: dict[int, np.ndarray] = {}

    def token_ids(self, query: str) -> list[int]:
        return [t for t in self._ids(query) if self.doc_freq(t)]

    def term_ids(self, text: str) -> list[int] | None:
        """The term ids of every word of `text`, or None when one of its words occurs in no chunk."""
        ids = self._ids(text)
        return None if any(not self.doc_freq(t) for t in dict.fromkeys(ids)) else ids

    def postings(self, term: int) -> np.ndarray:
        """The rows holding `term`, ascending (kept for terms in at most CACHED_POSTINGS chunks)."""
        if term in self._postings:
            return self._postings[term]
        rows = self._read_postings(term)
        if len(rows) <= CACHED_POSTINGS:
            _remember(self._postings, term, rows)
        return rows

    def _read_postings(self, term: int) -> np.ndarray:
        from qdrant_client import models

        where = models.Filter(must=[models.FieldCondition(key=TERMS, match=models.MatchValue(value=int(term)))])
        found, offset = [], None
        with self.dense.client.calling(f"reading {self.dense.collection}") as qdrant:
            while True:
                page, offset = qdrant.scroll(self.dense.collection, scroll_filter=where, limit=BATCH, offset=offset,
                                             with_payload=False, with_vectors=False)
                found.extend(int(p.id) for p in page)
                if offset is None:
                    break
        return np.array(sorted(found), dtype=np.int64)

    def doc_freq(self, term: int) -> int:
        from qdrant_client import models

        if term in self._df:
            return self._df[term]
        where = models.Filter(must=[models.FieldCondition(key=TERMS, match=models.MatchValue(value=int(term)))])
        with self.dense.client.calling(f"counting in {self.dense.collection}") as qdrant:
            count = int(qdrant.count(self.dense.collection, count_filter=where, exact=True).count)
        _remember(self._df, term, count)
        return count

    def scores(self, query: str) -> RowScores:
        return RowScores(self.dense, query)

    @staticmethod
    def top(scores: RowScores, k: int, days: Days | None = None) -> tuple[np.ndarray, np.ndarray]:
        """The k best rows (of articles dated within `days`, when given)."""
        return scores.top(k, days)

    @staticmethod
    def _ids(text: str) -> list[int]:
        return sparse_bm25.text_terms(text)


def _remember(cache: dict, key, value) -> None:
    """Keep `value`, emptying `cache` first when it holds CACHED_TERMS entries (a bound, not an LRU)."""
    if len(cache) >= CACHED_TERMS:
        cache.clear()
    cache[key] = value


@dataclass
class ServedIndex:
    """A generation read from Qdrant; `folder` names it (alias target) and is never read."""

    folder: Path
    manifest: Manifest
    store: PayloadStore
    dense: QdrantIndex
    lexical: SparseLexical
    meetings: list = field(default_factory=list)

    @classmethod
    def open(cls, index_dir: Path, settings: QdrantSettings, model: str | None = None,
             dim: int | None = None) -> ServedIndex:
        client = connect(settings)
        folder = current(index_dir, settings)
        if folder is None:
            raise IndexUnusable(f"Qdrant at {client.where} has no alias {settings.collection}; build the index with "
                                "`whomet index build`")
        collection = f"{settings.collection}-{folder.name}"
        companion = qdrant_companion.read(client, collection)
        manifest = _manifest(companion.manifest, collection, model, dim)
        dense = QdrantIndex.open(client, collection)
        if dense.dim != manifest.dim or dense.size != manifest.chunks:
            raise IndexUnusable(f"Qdrant collection {collection} is inconsistent (vector and chunk counts differ); "
                                f"{REBUILD}")
        return cls(folder, manifest, PayloadStore(dense, companion.articles), dense, SparseLexical(dense),
                   companion.meetings)

    def embeddings_rows(self, rows: list[int]) -> np.ndarray:
        """The stored vectors of `rows` (as built: float16 values), read back from the collection."""
        with self.dense.client.calling(f"reading {self.dense.collection}") as qdrant:
            points = {int(p.id): p for p in qdrant.retrieve(self.dense.collection, [int(r) for r in rows],
                                                            with_payload=False, with_vectors=True)}
        return np.array([_dense_of(points[int(r)].vector) for r in rows], dtype=np.float32).reshape(len(rows), -1)

    def query_embedder(self):
        """The ONNX query model exported from the installed model package, checked against the build's digests."""
        from bot.embed import onnx

        source = onnx.ensure_export(self.manifest.model)
        recorded = onnx.recorded_digests(source) or {}
        for name in onnx.FILES:
            built = self.manifest.files.get(f"{onnx.FOLDER}/{name}", {})
            if built.get("sha256") != recorded.get(name, {}).get("sha256"):
                raise IndexUnusable(f"the query model exported here from {self.manifest.model} differs from the one "
                                    f"the index was built with ({name}); {REBUILD}")
        return onnx.OnnxEmbedder(source, name=self.manifest.model, threads=1)

    def close(self) -> None:
        """Nothing held: no lease (Qdrant drops a collection only when a build two generations on publishes)."""


def _dense_of(vector) -> list[float]:
    return vector[DENSE] if isinstance(vector, dict) else vector


def _manifest(data: dict, collection: str, model: str | None, dim: int | None) -> Manifest:
    try:
        manifest = Manifest(**data)
    except TypeError:
        raise IndexUnusable(f"the manifest in Qdrant for {collection} is damaged; {REBUILD}") from None
    if not manifest.well_formed():
        raise IndexUnusable(f"the manifest in Qdrant for {collection} is damaged; {REBUILD}")
    check_usable(manifest, f"the index in Qdrant ({collection})", model, dim)
    return manifest


def previous_vectors(settings: QdrantSettings, client: Client) -> dict[str, np.ndarray]:
    """content hash -> vector of every chunk in the collection the alias names (empty without one)."""
    target = alias_target(client, settings.collection)
    if target is None:
        return {}
    out, offset = {}, None
    with client.calling(f"reading {target}") as qdrant:
        while True:
            page, offset = qdrant.scroll(target, limit=BATCH, offset=offset, with_payload=["content_hash"],
                                         with_vectors=True)
            for p in page:
                if p.payload and p.payload.get("content_hash"):
                    out[p.payload["content_hash"]] = np.asarray(_dense_of(p.vector), dtype=np.float32)
            if offset is None:
                break
    return out
