"""Qdrant as the VectorIndex: one collection per generation, the published one behind an alias (like CURRENT).

qdrant-client is an optional extra (`pip install 'whomet[qdrant]'`), imported only when [index] backend = "qdrant".
Local mode (`[qdrant] path`) locks its folder for one client: within a process every user of a path shares one
client (`connect`); a second process opening the same path is refused with one sentence.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import logging
import os
import threading
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bot.config import QdrantSettings
from bot.index import sparse_bm25
from bot.index.manifest import IndexUnusable
from bot.index.qdrant_payload import TERMS, Days, date_filter

log = logging.getLogger(__name__)

KIND = "qdrant"  # the manifest's vector_index for a generation whose vectors live in Qdrant
REFERENCE = "vectors.qdrant.json"  # in the generation folder: which collection holds its vectors
BATCH = 1024  # points a request
INSTALL = "install it with `pip install 'whomet[qdrant]'`"
DENSE = ""  # the collection's unnamed dense vector
COMPANION = "-meta"  # suffix of a generation's companion collection
RRF_K = 61  # Qdrant's RRF scores 1 / (k + rank - 1) from rank 1: 61 is whomet's 1 / (60 + rank) (search/retriever)



class QdrantUnavailable(IndexUnusable):
    """Qdrant cannot be reached or used; the message is one sentence and never holds the API key."""


@dataclass
class Client:
    """A QdrantClient and the lock serialising its calls (local mode is neither thread-safe nor shareable)."""

    qdrant: object
    where: str  # the url or path, for messages
    lock: threading.RLock

    @contextlib.contextmanager
    def calling(self, doing: str) -> Iterator[object]:
        """Hold the lock and turn connection and server errors into QdrantUnavailable (one sentence)."""
        from qdrant_client.http.exceptions import ResponseHandlingException, UnexpectedResponse

        with self.lock:
            try:
                yield self.qdrant
            except UnexpectedResponse as exc:
                refused = exc.status_code in (401, 403)
                reason = "the API key was refused" if refused else f"it answered HTTP {exc.status_code}"
                raise QdrantUnavailable(f"Qdrant at {self.where} failed while {doing} ({reason})") from None
            except (ResponseHandlingException, OSError) as exc:
                cause = exc.source if isinstance(exc, ResponseHandlingException) else exc
                raise QdrantUnavailable(f"Qdrant at {self.where} is unreachable while {doing} "
                                        f"({type(cause).__name__}); check [qdrant] url and that the server "
                                        "is running") from None


_clients: dict[str, Client] = {}
_clients_lock = threading.Lock()


def connect(settings: QdrantSettings) -> Client:
    """The process's client for these settings (one per url or local path)."""
    try:
        from qdrant_client import QdrantClient
    except ImportError:
        raise QdrantUnavailable(f"[index] backend is \"qdrant\" but qdrant-client is not installed; {INSTALL}") \
            from None
    where = settings.url or str(Path(settings.path).resolve())
    with _clients_lock:
        client = _clients.get(where)
        if client is not None:
            return client
        if settings.url:
            key = os.environ.get(settings.api_key_env) or None
            if key and settings.url.startswith("http://"):
                log.warning("the Qdrant API key goes to %s unencrypted; use an https:// url", settings.url)
            with warnings.catch_warnings():  # the same warning from qdrant-client, already logged above
                warnings.filterwarnings("ignore", "Api key is used with an insecure connection")
                qdrant = QdrantClient(url=settings.url, api_key=key, timeout=10, check_compatibility=False)
        else:
            Path(where).mkdir(parents=True, exist_ok=True)
            try:  # check_same_thread off: the client's lock serialises the calls of every thread
                qdrant = QdrantClient(path=where, force_disable_check_same_thread=True)
            except RuntimeError as exc:
                if "already accessed" not in str(exc):
                    raise
                raise QdrantUnavailable(f"the Qdrant folder {where} is in use by another process (local mode "
                                        "allows one); stop it, or run a Qdrant server and set [qdrant] url") \
                    from None
        client = _clients[where] = Client(qdrant, where, threading.RLock())
        return client


