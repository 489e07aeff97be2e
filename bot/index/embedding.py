"""Which embedder a build uses and when it runs: onnxruntime for a few chunks, torch in bulk, or a child process."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import numpy as np

from bot.embed import onnx as query_embedder
from bot.embed.embedder import Embedder, SentenceTransformerEmbedder
from bot.ingest.corpus import MAX_FILE_BYTES, SUFFIXES

ONNX_MAX_NEW = 64  # up to this many new chunks embed on onnxruntime: no 5 s torch import for a small update
WORKER_MIN_BYTES = 1 << 20  # first/full builds of a corpus this large embed in a child process (see embed_worker)

Progress = Callable[[str, int, int], None]  # (stage, done, total)


def resolve_precision(requested: str) -> str:
    """`auto` is bf16 where the CPU has native bf16 (AVX-512 BF16 / AMX), else fp32."""
    if requested != "auto":
        return requested
    try:
        flags = Path("/proc/cpuinfo").read_text()
    except OSError:
        return "fp32"
    return "bf16" if ("avx512_bf16" in flags or "amx_bf16" in flags) else "fp32"


@lru_cache(maxsize=2)
def default_embedder(model: str, precision: str) -> Embedder:
    """Loaded once per process: a bot that rebuilds on /reindex doesn't pay the model load again."""
    if precision == "int8":
        from bot.embed.int8 import int8_embedder

        return int8_embedder(model)
    return SentenceTransformerEmbedder(model, precision=precision)


def choose_embedder(model: str, precision: str, new: int | None, factory, warm: OnnxWarmup | None = None) -> Embedder:
    """A few new chunks go to the cached ONNX export (same vectors as fp32, cosine > 0.9999); bulk to torch."""
    if factory is not None:
        return factory(model, precision)
    small = new is not None and new <= ONNX_MAX_NEW and precision != "int8"
    onnx = (warm.get() if warm is not None else _onnx_embedder(model)) if small else None
    return onnx if onnx is not None else default_embedder(model, precision)


@lru_cache(maxsize=2)
def _cached_onnx(folder: Path, model: str) -> query_embedder.OnnxEmbedder:
    """One session per export and process: a bot's next /reindex skips the ~0.2 s load."""
    return query_embedder.OnnxEmbedder(folder, name=model, threads=os.cpu_count() or 1)


def _onnx_embedder(model: str) -> query_embedder.OnnxEmbedder | None:
    cached = query_embedder.cached_export(model)
    return _cached_onnx(cached, model) if cached is not None else None


class OnnxWarmup:
    """An incremental build mostly embeds a few chunks: load onnxruntime and the session while the corpus is read."""

    def __init__(self, model: str) -> None:
        self.model, self.embedder, self.error = model, None, None
        self.thread = threading.Thread(target=self._load, name="whomet-onnx-warmup", daemon=True)
        self.thread.start()

    def _load(self) -> None:
        try:
            self.embedder = _onnx_embedder(self.model)
        except Exception as exc:  # re-raised where the embedder is needed, if it is
            self.error = exc

    def get(self) -> query_embedder.OnnxEmbedder | None:
        self.thread.join()
        if self.error is not None:
            raise self.error
        return self.embedder

    def close(self) -> None:
        """Wait for the load: a thread still inside onnxruntime when the interpreter exits aborts the process."""
        self.thread.join()


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
