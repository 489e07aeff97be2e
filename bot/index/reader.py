"""Opens a published index generation, checking the manifest and files before anything is used."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from bot.index import generations, vectors
from bot.index.lexical import LexicalIndex
from bot.index.manifest import BUILD, REBUILD, IndexUnusable, Manifest, check_usable, verify
from bot.index.store import Store

if TYPE_CHECKING:
    from bot.config import QdrantSettings

log = logging.getLogger(__name__)


@dataclass
class Index:
    folder: Path
    manifest: Manifest
    store: Store
    dense: vectors.VectorIndex
    lexical: LexicalIndex
    meetings: list
    lease: generations.Lease = field(default_factory=generations.Lease)  # keeps builds from deleting `folder`

    @classmethod
    def open(cls, index_dir: Path, model: str | None = None, dim: int | None = None,
             qdrant: QdrantSettings | None = None) -> Index:
        """Load the current generation; raise IndexUnusable (one sentence) when it is absent or damaged.

        The generation is leased until close(): builds meanwhile publish newer ones but never delete this one.
        With `qdrant` (the qdrant backend) the generation is the one the alias names, read from Qdrant alone
        (bot.index.qdrant_served): nothing in `index_dir` is read.
        """
        if qdrant is not None:
            from bot.index.qdrant_served import ServedIndex  # qdrant-client is an optional extra

            return ServedIndex.open(Path(index_dir), qdrant, model, dim)
        folder, lease = _lease_current(Path(index_dir))
        try:
            return cls._load(folder, lease, model, dim, qdrant)
        except BaseException:
            lease.release()
            raise

    @classmethod
    def _load(cls, folder: Path, lease: generations.Lease, model: str | None, dim: int | None,
              qdrant: QdrantSettings | None = None) -> Index:
        manifest = Manifest.read(folder)
        check_usable(manifest, f"index at {folder}", model, dim)
        verify(folder, manifest)
        _check_backend(folder, manifest, qdrant)
        try:
            store = Store(folder / "store.sqlite")
            dense = _open_dense(folder, manifest, qdrant)
            lex = LexicalIndex(folder / "bm25")
            meetings = _load_meetings(folder / "meetings.json")
        except IndexUnusable:
            raise
        except Exception as exc:
            raise IndexUnusable(f"index at {folder} could not be read ({exc.__class__.__name__}); {REBUILD}") from None
        if dense.dim != manifest.dim or dense.size != manifest.chunks or store.count() != manifest.chunks:
            raise IndexUnusable(f"index at {folder} is inconsistent (vector and chunk counts differ); {REBUILD}")
        return cls(folder, manifest, store, dense, lex, meetings, lease)

    def embeddings(self) -> np.ndarray:
        """All stored vectors (float16), memory-mapped: only the rows read are paged in."""
        return np.load(self.folder / "embeddings.npy", mmap_mode="r")

    def embeddings_rows(self, rows: list[int]) -> np.ndarray:
        return np.asarray(self.embeddings()[rows], dtype=np.float32)

    def query_embedder(self):
        from bot.index.query_model import load_query_embedder

        return load_query_embedder(self.folder, self.manifest)

    def close(self) -> None:
        self.store.close()
        self.lease.release()


def current_generation(index_dir: Path, qdrant: QdrantSettings | None = None) -> Path | None:
    """The published generation: CURRENT's, or with the qdrant backend the one the alias names."""
    if qdrant is None:
        return generations.current(Path(index_dir))
    from bot.index.qdrant_served import current

    return current(Path(index_dir), qdrant)


def _check_backend(folder: Path, manifest: Manifest, qdrant: QdrantSettings | None) -> None:
    in_qdrant = manifest.vector_index == "qdrant"
    if in_qdrant and qdrant is None:
        raise IndexUnusable(f'index at {folder} keeps its vectors in Qdrant but [index] backend is "local"; set '
                            f'backend = "qdrant" with its [qdrant] table, or {REBUILD}')
    if qdrant is not None and not in_qdrant:
        raise IndexUnusable(f'index at {folder} keeps its vectors on disk but [index] backend is "qdrant"; {REBUILD}')


def _open_dense(folder: Path, manifest: Manifest, qdrant: QdrantSettings | None) -> vectors.VectorIndex:
    if qdrant is None:
        return vectors.FaissIndex.load(folder / "vectors.faiss", manifest.vector_index)
    from bot.index import qdrant as qdrant_index  # only for this backend: qdrant-client is an optional extra

    return qdrant_index.QdrantIndex.load(folder / qdrant_index.REFERENCE, qdrant_index.connect(qdrant))


def _lease_current(index_dir: Path) -> tuple[Path, generations.Lease]:
    """The generation CURRENT names, leased; if a build deletes it first, CURRENT has moved on: follow it."""
    for _ in range(5):
        folder = generations.current(index_dir)
        if folder is None:
            raise generations.pointer_missing(index_dir) or IndexUnusable(
                f"no index at {index_dir}; {BUILD}")
        if folder.is_dir():
            try:
                return folder, generations.lease(folder)
            except FileNotFoundError:
                pass
        if generations.current(index_dir) == folder:  # not a race with a build: the pointer itself is wrong
            break
    raise IndexUnusable(f"index pointer {index_dir / generations.POINTER} names a missing folder; {REBUILD}")


def _load_meetings(path: Path) -> list:
    if not path.is_file():
        return []
    from bot.meetings import load_meetings

    return load_meetings(path)


def describe(index_dir: Path) -> dict:
    """The manifest of the current generation, as a dict for `index stats`."""
    folder = generations.current(Path(index_dir))
    if folder is None:
        raise generations.pointer_missing(Path(index_dir)) or IndexUnusable(
            f"no index at {index_dir}; {BUILD}")
    manifest = Manifest.read(folder)
    data = json.loads((folder / "manifest.json").read_text())
    data["folder"] = str(folder)
    data["bytes_on_disk"] = sum(rec["bytes"] for rec in manifest.files.values())
    return data
