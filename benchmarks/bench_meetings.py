"""Scores the meeting extractor against WikiEvents and GENEVA gold meeting events (read from ../shared, never copied).

Unit = one sentence. A sentence is gold-positive when the gold file has a meeting event triggered in it; it is
predicted-positive when the extractor returns an event citing it (each sentence is read as a one-sentence,
undated article for GENEVA; WikiEvents documents are read whole, so cross-sentence people resolution is used).
Arguments are scored on sentences that are positive in both: a predicted participant is correct when its name
occurs inside a gold participant span (or the span inside the name); place and time likewise by overlap.
Rows "named" restrict gold participants to spans with a capitalised word (people/orgs), since the extractor only
returns people. `--reuters N` also runs the extractor over N Reuters-21578 stories (0 = all) and prints counts and
extraction time; `--sample K` prints K events (random, fixed seed) from stories with a meeting word, to judge by hand.
Usage: python benchmarks/bench_meetings.py [--shared ../shared] [--reuters N [--sample K]]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import time
from collections import defaultdict
from pathlib import Path

from bot.meetings.extract import PatternMeetingExtractor
from bot.records import Article


def _article(doc_id: str, text: str) -> Article:
    return Article(doc_id, doc_id, "", None, None, None, text, doc_id)


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"\s+([,.'’])", r"\1", s or "")).strip().lower()


def _overlap(a: str, b: str) -> bool:
    a, b = _norm(a), _norm(b)
    return bool(a and b) and (a in b or b in a)


def geneva(root: Path):
    gold = defaultdict(list)
    for line in open(root / "geneva/meetings.jsonl"):
        ev = json.loads(line)
        gold[ev["sentence_id"]].append(ev)
    sents = {}
    for split in ("val", "test"):
        for line in open(root / f"geneva/raw/data_time_place/{split}.json"):
            row = json.loads(line)
            sents[row["wnd_id"]] = row["sentence"]
    x = PatternMeetingExtractor()
    pred = {sid: x.extract(_article(sid, text)) for sid, text in sents.items()}
    return sents, gold, pred


def wikievents(root: Path):
    gold, sents, pred = defaultdict(list), {}, {}
    by_doc = defaultdict(list)
    for line in open(root / "wikievents/meetings.jsonl"):
        ev = json.loads(line)
        by_doc[ev["doc_id"]].append(ev)
    x = PatternMeetingExtractor()
    for split in ("dev", "test"):
        for line in open(root / f"wikievents/raw/{split}.jsonl"):
            doc = json.loads(line)
            texts = [s[1] for s in doc["sentences"]]
            events = x.extract(_article(doc["doc_id"], "\n".join(texts)))
            for i, text in enumerate(texts):
                sid = f"{doc['doc_id']}:{i}"
                sents[sid] = text
                pred[sid] = [e for e in events if any(c.quote in text or text in c.quote for c in e.citations
                                                      if c.field in ("participants", "status", "date", "place"))]
                gold[sid] = [g for g in by_doc[doc["doc_id"]] if len(_norm(text)) > 20 and g["trigger"] in text and (
                    _norm(g["sentence"]).startswith(_norm(text)[:60]) or _norm(text) in _norm(g["sentence"]))]
    return sents, gold, pred


def score(sents, gold, pred, named=False) -> dict:
    tp = sum(1 for s in sents if gold.get(s) and pred.get(s))
    fp = sum(1 for s in sents if not gold.get(s) and pred.get(s))
    fn = sum(1 for s in sents if gold.get(s) and not pred.get(s))
    args = {"participants": [0, 0, 0, 0], "place": [0, 0, 0, 0], "time": [0, 0, 0, 0]}  # ok_p, n_p, ok_g, n_g
    for s in sents:
        if not (gold.get(s) and pred.get(s)):
            continue
        gp = [p for g in gold[s] for p in g["participants"] if not named or re.search(r"\b[A-Z][a-z]", p)]
        pp = [p.name for e in pred[s] for p in e.participants]
        _tally(args["participants"], pp, gp)
        _tally(args["place"], [e.place for e in pred[s] if e.place], [g["place"] for g in gold[s] if g["place"]])
        _tally(args["time"], [e.date_text.replace(" (article undated)", "") for e in pred[s] if e.date_text],
               [g["time"] for g in gold[s] if g["time"]])
    out = {"sentences": len(sents), "gold+": tp + fn, "pred+": tp + fp, "P": _div(tp, tp + fp), "R": _div(tp, tp + fn)}
    for k, (okp, n_p, okg, n_g) in args.items():
        out[f"{k} P"], out[f"{k} R"] = _div(okp, n_p), _div(okg, n_g)
        out[f"{k} n"] = f"{n_p}/{n_g}"
    return out


def _tally(acc, predicted, goldspans):
    acc[0] += sum(1 for p in predicted if any(_overlap(p, g) for g in goldspans))
    acc[1] += len(predicted)
    acc[2] += sum(1 for g in goldspans if any(_overlap(p, g) for p in predicted))
    acc[3] += len(set(goldspans))


def _div(a, b):
    return round(a / b, 3) if b else None


def reuters(limit: int, sample: int) -> None:
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from benchmarks.reuters import read_reuters
    from bot.meetings.frames import TRIGGER

    x = PatternMeetingExtractor()
    recs = list(read_reuters())
    recs = recs[:limit] if limit else recs
    events, t0 = [], time.perf_counter()
    for r in recs:
        events += x.extract(Article(r["id"], r["id"], r["title"], r["date"], "Reuters", None, r["text"], r["id"]))
    ms = (time.perf_counter() - t0) * 1000 / max(1, len(recs))
    meet = {r["id"] for r in recs if TRIGGER.search(r["text"])}
    print("| Reuters | articles | with a meeting word | events | events/article | ms/article | total s |")
    print("|---|---|---|---|---|---|---|")
    print(f"| {len(recs)} | {len(recs)} | {len(meet)} | {len(events)} | {len(events) / max(1, len(recs)):.3f} | "
          f"{ms:.2f} | {ms * len(recs) / 1000:.1f} |")
    pool = [e for e in events if e.doc_ids and e.doc_ids[0] in meet]
    for e in random.Random(7).sample(pool, min(sample, len(pool))):
        who = "; ".join(f"{p.name} ({p.kind})" for p in e.participants)
        quote = next((c.quote for c in e.citations if c.field == "participants"), "")
        print(f"\n{e.id} [{e.kind}, {e.status}, place={e.place}, date={e.date_text}] {who}\n    {quote[:300]}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=str(Path(__file__).resolve().parents[2] / "shared" / "data"))
    ap.add_argument("--reuters", type=int, default=None, help="also extract from N Reuters-21578 stories (0 = all)")
    ap.add_argument("--sample", type=int, default=0, help="print this many Reuters events to judge by hand")
    args = ap.parse_args()
    root = Path(args.shared)
    root = root / "data" if (root / "data").is_dir() else root
    cols = ["sentences", "gold+", "pred+", "P", "R", "participants P", "participants R", "participants n",
            "place P", "place R", "time P", "time R"]
    print("| dataset | " + " | ".join(cols) + " |")
    print("|" + "---|" * (len(cols) + 1))
    for name, load in (("WikiEvents", wikievents), ("GENEVA", geneva)):
        sents, gold, pred = load(root)
        for label, named in (("", False), (" (named gold participants)", True)):
            row = score(sents, gold, pred, named)
            print(f"| {name}{label} | " + " | ".join(str(row[c]) for c in cols) + " |")
    if args.reuters is not None:
        reuters(args.reuters, args.sample)


if __name__ == "__main__":
    main()
