"""Scores the meeting extractor against WikiEvents and GENEVA gold meeting events (read from ../shared, never copied).

Unit = one sentence. A sentence is gold-positive when the gold file has a meeting event triggered in it; it is
predicted-positive when the extractor returns an event citing it (each sentence is read as a one-sentence,
undated article for GENEVA; WikiEvents documents are read whole, so cross-sentence people resolution is used).
Arguments are scored on sentences that are positive in both: a predicted participant is correct when its name
occurs inside a gold participant span (or the span inside the name); place and time likewise by overlap.
Rows "named" restrict gold participants to spans with a capitalised word (people/orgs), since the extractor only
returns people. `--reuters N` also runs the extractor over N Reuters-21578 stories (0 = all) and prints counts and
extraction time; `--sample K` prints K events (random, fixed seed) from stories with a meeting word, to judge by hand.
`--long 2000,4000,8000,64000` instead times extraction from one long line without sentence punctuation (a meeting
phrase in every 11-18 words: the same phrase, or varied names; and the varied phrases with full stops), and merging
its events, each size in a fresh process; `--old DIR` also times the `bot` package in DIR (`git archive REV bot |
tar -x -C DIR`), skipping its larger sizes once a run takes over `--budget` seconds.
RAMS dev: named-participant recall of the gold meetings (see rams_score); `--rams-sample K` only prints K events
extracted from all RAMS dev windows (random, fixed seed), to judge by hand.
Usage: python benchmarks/bench_meetings.py [--shared ../shared] [--broad] [--reuters N [--sample K]] [--rams-sample K]
       python benchmarks/bench_meetings.py --long 2000,4000,8000,64000 [--old DIR] [--budget 120]
       python benchmarks/bench_meetings.py --build 2000 [--rounds 2]   (full builds: patterns vs the default)
       python benchmarks/bench_meetings.py --errors wikievents|geneva   (every miss and false positive)
       python benchmarks/bench_meetings.py --merge 1000,2000,4000 [--old DIR]   (merging one name's many meetings)
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import random
import re
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

from bot.meetings.extract import PatternMeetingExtractor
from bot.meetings.merge import merge
from bot.records import Article

BROAD = False  # --broad: the extractor also runs the learned-gated broad path, embedding through the ONNX MiniLM
GATE: Path | None = None  # --gate: another gate file than the packaged one (a trade-off point of fit_meeting_gate.py)
STABLE = False  # --stable: samples to judge are drawn by hash (see draw), not by a seeded shuffle
ONLY_BROAD = False  # --only-broad: the Reuters sample draws only events the pattern path alone does not make


def make_extractor() -> PatternMeetingExtractor:
    """The pattern extractor, with the broad path's encoder when --broad was given."""
    if not BROAD:
        return PatternMeetingExtractor()
    from bot.config import DEFAULT_MODEL
    from bot.embed.onnx import OnnxEmbedder, ensure_export
    from bot.meetings.broad import BroadGate

    gate = BroadGate.load(GATE) if GATE else None
    return PatternMeetingExtractor(OnnxEmbedder(ensure_export(DEFAULT_MODEL), DEFAULT_MODEL, threads=2).encode,
                                   gate=gate)


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
    x = make_extractor()
    pred = {sid: x.extract(_article(sid, text)) for sid, text in sents.items()}
    return sents, gold, pred


def wikievents(root: Path):
    gold, sents, pred = defaultdict(list), {}, {}
    by_doc = defaultdict(list)
    for line in open(root / "wikievents/meetings.jsonl"):
        ev = json.loads(line)
        by_doc[ev["doc_id"]].append(ev)
    x = make_extractor()
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


_PRONOUN = re.compile(r"(?i)he|she|they|it|we|i|you|him|her|them|us")
RAMS_MEET = ("contact.discussion", "contact.negotiate", "contact.collaborate.meet")


