"""Fits the broad meeting path's gate (bot/meetings/broad.py) and prints held-out figures of the extractor with it.

Data: the sentences and labels of fit_meeting_detector.py (RAMS dev trigger sentences, GENEVA, WikiEvents; read
from ../shared/data, never copied). Each article is read as bench_meetings.py reads it (RAMS: the 5-sentence
window; GENEVA: the sentence; WikiEvents: the document). Held-out: the same stratified 5-fold split by document as
fit_meeting_detector.py. In each training part: the detector (logistic regression on MiniLM + pattern features, C
by inner average precision) gives out-of-fold scores; the gate (logistic regression over broad.GATE_FEATURES, C=1)
is fitted on the training sentences the broad path would read (a meeting word, no pattern event, a name in the
clause) with the detector's out-of-fold log-odds; its threshold is the lowest whose 3-fold out-of-fold precision on
those sentences (10 shuffles pooled) reaches --target. The test part is then extracted by PatternMeetingExtractor
with that fold's detector and gate. A sentence is predicted positive when an event cites it; RAMS named-participant
recall is bench_meetings.py's (a gold named span overlapped by a participant of an event from its window). 95% CIs:
2,000 bootstrap resamples of documents. `--target` sets the gate's precision target (trade-off curve: run several).
`--write` fits on everything and writes bot/meetings/broad_gate.json (the detector's weights file is
fit_meeting_detector.py's).
Usage: python benchmarks/fit_meeting_gate.py [--shared ../shared/data] [--cache /tmp/gate_emb.npz] [--write]
       python benchmarks/fit_meeting_gate.py --misses
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks import fit_meeting_detector as fd  # noqa: E402
from benchmarks.bench_meetings import RAMS_MEET, _overlap  # noqa: E402
from bot.config import DEFAULT_MODEL  # noqa: E402
from bot.meetings import broad  # noqa: E402
from bot.meetings.detect import MeetingSentenceDetector, pattern_matrix  # noqa: E402
from bot.meetings.extract import PatternMeetingExtractor  # noqa: E402
from bot.records import Article  # noqa: E402

REPEATS = 10  # shuffles of the gate's 3-fold split whose out-of-fold scores are pooled to choose its threshold
_PRONOUN = re.compile(r"(?i)he|she|they|it|we|i|you|him|her|them|us")


@dataclass
class Unit:
    """One article as the extractor reads it, with its labelled sentences and (RAMS) gold named participants."""

    dataset: str
    group: str
    art_id: str
    text: str
    labelled: list[tuple[str, bool]] = field(default_factory=list)
    named: list[str] = field(default_factory=list)


def units(root: Path) -> list[Unit]:
    out = []
    for line in open(root / "rams/dev.jsonlines", encoding="utf-8"):
        row = json.loads(line)
        start, _end, ((kind, _),) = row["evt_triggers"][0]
        texts, ends = [" ".join(s) for s in row["sentences"]], np.cumsum([len(s) for s in row["sentences"]])
        u = Unit("RAMS", row["source_url"], row["doc_key"], "\n".join(texts))
        if not kind.startswith("contact.collaborate"):
            u.labelled.append((texts[int(np.searchsorted(ends, start, side="right"))],
                               kind.startswith(("contact.discussion", "contact.negotiate"))))
        if kind.startswith(RAMS_MEET):
            toks = [w for s in row["sentences"] for w in s]
            spans = [" ".join(toks[a : b + 1]) for _t, (a, b), role in row["gold_evt_links"] if "participant" in role]
            u.named = [g for g in spans if re.search(r"\b[A-Z][a-z]", g) and not _PRONOUN.fullmatch(g)]
        out.append(u)
    for doc_id, sid, text, meet in fd.geneva_sentences(root):
        out.append(Unit("GENEVA", doc_id, sid, text, [(text, meet)]))
    for doc_id, texts, labelled in fd.wikievents_documents(root):
        out.append(Unit("WikiEvents", doc_id, doc_id, "\n".join(texts), labelled))
    return out


def _article(u: Unit) -> Article:
    return Article(u.art_id, u.art_id, "", None, None, None, u.text, u.art_id)


class _Recorder(PatternMeetingExtractor):
    """The extractor whose gate passes nothing and keeps the features of every sentence it is asked about."""

    def __init__(self, encode) -> None:
        super().__init__(encode, detector=MeetingSentenceDetector.load(), gate=broad.BroadGate(np.zeros(1), 0, 2))
        self.seen: dict[str, np.ndarray] = {}

    def reachable(self, texts: list[str], *_columns) -> list[bool]:
        return [True] * len(texts)  # every candidate is embedded and recorded, none skipped by the gate's bound

    def admit(self, sentence: str, features) -> bool:
        self.seen.setdefault(sentence, features)
        return False


def embeddings(us: list[Unit], cache: Path | None) -> dict[str, np.ndarray]:
    """MiniLM rows of every labelled sentence and every sentence the extractor sends to the detector."""
    wanted: list[str] = []
    grab = _Recorder(lambda ts: (wanted.extend(ts), np.zeros((len(ts), 384)))[1])
    for u in us:
        grab.extract(_article(u))
    texts = sorted(set(wanted) | {t for u in us for t, _ in u.labelled})
    return dict(zip(texts, fd.embed(texts, cache), strict=True))


def record(us: list[Unit], emb: dict[str, np.ndarray]) -> dict[tuple[str, str], np.ndarray]:
    """Gate features of every sentence the broad path reads, by (article, sentence); column 0 (the detector's
    log-odds under the shipped weights) is replaced by the caller with out-of-fold log-odds."""
    rec, out = _Recorder(lambda ts: np.array([emb[t] for t in ts])), {}
    for u in us:
        rec.seen = {}
        rec.extract(_article(u))
        out.update({(u.art_id, s): f for s, f in rec.seen.items()})
    return out


def _detector(model) -> MeetingSentenceDetector:
    return MeetingSentenceDetector(model.coef_[0].astype(np.float64), float(model.intercept_[0]), 0.5, DEFAULT_MODEL)


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))


def fit_gate(F: np.ndarray, y: np.ndarray, groups: np.ndarray, seed: int, target: float):
    """The gate's regression (C=1) on the broad-path sentences, and its threshold from 3-fold out-of-fold scores."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedGroupKFold

    scores = []  # REPEATS shuffles of the 3 folds, pooled: with a few dozen rows one split's threshold is noise
    for r in range(REPEATS):
        oof = np.zeros(len(y))
        for tr, te in StratifiedGroupKFold(3, shuffle=True, random_state=seed + 100 * r).split(F, y, groups):
            oof[te] = LogisticRegression(C=1.0, max_iter=5000).fit(F[tr], y[tr]).predict_proba(F[te])[:, 1]
        scores.append(oof)
    model = LogisticRegression(C=1.0, max_iter=5000).fit(F, y)
    return broad.BroadGate(model.coef_[0].astype(np.float64), float(model.intercept_[0]),
                           fd._threshold(np.tile(y, REPEATS), np.concatenate(scores), target))


