"""Seed question set with Reuters-21578 mixed in as distractors: answer quality with and without them."""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import ROOT, table  # noqa: E402
from benchmarks.reuters import DEFAULT_DIR, write_corpus  # noqa: E402
from bot.cli.evaluate import load_questions, run_eval  # noqa: E402
from bot.config import Config  # noqa: E402
from bot.engine import Engine  # noqa: E402
from bot.index.build import build_index  # noqa: E402

QUESTIONS = ROOT / "tests" / "data" / "seed_questions.jsonl"


def evaluate(corpus: Path, index: Path) -> tuple[dict, float, int, float]:
    cfg = Config(index_dir=index, corpus_dir=corpus)
    t0 = time.perf_counter()  # incremental: an index already in `index` lends its vectors for unchanged chunks
    build_index(corpus, index, cfg.model, cfg.build_precision, cfg.ann)
    build_s = time.perf_counter() - t0
    engine = Engine(cfg, build_if_missing=False)
    t1 = time.perf_counter()
    rows, metrics = run_eval(engine, load_questions(QUESTIONS))
    per_q = (time.perf_counter() - t1) / len(rows) * 1000
    out = {k: v for k, (v, _) in metrics.items()}
    flagged, answered = metrics.get("ungrounded_answers", (0, 0))  # answers naming what no cited quote says
    out["ungrounded"] = f"{flagged}/{answered}"
    return out, build_s, engine.index.manifest.chunks, per_q


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--limit", type=int, default=None, help="Reuters articles to mix in (default: all)")
    ap.add_argument("--workdir", type=Path, default=None, help="keep corpora and indexes here (reused if present)")
    ap.add_argument("--sgm", type=Path, default=DEFAULT_DIR)
    args = ap.parse_args()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="whomet-distractors-"))
    seeds_only, mixed = work / "seeds", work / "mixed"
    for folder in (seeds_only, mixed):
        folder.mkdir(parents=True, exist_ok=True)
        for seed in (ROOT / "corpus").glob("*.txt"):
            shutil.copy2(seed, folder / seed.name)
    n_reuters = write_corpus(mixed / "reuters", args.sgm, args.limit)
    results = {}
    for name, corpus in (("seeds only", seeds_only), (f"seeds + {n_reuters} Reuters", mixed)):
        results[name] = evaluate(corpus, work / f"index-{corpus.name}")
    names = ["abstained_correctly", "answer_contains", "gold_cited", "hit@k", "mrr"]
    rows = [[name, chunks, round(build_s, 1), round(per_q, 1), *[round(m[k], 3) for k in names], m["ungrounded"]]
            for name, (m, build_s, chunks, per_q) in results.items()]
    table("Seed question set (38 questions) with Reuters-21578 distractors",
          ["corpus", "chunks", "build_s", "ms/question", *names, "ungrounded"], rows)


if __name__ == "__main__":
    main()
