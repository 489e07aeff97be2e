"""Fits the learned meeting-sentence detector (bot/meetings/detect.py) and prints held-out figures against the patterns.

Examples (one a sentence, read from ../shared/data, never copied):
- RAMS dev: the sentence holding each window's trigger. Positive: contact.discussion.* / contact.negotiate.*;
  contact.collaborate.* (no .meet in dev) is left out as ambiguous; every other event is a hard negative.
  Group = source_url. The pattern path reads the whole 5-sentence window.
- GENEVA: every sentence. Positive: a meetings.jsonl event of type Communication with a meet/talks/negotiate/
  discuss/conference trigger, or Come_together. Left out as ambiguous: sentences whose only meeting-like events are
  the heuristic's Social_event, Arriving "visit" or Communication talk/chat ones, and sentences with a Traveling/
  Arriving "visit" trigger. Group = doc_id. The pattern path reads the sentence alone (as bench_meetings.py does).
- WikiEvents: every sentence. Positive: a Contact.*.Meet trigger; left out: Contact.Contact.Unspecified (mode
  unknown); the rest negative (plain sentences and other events). Group = doc_id; the pattern path reads the document.
Held-out: stratified 5-fold by document (pooled); inside each training part, 3-fold out-of-fold scores pick the
regularisation C in C_GRID (average precision) and the lowest threshold with precision >= 0.85. "patterns, filtered"
keeps a pattern-path sentence only when its score reaches a cut chosen on the same training scores for F1 (the
detector as a precision filter; a cut of 0 keeps everything). 95% CIs: 2,000 bootstrap
resamples of documents. `--write` fits on everything and writes bot/meetings/detector_weights.json.
Needs scikit-learn (fitting only; run time scores with numpy).
Usage: python benchmarks/fit_meeting_detector.py [--shared ../shared] [--write] [--cache /tmp/emb.npz]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bot.config import DEFAULT_MODEL
from bot.meetings.detect import PATTERN_FEATURES, WEIGHTS, pattern_matrix
from bot.meetings.extract import PatternMeetingExtractor
from bot.records import Article

TARGET_PRECISION = 0.85
C_GRID = (0.1, 0.3, 1.0, 3.0, 10.0)
_GENEVA_MEET = re.compile(r"meet|talks|negotiat|discuss|conference", re.I)


@dataclass
class Example:
    """One sentence: its label, dataset, document (the CV group) and whether the pattern path cites it."""

    text: str
    label: bool
    dataset: str
    group: str
    pattern: bool = False


def _article(doc_id: str, text: str) -> Article:
    return Article(doc_id, doc_id, "", None, None, None, text, doc_id)


def _cited(events, text: str) -> bool:
    return any(c.quote in text or text in c.quote for e in events for c in e.citations
               if c.field in ("participants", "status", "date", "place"))


def rams(root: Path) -> list[Example]:
    out, x = [], PatternMeetingExtractor()
    for line in open(root / "rams/dev.jsonlines", encoding="utf-8"):
        row = json.loads(line)
        kind = row["evt_triggers"][0][2][0][0]
        if kind.startswith("contact.collaborate"):
            continue
        start, ends, total = row["evt_triggers"][0][0], [], 0
        for s in row["sentences"]:
            total += len(s)
            ends.append(total)
        idx = next(i for i, e in enumerate(ends) if start < e)
        texts = [" ".join(s) for s in row["sentences"]]
        events = x.extract(_article(row["doc_key"], "\n".join(texts)))
        label = kind.startswith(("contact.discussion", "contact.negotiate"))
        out.append(Example(texts[idx], label, "RAMS", row["source_url"], _cited(events, texts[idx])))
    return out


def geneva_sentences(root: Path) -> Iterator[tuple[str, str, str, bool]]:
    """(doc_id, sentence id, sentence, is a meeting) for the GENEVA sentences whose label can be trusted: meeting
    annotations cleaned (Come_together, or a Communication whose trigger is a meeting word); visits left out."""
    keep, drop = set(), set()
    for line in open(root / "geneva/meetings.jsonl", encoding="utf-8"):
        ev = json.loads(line)
        ok = ev["event_type"] == "Come_together" or (
            ev["event_type"] == "Communication" and _GENEVA_MEET.search(ev["trigger"]))
        (keep if ok else drop).add(ev["sentence_id"])
    for split in ("val", "test"):
        for line in open(root / f"geneva/raw/data_time_place/{split}.json", encoding="utf-8"):
            row = json.loads(line)
            sid = row["wnd_id"]
            visit = any(e["event_type"] in ("Traveling", "Arriving") and "visit" in e["trigger"]["text"].lower()
                        for e in row["event_mentions"])
            if sid not in keep and (sid in drop or visit):
                continue
            yield row["doc_id"], sid, row["sentence"], sid in keep


def wikievents_documents(root: Path) -> Iterator[tuple[str, list[str], list[tuple[str, bool]]]]:
    """(doc_id, its sentences, the labelled ones as (sentence, is a meeting)): Contact.*.Meet sentences are
    meetings; other contact sentences of unspecified mode are left out."""
    for split in ("dev", "test"):
        for line in open(root / f"wikievents/raw/{split}.jsonl", encoding="utf-8"):
            doc = json.loads(line)
            texts = [s[1] for s in doc["sentences"]]
            kinds = defaultdict(set)
            for e in doc["event_mentions"]:
                kinds[e["trigger"]["sent_idx"]].add(e["event_type"])
            labelled = []
            for i, text in enumerate(texts):
                meet = any(k.startswith("Contact.") and k.endswith(".Meet") for k in kinds[i])
                if meet or "Contact.Contact.Unspecified" not in kinds[i]:
                    labelled.append((text, meet))
            yield doc["doc_id"], texts, labelled


def geneva(root: Path) -> list[Example]:
    x = PatternMeetingExtractor()
    return [Example(text, meet, "GENEVA", doc_id, _cited(x.extract(_article(sid, text)), text))
            for doc_id, sid, text, meet in geneva_sentences(root)]


def wikievents(root: Path) -> list[Example]:
    out, x = [], PatternMeetingExtractor()
    for doc_id, texts, labelled in wikievents_documents(root):
        events = x.extract(_article(doc_id, "\n".join(texts)))
        out.extend(Example(text, meet, "WikiEvents", doc_id, _cited(events, text)) for text, meet in labelled)
    return out


def embed(texts: list[str], cache: Path | None) -> np.ndarray:
    """MiniLM rows through the torch-free ONNX path, optionally cached by the texts' digest."""
    key = hashlib.sha256("\n".join(texts).encode()).hexdigest()[:16]
    if cache and cache.exists():
        data = np.load(cache)
        if str(data["key"]) == key:
            return data["emb"]
    from bot.embed.onnx import OnnxEmbedder, ensure_export

    emb = OnnxEmbedder(ensure_export(DEFAULT_MODEL), DEFAULT_MODEL, threads=2).encode(texts)
    if cache:
        np.savez(cache, key=key, emb=emb)
    return emb


