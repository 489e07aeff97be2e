"""Turns a bench_meetings.py sample (`--sample K` / `--rams-sample K` printout) into meeting_judgements/ rows.

Each event becomes {id, event, cited, verdict, reason, same_as_before}; an event identical (fields, participants and
cited sentences) to one judged in an earlier file of benchmarks/meeting_judgements/ carries that verdict and reason,
the others get verdict null for a person to fill in. `--tally FILE` prints correct/judged with a 95% Wilson CI.
Usage: python benchmarks/bench_meetings.py --broad --rams-sample 50 > /tmp/s.txt
       python benchmarks/judge_sample.py /tmp/s.txt > benchmarks/meeting_judgements/NEW.jsonl
       python benchmarks/judge_sample.py --tally benchmarks/meeting_judgements/NEW.jsonl
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parents[1]))

from benchmarks.jsonl_rows import read_rows  # noqa: E402

FOLDER = Path(__file__).with_name("meeting_judgements")
_HEAD = re.compile(r"^(\S+) (\[.*)$")


def parse(text: str) -> list[dict]:
    """The events of one sample printout: the header line after a blank line, then its indented citations."""
    rows: list[dict] = []
    for line in text.splitlines():
        if line.startswith("    ") and rows:
            rows[-1]["cited"].append(line.strip())
        elif (m := _HEAD.match(line)) and m.group(2).startswith("["):
            rows.append({"id": m.group(1), "event": m.group(2), "cited": []})
    return rows


def earlier_verdicts(skip: Path | None = None) -> dict[str, tuple[str, str]]:
    """(verdict, reason) of every event judged before, keyed by its fields and cited sentences."""
    out = {}
    for path in sorted(FOLDER.glob("*.jsonl")):
        if skip is not None and path.resolve() == skip.resolve():
            continue
        for row in _rows(path):
            if row.get("verdict") in ("correct", "wrong"):
                out[_key(row)] = (row["verdict"], row["reason"])
    return out


def _rows(path: Path) -> list[dict]:
    """The judgement rows of one .jsonl file; SystemExit names the file and line when one cannot be read."""
    return read_rows(path, "judge_sample", "judgement row", _check_row)


def _check_row(row: dict) -> None:
    if not {"event", "cited", "verdict"} <= row.keys():
        raise ValueError("a row needs event, cited and verdict")


def _key(row: dict) -> str:
    return json.dumps([row["event"], sorted(row["cited"])], ensure_ascii=False)


def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    if n == 0:
        return (0.0, 1.0)
    p, d = k / n, 1 + z * z / n
    mid, half = (p + z * z / (2 * n)) / d, z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / d
    return (mid - half, mid + half)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("sample", type=Path, nargs="?")
    ap.add_argument("--tally", type=Path)
    args = ap.parse_args()
    if args.tally:
        rows = _rows(args.tally)
        judged = [r for r in rows if r["verdict"] in ("correct", "wrong")]
        k = sum(r["verdict"] == "correct" for r in judged)
        lo, hi = wilson(k, len(judged))
        carried = sum(bool(r.get("same_as_before")) for r in judged)
        print(f"{args.tally.name}: {k}/{len(judged)} correct = {k / max(1, len(judged)):.2f} "
              f"[95% CI {lo:.2f}, {hi:.2f}]; {carried} carried from earlier files, {len(rows) - len(judged)} unjudged")
        return
    if args.sample is None:
        ap.error("give a sample printout or --tally FILE")
    known = earlier_verdicts()
    try:
        printout = args.sample.read_text(encoding="utf-8")
    except OSError as exc:
        raise SystemExit(f"judge_sample: cannot read {args.sample}: {exc.strerror or exc}") from None
    for row in parse(printout):
        verdict, reason = known.get(_key(row), (None, ""))
        print(json.dumps({**row, "verdict": verdict, "reason": reason, "same_as_before": verdict is not None},
                         ensure_ascii=False))


if __name__ == "__main__":
    main()
