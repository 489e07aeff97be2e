"""The one place that maps (model, precision, how many new texts) to an embedding backend."""

from __future__ import annotations

import os
import threading
from functools import lru_cache
from pathlib import Path

from bot.embed import onnx
from bot.embed.embedder import Embedder, SentenceTransformerEmbedder

ONNX_MAX_NEW = 64  # up to this many new chunks embed on onnxruntime: no 5 s torch import for a small update


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
    fast = (warm.get() if warm is not None else _onnx_embedder(model)) if small else None
    return fast if fast is not None else default_embedder(model, precision)


@lru_cache(maxsize=2)
def _cached_onnx(folder: Path, model: str) -> onnx.OnnxEmbedder:
    """One session per export and process: a bot's next /reindex skips the ~0.2 s load."""
    return onnx.OnnxEmbedder(folder, name=model, threads=os.cpu_count() or 1)


def _onnx_embedder(model: str) -> onnx.OnnxEmbedder | None:
    cached = onnx.cached_export(model)
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

    def get(self) -> onnx.OnnxEmbedder | None:
        self.thread.join()
        if self.error is not None:
            raise self.error
        return self.embedder

    def close(self) -> None:
        """Wait for the load: a thread still inside onnxruntime when the interpreter exits aborts the process."""
        self.thread.join()