def _rows(us, emb):
    """Labelled sentences in order: texts, labels, document groups, the unit each comes from."""
    rows = [(t, lab, f"{u.dataset}:{u.group}", k) for k, u in enumerate(us) for t, lab in u.labelled]
    texts = [r[0] for r in rows]
    X = np.hstack([np.array([emb[t] for t in texts]), pattern_matrix(texts)])
    return (texts, np.array([r[1] for r in rows]), np.array([r[2] for r in rows]), np.array([r[3] for r in rows]),
            X.astype(np.float64))


def gate_part(us, texts, y, unit_of, oof_prob, feats, idx):
    """The broad-path rows among labelled sentences `idx`: features (out-of-fold log-odds first), labels, groups."""
    F, Y, G = [], [], []
    for i in idx:
        f = feats.get((us[unit_of[i]].art_id, texts[i]))
        if f is not None:
            F.append(np.concatenate([[_logit(np.array([oof_prob[i]]))[0]], f[1:]]))
            Y.append(y[i])
            G.append(f"{us[unit_of[i]].dataset}:{us[unit_of[i]].group}")
    return np.array(F).reshape(-1, len(broad.GATE_FEATURES)), np.array(Y, bool), np.array(G)


def cited(events, text: str) -> bool:
    return any(c.quote in text or text in c.quote for e in events for c in e.citations
               if c.field in ("participants", "status", "date", "place"))