def _threshold(y: np.ndarray, s: np.ndarray, target: float = TARGET_PRECISION) -> float:
    """Lowest score whose precision (over scores at or above it) reaches `target`; the top score if none."""
    order = np.argsort(-s)
    tp = np.cumsum(y[order])
    prec = tp / np.arange(1, len(s) + 1)
    ok = np.nonzero(prec >= target)[0]
    return float(s[order][ok[-1]]) if len(ok) else float(s[order][0])


def _fit(X, y, groups, seed: int, target: float = TARGET_PRECISION):
    """C by inner out-of-fold average precision, then the threshold from the same out-of-fold scores."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import average_precision_score
    from sklearn.model_selection import StratifiedGroupKFold

    inner = list(StratifiedGroupKFold(3, shuffle=True, random_state=seed).split(X, y, groups))
    best = None
    for c in C_GRID:
        oof = np.zeros(len(y))
        for tr, te in inner:
            m = LogisticRegression(C=c, max_iter=5000).fit(X[tr], y[tr])
            oof[te] = m.predict_proba(X[te])[:, 1]
        ap = average_precision_score(y, oof)
        if best is None or ap > best[0]:
            best = (ap, c, oof)
    _, c, oof = best
    model = LogisticRegression(C=c, max_iter=5000).fit(X, y)
    return model, _threshold(y, oof, target), c, oof


def _filter_threshold(y: np.ndarray, s: np.ndarray, pat: np.ndarray) -> float:
    """The score the pattern path's sentences must reach to be kept, chosen for F1 of "patterns AND score >= t"
    (0 = keep all, when no cut helps)."""
    best = (_prf(y, pat)[2], 0.0)
    for t in np.unique(s[pat]):
        f1 = _prf(y, pat & (s >= t))[2]
        if f1 > best[0] + 1e-9:
            best = (f1, float(t))
    return best[1]


def _prf(y, p):
    tp, fp, fn = int(np.sum(y & p)), int(np.sum(~y & p)), int(np.sum(y & ~p))
    prec = tp / (tp + fp) if tp + fp else float("nan")
    rec = tp / (tp + fn) if tp + fn else float("nan")
    f1 = 2 * prec * rec / (prec + rec) if tp else 0.0
    return prec, rec, f1


def _ci(y, p, groups, rng, n=2000):
    """95% percentile intervals for P, R, F1 over bootstrap resamples of whole documents."""
    docs = np.unique(groups)
    rows = {d: np.nonzero(groups == d)[0] for d in docs}
    stats = []
    for _ in range(n):
        idx = np.concatenate([rows[d] for d in rng.choice(docs, len(docs))])
        stats.append(_prf(y[idx], p[idx]))
    arr = np.array(stats)
    return [tuple(np.nanpercentile(arr[:, k], [2.5, 97.5])) for k in range(3)]


def ablation(X: np.ndarray, y: np.ndarray, groups: np.ndarray, seed: int) -> None:
    """Held-out average precision (same outer folds) of embeddings alone, patterns alone and both, per C."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import average_precision_score
    from sklearn.model_selection import StratifiedGroupKFold

    folds = list(StratifiedGroupKFold(5, shuffle=True, random_state=seed).split(X, y, groups))
    dim = X.shape[1] - len(PATTERN_FEATURES)
    print("| features | " + " | ".join(f"AP C={c:g}" for c in C_GRID) + " |")
    print("|---|" + "---|" * len(C_GRID))
    for name, cols in (("embedding", slice(0, dim)), ("patterns", slice(dim, None)), ("both", slice(None))):
        aps = []
        for c in C_GRID:
            oof = np.zeros(len(y))
            for tr, te in folds:
                m = LogisticRegression(C=c, max_iter=5000).fit(X[tr][:, cols], y[tr])
                oof[te] = m.predict_proba(X[te][:, cols])[:, 1]
            aps.append(f"{average_precision_score(y, oof):.3f}")
        print(f"| {name} | " + " | ".join(aps) + " |")


