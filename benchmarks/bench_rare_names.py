"""Rare-name questions over a Reuters index: is the chunk naming who was asked about in the top k, and is
"the archive has nothing about X" ever said of an X the archive holds? Compares code trees (e.g. before/after).

    python benchmarks/bench_rare_names.py --index /tmp/whomet-bench/query/index \
        --code before=/tmp/whomet-before --code after=.

Names are capitalised multi-word spans found in exactly one or two chunks of the index (read from its SQLite
store, not by whomet); each tree answers the same questions in its own process, with PYTHONPATH set to that tree.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import re
import sqlite3
import subprocess
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = ["What did {} say?", "Who is {}?", "Where did {} make the announcement?", "What happened to {}?",
             "According to the American press, what did {} say?"]  # the last: descriptors around the name
SPAN = re.compile(r"\b[A-Z][a-z]+(?:[ ][A-Z][a-z]+)+\b")  # "Hisham Nazer", "Comissaria Smith"


def chunk_texts(index_dir: Path) -> list[tuple[str, str]]:
    """(doc_id, text) of every chunk of the index's current generation, straight from its store."""
    folder = index_dir / (index_dir / "CURRENT").read_text(encoding="utf-8").strip()
    con = sqlite3.connect(f"file:{folder / 'store.sqlite'}?mode=ro", uri=True)
    try:
        return list(con.execute("SELECT doc_id, text FROM chunks ORDER BY row"))
    finally:
        con.close()


def rare_names(chunks: list[tuple[str, str]], count: int, seed: int) -> list[dict]:
    """Up to `count` spans in exactly one or two chunks, whose first word is not mostly a lower-case word."""
    words = Counter(w for _, text in chunks for w in re.findall(r"[A-Za-z]+", text))
    seen: dict[str, set[int]] = defaultdict(set)
    for i, (_, text) in enumerate(chunks):
        for span in SPAN.findall(text):
            first = span.split()[0]
            if words[first.lower()] < words[first]:  # "Shares Rose" opens a sentence; "Hisham Nazer" is a name
                seen[span].add(i)
    picked = sorted(s for s, rows in seen.items() if len(rows) <= 2)
    random.Random(seed).shuffle(picked)
    out = []
    for span in picked:
        pattern = re.compile(rf"\b{re.escape(span)}\b")
        rows = [i for i, (_, text) in enumerate(chunks) if span in text and pattern.search(text)]
        if 1 <= len(rows) <= 2:  # the true count: the span also inside longer spans
            out.append({"name": span, "docs": sorted({chunks[i][0] for i in rows}), "chunks": len(rows)})
        if len(out) == count:
            break
    return out


def measure(index_dir: Path, items: list[dict]) -> list[dict]:
    """Ask each question with the Engine of the code on PYTHONPATH; what it shows and says, per question."""
    from bot.config import Config
    from bot.engine import Engine

    engine = Engine(Config(index_dir=index_dir), build_if_missing=False)
    engine.ask(items[0]["question"])  # loads the query model: not part of any question's time
    rows = []
    for item in items:
        pattern = re.compile(rf"\b{re.escape(item['name'])}\b")
        t = time.perf_counter()
        answer = engine.ask(item["question"])
        ms = (time.perf_counter() - t) * 1000
        rows.append({"in_top_k": any(pattern.search(p.text) for p in answer.passages),
                     "nothing_about": "nothing about" in answer.answer, "abstained": answer.abstained,
                     "cites_name_doc": any(c.doc_id in item["docs"] for c in answer.citations), "ms": ms,
                     "answer": answer.answer[:200]})
    engine.close()
    return rows


def wilson(successes: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """The Wilson score 95% interval of a proportion."""
    if n == 0:
        return 0.0, 1.0
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(q / 100 * len(ordered)) - 1))]


def run_tree(label: str, tree: Path, index_dir: Path, items_file: Path) -> list[dict]:
    env = dict(os.environ, PYTHONPATH=str(tree.resolve()))
    run = subprocess.run([sys.executable, __file__, "--measure", str(items_file), "--index", str(index_dir)],
                         env=env, capture_output=True, text=True, timeout=3000)
    if run.returncode != 0:
        raise SystemExit(f"{label}: the measuring process failed: {run.stderr[-800:]}")
    return json.loads(run.stdout)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--index", type=Path, required=True, help="a built index (e.g. of 2,000-5,000 Reuters articles)")
    ap.add_argument("--code", action="append", default=[], metavar="LABEL=DIR",
                    help="a whomet source tree to measure (repeatable); default: this one")
    ap.add_argument("--names", type=int, default=300)
    ap.add_argument("--seed", type=int, default=12)
    ap.add_argument("--measure", type=Path, help=argparse.SUPPRESS)  # the child: items file in, rows out
    ap.add_argument("--examples", type=Path, help="write every question and answer, per tree, to this JSON file")
    args = ap.parse_args()
    if args.measure:
        print(json.dumps(measure(args.index, json.loads(args.measure.read_text(encoding="utf-8")))))
        return
    from benchmarks.common import machine_note, table

    machine_note()
    chunks = chunk_texts(args.index)
    names = rare_names(chunks, args.names, args.seed)
    items = [dict(n, question=TEMPLATES[i % len(TEMPLATES)].format(n["name"])) for i, n in enumerate(names)]
    items_file = Path(f"/tmp/whomet-rare-names-{os.getpid()}.json")
    items_file.write_text(json.dumps(items), encoding="utf-8")
    results = {}
    try:
        for spec in args.code or [f"this={ROOT}"]:
            label, _, tree = spec.partition("=")
            results[label] = run_tree(label, Path(tree), args.index, items_file)
    finally:
        items_file.unlink(missing_ok=True)
    if args.examples:
        args.examples.write_text(json.dumps({label: [dict(item, **row) for item, row in zip(items, rows, strict=True)]
                                             for label, rows in results.items()}, indent=1), encoding="utf-8")
    n = len(items)
    rows = []
    for label, res in results.items():
        hit = sum(r["in_top_k"] for r in res)
        low, high = wilson(hit, n)
        rows.append([label, n, f"{hit}/{n}", hit / n, f"[{low:.3f}, {high:.3f}]", sum(r["nothing_about"] for r in res),
                     sum(r["abstained"] for r in res), sum(r["cites_name_doc"] for r in res),
                     percentile([r["ms"] for r in res], 50), percentile([r["ms"] for r in res], 95)])
    one = sum(i["chunks"] == 1 for i in items)
    table(f"Rare-name questions: {n} names in 1 chunk ({one}) or 2 ({n - one}) of {len(chunks)} chunks; "
          f"top k = the configured k; every name is in the archive, so every 'nothing about' is false",
          ["code", "questions", "name chunk in top k", "rate", "95% CI (Wilson)", "false 'nothing about'",
           "abstained", "answer cites the name's article", "ask p50 ms", "ask p95 ms"], rows)


if __name__ == "__main__":
    main()