def heldout(us, emb, feats, seed: int, target: float):
    """Per outer fold: detector + gate fitted on the training part, the test part extracted with them and without
    (patterns only). Returns per labelled sentence (broad, patterns) predictions and per unit the events."""
    from sklearn.model_selection import StratifiedGroupKFold

    texts, y, groups, unit_of, X = _rows(us, emb)
    pred_b, pred_p = np.zeros(len(y), bool), np.zeros(len(y), bool)
    events_b, events_p, chosen = {}, {}, []
    unit_group = np.array([f"{u.dataset}:{u.group}" for u in us])
    plain = PatternMeetingExtractor()

    def encode(ts):
        return np.array([emb[t] for t in ts])

    for k, (tr, te) in enumerate(StratifiedGroupKFold(5, shuffle=True, random_state=seed).split(X, y, groups)):
        model, _thr, c, oof = fd._fit(X[tr], y[tr], groups[tr], seed + k)
        prob = np.zeros(len(y))
        prob[tr] = oof
        F, Y, G = gate_part(us, texts, y, unit_of, prob, feats, tr)
        gate = fit_gate(F, Y, G, seed + k, target)
        chosen.append(f"fold {k}: detector C={c:g}, gate rows {len(Y)} ({int(Y.sum())}+), "
                      f"threshold {gate.threshold:.3f}")
        x = PatternMeetingExtractor(encode, detector=_detector(model), gate=gate)
        test_groups = set(groups[te])
        for j, u in enumerate(us):
            if unit_group[j] in test_groups:
                events_b[j], events_p[j] = x.extract(_article(u)), plain.extract(_article(u))
        for i in te:
            pred_b[i] = cited(events_b[unit_of[i]], texts[i])
            pred_p[i] = cited(events_p[unit_of[i]], texts[i])
    return texts, y, groups, unit_of, pred_p, pred_b, events_p, events_b, chosen


def rams_recall(us, events) -> tuple[int, int]:
    found = gold = 0
    for j, u in enumerate(us):
        if u.dataset != "RAMS" or j not in events or not u.named:
            continue
        names = [p.name for e in events[j] for p in e.participants]
        gold += len(u.named)
        found += sum(1 for g in u.named if any(_overlap(n, g) for n in names))
    return found, gold


def rams_recall_ci(us, events, rng, n=2000):
    """Named recall and its 95% CI by bootstrap of RAMS documents."""
    per = defaultdict(lambda: [0, 0])
    for j, u in enumerate(us):
        if u.dataset == "RAMS" and j in events and u.named:
            names = [p.name for e in events[j] for p in e.participants]
            per[u.group][0] += sum(1 for g in u.named if any(_overlap(n, g) for n in names))
            per[u.group][1] += len(u.named)
    arr = np.array(list(per.values()))
    stats = [arr[idx, 0].sum() / arr[idx, 1].sum() for idx in (rng.integers(0, len(arr), len(arr)) for _ in range(n))]
    return arr[:, 0].sum(), arr[:, 1].sum(), np.percentile(stats, [2.5, 97.5])


