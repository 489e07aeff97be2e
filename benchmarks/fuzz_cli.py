"""A long run of the command-line fuzz: many seeds, failures grouped into classes with the seeds that show them.

    python -m benchmarks.fuzz_cli                          # seeds 0..139 (20 per command)
    python -m benchmarks.fuzz_cli --first 1000 --cases 700  # new seeds
    python -m benchmarks.fuzz_cli --seeds 4,9 --show      # chosen seeds, with their inputs and full stderr
    python -m benchmarks.fuzz_cli --seeds 497,497,497     # a seed three times (some failures are intermittent)
    python -m benchmarks.fuzz_cli --jobs 2 --scale 5       # two at a time, giant lines 5x longer

The cases and the oracle are benchmarks/fuzz/cli_cases.py; tests/hardening/test_hardening_cli_fuzz.py runs the
first few seeds. Builds one seed index first (the real model, a few seconds). Exit code 1 when any case broke.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.fuzz.cli_cases import COMMANDS, Outcome, closed_port, make_case, run_case  # noqa: E402


def one(run: int, seed: int, base: Path, seed_index: Path, scale: float, timeout: float) -> Outcome:
    root = base / f"case-{run}-{seed}"  # a seed may be listed twice (to catch a flaky failure)
    root.mkdir()
    return run_case(make_case(seed, root, seed_index, closed_port(), scale), timeout)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--first", type=int, default=0, help="first seed (default 0)")
    ap.add_argument("--cases", type=int, default=140, help="number of seeds (default 140)")
    ap.add_argument("--seeds", help="comma-separated seeds to run instead of --first/--cases")
    ap.add_argument("--jobs", type=int, default=1, help="cases run at the same time (default 1)")
    ap.add_argument("--scale", type=float, default=1.0, help="size factor for giant lines (default 1)")
    ap.add_argument("--timeout", type=float, default=180.0, help="seconds before a case counts as hung")
    ap.add_argument("--show", action="store_true", help="print every broken case in full")
    args = ap.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from bot.config import DEFAULT_MODEL
    from bot.index.build import build_index

    with tempfile.TemporaryDirectory(prefix="whomet-cli-fuzz-") as tmp:
        base = Path(tmp)
        seed_index = base / "seed-index"
        build_index(ROOT / "corpus", seed_index, DEFAULT_MODEL)
        started = time.monotonic()
        seeds = [int(s) for s in args.seeds.split(",")] if args.seeds else range(args.first, args.first + args.cases)
        with ThreadPoolExecutor(args.jobs) as pool:
            outcomes = list(pool.map(lambda rs: one(*rs, base, seed_index, args.scale, args.timeout),
                                     enumerate(seeds)))
        elapsed = time.monotonic() - started
    classes: dict[str, list[Outcome]] = {}
    for o in outcomes:
        if o.problems():
            classes.setdefault(o.failure_class(), []).append(o)
            if args.show:
                print(o.report() + "\n")
    broken = sum(len(v) for v in classes.values())
    per_command = {c: [o for o in outcomes if o.case.command == c] for c in COMMANDS}
    print(f"{len(outcomes)} cases in {elapsed:.0f} s; {broken} broke the oracle, in {len(classes)} classes")
    for c, os_ in per_command.items():
        if os_:
            bad = sum(bool(o.problems()) for o in os_)
            mean = sum(o.seconds for o in os_) / len(os_)
            codes = Counter("timeout" if o.timed_out else o.returncode for o in os_)
            print(f"  {c:12s} {len(os_):4d} cases, {bad:4d} broken, mean {mean:.1f} s, exit codes {dict(codes)}")
    for cls, os_ in sorted(classes.items(), key=lambda kv: (kv[0].split(" | ")[0], -len(kv[1]))):
        print(f"\n{len(os_):4d}x {cls}\n      seeds {[o.case.seed for o in os_][:12]}")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
