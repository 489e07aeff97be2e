"""Builds an index generation from a corpus: chunk, embed what is new, write, then switch atomically."""

from __future__ import annotations

import hashlib
import logging
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from bot.embed import onnx as query_embedder
from bot.embed.embedder import Embedder, resolve_model_path
from bot.embed.factory import choose_embedder, resolve_precision
from bot.index import build_cache, generations, lexical, query_model, vectors
from bot.index.embedding import Embedding, Progress, start_warmup, start_worker
from bot.index.manifest import Manifest, record_files
from bot.index.previous import PreviousGeneration
from bot.index.source_cache import SourceCache
from bot.index.store import write_store
from bot.ingest.chunking import chunk_articles, token_counter
from bot.ingest.corpus import CorpusReport, read_corpus
from bot.ingest.corpus_check import EmptyCorpus, empty_corpus_message

if TYPE_CHECKING:
    from bot.config import QdrantSettings
    from bot.meetings.extract import MeetingExtractor

log = logging.getLogger(__name__)


@dataclass
class BuildReport:
    folder: Path
    articles: int
    chunks: int
    embedded: int  # texts embedded by this build (chunks with the same text share one)
    reused: int  # chunks whose vectors came from the previous index
    skipped: list[tuple[str, str]] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    vector_index: str = "flat"
    up_to_date: bool = False  # nothing changed since the current generation: it was kept, nothing published


def build_index(corpus_dir: Path, index_dir: Path, model: str, precision: str = "auto", ann: str = "auto",
                full: bool = False, progress: Progress | None = None,
                embedder_factory: Callable[[str, str], Embedder] | None = None,
                allow_empty: bool = False, extractor: MeetingExtractor | None = None,
                qdrant: QdrantSettings | None = None) -> BuildReport:
    """Build a new generation of the index in `index_dir`; the previous one serves until the switch.

    Nothing is published when nothing changed (unless `full`), nor from a corpus without articles (unless
    `allow_empty`), nor while CURRENT is missing beside existing generations (restore it first). `extractor`
    finds the meetings (default: build_cache.broad_extractor, the patterns and the learned-gated broad path). With
    `qdrant` the dense vectors go to a Qdrant collection named after the generation, and its alias switches once the
    generation is published.
    """
    index_dir = Path(index_dir)
    index_dir.mkdir(parents=True, exist_ok=True)
    with generations.build_lock(index_dir):
        missing = generations.pointer_missing(index_dir)
        if missing is not None:  # building now would hide those generations, and later builds would delete them
            raise missing
        return _build(Path(corpus_dir), index_dir, model, resolve_precision(precision), ann, full,
                      progress or (lambda *a: None), embedder_factory, allow_empty, extractor, qdrant)


