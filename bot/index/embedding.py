"""When a build embeds: warming onnxruntime for an update, a child process for a bulk build, or on a thread."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from bot.embed.embedder import Embedder
from bot.embed.factory import OnnxWarmup
from bot.ingest.corpus import MAX_FILE_BYTES, SUFFIXES

WORKER_MIN_BYTES = 1 << 20  # first/full builds of a corpus this large embed in a child process (see embed_worker)

Progress = Callable[[str, int, int], None]  # (stage, done, total)


def start_warmup(model: str, precision: str, previous: Path | None, factory) -> OnnxWarmup | None:
    """An incremental build (a previous generation to reuse) likely embeds on onnxruntime: start loading it."""
    if factory is not None or previous is None or precision == "int8":
        return None
    return OnnxWarmup(model)


def start_worker(corpus_dir: Path, model: str, precision: str, previous: Path | None, factory):
    """A first or full build of a corpus this large embeds in a child process that starts loading now."""
    if factory is not None or previous is not None or precision == "int8":
        return None
    sizes = (p.stat().st_size for p in corpus_dir.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
    size = sum(n for n in sizes if n <= MAX_FILE_BYTES)  # an oversized file is skipped, not embedded
    if size < WORKER_MIN_BYTES:
        return None
    from bot.embed.worker import EmbedWorker

    return EmbedWorker(model, precision)


class Embedding:
    """The new texts' vectors: computed when asked for, or on a thread while the build writes everything else."""

    def __init__(self, texts: list[str], progress: Progress) -> None:
        self.texts, self.progress, self.seconds, self.waited = texts, progress, 0.0, 0.0
        self.embedder: Embedder | None = None
        self.vectors: np.ndarray | None = None
        self.error: BaseException | None = None
        self.thread: threading.Thread | None = None

    def start(self, embedder: Embedder, background: bool) -> None:
        self.embedder = embedder
        if background:
            self.thread = threading.Thread(target=self._run, name="whomet-embed", daemon=True)
            self.thread.start()

    def result(self, dim: int | None) -> tuple[np.ndarray, int]:
        if self.embedder is None:
            return np.zeros((0, dim or 0), dtype=np.float32), int(dim or 0)
        t = time.perf_counter()
        if self.thread is None:
            self._run()
        else:
            self.thread.join()
        self.waited = time.perf_counter() - t
        if self.error is not None:
            raise self.error
        return self.vectors, self.embedder.dim

    def close(self) -> None:
        """Wait for the background embedding, if one started (a failed build's worker is closed first)."""
        if self.thread is not None:
            self.thread.join()

    def _run(self) -> None:
        t = time.perf_counter()
        done = [0]

        def tick(n: int) -> None:
            done[0] += n
            self.progress("embed", done[0], len(self.texts))

        try:
            self.vectors = self.embedder.encode(self.texts, progress=tick)
        except BaseException as exc:  # re-raised on the building thread
            self.error = exc
        self.seconds = time.perf_counter() - t
