"""BM25 index build: bm25s vs whomet's numpy builder, each in a fresh process with its imports, on Reuters chunks."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.common import ROOT, machine_note, table
from benchmarks.reuters import DEFAULT_DIR, read_reuters

# Each child reads its texts, then times its imports and the build (tokenize, index, save) separately.
CHILD = {
    "bm25s": """
import bm25s, Stemmer
t1 = time.perf_counter()
tokens = bm25s.tokenize(texts, stopwords="en", stemmer=Stemmer.Stemmer("english"), token_pattern=r"(?u)\\b\\w\\w+\\b",
                        show_progress=False)
model = bm25s.BM25()
model.index(tokens, show_progress=False)
model.save(out)
""",
    "numpy (bot.index.lexical)": """
from bot.index.lexical import build_bm25
t1 = time.perf_counter()
build_bm25(texts, Path(out))
""",
}
PRELUDE = "import json, sys, time\nfrom pathlib import Path\ntexts = json.loads(Path(sys.argv[1]).read_text())\n" \
          "out = sys.argv[2]\nt0 = time.perf_counter()\n"
REPORT = "\nt2 = time.perf_counter()\nprint(json.dumps({'import': t1 - t0, 'build': t2 - t1, " \
         "'bm25s loaded': 'bm25s' in sys.modules}))\n"


def chunk_texts(n: int, size: int = 800, stride: int = 400) -> list[str]:
    """The first n windows of `size` characters every `stride` characters of each article (chunks overlap)."""
    out: list[str] = []
    for rec in read_reuters(DEFAULT_DIR):
        text = rec["text"]
        out.extend(text[i : i + size] for i in range(0, len(text), stride))
        if len(out) >= n:
            return out[:n]
    raise SystemExit(f"only {len(out)} chunks in {DEFAULT_DIR}")


def run(builder: str, texts_file: Path, out_dir: Path) -> dict:
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", PRELUDE + CHILD[builder] + REPORT, str(texts_file), str(out_dir)],
                          capture_output=True, text=True, cwd=ROOT, check=True)
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    result["process"] = time.perf_counter() - t0
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[3750, 36000])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    machine_note()
    with tempfile.TemporaryDirectory(prefix="bench-lexical-") as tmp:
        files = {}
        for n in args.sizes:
            files[n] = Path(tmp) / f"texts-{n}.json"
            files[n].write_text(json.dumps(chunk_texts(n)))
        best: dict[tuple[int, str], dict] = {}
        for rep in range(args.repeats):  # interleaved, so both builders see the same machine noise
            for n in args.sizes:
                for builder in CHILD:
                    r = run(builder, files[n], Path(tmp) / f"out-{rep}-{n}-{len(builder)}")
                    r["total"] = r["import"] + r["build"]
                    key = (n, builder)
                    best[key] = {k: min(v, best.get(key, r)[k]) if k != "bm25s loaded" else v for k, v in r.items()}
    rows = []
    for n in args.sizes:
        ref = best[(n, "bm25s")]["total"]
        for builder in CHILD:
            b = best[(n, builder)]
            rows.append([f"{n:,} chunks", builder, b["import"], b["build"], b["total"], b["process"],
                         f"{ref / b['total']:.1f}x", "yes" if b["bm25s loaded"] else "no"])
    table(f"BM25 index build, best of {args.repeats} (seconds; fresh process each)",
          ["corpus", "builder", "import", "tokenize+index+save", "import+build", "whole process", "speed-up",
           "bm25s imported"], rows)


if __name__ == "__main__":
    main()