def _build(corpus_dir, index_dir, model, precision, ann, full, progress, embedder_factory,
           allow_empty=False, extractor=None, qdrant=None) -> BuildReport:
    t0 = time.perf_counter()
    client = _qdrant_client(qdrant)  # fails fast when Qdrant is unreachable or qdrant-client is missing
    report = CorpusReport()
    previous = None if full else generations.current(index_dir)
    count = token_counter(str(resolve_model_path(model)))  # fails fast on a missing model
    worker = start_worker(corpus_dir, model, precision, previous, embedder_factory)
    warm, embedding = None, Embedding([], progress)
    try:
        warm = start_warmup(model, precision, previous, embedder_factory)
        before = PreviousGeneration.load(previous)
        articles, chunks, sources, chunker = _read_and_chunk(corpus_dir, before, model, count, report, progress)
        seconds = {"read_chunk": time.perf_counter() - t0}
        if not articles and not allow_empty:
            raise EmptyCorpus(empty_corpus_message(corpus_dir, report, generations.current(index_dir)))
        kind = vectors.choose_kind(len(chunks), ann) if client is None else "qdrant"
        fingerprint = hashlib.sha256("".join(f"{a.doc_id}\0{a.content_hash}\n" for a in articles).encode())
        versions = generations.build_versions()
        if generations.unchanged(previous, model=model, precision=precision, vector_index=kind,
                                 corpus_fingerprint=fingerprint.hexdigest(), chunks=len(chunks),
                                 skipped=[list(s) for s in report.skipped], versions=versions) \
                and _vectors_in_place(client, qdrant, previous):
            log.info("index at %s is up to date; nothing published", previous)
            _alias_current(client, qdrant, previous)
            seconds["total"] = time.perf_counter() - t0
            return BuildReport(previous, len(articles), len(chunks), 0, len(chunks), report.skipped, seconds,
                               kind, up_to_date=True)

        reuse = _previous_vectors(client, qdrant, before, model, precision)
        todo = _new_texts(chunks, reuse)
        dim = next(iter(reuse.values())).shape[0] if reuse else None
        embedding = Embedding([chunks[i].text for i in todo], progress)
        if todo or dim is None:
            embedder = worker or choose_embedder(model, precision, len(todo) if dim else None, embedder_factory,
                                                 warm)
            if todo:  # the stage's start, once the model is loaded: its rate and time left count from here
                progress("embed", 0, len(todo))
            embedding.start(embedder, background=worker is not None)  # a worker embeds while we write the rest

        t2 = time.perf_counter()
        tmp, name, collection = generations.new_temp(index_dir), generations.new_name(), None
        try:
            export = query_embedder.ensure_export(model)
            query_files = query_model.copy_export(export, tmp)
            lexical.build_bm25([c.text for c in chunks], tmp / "bm25")
            write_store(tmp / "store.sqlite", articles, chunks)
            sources.write(tmp)
            build_cache.write_meetings(articles, tmp, before.folder, chunker,
                                       extractor or build_cache.broad_extractor(model, export), progress=progress)
            new_vectors, dim = embedding.result(dim)
            seconds["embed"] = embedding.seconds
            matrix = _matrix(chunks, reuse, todo, new_vectors, dim)
            np.save(tmp / "embeddings.npy", matrix)
            if client is None:
                vectors.FaissIndex.build(matrix, kind).save(tmp / "vectors.faiss")
            else:
                collection = _write_qdrant(client, qdrant, name, matrix, chunks, articles)
                collection.save(tmp / "vectors.qdrant.json")
            Manifest(
                model=model, dim=int(dim), vector_index=kind, corpus_fingerprint=fingerprint.hexdigest(),
                articles=len(articles), chunks=len(chunks), precision=precision,
                created_at=datetime.now(UTC).isoformat(timespec="seconds"), versions=versions,
                files=record_files(tmp, query_files), skipped=[list(s) for s in report.skipped],
            ).write(tmp)
            if collection is not None:  # the manifest, articles and meetings, for bots that read only Qdrant
                _write_companion(collection, tmp, articles)
            folder = generations.publish(index_dir, tmp, name)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            if collection is not None:  # the alias still names the previous generation's collection
                _drop_quietly(collection)
            raise
        if collection is not None:
            from bot.index import qdrant as qdrant_index

            qdrant_index.publish(client, qdrant.collection, collection.collection, index_dir)
        seconds["write"] = time.perf_counter() - t2 - embedding.waited  # the writing itself, not waiting for vectors
        seconds["total"] = time.perf_counter() - t0
        reused = sum(c.content_hash in reuse for c in chunks)
        return BuildReport(folder, len(articles), len(chunks), len(todo), reused,
                           report.skipped, seconds, kind)
    finally:  # no thread the build started outlives it, whether it succeeded or failed
        if worker is not None:
            worker.close()  # first: a background embedding waiting on the child then returns
        embedding.close()
        if warm is not None:
            warm.close()


def _qdrant_client(settings: QdrantSettings | None):
    """The Qdrant client for a qdrant backend (None for the local one); bot.index.qdrant is imported only then."""
    if settings is None:
        return None
    from bot.index import qdrant as qdrant_index

    client = qdrant_index.connect(settings)
    qdrant_index.reachable(client)
    return client


def _vectors_in_place(client, settings: QdrantSettings | None, previous: Path | None) -> bool:
    """For Qdrant, whether the current generation's collection is still there (a wiped server means rebuilding)."""
    if client is None or previous is None:
        return True
    from bot.index import qdrant as qdrant_index

    return qdrant_index.exists(client, qdrant_index.collection_for(settings.collection, previous.name))


