"""Re-extracts the story or RAMS window of each hand-judged meeting event and says what became of that event.

For each line of a judgement file (benchmarks/meeting_judgements/*.jsonl) the extractor of this tree reads the
event's Reuters-21578 story or RAMS dev window again. The judged event is `same` when an event prints exactly as
judged (kind, status, place, date, participants), `changed` when an event still cites one of the judged
participants' sentences for a judged participant but prints otherwise (the new line is shown), and `gone` when
none does. The table counts each outcome by verdict: a wrong event `gone` or `changed` is a candidate fix (read
the changed lines), a correct one `gone` is a loss.
Usage: python benchmarks/recheck_judgements.py [--broad] [--shared ../shared/data] FILE.jsonl [FILE.jsonl ...]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks import bench_meetings as bench  # noqa: E402
from benchmarks.reuters import DEFAULT_DIR, as_article, read_reuters  # noqa: E402

_LINE = re.compile(r"^\[(?P<head>[^\]]*)\] (?P<who>.*)$")
_FROM = re.compile(r", from '[^']*'\)")  # a pronoun's note on a resolved participant, which event_line leaves out
_WHO = re.compile(r"(?P<name>[^;]+?) \((?P<kind>\w+)[^)]*\)(?:; |$)")


def event_line(e) -> str:
    """An event as the judgement files write it: "[kind, status, place=P, date=D] Name (kind); ..."."""
    who = "; ".join(f"{p.name} ({p.kind})" for p in e.participants)
    return f"[{e.kind}, {e.status}, place={e.place}, date={e.date_text}] {who}"


def judged_names(line: str) -> set[str]:
    m = _LINE.match(line)
    return {w.group("name") for w in _WHO.finditer(m.group("who"))} if m else set()


def outcome(judged: dict, events: list) -> tuple[str, str | None]:
    """("same" | "changed" | "gone", the nearest event's line when changed)."""
    lines = [event_line(e) for e in events]
    if _FROM.sub(")", judged["event"]) in lines:
        return "same", None
    quotes = {c.split(": ", 1)[1][:200] for c in judged["cited"] if c.startswith("participants: ")}
    names = judged_names(judged["event"])
    near = [e for e in events if names & {p.name for p in e.participants}
            and any(c.field == "participants" and c.quote[:200] in quotes for c in e.citations)]
    return ("changed", event_line(near[0])) if near else ("gone", None)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("files", nargs="+", type=Path)
    ap.add_argument("--broad", action="store_true", help="the extractor with the learned-gated broad path")
    ap.add_argument("--shared", type=Path, default=DEFAULT_DIR.parents[1])
    args = ap.parse_args()
    bench.BROAD = args.broad
    x = bench.make_extractor()
    stories = None
    windows = {}
    for line in open(args.shared / "rams/dev.jsonlines", encoding="utf-8"):
        row = json.loads(line)
        windows[row["doc_key"]] = "\n".join(" ".join(s) for s in row["sentences"])
    print("| file | verdict | judged | same | changed | gone |")
    print("|---|---|---|---|---|---|")
    details = []
    for path in args.files:
        rows = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
        tally: dict[str, Counter] = {}
        for r in rows:
            doc = r["id"].rsplit("#", 1)[0]
            if doc.startswith("reuters-"):
                if stories is None:
                    stories = {s["id"]: s for s in read_reuters(args.shared / "reuters21578" / "sgm-data")}
                art = as_article(stories[doc])
            else:
                art = bench._article(doc, windows[doc])
            got, new = outcome(r, x.extract(art))
            tally.setdefault(r["verdict"], Counter())[got] += 1
            details.append(f"{path.name} {r['id']} {r['verdict']} -> {got}: {r['event']}"
                           + (f"\n      now {new}" if new else ""))
        for verdict, c in sorted(tally.items()):
            print(f"| {path.name} | {verdict} | {sum(c.values())} | {c['same']} | {c['changed']} | {c['gone']} |")
    print()
    print("\n".join(details))


if __name__ == "__main__":
    main()
