"""The previous index generation as an incremental build reuses it: articles, chunks and vectors, read once."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bot.index.manifest import MANIFEST, IndexUnusable, Manifest, verify_files
from bot.records import Article, Chunk

log = logging.getLogger(__name__)

# Every file an incremental build copies forward from the previous generation (build_cache, source_cache).
REUSED = ("store.sqlite", "embeddings.npy", "sources.json", "build_cache.json", "meeting_events.json")


@dataclass
class PreviousGeneration:
    """What the current generation holds; empty when there is none, `--full` was asked, or it fails verification."""

    folder: Path | None = None
    articles: dict[str, Article] | None = None
    chunks: list[Chunk] | None = None
    manifest: Manifest | None = None

    @classmethod
    def load(cls, folder: Path | None) -> PreviousGeneration:
        """Only a generation whose reused files match its manifest's checksums is reused; else nothing is (logged)."""
        if folder is None:
            return cls()
        try:
            manifest = Manifest.read(folder)
            problem = verify_files(folder, manifest, REUSED)
        except IndexUnusable:
            problem = f"{MANIFEST} is missing or damaged"
        except OSError as exc:
            problem = f"a file cannot be read ({exc.__class__.__name__})"
        if problem is not None:  # copying damage forward would give it fresh checksums: rebuild from the corpus
            log.warning("previous index at %s fails verification (%s); reusing nothing from it, building everything",
                        folder, problem)
            return cls()
        from bot.index.store import Store

        try:
            store = Store(folder / "store.sqlite")
            try:
                return cls(folder, store.articles, store.all_chunks(), manifest)
            finally:
                store.close()
        except Exception as exc:  # a damaged previous index only costs re-reading, re-chunking and re-embedding
            log.warning("previous index at %s is unusable for reuse (%s); building everything", folder, exc)
            return cls(folder, manifest=manifest)

    def vectors(self, model: str, precision: str) -> dict[str, np.ndarray]:
        """content hash -> stored vector, if the previous generation was built with the same model and precision."""
        if self.folder is None or self.chunks is None or self.manifest is None:
            return {}
        if self.manifest.model != model or self.manifest.precision != precision:
            return {}
        try:
            matrix = np.load(self.folder / "embeddings.npy")
        except Exception as exc:  # a damaged previous index only costs a full re-embed
            log.warning("previous vectors at %s are unusable (%s); embedding everything", self.folder, exc)
            return {}
        if len(self.chunks) != len(matrix):
            return {}
        return {c.content_hash: matrix[i] for i, c in enumerate(self.chunks)}
