"""Real news: index all of Reuters-21578, then time warm and cold questions on it."""

from __future__ import annotations

import argparse
import shutil
import time
from pathlib import Path

from benchmarks.common import QUESTIONS, cold_ask, machine_note, pct, table
from benchmarks.reuters import DEFAULT_DIR, write_corpus
from bot.config import DEFAULT_MODEL, Config


def _progress():
    """Print each build stage's progress at every tenth, with the time since the build started."""
    start, last = time.perf_counter(), {}

    def show(stage: str, done: int, total: int) -> None:
        step = max(1, total // 10)
        if done == total or done // step != last.get(stage, -1):
            last[stage] = done // step
            print(f"  {time.perf_counter() - start:7.1f}s {stage} {done}/{total}", flush=True)
    return show


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sgm", type=Path, default=DEFAULT_DIR)
    ap.add_argument("--work", type=Path, default=Path("/tmp/whomet-bench/reuters"))
    ap.add_argument("--limit", type=int, help="only the first N articles")
    ap.add_argument("--precision", default="auto")
    ap.add_argument("--reuse", action="store_true", help="keep an existing index (skip the build)")
    args = ap.parse_args()
    machine_note()
    corpus, index = args.work / "corpus", args.work / "index"
    rows = []
    if not (args.reuse and (index / "CURRENT").exists()):
        shutil.rmtree(args.work, ignore_errors=True)
        t = time.perf_counter()
        n = write_corpus(corpus, args.sgm, args.limit)
        rows.append(["SGML -> JSONL corpus", f"{n} articles", time.perf_counter() - t])
        from bot.index.build import build_index

        t = time.perf_counter()
        report = build_index(corpus, index, DEFAULT_MODEL, args.precision, full=True, progress=_progress())
        total = time.perf_counter() - t
        rows += [[f"build: {stage}", "", sec] for stage, sec in report.seconds.items()]
        rows.append(["build: wall (incl. model load)", f"{report.chunks} chunks", total])
        rows.append(["build throughput", f"{report.chunks / total:.1f} chunks/s", ""])
    from bot.engine import Engine
    from bot.index.reader import describe

    info = describe(index)
    files = info["files"]
    size = info["bytes_on_disk"]
    rows.append(["index", f"{info['articles']} articles, {info['chunks']} chunks, {info['vector_index']}, "
                 f"{info['precision']}", ""])
    rows.append(["index size on disk", f"{size / 1e6:.1f} MB ({size / info['chunks'] / 1024:.2f} KB/chunk)", ""])
    for name in ("embeddings.npy", "vectors.faiss", "store.sqlite", "query_model/model.onnx"):
        rows.append([f"  {name}", f"{files[name]['bytes'] / 1e6:.1f} MB", ""])
    bm25 = sum(r["bytes"] for k, r in files.items() if k.startswith("bm25/"))
    rows.append(["  bm25/", f"{bm25 / 1e6:.1f} MB", ""])
    table("Reuters-21578: build and index", ["step", "result", "seconds"], rows)

    t = time.perf_counter()
    engine = Engine(Config(index_dir=index, corpus_dir=corpus), build_if_missing=False)
    engine.ask(QUESTIONS[0])
    load = time.perf_counter() - t
    warm = []
    for _ in range(5):
        for q in QUESTIONS:
            t = time.perf_counter()
            engine.ask(q)
            warm.append(time.perf_counter() - t)
    cold = [cold_ask(index, q)[0] for q in QUESTIONS[:5]]
    table("Reuters-21578: question latency (ms)", ["path", "n", "p50", "p95", "max"], [
        ["engine load + first answer", 1, load * 1000, load * 1000, load * 1000],
        ["warm Engine.ask", len(warm), pct(warm, 50), pct(warm, 95), max(warm) * 1000],
        ["cold `whomet ask --json` (process)", len(cold), pct(cold, 50), pct(cold, 95), max(cold) * 1000],
    ])
    _, out = cold_ask(index, QUESTIONS[0])
    print("sample answer:", out[:300].replace("\n", " "))


if __name__ == "__main__":
    main()
