"""Per-chunk figures for benchmarks/SCALE.md: embedding local vs on Ray (same chunks), Ray's start, BM25/payload size.

The chunks are the first --n chunk texts of a built index (e.g. Reuters-21578 from benchmarks/bench_reuters.py).
Local: the embedder a bulk build uses (bot.embed.factory.default_embedder), all cores. Ray: a local cluster with
--cpus CPUs, one actor per CPU (one torch thread each), each loading the model once (bot.embed.ray_embed).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np

from benchmarks.common import machine_note, table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--index", type=Path, required=True, help="a built index folder (its chunks are embedded)")
    parser.add_argument("--n", type=int, default=1024, help="chunks embedded by each side")
    parser.add_argument("--cpus", type=int, default=2, help="CPUs of the local Ray cluster")
    args = parser.parse_args()

    from bot.config import DEFAULT_MODEL
    from bot.embed.factory import default_embedder
    from bot.embed.ray_embed import RayEmbedder
    from bot.index import qdrant_payload, sparse_bm25
    from bot.index.reader import Index

    note = machine_note()
    index = Index.open(args.index)
    every = index.store.all_chunks()
    texts = [c.text for c in every[: args.n]]
    sparse = sparse_bm25.document_vectors([c.text for c in every])
    payloads = qdrant_payload.payloads(every, list(index.store.articles.values()))
    index.close()

    rows = []
    t = time.perf_counter()
    local = default_embedder(DEFAULT_MODEL, "fp32")
    load = time.perf_counter() - t
    t = time.perf_counter()
    want = local.encode(texts)
    local_s = time.perf_counter() - t
    rows.append(["local (torch, all cores)", f"{load:.1f} s model load", local_s, len(texts) / local_s])

    t = time.perf_counter()
    ray = RayEmbedder(DEFAULT_MODEL, "fp32", cpus=args.cpus)
    start = time.perf_counter() - t
    try:
        runs = []
        for label in ("Ray 1st encode (actors load the model)", "Ray 2nd encode (a new actor pool)"):
            t = time.perf_counter()
            got = ray.encode(texts)
            runs.append(time.perf_counter() - t)
            rows.append([label, f"{ray.actors} actors", runs[-1], len(texts) / runs[-1]])
        t = time.perf_counter()
        ray.encode(texts[:8])
        overhead = time.perf_counter() - t
    finally:
        ray.close()
    cosine = float((got * want).sum(1).min())
    rows.insert(1, [f"Ray start (local cluster, {args.cpus} CPUs)", "", start, float("nan")])
    rows.append(["Ray encode of 8 chunks (fixed cost a job)", "", overhead, float("nan")])
    table(f"Embedding {len(texts)} chunks: local vs Ray ({note}); min cosine Ray vs local {cosine:.6f}",
          ["path", "note", "seconds", "chunks/s"], rows)
    print(f"Ray / local time ratio (2nd encode): {runs[1] / local_s:.2f}")

    nnz = np.array([len(s.indices) for s in sparse])
    payload_bytes = np.array([len(json.dumps(p, ensure_ascii=False).encode()) for p in payloads])
    text_bytes = np.array([len(c.text.encode()) for c in every])
    table(f"Per-chunk sizes over all {len(every)} chunks of {args.index}", ["quantity", "mean", "p95"], [
        ["BM25 sparse terms a chunk", float(nnz.mean()), float(np.percentile(nnz, 95))],
        ["sparse vector bytes (4 B id + 4 B weight a term)", float(nnz.mean() * 8), float(np.percentile(nnz, 95) * 8)],
        ["payload JSON bytes (doc_id, title, date, day, text)", float(payload_bytes.mean()),
         float(np.percentile(payload_bytes, 95))],
        ["chunk text bytes (UTF-8)", float(text_bytes.mean()), float(np.percentile(text_bytes, 95))],
        ["dense vector bytes (384 x float32)", 1536.0, 1536.0],
    ])


if __name__ == "__main__":
    main()
