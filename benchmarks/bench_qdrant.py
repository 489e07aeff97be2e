"""Qdrant (qdrant-client local mode, on disk) next to FAISS flat: build, open, search latency, recall, disk."""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

import numpy as np

from benchmarks.bench_ann import synthetic
from benchmarks.common import dir_bytes, machine_note, pct, table


def memory_client():
    """qdrant-client's in-process mode without persistence: the same search code, no SQLite writes."""
    import threading

    from qdrant_client import QdrantClient

    from bot.index import qdrant

    return qdrant.Client(QdrantClient(location=":memory:"), ":memory:", threading.RLock())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=10_000, help="chunks (vectors)")
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--k", type=int, default=50, help="neighbours a search asks for (the retriever's pool)")
    parser.add_argument("--memory-only", action="store_true",
                        help="skip local mode on disk (its SQLite writes take ~9 s per 1,000 vectors)")
    args = parser.parse_args()

    from bot.config import QdrantSettings
    from bot.index import qdrant, vectors

    note = machine_note()
    data = synthetic(args.n + args.queries, clusters=max(10, args.n // 50))
    queries, data = data[: args.queries], data[args.queries :]
    payloads = [{"doc_id": f"doc-{i // 4}.txt", "date": "1987-03-02", "text": "x" * 600} for i in range(args.n)]
    work = Path(tempfile.mkdtemp(prefix="bench-qdrant-"))
    rows = []
    try:
        t = time.perf_counter()
        flat = vectors.FaissIndex.build(data, "flat")
        flat.save(work / "vectors.faiss")
        faiss_build = time.perf_counter() - t
        t = time.perf_counter()
        flat = vectors.FaissIndex.load(work / "vectors.faiss", "flat")
        faiss_open = time.perf_counter() - t
        truth, lat = [], []
        for q in queries:
            t = time.perf_counter()
            truth.append(flat.search(q, args.k)[0])
            lat.append(time.perf_counter() - t)
        rows.append(["FAISS flat (file)", args.n, faiss_build, faiss_open, pct(lat, 50), pct(lat, 95), 1.0,
                     (work / "vectors.faiss").stat().st_size / 2**20])

        modes = (("Qdrant local :memory: + payloads", False), ("Qdrant local path + payloads", True))
        for label, on_disk in modes[:1] if args.memory_only else modes:
            settings = QdrantSettings(path=work / "qdrant")
            client = qdrant.connect(settings) if on_disk else memory_client()
            t = time.perf_counter()
            index = qdrant.QdrantIndex.create(client, "bench", data, payloads)
            index.save(work / "ref.json")
            build = time.perf_counter() - t
            opened = float("nan")
            if on_disk:  # open as a fresh process would: local mode reads the whole collection into memory
                qdrant.close_clients()
                t = time.perf_counter()
                index = qdrant.QdrantIndex.load(work / "ref.json", qdrant.connect(settings))
                opened = time.perf_counter() - t
            lat, recall = [], []
            for q, exact in zip(queries, truth, strict=True):
                t = time.perf_counter()
                found = index.search(q, args.k)[0]
                lat.append(time.perf_counter() - t)
                recall.append(len(set(found[:10]) & set(exact[:10])) / 10)
            rows.append([label, args.n, build, opened, pct(lat, 50), pct(lat, 95), float(np.mean(recall)),
                         dir_bytes(settings.path) / 2**20 if on_disk else float("nan")])
            qdrant.close_clients()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    table(f"bench_qdrant: {args.n} x 384-d synthetic clustered vectors, k={args.k}, {args.queries} queries "
          f"({note})",
          ["backend", "vectors", "build s", "open s", "p50 ms", "p95 ms", "recall@10", "disk MB"], rows)


if __name__ == "__main__":
    main()
