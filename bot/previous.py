"""The previous index generation as an incremental build reuses it: articles, chunks and vectors, read once."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bot.manifest import Manifest
from bot.records import Article, Chunk

log = logging.getLogger(__name__)


@dataclass
class PreviousGeneration:
    """What the current generation holds; empty when there is none, `--full` was asked, or it is unreadable."""

    folder: Path | None = None
    articles: dict[str, Article] | None = None
    chunks: list[Chunk] | None = None

    @classmethod
    def load(cls, folder: Path | None) -> PreviousGeneration:
        if folder is None:
            return cls()
        from bot.store import Store

        try:
            store = Store(folder / "store.sqlite")
            try:
                return cls(folder, store.articles, store.all_chunks())
            finally:
                store.close()
        except Exception as exc:  # a damaged previous index only costs re-reading, re-chunking and re-embedding
            log.warning("previous index at %s is unusable for reuse (%s); building everything", folder, exc)
            return cls(folder)

    def vectors(self, model: str, precision: str) -> dict[str, np.ndarray]:
        """content hash -> stored vector, if the previous generation was built with the same model and precision."""
        if self.folder is None or self.chunks is None:
            return {}
        try:
            manifest = Manifest.read(self.folder)
            if manifest.model != model or manifest.precision != precision:
                return {}
            matrix = np.load(self.folder / "embeddings.npy")
        except Exception as exc:  # a damaged previous index only costs a full re-embed
            log.warning("previous vectors at %s are unusable (%s); embedding everything", self.folder, exc)
            return {}
        if len(self.chunks) != len(matrix):
            return {}
        return {c.content_hash: matrix[i] for i, c in enumerate(self.chunks)}
