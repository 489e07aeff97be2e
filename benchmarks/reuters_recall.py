"""Recall of the meeting extractor on Reuters-21578 stories whose every meeting was listed by hand.

`sample` draws stories (by SHA-1 of their id, so a draw never depends on the extractor) among those with a word of
a wide contact vocabulary, written independently of the extractor's trigger lists, and at most `--max-chars` long;
the first `--n` form the dev part (read while changing the extractor), the next `--n` the test part (only scored),
the next `--n` a second dev part (dev2), the next `--n` a second test part (test2: only scored).
A judge fills each row's `meetings`: every meeting the story tells as held, under way or set (the criterion of
benchmarks/meeting_judgements/README.md), with the verbatim sentence and its participants as the story names them.
`score` runs the extractor over the labelled stories: a gold meeting is found when an event cites its sentence;
a gold named participant (a span with a capitalised word) is found when a participant of an event of the story
(its name, or the words the cited sentence used) overlaps it; 95% CIs by 2,000 bootstraps over stories.
The labels are filed without the stories' text in gold_judgements/reuters_recall_{dev,test,dev2,test2}.jsonl.
Usage: python benchmarks/reuters_recall.py sample --part dev|test|dev2|test2 [--n 40] > FILE.jsonl
       PYTHONPATH=$PWD python benchmarks/reuters_recall.py score benchmarks/gold_judgements/reuters_recall_dev.jsonl
           [--broad] [--misses]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parents[1]))  # after PYTHONPATH, so another tree's `bot` can be scored

from benchmarks import bench_meetings  # noqa: E402
from benchmarks.bench_meetings import _boot, _overlap  # noqa: E402  (its span match and CI)
from benchmarks.jsonl_rows import read_rows  # noqa: E402
from benchmarks.reuters import as_article, read_reuters  # noqa: E402

CONTACT = re.compile(r"\b(?:meet|met\b|talk|conferen|summit|negotiat|visit|session|interview|discuss|convene|"
                     r"gather|consult|hosted|delegation|envoy|parley|hearing|forum|congress)", re.I)


PARTS = ("dev", "test", "dev2", "test2")


def sample(part: str, n: int, max_chars: int) -> list[dict]:
    pool = [r for r in read_reuters() if len(r["text"]) <= max_chars and CONTACT.search(r["text"])]
    pool.sort(key=lambda r: hashlib.sha1(r["id"].encode()).hexdigest())
    at = PARTS.index(part) * n  # dev2, test2: a second dev and a second test part, drawn after the first two
    picked = pool[at : at + n]
    return [{"id": r["id"], "part": part, "title": r["title"], "date": r["date"], "text": r["text"],
             "meetings": None} for r in picked]  # a judge fills `meetings`; the text is left out when filed


def named(span: str) -> bool:
    return bool(re.search(r"\b[A-Z][a-z]|\b[A-Z]{2,}\b", span))


def story_counts(extract, row: dict) -> tuple[int, int, int, int, list]:
    """(gold meetings, found, gold named participants, found, misses) for one labelled story."""
    art = as_article({"id": row["id"], "title": row["title"], "date": row["date"], "source": "Reuters",
                      "text": row["text"]})
    events = extract(art)
    quotes = [c.quote for e in events for c in e.citations]
    said = [n for e in events for p in e.participants for n in (p.name, getattr(p, "mention", None)) if n]
    g_m = f_m = g_p = f_p = 0
    misses = []
    for m in row["meetings"]:
        g_m += 1
        hit = any(_overlap(q, m["quote"]) for q in quotes)
        f_m += hit
        for p in filter(named, m["participants"]):
            g_p += 1
            ok = any(_overlap(n, p) for n in said)
            f_p += ok
            if not ok:
                misses.append((row["id"], p, m["quote"]))
        if not hit:
            misses.append((row["id"], "(meeting)", m["quote"]))
    return g_m, f_m, g_p, f_p, misses


def load_labels(path: Path) -> list[dict]:
    """The labelled stories of one file; SystemExit names the file and line when one cannot be read."""
    return read_rows(path, "reuters_recall", "labelled story", _check_label, skip_blank=True)


def _check_label(row: dict) -> None:
    if not isinstance(row.get("id"), str) or "meetings" not in row:
        raise ValueError("a row needs an id and meetings")
    for m in row["meetings"] or []:
        if not isinstance(m.get("quote"), str) or not isinstance(m.get("participants"), list):
            raise ValueError("a meeting needs a quote and a list of participants")


def score(files: list[Path], broad: bool, show_misses: bool) -> None:
    rows = [row for f in files for row in load_labels(f)]
    stories = {r["id"]: r for r in read_reuters()}  # the label files keep ids, not the stories' text
    unknown = [r["id"] for r in rows if r["id"] not in stories]
    if unknown:
        sys.exit(f"reuters_recall: {len(unknown)} labelled ids are no Reuters-21578 story (first: {unknown[0]}).")
    rows = [{**stories[r["id"]], **r} for r in rows]
    bench_meetings.BROAD = broad
    x = bench_meetings.make_extractor()
    print(f"extractor of {Path(sys.modules['bot'].__file__).parent}", file=sys.stderr)
    unlabelled = [r["id"] for r in rows if r["meetings"] is None]
    if unlabelled:
        sys.exit(f"{len(unlabelled)} stories have no labels yet (first: {unlabelled[0]}).")
    per, misses = [], []
    for r in rows:
        g_m, f_m, g_p, f_p, miss = story_counts(x.extract, r)
        per.append((g_m, f_m, g_p, f_p))
        misses += miss
    gm, fm, gp, fp = (sum(c[i] for c in per) for i in range(4))
    lo_m, hi_m = _boot([(a, b) for a, b, _, _ in per])
    lo_p, hi_p = _boot([(c, d) for _, _, c, d in per])
    print("| stories | with a meeting | gold meetings | found | meeting R | named participants | found | named R |")
    print("|---|---|---|---|---|---|---|---|")
    print(f"| {len(rows)} | {sum(1 for c in per if c[0])} | {gm} | {fm} | {fm / max(1, gm):.3f} [{lo_m:.3f}, "
          f"{hi_m:.3f}] | {gp} | {fp} | {fp / max(1, gp):.3f} [{lo_p:.3f}, {hi_p:.3f}] |")
    if show_misses:
        for doc, who, quote in misses:
            print(f"MISS {doc} {who!r}: {quote[:220]}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("sample")
    s.add_argument("--part", choices=PARTS, required=True)
    s.add_argument("--n", type=int, default=40)
    s.add_argument("--max-chars", type=int, default=3000)
    c = sub.add_parser("score")
    c.add_argument("files", nargs="+", type=Path)
    c.add_argument("--broad", action="store_true")
    c.add_argument("--misses", action="store_true")
    a = ap.parse_args()
    if a.cmd == "sample":
        for row in sample(a.part, a.n, a.max_chars):
            print(json.dumps(row, ensure_ascii=False))
    else:
        score(a.files, a.broad, a.misses)


if __name__ == "__main__":
    main()
