"""Bulk embedding in a child process, so loading torch overlaps the build's reading, chunking and indexing."""

from __future__ import annotations

import logging
import pickle
import subprocess
import sys
import threading
from collections.abc import Callable, Sequence

import numpy as np

log = logging.getLogger(__name__)


class EmbedWorkerError(RuntimeError):
    """The embedding process failed; the message says why."""


class EmbedWorker:
    """Starts `python -m bot.embed.worker MODEL PRECISION` at once; `encode(texts)` waits for it to be ready.

    The child imports sentence-transformers (~5 s of one core) while the parent works on the other core.
    """

    def __init__(self, model: str, precision: str) -> None:
        self.name = model
        self.proc = subprocess.Popen([sys.executable, "-m", "bot.embed.worker", model, precision],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self._dim: int | None = None
        self._writer: threading.Thread | None = None

    @property
    def dim(self) -> int:
        if self._dim is None:
            self._dim = int(self._receive("ready"))
        return self._dim

    def encode(self, texts: Sequence[str], progress: Callable[[int], None] | None = None) -> np.ndarray:
        # Written from a thread: the pipe holds 64 KB and the child reads only once its model is loaded.
        self._writer = threading.Thread(target=self._send, args=(list(texts),), name="whomet-embed-writer",
                                        daemon=True)
        self._writer.start()
        try:
            dim = self.dim
            while True:
                kind, value = self._message()
                if kind == "progress" and progress:
                    progress(value)
                elif kind == "vectors":
                    self._writer.join()
                    assert value.shape == (len(texts), dim)
                    return value
        except BaseException:
            self._end_child()  # a write blocked on a child that stopped reading then fails, and the writer ends
            raise

    def close(self) -> None:
        self._end_child()
        for pipe in (self.proc.stdin, self.proc.stdout):
            try:
                pipe.close()
            except OSError:
                pass

    def _end_child(self) -> None:
        """Kill the child if it still runs, then join the writer thread, which its end unblocks."""
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        if self._writer is not None:
            self._writer.join()

    def _send(self, texts: list[str]) -> None:
        try:
            pickle.dump(texts, self.proc.stdin, protocol=pickle.HIGHEST_PROTOCOL)
            self.proc.stdin.close()
        except (BrokenPipeError, OSError):
            pass  # the child died; _message reports why

    def _receive(self, expected: str):
        kind, value = self._message()
        if kind != expected:
            raise EmbedWorkerError(f"embedding process sent {kind!r} before {expected!r}")
        return value

    def _message(self) -> tuple[str, object]:
        try:
            kind, value = pickle.load(self.proc.stdout)
        except (EOFError, pickle.UnpicklingError, OSError):
            code = self.proc.wait()
            raise EmbedWorkerError(f"the embedding process exited with code {code} before finishing") from None
        if kind == "error":
            raise EmbedWorkerError(str(value))
        return kind, value


def _serve(model: str, precision: str) -> None:
    out = sys.stdout.buffer

    def send(kind: str, value: object) -> None:
        pickle.dump((kind, value), out, protocol=pickle.HIGHEST_PROTOCOL)
        out.flush()

    try:
        from bot.embed.factory import default_embedder

        embedder = default_embedder(model, precision)
        send("ready", embedder.dim)
        texts = pickle.load(sys.stdin.buffer)
        send("vectors", embedder.encode(texts, progress=lambda n: send("progress", n)))
    except Exception as exc:  # reported to the parent as one sentence, which it raises
        send("error", str(exc) or exc.__class__.__name__)


if __name__ == "__main__":
    try:
        _serve(sys.argv[1], sys.argv[2])
    except KeyboardInterrupt:  # Ctrl-C reaches the whole process group: the parent reports it, not a traceback here
        sys.exit(130)
