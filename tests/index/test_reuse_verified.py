"""An incremental build reuses only a previous generation that matches its manifest: damage is never copied forward."""

from __future__ import annotations

import json
import logging
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from bot.config import DEFAULT_MODEL, Config
from bot.engine import Engine
from bot.index.build import build_index
from bot.index.generations import current
from bot.index.manifest import IndexUnusable, Manifest, file_record, verify_files
from bot.index.reader import Index
from tests.conftest import ROOT, SEED_CORPUS
from tests.hash_embedder import HashEmbedder

QUESTION = "Who did Nobuo Kishi meet?"


def _build(corpus: Path, index: Path, full: bool = False):
    return build_index(corpus, index, DEFAULT_MODEL, "fp32", full=full, embedder_factory=HashEmbedder)


def _snapshot(index_dir: Path) -> dict:
    """Everything an answer is made of, and the answer itself."""
    ix = Index.open(index_dir)
    try:
        state = {
            "chunks": [(c.chunk_id, c.doc_id, c.start, c.end, c.text, c.content_hash) for c in ix.store.all_chunks()],
            "articles": sorted((a.doc_id, a.text, a.content_hash) for a in ix.store.articles.values()),
            "emb": ix.embeddings().tobytes(),
            "meetings": (ix.folder / "meetings.json").read_text(encoding="utf-8"),
        }
    finally:
        ix.close()
    engine = Engine(Config(index_dir=index_dir, corpus_dir=SEED_CORPUS), build_if_missing=False)
    answer = engine.ask(QUESTION).to_json()
    answer.pop("timings_ms")
    state["answer"] = json.dumps(answer, ensure_ascii=False)
    return state


def _negate_first_vector(folder: Path) -> None:
    matrix = np.load(folder / "embeddings.npy")
    matrix[0] = -matrix[0]
    np.save(folder / "embeddings.npy", matrix)


def _misspell_in_events(folder: Path) -> None:
    path = folder / "meeting_events.json"
    text = path.read_text(encoding="utf-8")
    assert "Kishi" in text
    path.write_text(text.replace("Kishi", "Kxshi"), encoding="utf-8")


def _misspell_in_chunk_text(folder: Path) -> None:
    con = sqlite3.connect(folder / "store.sqlite")
    try:
        changed = con.execute("UPDATE chunks SET text = replace(text, 'Kishi', 'Kxshi') WHERE text LIKE '%Kishi%'")
        assert changed.rowcount > 0
        con.commit()
    finally:
        con.close()


def _files_mentioning(folder: Path, needle: bytes) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")
                  if p.is_file() and "query_model" not in p.parts and needle in p.read_bytes())


@pytest.fixture(scope="module")
def clean(tmp_path_factory) -> dict:
    """A clean build of the seed corpus: what every rebuild must equal."""
    work = tmp_path_factory.mktemp("clean")
    corpus = work / "corpus"
    shutil.copytree(SEED_CORPUS, corpus)
    _build(corpus, work / "index", full=True)
    return _snapshot(work / "index")


@pytest.mark.parametrize(("damage", "name"), [
    (_negate_first_vector, "embeddings.npy"),
    (_misspell_in_events, "meeting_events.json"),
    (_misspell_in_chunk_text, "store.sqlite"),
])
def test_a_rebuild_after_damage_equals_a_clean_build_and_says_what_failed(
        clean, tmp_path, caplog, damage: Callable[[Path], None], name: str):
    corpus = tmp_path / "corpus"
    shutil.copytree(SEED_CORPUS, corpus)
    index = tmp_path / "index"
    _build(corpus, index)
    damaged = current(index)
    damage(damaged)
    with pytest.raises(IndexUnusable, match=name):  # `ask` refuses the damaged generation
        Index.open(index)
    with caplog.at_level(logging.WARNING, logger="bot"):
        report = _build(corpus, index)
    warnings = [r.getMessage() for r in caplog.records if "fails verification" in r.getMessage()]
    assert len(warnings) == 1 and name in warnings[0] and str(damaged) in warnings[0], caplog.text
    assert report.reused == 0 and report.embedded == report.chunks
    assert current(index) != damaged
    assert _snapshot(index) == clean
    assert _files_mentioning(current(index), b"Kxshi") == []


def test_an_undamaged_generation_is_still_reused_without_warnings(tmp_path, caplog):
    corpus = tmp_path / "corpus"
    shutil.copytree(SEED_CORPUS, corpus)
    first = _build(corpus, tmp_path / "index")
    with caplog.at_level(logging.WARNING, logger="bot"):
        again = _build(corpus, tmp_path / "index")
    assert again.reused == first.chunks and again.embedded == 0
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING], caplog.text


def test_verify_files_names_the_first_file_that_does_not_match(tmp_path):
    (tmp_path / "a.bin").write_bytes(b"alpha")
    (tmp_path / "b.bin").write_bytes(b"beta")
    manifest = Manifest(model="m", dim=1, vector_index="flat", corpus_fingerprint="", articles=0, chunks=0,
                        created_at="", files={"a.bin": file_record(tmp_path / "a.bin"),
                                              "b.bin": file_record(tmp_path / "b.bin")})
    assert verify_files(tmp_path, manifest, ["a.bin", "b.bin", "never-written.json"]) is None
    (tmp_path / "b.bin").write_bytes(b"bexa")  # same size, other bytes
    assert verify_files(tmp_path, manifest, ["a.bin", "b.bin"]) == "b.bin is damaged (checksum mismatch)"
    (tmp_path / "a.bin").unlink()
    assert verify_files(tmp_path, manifest, ["a.bin", "b.bin"]) == "a.bin is missing"
    (tmp_path / "late.json").write_text("{}")  # written after the manifest: nothing vouches for it
    assert verify_files(tmp_path, manifest, ["late.json"]) == "late.json is not recorded in the manifest"


@pytest.mark.slow
def test_cli_rebuild_after_damaged_chunk_text_never_quotes_it(tmp_path):
    """The reported case end to end: `ask` refuses, `index build` exits 0 and warns, `ask` quotes the article."""
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    shutil.copytree(SEED_CORPUS, corpus)

    def whomet(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "bot", *args, "--index", str(index)], cwd=ROOT,
                              capture_output=True, text=True, timeout=600)

    built = whomet("index", "build", "--corpus", str(corpus))
    assert built.returncode == 0, built.stderr[-2000:]
    _misspell_in_chunk_text(current(index))
    refused = whomet("ask", QUESTION)
    assert refused.returncode == 2 and "store.sqlite" in refused.stderr
    rebuilt = whomet("index", "build", "--corpus", str(corpus), "--json")
    assert rebuilt.returncode == 0, rebuilt.stderr[-2000:]
    assert "fails verification (store.sqlite is damaged" in rebuilt.stderr
    assert json.loads(rebuilt.stdout)["reused"] == 0
    answered = whomet("ask", QUESTION, "--json")
    assert answered.returncode == 0, answered.stderr[-2000:]
    assert "Kishi" in answered.stdout and "Kxshi" not in answered.stdout
    assert _files_mentioning(current(index), b"Kxshi") == []
