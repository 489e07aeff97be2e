"""Vector index choice by size, config override, and the IVF index: saved, reloaded and close to exact search."""

from __future__ import annotations

import numpy as np
import pytest

from bot.index import vectors


def test_kind_by_size_and_override():
    assert vectors.choose_kind(10) == "flat"
    assert vectors.choose_kind(vectors.ANN_THRESHOLD - 1) == "flat"
    assert vectors.choose_kind(vectors.ANN_THRESHOLD) == "ivf"
    assert vectors.choose_kind(10, "hnsw") == "hnsw" and vectors.choose_kind(10**7, "flat") == "flat"
    with pytest.raises(ValueError, match="unknown vector index kind"):
        vectors.choose_kind(10, "annoy")


@pytest.mark.parametrize("kind", ["ivf", "hnsw"])
def test_ann_index_round_trips_and_finds_exact_neighbours(kind, tmp_path):
    rng = np.random.default_rng(0)
    centres = rng.standard_normal((50, 64)).astype(np.float32)
    data = centres[rng.integers(0, 50, 12_000)] + 0.3 * rng.standard_normal((12_000, 64)).astype(np.float32)
    data /= np.linalg.norm(data, axis=1, keepdims=True)
    queries, data = data[:50], data[50:]
    vectors.write_faiss(vectors.build_faiss(data, kind), tmp_path / "v.faiss")
    index = vectors.read_faiss(tmp_path / "v.faiss")
    exact = vectors.build_faiss(data, "flat")
    recall = np.mean([len(set(vectors.search(index, q, 10)[0]) & set(vectors.search(exact, q, 10)[0])) / 10
                      for q in queries])
    assert index.ntotal == len(data) and recall >= 0.95
    rows, scores = vectors.search(index, queries[0], 5)
    assert len(rows) == 5 and np.all(np.diff(scores) <= 1e-6)  # best first


def test_ivf_recorded_in_manifest_when_configured(tmp_path):
    from bot.config import DEFAULT_MODEL
    from bot.index.build import build_index
    from bot.index.reader import Index

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(3):
        (corpus / f"{i}.txt").write_text(f"Trade ministers met in city number {i} to discuss tariffs.\n")
    build_index(corpus, tmp_path / "ix", DEFAULT_MODEL, ann="ivf")
    ix = Index.open(tmp_path / "ix")
    assert ix.manifest.vector_index == "ivf" and ix.dense.size == 3


@pytest.mark.parametrize("kind", ["flat", "hnsw", "ivf"])
def test_faiss_vector_index_searches_adds_removes_and_round_trips(kind, tmp_path):
    rng = np.random.default_rng(1)
    data = rng.standard_normal((400, 32)).astype(np.float32)
    data /= np.linalg.norm(data, axis=1, keepdims=True)
    index: vectors.VectorIndex = vectors.FaissIndex.build(data[:300], kind)
    assert (index.size, index.dim, index.kind) == (300, 32, kind)
    index.add(data[300:])
    assert index.size == 400
    rows, scores = index.search(data[350], 3)
    assert rows[0] == 350 and scores[0] == pytest.approx(1.0, abs=1e-2)
    index.remove(np.array([0, 350]))  # later rows move down, as the chunk store's rows do
    assert index.size == 398
    assert index.search(data[351], 1)[0][0] == 349
    assert index.search(data[350], 1)[1][0] < 0.9  # the removed vector is gone
    index.save(tmp_path / "v.faiss")
    again = vectors.FaissIndex.load(tmp_path / "v.faiss", kind)
    assert again.size == 398 and again.search(data[5], 1)[0][0] == 4
