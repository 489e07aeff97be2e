"""Dense vs BM25 vs fused retrieval on the seed question set: hit@k and MRR of the gold articles."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import ROOT, table  # noqa: E402
from bot.answer.chat import Conversation  # noqa: E402
from bot.cli.evaluate import load_questions  # noqa: E402
from bot.config import Config  # noqa: E402
from bot.engine import Engine  # noqa: E402

VARIANTS = {"dense only": (1.0, 0.0), "BM25 only": (0.0, 1.0), "RRF 1:1": (1.0, 1.0),
            "RRF dense 2:1": (2.0, 1.0), "RRF BM25 2:1": (1.0, 2.0)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("indexes", nargs="+", type=Path, help="index folders to compare on")
    ap.add_argument("-k", type=int, default=5)
    args = ap.parse_args()
    items = load_questions(ROOT / "tests" / "data" / "seed_questions.jsonl")
    rows = []
    for index in args.indexes:
        engine = Engine(Config(index_dir=index), build_if_missing=False)
        convs: dict[str, Conversation] = {}
        resolved = {}
        for item in items:  # follow-ups are searched as the conversation rewrites them
            conv = convs.get(str(item.follow_up_of)) or Conversation()
            convs[item.id] = conv
            resolved[item.id] = conv.resolve(item.question)
            conv.record(item.question, resolved[item.id], "")
        gold_items = [i for i in items if i.expect.get("gold_doc_ids")]
        for name, (dw, lw) in VARIANTS.items():
            hits, rr = 0, 0.0
            for item in gold_items:
                gold = set(item.expect["gold_doc_ids"])
                found = engine.retriever.search(resolved[item.id], k=args.k, dense_weight=dw, lexical_weight=lw)
                ranks = [i + 1 for i, h in enumerate(found) if h.chunk.doc_id in gold or gold & set(h.also_in)]
                hits += bool(ranks)
                rr += 1 / ranks[0] if ranks else 0.0
            rows.append([f"{index.name} ({engine.index.manifest.chunks} chunks)", name,
                         hits / len(gold_items), rr / len(gold_items), len(gold_items)])
    table(f"Retrieval of gold articles, k={args.k}", ["index", "ranking", f"hit@{args.k}", "MRR", "questions"], rows)


if __name__ == "__main__":
    main()
