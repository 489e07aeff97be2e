"""A long fuzz session: the corpus reader, clean_question and the real engine under generated input, time-boxed.

    python -m benchmarks.fuzz_long                 # 60 s per fuzzer
    python -m benchmarks.fuzz_long --seconds 300   # longer
    python -m benchmarks.fuzz_long --no-engine     # skip building the seed index and the real-engine fuzzer

The strategies and the checks are the test suite's (benchmarks/fuzz/strategies.py); here hypothesis runs in slices of
`--slice` examples with fresh random seeds until each fuzzer's time is up, counting outcomes instead of stopping
at the first failure. Prints a table: cases run, crashes, unclear errors, other broken promises, skips with reason.
Exit code 1 when anything broke.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
import time
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.fuzz.strategies import Result, ask_case, clean_case, corpus_case, fuzz_file, questions  # noqa: E402


def run(name: str, strategy, check, seconds: float, slice_size: int) -> tuple[Result, float]:
    """Call `check(example)` on generated examples for `seconds`; return the summed Result and the time used."""
    total = Result()
    started = time.monotonic()

    @settings(max_examples=slice_size, deadline=None, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck), derandomize=False)
    @given(strategy)
    def one(example) -> None:
        if time.monotonic() - started < seconds:
            total.add(check(example))

    while time.monotonic() - started < seconds:
        one()
        print(f"  {name}: {total.cases} cases, {len(total.crashes)} crashes, {len(total.unclear)} unclear, "
              f"{len(total.problems)} other ({time.monotonic() - started:.0f} s)", file=sys.stderr, flush=True)
    return total, time.monotonic() - started


def seed_engine(tmp: Path):
    from bot.config import DEFAULT_MODEL, Config
    from bot.engine import Engine
    from bot.index.build import build_index

    build_index(ROOT / "corpus", tmp / "index", DEFAULT_MODEL)
    return Engine(Config(index_dir=tmp / "index", corpus_dir=ROOT / "corpus"), build_if_missing=False)


def table(rows: list[list], header: list[str]) -> str:
    cells = [header] + [[str(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    line = "+".join("-" * (w + 2) for w in widths)
    out = [line]
    for i, row in enumerate(cells):
        out.append("|".join(f" {c:>{w}} " if j else f" {c:<{w}} " for j, (c, w) in enumerate(zip(row, widths,
                                                                                                 strict=True))))
        if i == 0:
            out.append(line)
    out.append(line)
    return "\n".join(out)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seconds", type=float, default=60, help="time per fuzzer (default 60)")
    ap.add_argument("--slice", type=int, default=200, help="examples per hypothesis run (default 200)")
    ap.add_argument("--no-engine", action="store_true", help="skip the real-engine fuzzer (no index build)")
    args = ap.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    logging.getLogger().addHandler(logging.NullHandler())  # trafilatura and friends shout about the junk;
    logging.getLogger("bot").propagate = False  # the checks capture bot.* warnings themselves

    results = []
    files = st.lists(fuzz_file(), min_size=1, max_size=4)
    results.append(("corpus reader (1-4 hostile files + 4 good articles per case)",
                    *run("corpus", files, corpus_case, args.seconds, args.slice)))
    results.append(("clean_question", *run("clean_question", questions(), clean_case, args.seconds, args.slice)))
    if not args.no_engine:
        with tempfile.TemporaryDirectory() as tmp:
            engine = seed_engine(Path(tmp))
            results.append(("Engine.ask (real index of the seed corpus)",
                            *run("Engine.ask", questions(), lambda q: ask_case(engine, q), args.seconds, args.slice)))

    rows = [[name, r.cases, f"{r.cases / max(secs, 1e-9):.0f}", len(r.crashes), len(r.unclear), len(r.problems),
             r.articles if r.articles else "-", r.skipped if r.skipped else "-", r.refused or "-", r.answered or "-"]
            for name, r, secs in results]
    header = ["fuzzer", "cases run", "cases/s", "crashes", "unclear errors", "other broken", "articles read",
              "skipped with reason", "refused", "answered"]
    print(table(rows, header))
    corpus = results[0][1]
    print("\nskip reasons (corpus):")
    for reason, n in sorted(corpus.reasons.items(), key=lambda kv: -kv[1]):
        print(f"  {n:7d}  {reason}")
    broken = [(name, r) for name, r, _ in results if not r.ok]
    for name, r in broken:
        print(f"\n{name}: first problems:\n  " + "\n  ".join((r.crashes + r.unclear + r.problems)[:10]))
    print(f"\ntotal cases: {sum(r.cases for _, r, _ in results)}; broken: {sum(not r.ok for _, r, _ in results)}")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
