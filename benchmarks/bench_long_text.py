"""Chunking one long line without sentence punctuation at 1x/2x/4x sizes: time, tokenizer work, chunk limits.

    python -m benchmarks.bench_long_text                      # 100k, 200k, 400k words and the same in characters
    python -m benchmarks.bench_long_text --words 20000 --old /tmp/chunking_old.py   # compare another chunking.py

Splitting must be linear: seconds per word and characters tokenised per input character stay flat as the input
doubles. `--old` loads another version of bot/ingest/chunking.py (`git show REV:bot/ingest/chunking.py > old.py`);
a version whose run takes longer than `--budget` seconds skips its larger sizes.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import time
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.common import machine_note, table  # noqa: E402
from bot.records import Article  # noqa: E402

_VOCAB = "the delegation discussed regional security situation with ministers from Tokyo and Beijing".split()


def unpunctuated(words: int) -> str:
    return " ".join(_VOCAB[(i * 7 + i // 13) % len(_VOCAB)] for i in range(words))


CASES = {  # name -> the text for a size of n "words" (the other cases: 6 characters a word)
    "words, no punctuation": unpunctuated,
    "one giant unknown word": lambda n: "a" * (6 * n),
    "CJK, no spaces": lambda n: "東京" * (3 * n),
}


class SpyCounter:
    """Wraps the real counter, adding up the characters it is asked to tokenise."""

    def __init__(self, real) -> None:
        self.real, self.chars = real, 0

    def __call__(self, text: str) -> int:
        self.chars += len(text)
        return self.real(text)

    def many(self, texts: list[str]) -> list[int]:
        self.chars += sum(map(len, texts))
        return self.real.many(texts)

    def offsets(self, text: str) -> list[tuple[int, int]]:
        self.chars += len(text)
        return self.real.offsets(text)


def load(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"chunking_{abs(hash(str(path)))}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run(label: str, chunking: ModuleType, words: int, sizes: list[int], budget: float) -> list[list]:
    from bot.config import DEFAULT_MODEL
    from bot.embed.embedder import resolve_model_path

    real = chunking.token_counter(str(resolve_model_path(DEFAULT_MODEL)))
    cap = getattr(chunking, "MAX_CHUNK_CHARS", None)
    rows = []
    for case, make in CASES.items():
        for k in sizes:
            text = make(words * k)
            spy = SpyCounter(real)
            started = time.perf_counter()
            chunks = chunking.chunk_article(Article("t", "t", "", None, None, None, text, "h"), spy)
            secs = time.perf_counter() - started
            tokens = max(real.many([c.text for c in chunks]))
            rows.append([label, case, f"{k}x", words * k, len(text), round(secs, 2),
                         round(secs / (words * k) * 1e6, 1), round(spy.chars / len(text), 2), len(chunks), tokens,
                         max(len(c.text) for c in chunks), cap or "-"])
            print(f"  {label} {case} {k}x: {secs:.2f} s", file=sys.stderr, flush=True)
            if secs > budget:
                print(f"  {label} {case}: over the {budget:.0f} s budget, larger sizes skipped", file=sys.stderr)
                break
    return rows


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--words", type=int, default=100_000, help="the 1x size in words (default 100000)")
    ap.add_argument("--sizes", default="1,2,4", help="multiples of --words (default 1,2,4)")
    ap.add_argument("--old", type=Path, help="another chunking.py to time the same way")
    ap.add_argument("--budget", type=float, default=120, help="seconds a run may take before larger sizes are skipped")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    machine_note()
    from bot.ingest import chunking
    rows = run("current", chunking, args.words, sizes, args.budget)
    if args.old:
        rows += run("old", load(args.old), args.words, sizes, args.budget)
    table("Chunking one long line; a size counts words (6 characters each for the other cases)",
          ["version", "case", "size", "words", "chars", "seconds", "us/word", "chars tokenised/char", "chunks",
           "max tokens", "max chunk chars", "char cap"], rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