def rams_windows(root: Path) -> list[dict]:
    """RAMS dev examples whose event is a meeting: the window (one sentence a line), its trigger sentence and the
    gold participant spans (all, and named = holding a capitalised word)."""
    out = []
    for line in open(root / "rams/dev.jsonlines", encoding="utf-8"):
        row = json.loads(line)
        start, end, ((kind, _),) = row["evt_triggers"][0]
        if not kind.startswith(RAMS_MEET):
            continue
        toks, ends = [w for s in row["sentences"] for w in s], []
        for s in row["sentences"]:
            ends.append((ends[-1] if ends else 0) + len(s))
        texts = [" ".join(s) for s in row["sentences"]]
        spans = [" ".join(toks[a : b + 1]) for _t, (a, b), role in row["gold_evt_links"] if "participant" in role]
        out.append({"id": row["doc_key"], "kind": kind, "text": "\n".join(texts),
                    "trigger_sentence": texts[next(i for i, e in enumerate(ends) if start < e)],
                    "participants": spans,
                    "named": [g for g in spans if re.search(r"\b[A-Z][a-z]", g) and not _PRONOUN.fullmatch(g)]})
    return out


def rams_score(root: Path) -> dict:
    """Named-participant recall of RAMS dev meetings (gold spans with a capitalised word, pronouns left out): a gold
    span counts when a participant of any event extracted from its 5-sentence window overlaps it (`named R`), or
    shares its last word with it ("Sebastian Coe" / "Lord Coe", `surname R`), or when its name or the words the cited
    sentence used for it (Participant.mention, "Lord Coe") overlap it (`name|mention R`); `event R` = windows with an
    event citing the trigger sentence. `judged ... R`: the same recalls over the spans both blind judges of
    gold_judgements/rams_gold_spans.jsonl call a participant of a meeting held, under way or set in the window."""
    x = make_extractor()
    found = gold = cited = by_surname = by_mention = 0
    judged, judged_found, judged_said, per_window = judged_spans(), 0, 0, []
    for w in rams_windows(root):
        events = x.extract(_article(w["id"], w["text"]))
        names = [p.name for e in events for p in e.participants]
        gold += len(w["named"])
        found += sum(1 for g in w["named"] if any(_overlap(n, g) for n in names))
        by_surname += sum(1 for g in w["named"] if any(_overlap(n, g) or n.split()[-1] in g.split() for n in names))
        said = names + [p.mention for e in events for p in e.participants if getattr(p, "mention", None)]
        by_mention += sum(1 for g in w["named"] if any(_overlap(n, g) for n in said))
        cited += any(w["trigger_sentence"] in c.quote or c.quote in w["trigger_sentence"]
                     for e in events for c in e.citations)
        mine = [g for i, g in enumerate(w["named"]) if (w["id"], i) in judged]
        per_window.append((len(mine), sum(any(_overlap(n, g) for n in said) for g in mine)))
        judged_found += sum(any(_overlap(n, g) for n in names) for g in mine)
        judged_said += per_window[-1][1]
    n = len(rams_windows(root))
    return {"meetings": n, "named gold": gold, "named found": found, "named R": _div(found, gold),
            "surname R": _div(by_surname, gold), "name|mention R": _div(by_mention, gold),
            "event R": _div(cited, n), "judged spans": len(judged), "judged named R": _div(judged_found, len(judged)),
            "judged name|mention R": _div(judged_said, len(judged)),
            "its 95% CI (windows resampled)": "[{:.3f}, {:.3f}]".format(*_boot(per_window))}


def _boot(rows: list[tuple[int, int]], seed: int = 7) -> tuple[float, float]:
    """95% bootstrap interval of sum(found) / sum(gold) over (gold, found) rows, 2,000 resamples."""
    rng, stats = random.Random(seed), []
    for _ in range(2000):
        pick = [rows[rng.randrange(len(rows))] for _ in rows]
        stats.append(sum(f for _, f in pick) / max(1, sum(g for g, _ in pick)))
    stats.sort()
    return stats[50], stats[1949]