def table(us, texts, y, groups, unit_of, pred_p, pred_b, events_p, events_b, seed: int) -> None:
    ds = np.array([us[i].dataset for i in unit_of])
    print("| data | sentences | gold+ | extractor | pred+ | P [95% CI] | R [95% CI] | F1 [95% CI] |")
    print("|---|---|---|---|---|---|---|---|")
    for name in ("RAMS", "GENEVA", "WikiEvents", "pooled"):
        sel = np.ones(len(y), bool) if name == "pooled" else ds == name
        for label, pred in (("patterns", pred_p), ("patterns + broad", pred_b)):
            p, r, f = fd._prf(y[sel], pred[sel])
            ci = fd._ci(y[sel], pred[sel], groups[sel], np.random.default_rng(seed))
            cells = [f"{v:.3f} [{lo:.3f}, {hi:.3f}]" for v, (lo, hi) in zip((p, r, f), ci, strict=True)]
            print(f"| {name} | {sel.sum()} | {y[sel].sum()} | {label} | {pred[sel].sum()} | "
                  + " | ".join(cells) + " |")
    print("\n| RAMS dev meetings, named-participant recall | found / gold | R [95% CI] |\n|---|---|---|")
    for label, ev in (("patterns", events_p), ("patterns + broad", events_b)):
        found, gold, (lo, hi) = rams_recall_ci(us, ev, np.random.default_rng(seed))
        print(f"| {label} | {found}/{gold} | {found / gold:.3f} [{lo:.3f}, {hi:.3f}] |")


def misses(us: list[Unit]) -> None:
    """Why the pattern path (in sample) cites no event from a positive sentence: no lexicon word, or how many names
    the broad path reads in the word's clause."""
    from collections import Counter

    from bot.meetings import frames

    plain, why = PatternMeetingExtractor(), Counter()
    for u in us:
        positive = [t for t, label in u.labelled if label]
        events = plain.extract(_article(u)) if positive else []
        for text in positive:
            masked = frames.mask_quotes(text)
            t = broad.candidate(masked)
            n = len(broad.participants(text, masked, t, [])) if t else -1
            why["cited by the patterns" if cited(events, text) else "no meeting word" if t is None
                else f"{min(n, 2)}{'+' if n >= 2 else ''} names in the clause"] += 1
    print("| positive sentences | count |\n|---|---|")
    for k, v in sorted(why.items()):
        print(f"| {k} | {v} |")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=str(Path(__file__).resolve().parents[2] / "shared" / "data"))
    ap.add_argument("--cache", type=Path, default=None, help="npz file caching the sentence embeddings")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--target", type=float, default=fd.TARGET_PRECISION, help="gate precision on training folds")
    ap.add_argument("--write", action="store_true", help=f"fit on everything and write {broad.GATE}")
    ap.add_argument("--out", type=Path, default=broad.GATE, help="with --write: where to write the gate instead")
    ap.add_argument("--misses", action="store_true", help="only count why the patterns miss positive sentences")
    args = ap.parse_args()
    root = Path(args.shared)
    root = root / "data" if (root / "data").is_dir() else root
    us = units(root)
    if args.misses:
        misses(us)
        return
    emb = embeddings(us, args.cache)
    feats = record(us, emb)
    out = heldout(us, emb, feats, args.seed, args.target)
    print("; ".join(out[-1]))
    table(us, *out[:-1], args.seed)
    if args.write:
        texts, y, groups, unit_of, X = _rows(us, emb)
        _model, _thr, _c, oof = fd._fit(X, y, groups, args.seed)
        gate = fit_gate(*gate_part(us, texts, y, unit_of, oof, feats, range(len(y))), args.seed, args.target)
        args.out.write_text(json.dumps({
            "features": list(broad.GATE_FEATURES), "threshold": round(gate.threshold, 6),
            "intercept": round(gate.intercept, 6), "coef": [round(float(v), 6) for v in gate.coef],
            "target_precision": args.target, "detector": "detector_weights.json",
        }) + "\n", encoding="utf-8")
        print(f"wrote {args.out}: threshold {gate.threshold:.3f}")


if __name__ == "__main__":
    main()
