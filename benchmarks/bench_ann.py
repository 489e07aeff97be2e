"""ANN vs exact search: recall@10, latency and memory per vector at 100k and 1M, synthetic and Reuters-derived."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

from benchmarks.common import machine_note, pct, table


def synthetic(n: int, dim: int = 384, clusters: int = 2000, seed: int = 0) -> np.ndarray:
    """Clustered unit vectors: cluster centres plus spread noise."""
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((clusters, dim), dtype=np.float32)
    out = np.empty((n, dim), dtype=np.float32)
    for s in range(0, n, 100_000):
        m = min(100_000, n - s)
        out[s : s + m] = centres[rng.integers(0, clusters, m)] + 0.9 * rng.standard_normal((m, dim), dtype=np.float32)
    return out / np.linalg.norm(out, axis=1, keepdims=True)


def real_derived(base: np.ndarray, n: int, noise: float = 0.6, seed: int = 1) -> np.ndarray:
    """Real chunk vectors, each copy moved by isotropic noise of norm `noise` (cosine to its source ~0.86)."""
    rng = np.random.default_rng(seed)
    out = np.empty((n, base.shape[1]), dtype=np.float32)
    for s in range(0, n, 100_000):
        m = min(100_000, n - s)
        jitter = rng.standard_normal((m, base.shape[1]), dtype=np.float32) * (noise / np.sqrt(base.shape[1]))
        out[s : s + m] = base[rng.integers(0, len(base), m)] + jitter
    return out / np.linalg.norm(out, axis=1, keepdims=True)


def evaluate(name: str, data: np.ndarray, queries: np.ndarray, kinds: list[str], nprobes: list[int]) -> list[list]:
    import faiss

    from bot.index import vectors
    faiss.omp_set_num_threads(1)
    t = time.perf_counter()
    flat = vectors.build_faiss(data, "flat")
    rows = []
    lat, truth = [], []
    for q in queries:
        t = time.perf_counter()
        truth.append(vectors.search(flat, q, 10)[0])
        lat.append(time.perf_counter() - t)
    rows.append([name, len(data), "flat (exact)", "", 1.0, pct(lat, 50), pct(lat, 95), _kb(flat, len(data))])
    del flat
    for kind in kinds:
        faiss.omp_set_num_threads(2)  # building may use both cores; searching uses one, as the bot does
        t = time.perf_counter()
        index = vectors.build_faiss(data, kind)
        build = time.perf_counter() - t
        faiss.omp_set_num_threads(1)
        if kind == "hnsw":
            variants = [(f"hnsw M=32 efSearch={index.hnsw.efSearch}", index, None)]
        else:
            ivf = faiss.extract_index_ivf(index)
            default = ivf.nprobe
            variants = [(f"ivf-sq8 alone nlist={ivf.nlist} nprobe={default}", index.base_index, default)]
            variants += [(f"ivf-sq8 + fp16 re-rank, nprobe={p}" + (" (default)" if p == default else ""), index, p)
                         for p in sorted(set(nprobes) | {default})]
        for label, target, nprobe in variants:
            if nprobe is not None:
                ivf.nprobe = nprobe
            lat, recall = [], []
            for q, want in zip(queries, truth, strict=True):
                t = time.perf_counter()
                got = vectors.search(target, q, 10)[0]
                lat.append(time.perf_counter() - t)
                recall.append(len(set(got) & set(want)) / len(want))
            rows.append([name, len(data), label, build, float(np.mean(recall)), pct(lat, 50), pct(lat, 95),
                         _kb(target, len(data))])
            build = ""
        del index
    return rows


def _kb(index, n: int) -> float:
    import faiss

    return len(faiss.serialize_index(index)) / n / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sizes", default="100000,1000000")
    ap.add_argument("--real", type=Path, default=Path("/tmp/whomet-bench/reuters/index"),
                    help="an index whose embeddings.npy seeds the Reuters-derived set")
    ap.add_argument("--queries", type=int, default=300)
    ap.add_argument("--hnsw-max", type=int, default=200_000, help="HNSW only up to this size (slow to build)")
    ap.add_argument("--nprobe", default="8,16,32,64")
    args = ap.parse_args()
    machine_note()
    nprobes = [int(x) for x in args.nprobe.split(",")]
    base = None
    if (args.real / "CURRENT").exists():
        folder = args.real / (args.real / "CURRENT").read_text().strip()
        base = np.load(folder / "embeddings.npy").astype(np.float32)
    rows = []
    for n in (int(s) for s in args.sizes.split(",")):
        kinds = ["ivf", "hnsw"] if n <= args.hnsw_max else ["ivf"]
        sets = [("synthetic clustered", synthetic(n + args.queries))]
        if base is not None:
            sets.append((f"Reuters-derived ({len(base)} real)", real_derived(base, n + args.queries)))
        for name, data in sets:
            rows += evaluate(name, data[args.queries :], data[: args.queries], kinds, nprobes)
            table(f"ANN at {n} vectors (so far)", HEADER, rows)
    table("ANN vs exact search, one query at a time, 1 thread", HEADER, rows)


HEADER = ["vectors", "n", "index", "build s", "recall@10", "p50 ms", "p95 ms", "KB/vector"]

if __name__ == "__main__":
    main()