def judged_spans() -> set[tuple[str, int]]:
    """(RAMS doc_key, index in its window's `named`) of the gold spans both judges call a meeting's participant."""
    path = Path(__file__).with_name("gold_judgements") / "rams_gold_spans.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return {(r["id"], r["span"]) for r in rows if r["judge_a"]["verdict"] == r["judge_b"]["verdict"] == "yes"}


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
    from benchmarks.reuters import as_article, read_reuters
    from bot.meetings.frames import TRIGGER

    x = make_extractor()
    recs = list(read_reuters())
    recs = recs[:limit] if limit else recs
    events, t0 = [], time.perf_counter()
    for r in recs:
        events += x.extract(as_article(r))
    ms = (time.perf_counter() - t0) * 1000 / max(1, len(recs))
    meet = {r["id"] for r in recs if TRIGGER.search(r["text"])}
    print("| Reuters | articles | with a meeting word | events | events/article | ms/article | total s |")
    print("|---|---|---|---|---|---|---|")
    print(f"| {len(recs)} | {len(recs)} | {len(meet)} | {len(events)} | {len(events) / max(1, len(recs)):.3f} | "
          f"{ms:.2f} | {ms * len(recs) / 1000:.1f} |")
    pool = [e for e in events if e.doc_ids and e.doc_ids[0] in meet]
    if ONLY_BROAD:  # events citing a sentence the pattern path alone cites nothing from
        plain, texts = PatternMeetingExtractor(), {r["id"]: r for r in recs}
        old = {c.quote for d in {e.doc_ids[0] for e in pool} for e in plain.extract(as_article(texts[d]))
               for c in e.citations}
        pool = [e for e in pool if not any(c.quote in old for c in e.citations if c.field == "participants")]
        print(f"{len(pool)} events from the broad path")
    for e in draw(pool, sample):
        _show(e)