def close_clients(keep: frozenset[str] = frozenset()) -> None:
    """Close every client this process opened but those for `keep` (releases local mode's folder locks)."""
    with _clients_lock:
        for where in [w for w in _clients if w not in keep]:
            client = _clients.pop(where)
            with client.lock:
                client.qdrant.close()


atexit.register(close_clients)  # before interpreter teardown, where local mode's own close prints a traceback


def collection_for(alias: str, generation: str) -> str:
    """The collection holding generation `generation`'s vectors: the alias, a dash, the folder name."""
    return f"{alias}-{generation}"


def companion_for(collection: str) -> str:
    """The collection holding `collection`'s manifest, articles and meetings (bot.index.qdrant_companion)."""
    return collection + COMPANION


def owner_of(name: str) -> str:
    """The chunk collection a companion belongs to (a chunk collection's own name otherwise)."""
    return name[: -len(COMPANION)] if name.endswith(COMPANION) else name


class QdrantIndex:
    """A VectorIndex in a Qdrant collection: point id = chunk row, payload = the chunk's doc_id, date and text.

    Vectors are stored as given and compared by dot product: on the unit vectors whomet stores this is cosine,
    scored exactly as FAISS's inner product.
    """

    kind = KIND

    def __init__(self, client: Client, collection: str, dim: int, size: int) -> None:
        self.client, self.collection, self.dim, self._size = client, collection, dim, size

    @classmethod
    def create(cls, client: Client, collection: str, vectors: np.ndarray, payloads: list[dict] | None = None,
               sparse: list[sparse_bm25.SparseVector] | None = None) -> QdrantIndex:
        """A new collection (replacing one of that name, left by a killed build) holding `vectors` as rows 0..n-1,
        with BM25 sparse vectors (IDF applied by Qdrant) and payloads when given; `day` and `doc_id` are indexed."""
        from qdrant_client import models

        dim = int(np.asarray(vectors).shape[1])
        with client.calling(f"creating collection {collection}") as qdrant:
            if qdrant.collection_exists(collection):
                qdrant.delete_collection(collection)
            qdrant.create_collection(collection, vectors_config=models.VectorParams(
                size=dim, distance=models.Distance.DOT), sparse_vectors_config={
                sparse_bm25.NAME: models.SparseVectorParams(modifier=models.Modifier.IDF)})
            with warnings.catch_warnings():  # local mode ignores payload indexes (and says so); a server uses them
                warnings.simplefilter("ignore")
                qdrant.create_payload_index(collection, "day", models.PayloadSchemaType.INTEGER)
                qdrant.create_payload_index(collection, "doc_id", models.PayloadSchemaType.KEYWORD)
                qdrant.create_payload_index(collection, TERMS, models.PayloadSchemaType.INTEGER)
        index = cls(client, collection, dim, 0)
        index.add(vectors, payloads, sparse)
        return index

    @classmethod
    def open(cls, client: Client, collection: str) -> QdrantIndex:
        with client.calling(f"opening collection {collection}") as qdrant:
            if not qdrant.collection_exists(collection):
                raise QdrantUnavailable(f"Qdrant at {client.where} has no collection {collection}; rebuild the "
                                        "index with `whomet index build --full`")
            info = qdrant.get_collection(collection)
            size = qdrant.count(collection, exact=True).count
        return cls(client, collection, int(info.config.params.vectors.size), int(size))

    @classmethod
    def load(cls, path: Path, client: Client) -> QdrantIndex:
        """The index `save` described in `path` (a generation's vectors.qdrant.json)."""
        return cls.open(client, json.loads(Path(path).read_text(encoding="utf-8"))["collection"])

    def save(self, path: Path) -> None:
        """The vectors are in Qdrant already; the file names their collection for `load`."""
        Path(path).write_text(json.dumps({"collection": self.collection, "dim": self.dim, "size": self.size}) + "\n",
                              encoding="utf-8")

    @property
    def size(self) -> int:
        return self._size

    def search(self, query: np.ndarray, k: int, days: Days | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Best first; equal scores (one text in several chunks) later row first, as FAISS's flat index gives them
        (measured: rows 10-13 of one vector come 13, 12, 11, 10). `days`: only chunks dated so."""
        vector = np.asarray(query, dtype=np.float32).reshape(-1).tolist()
        return self._query(vector, None, k, days, f"searching {self.collection}", later_first=True)

    def sparse_search(self, text: str, k: int, days: Days | None = None) -> tuple[np.ndarray, np.ndarray]:
        """The BM25 ranking of `text` over the collection's sparse vectors (bot.index.lexical's scores)."""
        from qdrant_client import models

        terms = sparse_bm25.query_vector(text)
        if not terms.indices:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        query = models.SparseVector(indices=terms.indices, values=terms.values)
        return self._query(query, sparse_bm25.NAME, k, days, f"searching {self.collection} (BM25)")

    def hybrid_search(self, query: np.ndarray, text: str, k: int, pool: int = 50,
                      days: Days | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Qdrant's own fusion: the dense and BM25 top-`pool` fused by reciprocal rank (whomet's constant)."""
        from qdrant_client import models

        if self._size == 0 or k <= 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        where = date_filter(days)
        dense = np.asarray(query, dtype=np.float32).reshape(-1).tolist()
        prefetch = [models.Prefetch(query=dense, limit=pool, filter=where)]
        terms = sparse_bm25.query_vector(text)
        if terms.indices:
            prefetch.append(models.Prefetch(query=models.SparseVector(indices=terms.indices, values=terms.values),
                                            using=sparse_bm25.NAME, limit=pool, filter=where))
        with self.client.calling(f"searching {self.collection} (hybrid)") as qdrant:
            points = qdrant.query_points(self.collection, prefetch=prefetch, limit=k, with_payload=False,
                                         query=models.RrfQuery(rrf=models.Rrf(k=RRF_K))).points
        return _ranked(points, k)

    def _query(self, query, using: str | None, k: int, days: Days | None, doing: str,
               later_first: bool = False) -> tuple[np.ndarray, np.ndarray]:
        if self._size == 0 or k <= 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        with self.client.calling(doing) as qdrant:
            points = qdrant.query_points(self.collection, query=query, using=using, limit=min(self._size, k + 8),
                                         query_filter=date_filter(days), with_payload=False).points
        return _ranked(points, k, later_first)

    def add(self, vectors: np.ndarray, payloads: list[dict] | None = None,
            sparse: list[sparse_bm25.SparseVector] | None = None) -> None:
        """Append rows size..size+n-1 (with their payloads and BM25 sparse vectors, when given)."""
        from qdrant_client import models

        matrix = np.asarray(vectors, dtype=np.float32)
        for start in range(0, len(matrix), BATCH):
            part = matrix[start : start + BATCH]
            points = []
            for i, dense in enumerate(part.tolist()):
                vector: dict = {DENSE: dense}
                terms = sparse[start + i] if sparse is not None else None
                if terms is not None:  # an empty one too: Qdrant's IDF counts only points holding the vector
                    vector[sparse_bm25.NAME] = models.SparseVector(indices=terms.indices, values=terms.values)
                points.append(models.PointStruct(id=self._size + start + i, vector=vector,
                                                 payload=payloads[start + i] if payloads is not None else None))
            with self.client.calling(f"writing to {self.collection}") as qdrant:
                qdrant.upsert(self.collection, points=points, wait=True)
        self._size += len(matrix)

    def remove(self, rows: np.ndarray) -> None:
        """Drop these rows; the later rows are renumbered down (re-written under their new ids, payloads kept)."""
        from qdrant_client import models

        drop = sorted({int(r) for r in np.asarray(rows).reshape(-1) if 0 <= int(r) < self._size})
        if not drop:
            return
        moved = self._points(drop[0])  # every row from the first dropped one on: ids change from there
        with self.client.calling(f"removing from {self.collection}") as qdrant:
            qdrant.delete(self.collection, points_selector=models.PointIdsList(points=[p.id for p in moved]),
                          wait=True)
        self._size = drop[0]
        kept = [p for p in moved if int(p.id) not in set(drop)]
        if kept:
            dense = [p.vector[DENSE] if isinstance(p.vector, dict) else p.vector for p in kept]
            sparse = [_sparse_of(p.vector) for p in kept]
            self.add(np.array(dense, dtype=np.float32), [p.payload or {} for p in kept], sparse)

    def _points(self, first: int) -> list:
        """Points with ids >= first, in id order, with vectors and payloads."""
        from qdrant_client import models

        found, offset = [], None
        where = models.Filter(must=[models.HasIdCondition(has_id=list(range(first, self._size)))])
        with self.client.calling(f"reading {self.collection}") as qdrant:
            while True:
                points, offset = qdrant.scroll(self.collection, scroll_filter=where, limit=BATCH, offset=offset,
                                               with_payload=True, with_vectors=True)
                found.extend(points)
                if offset is None:
                    break
        return sorted(found, key=lambda p: int(p.id))


