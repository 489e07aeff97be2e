"""Answers and meetings as a byte-comparable snapshot: the seed questions over the shipped corpus, and over it with
Reuters-21578 distractors. Used to show a refactor changes no answer (compare the printed digests before/after).
Usage: python -m benchmarks.answers_snapshot --out DIR [--reuters 2000]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import tempfile
from pathlib import Path

from benchmarks.common import ROOT
from benchmarks.reuters import write_corpus
from bot.cli.evaluate import load_questions, run_eval
from bot.config import Config
from bot.engine import Engine
from bot.index.build import build_index

QUESTIONS = ROOT / "tests" / "data" / "seed_questions.jsonl"


def snapshot(corpus: Path, index: Path, out: Path) -> str:
    cfg = Config(index_dir=index, corpus_dir=corpus)
    build_index(corpus, index, cfg.model, cfg.build_precision, cfg.ann)
    engine = Engine(cfg, build_if_missing=False)
    rows, _ = run_eval(engine, load_questions(QUESTIONS))
    lines = [json.dumps({k: v for k, v in row.items() if k != "timings_ms"}, ensure_ascii=False, sort_keys=True)
             for row in rows]
    lines += [json.dumps(e.to_json(), ensure_ascii=False, sort_keys=True) for e in engine.meetings()]
    text = "\n".join(lines) + "\n"
    out.write_text(text, encoding="utf-8")
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--reuters", type=int, default=2000, help="Reuters articles mixed in for the second snapshot")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        seeds = snapshot(ROOT / "corpus", work / "ix-seeds", args.out / "seeds.jsonl")
        mixed = work / "mixed"
        shutil.copytree(ROOT / "corpus", mixed)
        write_corpus(mixed / "reuters", limit=args.reuters)
        reuters = snapshot(mixed, work / "ix-mixed", args.out / "reuters.jsonl")
    print(f"seeds   {seeds}  {args.out / 'seeds.jsonl'}")
    print(f"reuters {reuters}  {args.out / 'reuters.jsonl'}  (+{args.reuters} Reuters articles)")


if __name__ == "__main__":
    main()