def build_cost(articles: int, rounds: int) -> None:
    """Wall time of full index builds of the first `articles` Reuters stories, the patterns alone vs the build's
    default extractor (patterns + broad path, embedding its candidates while the chunks embed), alternating."""
    import shutil
    import tempfile

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from benchmarks.common import machine_note, table
    from benchmarks.reuters import write_corpus
    from bot.config import DEFAULT_MODEL
    from bot.index.build import build_index

    machine_note()
    work = Path(tempfile.mkdtemp(prefix="whomet-meetcost-"))
    try:
        write_corpus(work / "corpus", limit=articles)
        rows = []
        for r in range(rounds):
            for label in ("patterns", "patterns + broad"):
                shutil.rmtree(work / "ix", ignore_errors=True)
                x = PatternMeetingExtractor() if label == "patterns" else None  # None: the build's default
                t0 = time.perf_counter()
                rep = build_index(work / "corpus", work / "ix", DEFAULT_MODEL, full=True, extractor=x)
                wall = time.perf_counter() - t0
                events = len(json.loads((rep.folder / "meetings.json").read_text(encoding="utf-8")))
                rows.append([r + 1, label, rep.articles, rep.chunks, events, f"{wall:.1f}",
                             f"{rep.seconds.get('write', 0):.1f}", f"{rep.seconds.get('embed', 0):.1f}"])
        table(f"Full build of {articles} Reuters-21578 stories, meeting extractors alternating",
              ["round", "extractor", "articles", "chunks", "meetings", "wall s", "write s", "embed s"], rows)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def merge_rows(sizes: list[int], old: Path | None, rounds: int) -> list[list]:
    """Seconds to merge N meetings of one person with N others, reported a week apart over the years (none the same
    meeting): this merge, and the merge.py of the `bot` package in `old`, alternating, best of `rounds`."""
    import copy
    import importlib.util

    versions = {"current": merge}
    if old is not None:
        spec = importlib.util.spec_from_file_location("old_merge", old / "bot/meetings/merge.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        versions["old"] = module.merge
    x, rows = PatternMeetingExtractor(), []
    for n in sizes:
        events = []
        for i in range(n):
            day = time.strftime("%Y-%m-%d", time.gmtime(473385600 + i * 7 * 86400))  # from 1985, weekly
            text = f"President Lars Holm met Minister {_FIRST[i % 16]} {_LAST[i // 16 % 16]}{i} in Oslo."
            events += x.extract(Article(f"a{i}", f"a{i}", "", day, None, None, text, f"a{i}"))
        best = {}
        for _ in range(rounds):
            for label, fn in versions.items():
                batch = copy.deepcopy(events)
                t0 = time.perf_counter()
                merged = fn(batch)
                best[label] = min(best.get(label, (1e9, 0))[0], time.perf_counter() - t0), len(merged)
        rows += [[label, n, len(events), merged, f"{secs:.3f}"] for label, (secs, merged) in best.items()]
    return rows


def draw(events: list, k: int) -> list:
    """K events to judge: a random sample (fixed seed 7), or with --stable the K whose printout hashes lowest, a
    sample as random that a code change alters only where it changes events, so earlier verdicts carry over."""
    if not STABLE:
        return random.Random(7).sample(events, min(k, len(events)))
    import hashlib

    def key(e) -> str:  # the printout without the event's number within its article
        return hashlib.sha256(re.sub(r"#\d+ \[", " [", printout(e)).encode()).hexdigest()

    return sorted(events, key=key)[:k]


def printout(e) -> str:
    """_show's text of one event, as a string."""
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        _show(e)
    return buf.getvalue()


def _show(e) -> None:
    """One event as a judge reads it: fields, then each sentence cited for its participants."""
    def one(p) -> str:
        via = getattr(p, "resolved_from", None)  # absent in older versions of the records
        said = getattr(p, "mention", None)
        return f"{p.name} ({p.kind}{', from ' + repr(via) if via else ''}{', as ' + repr(said) if said else ''})"

    who = "; ".join(one(p) for p in e.participants)
    print(f"\n{e.id} [{e.kind}, {e.status}, place={e.place}, date={e.date_text}] {who}")
    for c in e.citations:
        if c.field in ("participants", "place"):
            print(f"    {c.field}: {c.quote[:300]}")


def rams_sample(root: Path, k: int) -> None:
    """K events (random, fixed seed) extracted from all RAMS dev windows, each window read as one article."""
    x, events = make_extractor(), []
    for line in open(root / "rams/dev.jsonlines", encoding="utf-8"):
        row = json.loads(line)
        events += x.extract(_article(row["doc_key"], "\n".join(" ".join(s) for s in row["sentences"])))
    print(f"RAMS dev: {len(events)} events from 924 windows; {min(k, len(events))} drawn")
    for e in draw(events, k):
        _show(e)


PHRASE = "Minister Anna Berg met President Lars Holm in Oslo and discussed trade"
_FIRST = "Anna Lars Maria Jonas Elena Pedro Yuki Omar Ines Viktor Sara Tomas Lena Karim Hana Diego".split()
_LAST = "Berg Holm Costa Novak Sato Haddad Lind Moreno Weber Tanaka Rossi Silva Kowalski Dahl Klein Quinn".split()
_TITLES = ["Minister", "President", "Foreign Minister", "Ambassador", "Trade Secretary"]
_VERBS = ["met", "held talks with", "spoke with", "met with"]
_PLACES = ["Oslo", "Lisbon", "Nairobi", "Lima", "Hanoi"]
_TAILS = ["and discussed trade", "on Tuesday", "about energy", "and the talks covered security"]


def long_text(case: str, words: int) -> str:
    """`words` words of meeting phrases: "same" repeats PHRASE, "varied" draws names (fixed seed), "varied, full
    stops" ends each varied phrase with one."""
    if case == "same":
        phrases = [PHRASE] * (words // len(PHRASE.split()) + 1)
    else:
        r, phrases, n = random.Random(7), [], 0
        while n < words:
            phrases.append(f"{r.choice(_TITLES)} {r.choice(_FIRST)} {r.choice(_LAST)} {r.choice(_VERBS)} "
                           f"{r.choice(_TITLES)} {r.choice(_FIRST)} {r.choice(_LAST)} in {r.choice(_PLACES)} "
                           f"{r.choice(_TAILS)}{'.' if case.endswith('stops') else ''}")
            n += len(phrases[-1].split())
    return " ".join(" ".join(phrases).split()[:words])


LONG_CASES = ("same", "varied", "varied, full stops")


def _long_worker(case: str, words: int) -> None:
    """Runs in the process started by long_rows: one extraction, printed as JSON."""
    text = long_text(case, words)
    x = PatternMeetingExtractor()
    x.extract(_article("warm", long_text(case, 200)))  # word lists and GeoNames loaded before timing
    started = time.perf_counter()
    events = x.extract(_article("long", text))
    extracted = time.perf_counter()
    merged = merge(events)
    print(json.dumps({"seconds": extracted - started, "chars": len(text), "events": len(events),
                      "merge": time.perf_counter() - extracted, "merged": len(merged)}))


def long_rows(label: str, bot_dir: Path, sizes: list[int], budget: float) -> list[list]:
    """Times each case and size in a fresh process importing `bot` from bot_dir."""
    env = {**os.environ, "PYTHONPATH": str(bot_dir)}
    rows = []
    for case in LONG_CASES:
        for words in sizes:
            out = subprocess.run([sys.executable, __file__, "--long-worker", case, str(words)], env=env,
                                 capture_output=True, text=True, check=True).stdout
            got = json.loads(out.strip().splitlines()[-1])
            rows.append([label, case, words, got["chars"], round(got["seconds"], 2),
                         round(got["seconds"] / words * 1e6, 1), got["events"], round(got["merge"], 2),
                         got["merged"]])
            print(f"  {label} {case} {words}: {got['seconds']:.2f} s", file=sys.stderr, flush=True)
            if got["seconds"] > budget:
                print(f"  {label} {case}: over the {budget:.0f} s budget, larger sizes skipped", file=sys.stderr)
                break
    return rows


def list_errors(root: Path, which: str) -> None:
    """Every missed gold sentence and false positive of one dataset, with what was extracted and, for WikiEvents,
    every gold event (of any type) the document annotates in that sentence: to tell a real meeting the gold leaves
    out from an extraction error."""
    sents, gold, pred = (wikievents if which == "wikievents" else geneva)(root)
    raw = {}
    if which == "wikievents":
        for split in ("dev", "test"):
            for line in open(root / f"wikievents/raw/{split}.jsonl"):
                doc = json.loads(line)
                raw[doc["doc_id"]] = doc["event_mentions"]
    for title, want_gold in (("MISSED", True), ("FALSE POSITIVE", False)):
        ids = [s for s in sents if bool(gold.get(s)) == want_gold and bool(pred.get(s)) != want_gold]
        print(f"## {title}: {len(ids)}")
        for sid in ids:
            print(f"- {sid}: {sents[sid]}")
            doc, _, i = sid.rpartition(":")
            for ev in raw.get(doc, []):
                if str(ev["trigger"]["sent_idx"]) == i:
                    print(f"    gold {ev['event_type']} {ev['trigger']['text']!r} "
                          f"{[(a['role'], a['text']) for a in ev['arguments']]}")
            for g in gold.get(sid, []):
                print(f"    meeting gold {g['trigger']!r} participants={g['participants']}")
            for e in pred.get(sid, []):
                print(f"    extracted {e.kind} {e.status} {[f'{x.name} ({x.kind})' for x in e.participants]} "
                      f"place={e.place}")


def _sizes(text: str) -> list[int]:
    """"2000,4000" -> [2000, 4000]; argparse names the option when a size is no positive whole number."""
    try:
        sizes = [int(n) for n in text.split(",")]
    except ValueError:
        sizes = []
    if not sizes or min(sizes) <= 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a comma-separated list of positive whole numbers")
    return sizes


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=str(Path(__file__).resolve().parents[2] / "shared" / "data"))
    ap.add_argument("--reuters", type=int, default=None, help="also extract from N Reuters-21578 stories (0 = all)")
    ap.add_argument("--sample", type=int, default=0, help="print this many Reuters events to judge by hand")
    ap.add_argument("--rams-sample", type=int, default=0, help="only print this many RAMS dev events to judge")
    ap.add_argument("--long", type=_sizes, help="only time one long line at these sizes in words, e.g. 2000,4000")
    ap.add_argument("--old", type=Path, help="with --long: a folder holding another version's bot package")
    ap.add_argument("--budget", type=float, default=120, help="with --long: seconds before larger sizes are skipped")
    ap.add_argument("--long-worker", nargs=2, help=argparse.SUPPRESS)
    ap.add_argument("--broad", action="store_true", help="also run the learned-gated broad path (ONNX embeddings)")
    ap.add_argument("--gate", type=Path, help="with --broad: a gate file other than the packaged one")
    ap.add_argument("--only-broad", action="store_true", help="with --sample: draw only events the broad path adds")
    ap.add_argument("--stable", action="store_true", help="with --sample/--rams-sample: draw by hash (see draw)")
    ap.add_argument("--build", type=int, help="only time full builds of this many Reuters stories, by extractor")
    ap.add_argument("--rounds", type=int, default=2, help="with --build: alternating rounds")
    ap.add_argument("--errors", choices=("wikievents", "geneva"), help="only list misses and false positives")
    ap.add_argument("--merge", type=_sizes, help="only time merging one name's meetings at these sizes, e.g. 1000,4000")
    args = ap.parse_args()
    global BROAD, GATE, ONLY_BROAD, STABLE
    BROAD, GATE, ONLY_BROAD, STABLE = args.broad, args.gate, args.only_broad, args.stable
    if args.long_worker:
        _long_worker(args.long_worker[0], int(args.long_worker[1]))
        return
    if args.build:
        build_cost(args.build, args.rounds)
        return
    if args.merge:
        sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
        from benchmarks.common import machine_note, table

        machine_note()
        rows = merge_rows(args.merge, args.old and args.old.resolve(), args.rounds)
        table("Merging one person's meetings with N others, a week apart (none the same meeting)",
              ["version", "N", "events", "merged", "merge s"], rows)
        return
    if args.long:
        sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
        from benchmarks.common import machine_note, table

        machine_note()
        sizes = args.long
        rows = long_rows("current", Path(__file__).resolve().parents[1], sizes, args.budget)
        if args.old:
            rows += long_rows("old", args.old.resolve(), sizes, args.budget)
        table("Meeting extraction from one long line (a meeting phrase in every 11-18 words)",
              ["version", "case", "words", "chars", "extract s", "us/word", "events", "merge s", "merged"], rows)
        return
    root = Path(args.shared)
    root = root / "data" if (root / "data").is_dir() else root
    if args.rams_sample:
        rams_sample(root, args.rams_sample)
        return
    if args.errors:
        list_errors(root, args.errors)
        return
    cols = ["sentences", "gold+", "pred+", "P", "R", "participants P", "participants R", "participants n",
            "place P", "place R", "time P", "time R"]
    print("| dataset | " + " | ".join(cols) + " |")
    print("|" + "---|" * (len(cols) + 1))
    for name, load in (("WikiEvents", wikievents), ("GENEVA", geneva)):
        sents, gold, pred = load(root)
        for label, named in (("", False), (" (named gold participants)", True)):
            row = score(sents, gold, pred, named)
            print(f"| {name}{label} | " + " | ".join(str(row[c]) for c in cols) + " |")
    row = rams_score(root)
    print("\n| RAMS dev meetings | " + " | ".join(row) + " |\n|" + "---|" * (len(row) + 1))
    print("| all | " + " | ".join(str(v) for v in row.values()) + " |")
    if args.reuters is not None:
        reuters(args.reuters, args.sample)


if __name__ == "__main__":
    main()