def report(ex: list[Example], oof_pred: np.ndarray, oof_score: np.ndarray, seed: int,
           kept: np.ndarray | None = None) -> None:
    y = np.array([e.label for e in ex])
    groups = np.array([f"{e.dataset}:{e.group}" for e in ex])
    pat = np.array([e.pattern for e in ex])
    ds = np.array([e.dataset for e in ex])
    print("| data | sentences | docs | gold+ | detector | pred+ | P [95% CI] | R [95% CI] | F1 [95% CI] |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name in ("RAMS", "GENEVA", "WikiEvents", "pooled"):
        sel = np.ones(len(ex), bool) if name == "pooled" else ds == name
        rows = [("patterns", pat), ("learned", oof_pred), ("either", pat | oof_pred)]
        rows += [("patterns, filtered", pat & kept)] if kept is not None else []
        for label, pred in rows:
            p, r, f = _prf(y[sel], pred[sel])
            ci = _ci(y[sel], pred[sel], groups[sel], np.random.default_rng(seed))
            cells = [f"{v:.3f} [{lo:.3f}, {hi:.3f}]" for v, (lo, hi) in zip((p, r, f), ci, strict=True)]
            print(f"| {name} | {sel.sum()} | {len(np.unique(groups[sel]))} | {y[sel].sum()} | {label} | "
                  f"{pred[sel].sum()} | " + " | ".join(cells) + " |")
    print("\nHeld-out average precision of the learned scores (threshold-free; a random ranking scores the base rate):")
    from sklearn.metrics import average_precision_score

    for name in ("RAMS", "GENEVA", "WikiEvents", "pooled"):
        sel = np.ones(len(ex), bool) if name == "pooled" else ds == name
        print(f"- {name}: AP {average_precision_score(y[sel], oof_score[sel]):.3f} "
              f"(base rate {y[sel].mean():.3f})")


def main() -> None:
    from sklearn.model_selection import StratifiedGroupKFold

    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=str(Path(__file__).resolve().parents[2] / "shared" / "data"))
    ap.add_argument("--write", action="store_true", help=f"fit on all examples and write {WEIGHTS}")
    ap.add_argument("--cache", type=Path, default=None, help="npz file caching the sentence embeddings")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--ablation", action="store_true", help="only print AP of embeddings / patterns / both")
    ap.add_argument("--target", type=float, default=TARGET_PRECISION, help="precision the threshold is chosen for")
    args = ap.parse_args()
    root = Path(args.shared)
    root = root / "data" if (root / "data").is_dir() else root
    ex = rams(root) + geneva(root) + wikievents(root)
    texts = [e.text for e in ex]
    X = np.hstack([embed(texts, args.cache), pattern_matrix(texts)]).astype(np.float64)
    y = np.array([e.label for e in ex])
    groups = np.array([f"{e.dataset}:{e.group}" for e in ex])
    if args.ablation:
        ablation(X, y, groups, args.seed)
        return
    pat = np.array([e.pattern for e in ex])
    pred, score, chosen, kept = np.zeros(len(ex), bool), np.zeros(len(ex)), [], np.zeros(len(ex), bool)
    for k, (tr, te) in enumerate(StratifiedGroupKFold(5, shuffle=True, random_state=args.seed).split(X, y, groups)):
        model, thr, c, oof = _fit(X[tr], y[tr], groups[tr], args.seed + k, args.target)
        cut = _filter_threshold(y[tr], oof, pat[tr])
        score[te] = model.predict_proba(X[te])[:, 1]
        pred[te] = score[te] >= thr
        kept[te] = score[te] >= cut
        chosen.append(f"fold {k}: C={c:g} threshold={thr:.3f} filter={cut:.3f}")
    print("; ".join(chosen))
    report(ex, pred, score, args.seed, kept)
    if args.write:
        model, thr, c, _oof = _fit(X, y, groups, args.seed, args.target)
        WEIGHTS.write_text(json.dumps({
            "model": DEFAULT_MODEL, "pattern_features": list(PATTERN_FEATURES), "C": c, "threshold": round(thr, 6),
            "intercept": round(float(model.intercept_[0]), 6),
            "coef": [round(float(v), 6) for v in model.coef_[0]],
            "fitted_on": f"{len(ex)} sentences, {int(y.sum())} meetings (RAMS dev, GENEVA, WikiEvents)",
        }) + "\n", encoding="utf-8")
        print(f"wrote {WEIGHTS}: C={c:g} threshold={thr:.3f}")


if __name__ == "__main__":
    main()
