"""Which hybrid fusion matches the local backend: Qdrant's RRF, or whomet's RRF over Qdrant's dense and BM25 lists.

Loads a local-backend index (FAISS + BM25 files), copies its vectors, chunk texts, BM25 sparse vectors and article
metadata into a Qdrant collection (qdrant-client local mode in memory), then for every question compares:
the dense lists (FAISS vs Qdrant), the BM25 lists (local files vs Qdrant sparse + IDF), and the fused top-k of
whomet's retriever fusion on the local lists against (a) Qdrant's RRF (prefetch dense + sparse) and (b) whomet's RRF
over the two Qdrant lists. Questions: benchmarks.common.QUESTIONS plus article titles of the index (not ours).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

from benchmarks.bench_qdrant import memory_client
from benchmarks.common import QUESTIONS, machine_note, pct, table


def fuse(lists: list[np.ndarray], k: int) -> list[int]:
    """bot.search.retriever's fusion step: 1 / (RRF_K + rank) summed, ties by row."""
    from bot.search.retriever import RRF_K

    fused: dict[int, float] = {}
    for rows in lists:
        for rank, row in enumerate(rows.tolist()):
            fused[row] = fused.get(row, 0.0) + 1.0 / (RRF_K + rank + 1)
    return sorted(fused, key=lambda r: (-fused[r], r))[:k]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--index", type=Path, required=True, help="a local-backend index folder")
    parser.add_argument("--titles", type=int, default=200, help="article titles used as extra questions")
    parser.add_argument("--pool", type=int, default=50, help="the retriever's pool per list")
    parser.add_argument("--k", type=int, default=20, help="fused rows compared (the retriever keeps max(4k, 20))")
    args = parser.parse_args()

    from bot.config import Config
    from bot.engine import Engine
    from bot.index import qdrant, qdrant_payload, sparse_bm25
    from bot.index.lexical import top_rows

    note = machine_note()
    engine = Engine(Config(index_dir=args.index), build_if_missing=False)
    index = engine.index
    chunks = index.store.all_chunks()
    articles = list(index.store.articles.values())
    titles = sorted({a.title for a in articles if a.title and len(a.title.split()) >= 3})
    questions = QUESTIONS + titles[:: max(1, len(titles) // args.titles)][: args.titles]
    t = time.perf_counter()
    matrix = np.load(index.folder / "embeddings.npy").astype(np.float32)
    collection = qdrant.QdrantIndex.create(memory_client(), "fusion", matrix, qdrant_payload.payloads(chunks, articles),
                                           sparse_bm25.document_vectors([c.text for c in chunks]))
    load = time.perf_counter() - t
    same = {"dense": 0, "bm25": 0, "qdrant RRF": 0, "whomet RRF on Qdrant lists": 0}
    overlap = {"qdrant RRF": [], "whomet RRF on Qdrant lists": []}
    dense_sets, dense_diff = 0, 0.0
    bm25_diff, lat = 0.0, {"local lists": [], "qdrant two lists": [], "qdrant RRF": []}
    for q in questions:
        qvec = engine._embed([q])[0]
        t = time.perf_counter()
        d_local, d_scores = index.dense.search(qvec, args.pool)
        l_local, l_scores = top_rows(index.lexical.scores(q), args.pool)
        want = fuse([d_local, l_local], args.k)
        lat["local lists"].append(time.perf_counter() - t)
        t = time.perf_counter()
        d_q, dq_scores = collection.search(qvec, args.pool)
        l_q, lq_scores = collection.sparse_search(q, args.pool)
        mine = fuse([d_q, l_q], args.k)
        lat["qdrant two lists"].append(time.perf_counter() - t)
        t = time.perf_counter()
        theirs = collection.hybrid_search(qvec, q, args.k, pool=args.pool)[0].tolist()
        lat["qdrant RRF"].append(time.perf_counter() - t)
        same["dense"] += d_q.tolist() == d_local.tolist()
        dense_sets += set(d_q.tolist()) == set(d_local.tolist())
        dense_diff = max(dense_diff, float(np.abs(dq_scores - d_scores).max()))
        same["bm25"] += l_q.tolist() == l_local.tolist()
        if len(lq_scores) == len(l_scores) and len(l_scores):
            bm25_diff = max(bm25_diff, float(np.abs(lq_scores - l_scores).max() / max(l_scores.max(), 1e-9)))
        for name, got in (("qdrant RRF", theirs), ("whomet RRF on Qdrant lists", mine)):
            same[name] += got == want
            overlap[name].append(len(set(got) & set(want)) / max(1, len(want)))
    n = len(questions)
    rows = [[f"{name} list == local", f"{count}/{n}", count / n,
             float(np.mean(overlap[name])) if name in overlap else "-"] for name, count in same.items()]
    table(f"Fusion vs the local backend ({len(chunks)} chunks, {n} questions, pool {args.pool}, top {args.k} "
          f"compared; load into Qdrant {load:.1f} s)", ["ranking", "identical", "rate", f"mean overlap@{args.k}"],
          rows)
    print(f"dense top-{args.pool} sets identical: {dense_sets}/{n}; largest cosine difference at a rank "
          f"(FAISS vs Qdrant): {dense_diff:.1e}")
    print(f"largest BM25 score difference (Qdrant sparse vs local, relative to the top score): {bm25_diff:.2e}")
    table("Latency of the fusion inputs (ms)", ["path", "p50", "p95"],
          [[name, pct(v, 50), pct(v, 95)] for name, v in lat.items()])
    print(note)
    engine.close()


if __name__ == "__main__":
    main()
