"""Index faults: a build SIGKILLed at any point, damaged files, a manifest from another model, two builds at once."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli.commands import cli
from bot.config import DEFAULT_MODEL, Config
from bot.embed.factory import default_embedder
from bot.engine import Engine
from bot.index.build import build_index
from bot.index.generations import POINTER, BuildLocked, current
from bot.index.manifest import MANIFEST, IndexUnusable
from bot.index.reader import Index
from tests.conftest import ROOT, SEED_CORPUS

NEW_ARTICLE = ("NAIROBI (Wire) -- Kenyan President Ruto met Ghanaian President Akufo-Addo in Nairobi on Monday. "
               "They discussed trade and regional security, officials said.\n")
ENV = {**os.environ, "HF_HUB_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false", "PYTHONPATH": str(ROOT)}


def _copy_index(src: Path, dst: Path) -> Path:
    """A private copy (fresh inodes: the query model is hard-linked from a shared cache in the original)."""
    shutil.copytree(src, dst, symlinks=False)
    return dst


def _one_sentence(msg: str) -> None:
    assert "\n" not in msg and "Traceback" not in msg and len(msg) < 400, msg
    assert "whomet index build" in msg, msg


def _build_cmd(corpus: Path, index: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "bot", "index", "build", "--corpus", str(corpus), "--index", str(index), *extra]


# --------------------------------------------------------------------------------------------------- real kills
@pytest.mark.slow
def test_build_sigkilled_at_any_point_leaves_the_previous_index_serving(seed_index_dir, tmp_path):
    index = _copy_index(seed_index_dir, tmp_path / "index")
    before = current(index).name
    corpus = tmp_path / "corpus"
    shutil.copytree(SEED_CORPUS, corpus)
    (corpus / "new.txt").write_text(NEW_ARTICLE)

    def tmp_has(name: str):
        return lambda: any((t / name).exists() for t in index.glob(".tmp-*"))

    # (label, when to kill): a fixed delay (imports, model load, reading, embedding) or a point in the write phase
    points = [("0.5 s", None), ("1.5 s", None), ("3 s", None),
              ("temp folder created", lambda: any(index.glob(".tmp-*"))),
              ("embeddings written", tmp_has("embeddings.npy")),
              ("store written", tmp_has("store.sqlite"))]
    killed = []
    for label, trigger in points:
        proc = subprocess.Popen(_build_cmd(corpus, index, "--full", "--json"), cwd=tmp_path, env=ENV,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            if trigger is None:
                time.sleep(float(label.split()[0]))
            else:
                deadline = time.monotonic() + 180
                while not trigger() and proc.poll() is None and time.monotonic() < deadline:
                    time.sleep(0.001)
            finished = proc.poll() is not None
            proc.send_signal(signal.SIGKILL)
        finally:
            proc.wait(30)
        if finished:  # the build won the race: it published, so there is nothing to check for this point
            pytest.fail(f"the build finished before the kill point {label!r}")
        assert proc.returncode == -signal.SIGKILL
        killed.append(label)
        assert current(index).name == before, f"killed at {label}: CURRENT moved"
        idx = Index.open(index, model=DEFAULT_MODEL)  # checksums verified: the old generation is intact
        assert idx.manifest.articles == 5
        idx.close()
    engine = Engine(Config(index_dir=index, corpus_dir=corpus), build_if_missing=False)
    answer = engine.ask("Who did Kishi meet?")
    assert answer.citations and not answer.abstained
    assert list(index.glob(".tmp-*")), "the kills during the write phase left temp folders to clean up"
    report = build_index(corpus, index, DEFAULT_MODEL)  # the next build succeeds and cleans up
    assert report.articles == 6 and current(index).name != before
    assert not list(index.glob(".tmp-*"))
    engine.reload()
    assert engine.index.manifest.articles == 6
    assert "Ruto" in engine.ask("Who did Ruto meet?").answer


# --------------------------------------------------------------------------------------------------- damage
@pytest.fixture(scope="module")
def damaged_copy(seed_index_dir, tmp_path_factory):
    return _copy_index(seed_index_dir, tmp_path_factory.mktemp("damaged") / "index")


def _targets(index: Path) -> list[str]:
    folder = current(index)
    names = sorted(json.loads((folder / MANIFEST).read_text())["files"])
    return [*names, MANIFEST, POINTER]


def _mutate(path: Path, how: str) -> None:
    data = path.read_bytes()
    path.unlink()  # a new inode, whatever links the original had
    if how == "truncate":
        path.write_bytes(data[: len(data) // 2])
    elif how == "flip":
        at = 0 if path.name == POINTER else len(data) // 2
        path.write_bytes(data[:at] + bytes([data[at] ^ 0xFF]) + data[at + 1 :])
    elif how == "empty":
        path.write_bytes(b"")


def test_every_truncated_altered_or_emptied_index_file_is_refused_in_one_sentence(damaged_copy, seed_index_dir):
    index = damaged_copy
    folder = current(index)
    runner = CliRunner()
    cases = 0
    for name in _targets(index):
        path = index / name if name == POINTER else folder / name
        original = path.read_bytes()
        for how in ("truncate", "flip", "empty", "delete"):
            if how == "delete":
                path.unlink()
            else:
                _mutate(path, how)
            try:
                if name == POINTER and how == "delete":  # no pointer: "no index", and the CLI would build one
                    with pytest.raises(IndexUnusable, match="no index"):
                        Index.open(index)
                    continue
                with pytest.raises(IndexUnusable) as err:
                    Index.open(index, model=DEFAULT_MODEL)
                msg = str(err.value)
                _one_sentence(msg)
                shown = {POINTER: POINTER, MANIFEST: "manifest"}.get(name, name)
                assert shown in msg, f"{how} {name}: the sentence does not name it: {msg}"
                result = runner.invoke(cli, ["ask", "Who did Kishi meet?", "--index", str(index)])
                assert result.exit_code == 2 and isinstance(result.exception, SystemExit), (name, how, result.output)
                assert msg in " ".join(result.output.split()) or shown in result.output
                assert "Traceback" not in result.output
            finally:
                path.unlink(missing_ok=True)
                path.write_bytes(original)
                cases += 1
    assert cases >= 4 * 9
    Index.open(index, model=DEFAULT_MODEL).close()  # restored: the copy opens again


@pytest.mark.parametrize("mutation", [{"files": None}, {"files": []}, {"files": {"vectors.faiss": 5}},
                                      {"dim": "384"}, {"chunks": None}, {"model": ["x"]},
                                      {"files": {"../../../etc/passwd": {"bytes": 1, "sha256": "0"}}}])
def test_manifest_with_wrong_field_types_is_refused_not_a_crash(damaged_copy, mutation):
    path = current(damaged_copy) / MANIFEST
    original = path.read_bytes()
    try:
        path.write_text(json.dumps({**json.loads(original), **mutation}))
        with pytest.raises(IndexUnusable, match="damaged") as err:
            Index.open(damaged_copy)
        _one_sentence(str(err.value))
    finally:
        path.write_bytes(original)


@pytest.mark.parametrize("pointer", ["/etc", "..", "../..", "gen-x/../../..", "\x00", "nope", ""])
def test_a_pointer_never_leads_outside_the_index_folder(damaged_copy, pointer):
    path = damaged_copy / POINTER
    original = path.read_bytes()
    try:
        path.write_text(pointer)
        folder = current(damaged_copy)
        assert folder.parent == damaged_copy
        with pytest.raises(IndexUnusable, match="names a missing folder"):
            Index.open(damaged_copy)
    finally:
        path.write_bytes(original)


def test_a_damaged_index_via_the_real_cli_is_one_line_on_stderr(damaged_copy, tmp_path):
    store = current(damaged_copy) / "store.sqlite"
    original = store.read_bytes()
    _mutate(store, "flip")
    try:
        proc = subprocess.run([sys.executable, "-m", "bot", "ask", "Who did Kishi meet?", "--index",
                               str(damaged_copy)], cwd=tmp_path, env=ENV, capture_output=True, text=True, timeout=120)
    finally:
        store.unlink()
        store.write_bytes(original)
    assert proc.returncode == 2, proc.stderr
    assert "store.sqlite" in proc.stderr and "checksum mismatch" in proc.stderr and "whomet index build" in proc.stderr
    assert "Traceback" not in proc.stderr and proc.stderr.strip().count("\n") == 0, proc.stderr


# --------------------------------------------------------------------------------------------------- other model
def test_manifest_from_another_model_or_dimension_is_refused(damaged_copy):
    path = current(damaged_copy) / MANIFEST
    original = path.read_bytes()
    try:
        path.write_text(json.dumps({**json.loads(original), "model": "other-model"}))
        with pytest.raises(IndexUnusable, match="built with model 'other-model'") as err:
            Index.open(damaged_copy, model=DEFAULT_MODEL)
        _one_sentence(str(err.value))
        with pytest.raises(IndexUnusable, match="other-model"):
            Engine(Config(index_dir=damaged_copy, corpus_dir=SEED_CORPUS), build_if_missing=False)
        result = CliRunner().invoke(cli, ["ask", "Who did Kishi meet?", "--index", str(damaged_copy)])
        assert result.exit_code == 2 and "other-model" in result.output and "Traceback" not in result.output
        path.write_bytes(original)
        with pytest.raises(IndexUnusable, match="384-d vectors, the model gives 768-d") as err:
            Index.open(damaged_copy, dim=768)
        _one_sentence(str(err.value))
        path.write_text(json.dumps({**json.loads(original), "dim": 768}))  # lies about its own vectors
        with pytest.raises(IndexUnusable, match="inconsistent"):
            Index.open(damaged_copy)
    finally:
        path.write_bytes(original)


# --------------------------------------------------------------------------------------------------- two builds
def test_two_builds_at_once_the_second_is_refused_and_the_first_completes(seed_index_dir, tmp_path):
    index = _copy_index(seed_index_dir, tmp_path / "index")
    corpus = tmp_path / "corpus"
    shutil.copytree(SEED_CORPUS, corpus)
    (corpus / "new.txt").write_text(NEW_ARTICLE)
    embedding = threading.Event()
    release = threading.Event()

    class HeldEmbedder:  # the real model, held mid-build until the other builds have been turned away
        def __init__(self, model, precision):
            self.inner = default_embedder(model, precision)
            self.name, self.dim = self.inner.name, self.inner.dim

        def encode(self, texts, progress=None):
            embedding.set()
            assert release.wait(120)
            return self.inner.encode(texts, progress)

    results: dict = {}

    def first() -> None:
        try:
            results["report"] = build_index(corpus, index, DEFAULT_MODEL, full=True, embedder_factory=HeldEmbedder)
        except BaseException as exc:  # pragma: no cover - reported below
            results["error"] = exc

    thread = threading.Thread(target=first)
    thread.start()
    try:
        assert embedding.wait(120)
        with pytest.raises(BuildLocked) as err:
            build_index(corpus, index, DEFAULT_MODEL)
        msg = str(err.value)
        assert "another build" in msg and str(index) in msg and "\n" not in msg
        proc = subprocess.run(_build_cmd(corpus, index), cwd=tmp_path, env=ENV, capture_output=True, text=True,
                              timeout=120)
        assert proc.returncode == 2 and "another build" in proc.stderr and "Traceback" not in proc.stderr
        assert proc.stderr.strip().count("\n") == 0, proc.stderr
        assert Index.open(index).manifest.articles == 5  # the old index still serves meanwhile
    finally:
        release.set()
        thread.join(180)
    assert "error" not in results, results.get("error")
    assert results["report"].articles == 6
    idx = Index.open(index, model=DEFAULT_MODEL)
    assert idx.manifest.articles == 6 and idx.store.count() == idx.dense.size
    idx.close()
    assert not list(index.glob(".tmp-*"))