def _sparse_of(vector) -> sparse_bm25.SparseVector | None:
    terms = vector.get(sparse_bm25.NAME) if isinstance(vector, dict) else None
    return None if terms is None else sparse_bm25.SparseVector(list(terms.indices), list(terms.values))


def _ranked(points: list, k: int, later_first: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """(rows, scores) best first, scores compared as float32 (as FAISS gives them); equal scores in row order
    (bot.index.lexical.top_rows's order), or later row first (FAISS flat's)."""
    ranked = sorted((-np.float32(p.score), -int(p.id) if later_first else int(p.id)) for p in points)[:k]
    return (np.array([abs(row) for _, row in ranked], dtype=np.int64),
            np.array([-score for score, _ in ranked], dtype=np.float32))


def alias_target(client: Client, alias: str) -> str | None:
    """The collection `alias` names, or None."""
    with client.calling(f"reading alias {alias}") as qdrant:
        for found in qdrant.get_aliases().aliases:
            if found.alias_name == alias:
                return found.collection_name
    return None


def publish(client: Client, alias: str, collection: str, index_dir: Path) -> None:
    """Point `alias` at `collection` in one request, then drop generation collections whose folder is gone.

    Called after the generation folder is published, with the build lock held: the collections kept are those of
    the generations generations.publish kept (the new one, the one it replaced, any a reader still holds).
    """
    switch_alias(client, alias, collection)
    with client.calling("listing collections") as qdrant:
        names = [c.name for c in qdrant.get_collections().collections]
    prefix = collection_for(alias, "gen-")
    for name in names:  # a companion (articles, meetings) goes with its chunk collection
        owner = owner_of(name)
        if owner.startswith(prefix) and owner != collection and not (Path(index_dir) / owner[len(alias) + 1:]).is_dir():
            drop(client, name)


def switch_alias(client: Client, alias: str, collection: str) -> None:
    """Point `alias` at `collection` in one request (atomic on a server; under the client's lock locally)."""
    from qdrant_client import models

    before = alias_target(client, alias)
    ops: list = [models.DeleteAliasOperation(delete_alias=models.DeleteAlias(alias_name=alias))] if before else []
    ops.append(models.CreateAliasOperation(create_alias=models.CreateAlias(collection_name=collection,
                                                                           alias_name=alias)))
    with client.calling(f"switching alias {alias}") as qdrant:
        if not qdrant.collection_exists(collection):
            raise QdrantUnavailable(f"Qdrant at {client.where} has no collection {collection}; rebuild the "
                                    "index with `whomet index build --full`")
        qdrant.update_collection_aliases(change_aliases_operations=ops)


def drop(client: Client, collection: str) -> None:
    """Delete `collection` and its companion (bot.index.qdrant_companion), when there."""
    names = [collection] if owner_of(collection) != collection else [collection, companion_for(collection)]
    for name in names:
        with client.calling(f"deleting collection {name}") as qdrant:
            if qdrant.collection_exists(name):
                qdrant.delete_collection(name)
                log.info("deleted Qdrant collection %s", name)


def reachable(client: Client) -> None:
    """Raise QdrantUnavailable now rather than after a build's embedding."""
    with client.calling("connecting") as qdrant:
        qdrant.get_collections()


def exists(client: Client, collection: str) -> bool:
    with client.calling(f"looking for collection {collection}") as qdrant:
        return bool(qdrant.collection_exists(collection))