def _alias_current(client, settings: QdrantSettings | None, current: Path) -> None:
    """Repoint the alias at the current generation if a build was stopped between publishing and switching it."""
    if client is None:
        return
    from bot.index import qdrant as qdrant_index

    collection = qdrant_index.collection_for(settings.collection, current.name)
    if qdrant_index.alias_target(client, settings.collection) != collection:
        log.warning("Qdrant alias %s did not name the current generation; switched it to %s", settings.collection,
                    collection)
        qdrant_index.switch_alias(client, settings.collection, collection)


def _write_qdrant(client, settings: QdrantSettings, name: str, matrix: np.ndarray, chunks: list, articles: list):
    from bot.index import qdrant as qdrant_index
    from bot.index.qdrant_payload import payloads
    from bot.index.sparse_bm25 import document_vectors

    sparse = document_vectors([c.text for c in chunks])
    return qdrant_index.QdrantIndex.create(client, qdrant_index.collection_for(settings.collection, name), matrix,
                                           payloads(chunks, articles, [v.indices for v in sparse]), sparse)


def _write_companion(index, folder: Path, articles: list) -> None:
    import json

    from bot.index import qdrant_companion

    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    qdrant_companion.write(index.client, index.collection, manifest, articles, folder / "meetings.json")


def _previous_vectors(client, settings, before: PreviousGeneration, model: str, precision: str) -> dict:
    """content hash -> vector to reuse: the previous generation's, read back from its collection with Qdrant."""
    if client is None:
        return before.vectors(model, precision)
    manifest = before.manifest
    if manifest is None or manifest.model != model or manifest.precision != precision:
        return {}
    from bot.index.qdrant_served import previous_vectors

    return previous_vectors(settings, client)


def _drop_quietly(index) -> None:
    """Remove a failed build's collection; if that fails too, the next build's publish removes it."""
    from bot.index import qdrant as qdrant_index

    try:
        qdrant_index.drop(index.client, index.collection)
    except Exception as exc:
        log.warning("could not remove collection %s of the failed build (%s)", index.collection, exc)


def _new_texts(chunks: list, reuse: dict[str, np.ndarray]) -> list[int]:
    """Indexes of the chunks to embed: each new text once (its first chunk), however many chunks share it."""
    first: dict[str, int] = {}
    for i, c in enumerate(chunks):
        if c.content_hash not in reuse:
            first.setdefault(c.content_hash, i)
    return list(first.values())


def _matrix(chunks: list, reuse: dict[str, np.ndarray], todo: list[int], new: np.ndarray, dim: int) -> np.ndarray:
    """One row per chunk, reused or new; float16 (half the disk), full and incremental builds rounded alike."""
    matrix = np.zeros((len(chunks), dim), dtype=np.float16)
    row_of = {chunks[i].content_hash: row for row, i in enumerate(todo)}
    for i, c in enumerate(chunks):
        matrix[i] = reuse[c.content_hash] if c.content_hash in reuse else new[row_of[c.content_hash]]
    return matrix


def _read_and_chunk(corpus_dir, before, model, count, report, progress):
    """Articles (unchanged files from the previous generation) and their chunks (unchanged articles' reused)."""
    sources = SourceCache.load(before.folder, before.articles)
    articles = list(read_corpus(corpus_dir, report, sources))
    chunker = build_cache.chunker_version(model)
    known = build_cache.previous_chunks(before.folder, articles, chunker, before)
    fresh = [a for a in articles if not known.get(a.doc_id)]
    made: dict[str, list] = {}
    if fresh:
        progress("chunk", 0, len(fresh))
    for start in range(0, len(fresh), 500):  # batches: word pieces are counted many sentences at a time
        part = fresh[start : start + 500]
        made.update(zip((a.doc_id for a in part), chunk_articles(part, count), strict=True))
        progress("chunk", start + len(part), len(fresh))
    chunks = [c for a in articles for c in (known.get(a.doc_id) or made[a.doc_id])]
    return articles, chunks, sources, chunker
