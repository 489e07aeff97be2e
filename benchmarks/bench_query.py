"""Question latency: cold `whomet ask` processes and warm Engine.ask (also the passages answer alone, which embeds
the candidate sentences), with the stages of one question."""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from benchmarks.common import QUESTIONS, cold_ask, machine_note, pct, table
from benchmarks.reuters import DEFAULT_DIR, write_corpus
from bot.answer.selection import EMBEDDED
from bot.config import DEFAULT_MODEL, Config


def ensure_index(work: Path, articles: int, precision: str) -> Path:
    index = work / "index"
    if (index / "CURRENT").exists():
        return index
    shutil.rmtree(work, ignore_errors=True)
    write_corpus(work / "corpus", DEFAULT_DIR, articles)
    # In its own process: a small build embeds in-process with torch, and this process must stay torch-free.
    code = ("import sys; from pathlib import Path; from bot.index.build import build_index; "
            "build_index(Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], sys.argv[4], full=True)")
    subprocess.run([sys.executable, "-c", code, str(work / "corpus"), str(index), DEFAULT_MODEL, precision],
                   check=True)
    return index


def _passages_answer(index: Path, rounds: int) -> tuple[list[float], list[float]]:
    """Warm questions answered by the passages answer alone (no meeting events), which embeds the best candidate
    sentences of the top passages; and the time of scoring the candidates (features and that batch) by itself."""
    from bot.answer.question import ask_for
    from bot.answer.selection import default_scorer, scores, sentence_rows
    from bot.engine import Engine

    engine = Engine(Config(index_dir=index, use_meetings=False), build_if_missing=False)
    engine.ask(QUESTIONS[0])
    total, sentences = [], []
    for _ in range(rounds):
        for q in QUESTIONS:
            t0 = time.perf_counter()
            engine.ask(q)
            total.append(time.perf_counter() - t0)
            asked = ask_for(q, q)
            hits = engine.retriever.search(q, k=engine.config.k, names=asked.names)  # leaves q's vector remembered
            t1 = time.perf_counter()
            scores(asked, sentence_rows(hits), hits, default_scorer(), engine._embed)
            sentences.append(time.perf_counter() - t1)
    engine.close()
    return total, sentences


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--index", type=Path, help="an existing index (default: build one of --articles Reuters)")
    ap.add_argument("--articles", type=int, default=5000, help="Reuters articles (~2 chunks each -> ~10k chunks)")
    ap.add_argument("--precision", default="auto")
    ap.add_argument("--work", type=Path, default=Path("/tmp/whomet-bench/query"))
    ap.add_argument("--cold", type=int, default=10)
    ap.add_argument("--rounds", type=int, default=10)
    args = ap.parse_args()
    machine_note()
    index = args.index or ensure_index(args.work, args.articles, args.precision)
    from bot.engine import Engine

    t = time.perf_counter()
    engine = Engine(Config(index_dir=index), build_if_missing=False)
    opened = time.perf_counter() - t
    t = time.perf_counter()
    engine.ask(QUESTIONS[0])
    first = time.perf_counter() - t
    warm, embed, dense, lexical = [], [], [], []
    ix = engine.index
    for _ in range(args.rounds):
        for q in QUESTIONS:
            t0 = time.perf_counter()
            engine.ask(q)
            t1 = time.perf_counter()
            v = engine._embedder.encode([q])[0]  # the model itself (engine._embed remembers the last question)
            t2 = time.perf_counter()
            ix.dense.search(v, 50)
            t3 = time.perf_counter()
            ix.lexical.search(q, 50)
            t4 = time.perf_counter()
            warm.append(t1 - t0)
            embed.append(t2 - t1)
            dense.append(t3 - t2)
            lexical.append(t4 - t3)
    passages, sentences = _passages_answer(index, args.rounds)
    assert "torch" not in sys.modules, "the query path imported torch"
    cold = []
    for q in QUESTIONS[: args.cold]:
        cold.append(cold_ask(index, q)[0])
    m = ix.manifest
    rows = [
        ["cold `whomet ask --json` process", len(cold), pct(cold, 50), pct(cold, 95), float(np.max(cold)) * 1000],
        ["Engine() open (warm process)", 1, opened * 1000, opened * 1000, opened * 1000],
        ["first question (loads ONNX model)", 1, first * 1000, first * 1000, first * 1000],
        ["warm Engine.ask (question -> answer)", len(warm), pct(warm, 50), pct(warm, 95), max(warm) * 1000],
        ["  query embedding (onnxruntime)", len(embed), pct(embed, 50), pct(embed, 95), max(embed) * 1000],
        [f"  dense search ({m.vector_index}, top 50)", len(dense), pct(dense, 50), pct(dense, 95), max(dense) * 1000],
        ["  BM25 search (top 50)", len(lexical), pct(lexical, 50), pct(lexical, 95), max(lexical) * 1000],
        ["warm Engine.ask, passages answer only", len(passages), pct(passages, 50), pct(passages, 95),
         max(passages) * 1000],
        [f"  sentence scoring ({EMBEDDED} embedded)", len(sentences), pct(sentences, 50), pct(sentences, 95),
         max(sentences) * 1000],
    ]
    table(f"Question latency in ms, {m.chunks} chunks / {m.articles} articles ({m.precision} build); "
          "torch never imported", ["path", "n", "p50", "p95", "max"], rows)


if __name__ == "__main__":
    main()
