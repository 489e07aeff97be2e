"""FAISS dense index: exact inner product while small, an ANN index chosen by size above a threshold."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Protocol

import numpy as np

log = logging.getLogger(__name__)

# Below this many vectors exact search is fast enough (~6 ms at 100k, one thread); above it IVF. Measured in
# benchmarks/bench_ann.py: IVF-SQ8 alone plateaus near recall@10 0.98 (8-bit codes), so "ivf" re-ranks its top
# 4k with fp16 vectors; it builds ~7x faster than HNSW and takes ~1.2 KB a vector against HNSW's ~1.8 KB.
ANN_THRESHOLD = 100_000
KINDS = ("flat", "hnsw", "ivf")


class VectorIndex(Protocol):
    """Dense vectors numbered 0..size-1 (the chunk store's row numbers); inner product over unit vectors."""

    kind: str
    dim: int

    @property
    def size(self) -> int: ...

    def search(self, query: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """(rows, scores) of the k nearest rows to one query vector, best first."""
        ...

    def add(self, vectors: np.ndarray) -> None:
        """Append rows size..size+n-1."""
        ...

    def remove(self, rows: np.ndarray) -> None:
        """Drop these rows; the later rows are renumbered down, as the chunk store's are."""
        ...

    def save(self, path: Path) -> None: ...


class FaissIndex:
    """The local VectorIndex: a FAISS index of the kind chosen by size (flat, hnsw or ivf)."""

    def __init__(self, index, kind: str) -> None:
        self.index, self.kind = index, kind

    @classmethod
    def build(cls, vectors: np.ndarray, kind: str) -> FaissIndex:
        return cls(build_faiss(np.asarray(vectors, dtype=np.float32), kind), kind)

    @classmethod
    def load(cls, path: Path, kind: str) -> FaissIndex:
        return cls(read_faiss(path), kind)

    @property
    def dim(self) -> int:
        return int(self.index.d)

    @property
    def size(self) -> int:
        return int(self.index.ntotal)

    def search(self, query: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        return search(self.index, query, k)

    def add(self, vectors: np.ndarray) -> None:
        if self.kind == "ivf" and not self.index.is_trained:
            self.index = build_faiss(np.asarray(vectors, dtype=np.float32), self.kind)
            return
        self.index.add(np.ascontiguousarray(vectors, dtype=np.float32))

    def remove(self, rows: np.ndarray) -> None:
        """Rebuilt from the kept rows: HNSW cannot delete in place, and renumbering must match every kind."""
        drop = set(np.asarray(rows, dtype=np.int64).tolist())
        keep = [r for r in range(self.size) if r not in drop]
        kept = self.index.reconstruct_batch(np.asarray(keep, dtype=np.int64)) if keep else np.zeros((0, self.dim))
        self.index = build_faiss(np.asarray(kept, dtype=np.float32).reshape(len(keep), self.dim), self.kind)

    def save(self, path: Path) -> None:
        write_faiss(self.index, path)


def choose_kind(n: int, requested: str = "auto") -> str:
    """`requested` is the config's [index] ann; "auto" picks by size. The choice is recorded in the manifest."""
    if requested != "auto":
        if requested not in KINDS:
            raise ValueError(f"unknown vector index kind {requested!r} (auto, {', '.join(KINDS)})")
        return requested
    return "flat" if n < ANN_THRESHOLD else "ivf"


def ivf_params(n: int) -> tuple[int, int]:
    """(nlist, nprobe): ~4 sqrt(n) lists, probing ~1/128 of them (at least 16)."""
    nlist = max(1, min(16_384, int(4 * np.sqrt(max(n, 1))), n // 39))  # k-means wants >= 39 points a list
    return nlist, min(nlist, max(16, nlist // 128))


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
        nlist, nprobe = ivf_params(n)
        ivf = faiss.IndexIVFScalarQuantizer(faiss.IndexFlatIP(dim), dim, nlist, faiss.ScalarQuantizer.QT_8bit,
                                            faiss.METRIC_INNER_PRODUCT)
        index = faiss.IndexRefine(ivf, faiss.IndexScalarQuantizer(dim, faiss.ScalarQuantizer.QT_fp16,
                                                                  faiss.METRIC_INNER_PRODUCT))
        if n:
            sample = vectors[np.random.default_rng(0).permutation(n)[: max(nlist * 40, 10_000)]]
            index.train(np.ascontiguousarray(sample, dtype=np.float32))
        ivf.nprobe, index.k_factor = nprobe, 4.0
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
    if index.ntotal == 0 or k <= 0:  # FAISS asserts k > 0
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
    scores, rows = index.search(np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32), min(k, index.ntotal))
    keep = rows[0] >= 0
    return rows[0][keep].astype(np.int64), scores[0][keep]
