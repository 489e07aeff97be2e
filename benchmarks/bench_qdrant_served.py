"""Answers served from Qdrant alone against the local backend: identical answers, and question latency.

Builds the corpus of a local-backend index into Qdrant (local mode on disk, `--work/q`), reusing the local index's
vectors by chunk text (so both backends hold the same float16 vectors: the comparison is of the serving paths, not
of two embedding runs), then asks every question of both engines: the local one (FAISS, BM25 files, SQLite) and a
qdrant one whose index folder is empty. Questions: benchmarks.common.QUESTIONS plus article titles (not ours).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from pathlib import Path

import numpy as np

from benchmarks.common import QUESTIONS, machine_note, pct, table


class StoredEmbedder:
    """The local index's vectors looked up by chunk text (a build-time stand-in for the model)."""

    name, dim = "stored", 384
    vectors: dict[str, np.ndarray] = {}

    def __init__(self, model: str = "", precision: str = "") -> None:
        pass

    def encode(self, texts, progress=None) -> np.ndarray:
        out = np.array([self.vectors[t] for t in texts], dtype=np.float32).reshape(len(texts), self.dim)
        if progress is not None:
            progress(len(texts))
        return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--index", type=Path, required=True, help="a local-backend index folder")
    parser.add_argument("--corpus", type=Path, required=True, help="the corpus it was built from")
    parser.add_argument("--work", type=Path, default=Path("/tmp/whomet-bench/qdrant-served"))
    parser.add_argument("--titles", type=int, default=200, help="article titles used as extra questions")
    parser.add_argument("--dated", type=int, default=0, help="also N titles asked with their month: boost vs filter")
    args = parser.parse_args()

    from bot.config import Config, QdrantSettings
    from bot.engine import Engine
    from bot.index.build import build_index

    note = machine_note()
    given = Engine(Config(index_dir=args.index, corpus_dir=args.corpus), build_if_missing=False)
    chunks = given.index.store.all_chunks()
    matrix = np.asarray(given.index.embeddings(), dtype=np.float32)
    StoredEmbedder.vectors = {c.text: matrix[i] for i, c in enumerate(chunks)}
    model, precision = given.config.model, given.index.manifest.precision
    given.close()
    shutil.rmtree(args.work, ignore_errors=True)
    # both backends built by this code from the same vectors (meetings, chunks and BM25 of one version)
    build_index(args.corpus, args.work / "local", model, precision, full=True, embedder_factory=StoredEmbedder)
    local = Engine(Config(index_dir=args.work / "local", corpus_dir=args.corpus), build_if_missing=False)
    settings = QdrantSettings(path=args.work / "q")
    t = time.perf_counter()
    report = build_index(args.corpus, args.work / "builder", model, precision,
                         full=True, embedder_factory=StoredEmbedder, qdrant=settings)
    build_s = time.perf_counter() - t
    print(f"built in {build_s:.1f} s", file=sys.stderr, flush=True)
    (args.work / "bot").mkdir()
    t = time.perf_counter()
    served = Engine(Config(index_dir=args.work / "bot", corpus_dir=args.work / "none", qdrant=settings),
                    build_if_missing=False)
    open_s = time.perf_counter() - t
    titles = sorted({a.title for a in local.index.store.articles.values() if a.title and len(a.title.split()) >= 3})
    questions = QUESTIONS + titles[:: max(1, len(titles) // args.titles)][: args.titles]
    for engine in (local, served):
        engine.ask(questions[0])  # load the query model
    same = same_passages = same_texts = 0
    times: dict[str, list[float]] = {"local": [], "qdrant": []}
    differ = []
    for n, question in enumerate(questions):
        if n % 20 == 0:
            print(f"question {n} / {len(questions)}", file=sys.stderr, flush=True)
        answers = {}
        for name, engine in (("local", local), ("qdrant", served)):
            t = time.perf_counter()
            answers[name] = engine.ask(question)
            times[name].append(time.perf_counter() - t)
        a, b = answers["local"], answers["qdrant"]
        ids_equal = [p.chunk_id for p in a.passages] == [p.chunk_id for p in b.passages]
        same += a.answer == b.answer and ids_equal
        same_passages += ids_equal
        same_texts += a.answer == b.answer and [p.text for p in a.passages] == [p.text for p in b.passages]
        if a.answer != b.answer or not ids_equal:
            differ.append(question)
    on_disk = sorted(p.name for p in (args.work / "bot").iterdir())
    table(f"Qdrant-served vs local answers ({report.chunks} chunks, {report.articles} articles)",
          ["figure", "value"], [
              ["questions", len(questions)],
              ["identical answers (text and cited passages)", f"{same} / {len(questions)}"],
              ["identical cited passages", f"{same_passages} / {len(questions)}"],
              ["identical answer text and cited passage texts (a duplicate's copy may differ)",
               f"{same_texts} / {len(questions)}"],
              ["files in the qdrant bot's index folder", len(on_disk)],
              ["Qdrant build (vectors reused, local mode on disk) s", build_s],
              ["qdrant engine open (articles, meetings from Qdrant) s", open_s],
          ])
    table("Warm Engine.ask latency (ms)", ["backend", "n", "p50", "p95", "max"],
          [[name, len(s), pct(s, 50), pct(s, 95), max(s) * 1000] for name, s in times.items()])
    for question in differ[:10]:
        print("differs:", question)
    if args.dated:
        dated_filter(local, served, settings, args.dated)
    print(note)


def dated_filter(local, served, settings, n: int) -> None:
    """Titles asked "in <Month> <Year>" of their article's date: boosted (served as locally) against filtered."""
    from dataclasses import replace

    from bot.config import Config
    from bot.engine import Engine
    from bot.text.lexicon import MONTHS

    filtered = Engine(Config(index_dir=served.config.index_dir, corpus_dir=served.config.corpus_dir,
                             qdrant=replace(settings, date_filter=True)), build_if_missing=False)
    dated = sorted((a.title, a.doc_id, a.date) for a in local.index.store.articles.values()
                   if a.title and a.date and len(a.title.split()) >= 3)
    picked = dated[:: max(1, len(dated) // n)][:n]
    same = {"boosted (default)": 0, "filtered": 0}
    cites = {"local": 0, "boosted (default)": 0, "filtered": 0}
    for title, doc_id, date in picked:
        question = f"{title} in {MONTHS[int(date[5:7]) - 1]} {date[:4]}"
        answers = {"local": local.ask(question), "boosted (default)": served.ask(question),
                   "filtered": filtered.ask(question)}
        key = (answers["local"].answer, [p.chunk_id for p in answers["local"].passages])
        for name, answer in answers.items():
            cites[name] += any(p.doc_id == doc_id for p in answer.passages)
            if name != "local":
                same[name] += (answer.answer, [p.chunk_id for p in answer.passages]) == key
    table(f"Dated questions (article title + its month and year), n = {len(picked)}",
          ["serving", "answer identical to local", "cites the titled article"],
          [["local", "-", f"{cites['local']} / {len(picked)}"]]
          + [[name, f"{same[name]} / {len(picked)}", f"{cites[name]} / {len(picked)}"] for name in same])


if __name__ == "__main__":
    main()
