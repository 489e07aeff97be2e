"""Lists the meeting events one extractor version makes and another does not, over Reuters-21578 and RAMS dev.

Each run prints every event as bench_meetings.py prints one to judge (header line, then the cited sentences), one
block per event, sorted. `--against OLD` prints only the blocks that differ: those OLD lacks ("added", a printout
that judge_sample.py turns into rows to judge) and, to stderr, a count of those only OLD has ("removed").
Run the same script on each tree's `bot` package (PYTHONPATH picks it) and compare:
    git archive REV bot | tar -x -C /tmp/old
    PYTHONPATH=/tmp/old python benchmarks/diff_meetings.py --broad > /tmp/old_events.txt
    PYTHONPATH=$PWD python benchmarks/diff_meetings.py --broad --against /tmp/old_events.txt --removed /tmp/gone.txt
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.append(str(ROOT))  # benchmarks.*, after the `bot` that PYTHONPATH chose


def blocks(shared: Path, broad: bool) -> list[str]:
    """Every event of all Reuters-21578 stories and all RAMS dev windows, each as its judging printout."""
    import bench_meetings as bm

    from benchmarks.reuters import as_article, read_reuters

    bm.BROAD = broad
    x = bm.make_extractor()
    arts = [as_article(r) for r in read_reuters()]
    for line in open(shared / "rams/dev.jsonlines", encoding="utf-8"):
        row = json.loads(line)
        arts.append(bm._article(row["doc_key"], "\n".join(" ".join(s) for s in row["sentences"])))
    return sorted(bm.printout(e).strip("\n") for a in arts for e in x.extract(a))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--broad", action="store_true", help="the build's default extractor (patterns + broad path)")
    ap.add_argument("--against", type=Path, help="an earlier run's output: print only what differs from it")
    ap.add_argument("--removed", type=Path, help="with --against: write the blocks only the earlier run has here")
    args = ap.parse_args()
    import bot

    print(f"extractor of {Path(bot.__file__).parent}", file=sys.stderr)
    old, out = set(), None  # the files are read and opened before the long run, so a bad path fails at once
    if args.against is not None:
        try:
            old = {b.strip("\n") for b in args.against.read_text(encoding="utf-8").split("\n\n")}
        except OSError as exc:
            raise SystemExit(f"diff_meetings: cannot read {args.against}: {exc.strerror or exc}") from None
    if args.against is not None and args.removed is not None:
        try:
            out = args.removed.open("w", encoding="utf-8")
        except OSError as exc:
            raise SystemExit(f"diff_meetings: cannot write {args.removed}: {exc.strerror or exc}") from None
    new = blocks(args.shared, args.broad)
    if args.against is None:
        print("\n\n".join(new))
        return
    added, kept = [b for b in new if b not in old], set(new)
    removed = sorted(b for b in old if b.strip() and b not in kept)
    print("\n\n".join(added))
    if out is not None:
        with out:
            out.write("\n\n".join(removed) + "\n")
    print(f"{len(new)} events; {len(added)} added or changed, {len(removed)} removed or changed", file=sys.stderr)


if __name__ == "__main__":
    main()
