"""No thread a build starts outlives it: success or failure, in-process or through `whomet index build`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from bot.config import DEFAULT_MODEL
from bot.embed import factory
from bot.embed.worker import EmbedWorkerError
from bot.index.build import build_index

ROOT = Path(__file__).resolve().parents[2]
FILES = {
    "a.txt": "Foreign ministers of France and Germany met in Berlin on Monday to discuss energy security.",
    "b.txt": "Central bankers gathered in Basel to review capital rules for large lenders.",
}


class RandomEmbedder:
    """Unit vectors of the model's width without loading it: enough for a build's first generation."""

    def __init__(self, model: str, precision: str) -> None:
        self.name, self.dim = model, 384

    def encode(self, texts, progress=None) -> np.ndarray:
        rows = np.random.default_rng(len(texts)).normal(size=(len(texts), self.dim)).astype(np.float32)
        return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def _corpus(folder: Path) -> Path:
    folder.mkdir()
    for name, text in FILES.items():
        (folder / name).write_text(text + "\n", encoding="utf-8")
    return folder


def _left_running(before: set[threading.Thread]) -> list[str]:
    return sorted(t.name for t in threading.enumerate() if t not in before and t.is_alive())


@pytest.fixture
def built(tmp_path) -> tuple[Path, Path]:
    """A tiny corpus and an up-to-date index of it (vectors from RandomEmbedder: no model load)."""
    corpus, index = _corpus(tmp_path / "corpus"), tmp_path / "index"
    build_index(corpus, index, DEFAULT_MODEL, precision="fp32", embedder_factory=RandomEmbedder)
    return corpus, index


@pytest.fixture
def slow_warmup(monkeypatch) -> None:
    """The onnxruntime warm-up still loading when the build is done with nothing to embed (a second, here)."""

    def loading(model: str):
        time.sleep(1.0)
        return None

    monkeypatch.setattr(factory, "_onnx_embedder", loading)


def test_an_up_to_date_build_waits_for_its_warmup_thread(built, slow_warmup):
    corpus, index = built
    before = set(threading.enumerate())
    report = build_index(corpus, index, DEFAULT_MODEL, precision="fp32")
    assert report.embedded == 0 and report.reused == report.chunks  # the warm-up was started, and not needed
    assert _left_running(before) == []


def test_a_failed_build_waits_for_its_warmup_thread(built, slow_warmup, monkeypatch):
    corpus, index = built

    def broken(*args) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("bot.index.build.write_store", broken)
    (corpus / "new.txt").write_text("Port workers met the harbour board on Monday.\n")  # not up to date
    before = set(threading.enumerate())
    with pytest.raises(OSError, match="disk full"):
        build_index(corpus, index, DEFAULT_MODEL, precision="fp32")
    assert _left_running(before) == []


def test_a_failed_build_waits_for_its_background_embedding(tmp_path, monkeypatch):
    """A worker embeds on a thread while the build writes; the write fails: the thread ends before the build does."""
    closed = threading.Event()

    class Worker:  # an EmbedWorker whose child takes a moment to be noticed gone once closed
        name, dim = DEFAULT_MODEL, 384

        def encode(self, texts, progress=None):
            closed.wait(30)
            time.sleep(0.5)
            raise EmbedWorkerError("the embedding process exited with code -9 before finishing")

        def close(self) -> None:
            closed.set()

    monkeypatch.setattr("bot.index.build.start_worker", lambda *args: Worker())
    monkeypatch.setattr("bot.index.build.write_store", lambda *args: (_ for _ in ()).throw(OSError("disk full")))
    before = set(threading.enumerate())
    with pytest.raises(OSError, match="disk full"):
        build_index(_corpus(tmp_path / "corpus"), tmp_path / "index", DEFAULT_MODEL, precision="fp32")
    assert closed.is_set() and _left_running(before) == []


@pytest.mark.slow
def test_index_build_on_an_up_to_date_index_exits_0_every_time(tmp_path):
    """Before the fix, most of these runs ended `terminate called without an active exception` (exit 134)."""
    corpus, index = _corpus(tmp_path / "corpus"), tmp_path / "index"
    build_index(corpus, index, DEFAULT_MODEL)
    env = {k: v for k, v in os.environ.items() if k != "WHOMET_CONFIG"}
    env.update(HF_HUB_OFFLINE="1", TOKENIZERS_PARALLELISM="false", PYTHONPATH=str(ROOT))
    cmd = [sys.executable, "-m", "bot", "index", "build", "--corpus", str(corpus), "--index", str(index), "--json"]
    for _ in range(10):
        run = subprocess.run(cmd, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
        assert run.returncode == 0, (run.returncode, run.stderr[-2000:])
        assert json.loads(run.stdout)["embedded"] == 0 and "terminate called" not in run.stderr
