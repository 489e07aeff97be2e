"""FAISS dense index: exact inner product while small, an ANN index chosen by size above a threshold."""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

ANN_THRESHOLD = 200_000  # below this many vectors exact search is fast enough (~12 ms at 200k, one thread)


def choose_kind(n: int, requested: str = "auto") -> str:
    if requested != "auto":
        return requested
    return "flat" if n < ANN_THRESHOLD else "hnsw"


def build_faiss(vectors: np.ndarray, kind: str):
    """An index over L2-normalised vectors; inner product = cosine."""
    import faiss

    n, dim = vectors.shape
    if kind == "flat":
        index = faiss.IndexFlatIP(dim)
    elif kind == "hnsw":
        index = faiss.IndexHNSWFlat(dim, 32, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = 80
        index.hnsw.efSearch = 96
    elif kind == "ivf":
        nlist = max(1, min(4096, int(4 * np.sqrt(max(n, 1)))))
        quantizer = faiss.IndexFlatIP(dim)
        index = faiss.IndexIVFScalarQuantizer(quantizer, dim, nlist, faiss.ScalarQuantizer.QT_8bit,
                                              faiss.METRIC_INNER_PRODUCT)
        index.train(vectors[np.random.default_rng(0).permutation(n)[: max(nlist * 40, 10_000)]])
        index.nprobe = 16
    else:
        raise ValueError(f"unknown vector index kind {kind!r} (flat, hnsw, ivf)")
    if n:
        index.add(np.ascontiguousarray(vectors, dtype=np.float32))
    return index


def write_faiss(index, path: Path) -> None:
    import faiss

    faiss.write_index(index, str(path))


def read_faiss(path: Path):
    import faiss

    faiss.omp_set_num_threads(1)  # one query at a time: a single thread is ~2.5x faster than two
    return faiss.read_index(str(path))


def search(index, query: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    if index.ntotal == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
    scores, rows = index.search(np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32), min(k, index.ntotal))
    keep = rows[0] >= 0
    return rows[0][keep].astype(np.int64), scores[0][keep]
