"""Fits the learned sentence scorer of the passages answer (bot/answer/selection.py) on generated RAMS-dev questions
and prints held-out answer accuracy before (hand-set weights) and after, with 95% confidence intervals.

Data: benchmarks/generated_questions.py (who/where/what questions from RAMS dev annotations, never the team's own).
Retrieval: the engine's retriever (k=5) over an index of every RAMS-dev window (`--index`; built with
`python -m bot index build --corpus <windows> --index <dir>`, the windows written by generated_questions.write_windows;
`--build` does both). Each candidate sentence of the retrieved passages is one example, labelled 1 when it holds the
gold answer span. Held-out: 5-fold cross-validation grouped by article (source_url); inside each training part,
C is chosen by grouped 3-fold log-loss and the abstention threshold is the one maximising (right - wrong) answers
of the training questions. "Answer right" (every figure): compose() states an answer (does not abstain) and its first
quoted sentence holds the gold span (benchmarks.generated_questions.answer_right). 95% CIs: 2,000 bootstrap resamples
of articles. `--write` fits on every question and writes bot/answer/selection_weights.json.
Needs scikit-learn (the `fit` extra; run time scores with numpy).
`--meetings` instead checks the weights file (fitted on RAMS) against the hand-set weights on questions from the
GENEVA and WikiEvents meeting events (benchmarks.generated_questions.meeting_questions), over an index of those
documents: a second held-out set, never fitted on.
Usage: python benchmarks/fit_sentence_selection.py [--index DIR | --build DIR] [--limit N] [--write] [--meetings]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from benchmarks.common import ROOT, table
from benchmarks.generated_questions import (
    GeneratedQuestion,
    answer_right,
    meeting_questions,
    rams_questions,
    write_meeting_docs,
    write_windows,
)
from bot.answer import selection
from bot.answer.passages import compose
from bot.answer.question import ask_for
from bot.answer.selection import FEATURES, WEIGHTS, SentenceScorer, features, sentence_rows

C_GRID = (0.01, 0.1, 1.0, 10.0)
FOLDS = 5
THRESHOLDS = np.round(np.arange(0.0, 0.96, 0.025), 3)


@dataclass
class Asked:
    """One generated question with its retrieved hits and its candidates' features and labels."""

    item: GeneratedQuestion
    q: object
    hits: list
    x: np.ndarray
    y: np.ndarray


class CachedEmbed:
    """The query model with a cache by text: compose() re-embeds the same sentences for every scorer tried."""

    def __init__(self, embed) -> None:
        self.embed, self.cache = embed, {}

    def __call__(self, texts: list[str]) -> np.ndarray:
        new = [t for t in dict.fromkeys(texts) if t not in self.cache]
        if new:
            self.cache.update(zip(new, self.embed(new), strict=True))
        return np.stack([self.cache[t] for t in texts])


def collect(engine, items: list[GeneratedQuestion], embed: CachedEmbed) -> list[Asked]:
    out = []
    for n, item in enumerate(items):
        q = ask_for(item.question, item.question)
        hits = engine.retriever.search(item.question, k=engine.config.k, names=q.names)
        rows = sentence_rows(hits)
        x = features(q, rows, hits, embed) if rows else np.zeros((0, len(FEATURES)))
        y = np.array([answer_right(r.text, item.answer) for r in rows], dtype=int)
        out.append(Asked(item, q, hits, x, y))
        if (n + 1) % 200 == 0:
            print(f"  {n + 1}/{len(items)} questions retrieved and featurised", file=sys.stderr, flush=True)
    return out


def outcomes(asked: list[Asked], scorer: SentenceScorer, articles, embed) -> tuple[np.ndarray, np.ndarray]:
    """Per question: (answered, right) of compose() with `scorer`, and the top candidate's score."""
    right, top = [], []
    for a in asked:
        ans = compose(a.q, a.hits, articles, None, embed, scorer)
        quoted = ans.citations[0].quote if ans.citations else ""
        right.append(not ans.abstained and answer_right(quoted, a.item.answer))
        top.append(ans.citations[0].score if ans.citations else -np.inf)
    return np.array(right), np.array(top)


def fit_scorer(asked: list[Asked], articles, embed, c_grid=C_GRID) -> SentenceScorer:
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GridSearchCV, GroupKFold
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    rows = [a for a in asked if len(a.y)]
    x = np.vstack([a.x for a in rows])
    y = np.concatenate([a.y for a in rows])
    groups = np.concatenate([[a.item.group] * len(a.y) for a in rows])
    pipe = make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000))
    folds = min(3, len(set(groups)))
    search = GridSearchCV(pipe, {"logisticregression__C": list(c_grid)}, scoring="neg_log_loss",
                          cv=GroupKFold(folds)).fit(x, y, groups=groups)
    scaler, lr = search.best_estimator_.named_steps.values()
    coef = lr.coef_[0] / scaler.scale_
    intercept = float(lr.intercept_[0] - np.sum(lr.coef_[0] * scaler.mean_ / scaler.scale_))
    open_scorer = SentenceScorer(coef, intercept, 0.0, True, "learned")
    right, top = outcomes(asked, open_scorer, articles, embed)
    gain = [np.sum(right & (top >= t)) - np.sum(~right & (top >= t)) for t in THRESHOLDS]
    threshold = float(THRESHOLDS[int(np.argmax(gain))])
    print(f"  fitted on {len(rows)} questions ({len(y)} sentences): C={search.best_params_}, "
          f"threshold {threshold}", file=sys.stderr, flush=True)
    return SentenceScorer(coef, intercept, threshold, True, "learned")


def bootstrap(groups: np.ndarray, values: np.ndarray, n: int = 2000, seed: int = 0) -> tuple[float, float]:
    """95% interval of the mean of `values`, resampling whole articles."""
    rng = np.random.default_rng(seed)
    uniq = np.unique(groups)
    index = {g: np.flatnonzero(groups == g) for g in uniq}
    means = []
    for _ in range(n):
        pick = np.concatenate([index[g] for g in rng.choice(uniq, len(uniq))])
        means.append(values[pick].mean())
    return float(np.percentile(means, 2.5)), float(np.percentile(means, 97.5))


def evaluate(asked: list[Asked], articles, embed, folds: int = FOLDS) -> list[list]:
    from sklearn.model_selection import GroupKFold

    groups = np.array([a.item.group for a in asked])
    before, hand_top = outcomes(asked, SentenceScorer.hand(), articles, embed)
    hand_answered = hand_top > -np.inf
    after, answered = np.zeros(len(asked), bool), np.zeros(len(asked), bool)
    for k, (train, test) in enumerate(GroupKFold(folds).split(np.zeros(len(asked)), groups=groups)):
        print(f"fold {k + 1}/{folds}", file=sys.stderr, flush=True)
        scorer = fit_scorer([asked[i] for i in train], articles, embed)
        right, top = outcomes([asked[i] for i in test], scorer, articles, embed)
        after[test], answered[test] = right, top > -np.inf
    rows = []
    for name, right, said in (("hand-set weights (before)", before, hand_answered),
                              (f"learned, {folds}-fold by article (after)", after, answered)):
        lo, hi = bootstrap(groups, right.astype(float))
        prec = right.sum() / max(1, said.sum())
        rows.append([name, len(asked), float(right.mean()), f"[{lo:.3f}, {hi:.3f}]", float(said.mean()), prec])
    diff = after.astype(float) - before.astype(float)
    lo, hi = bootstrap(groups, diff)
    rows.append(["difference (after - before)", len(asked), float(diff.mean()), f"[{lo:.3f}, {hi:.3f}]", "", ""])
    return rows


def evaluate_fixed(asked: list[Asked], articles, embed, scorer: SentenceScorer) -> list[list]:
    """Hand-set against a scorer fitted elsewhere (the package's, on RAMS) on questions neither was tuned on."""
    groups = np.array([a.item.group for a in asked])
    rows, results = [], []
    for name, s in (("hand-set weights (before)", SentenceScorer.hand()), ("learned on RAMS (after)", scorer)):
        right, top = outcomes(asked, s, articles, embed)
        results.append(right)
        lo, hi = bootstrap(groups, right.astype(float))
        said = top > -np.inf
        rows.append([name, len(asked), float(right.mean()), f"[{lo:.3f}, {hi:.3f}]", float(said.mean()),
                     right.sum() / max(1, said.sum())])
    diff = results[1].astype(float) - results[0].astype(float)
    lo, hi = bootstrap(groups, diff)
    rows.append(["difference (after - before)", len(asked), float(diff.mean()), f"[{lo:.3f}, {hi:.3f}]", "", ""])
    return rows


def meetings_check(args) -> None:
    """--meetings: the GENEVA and WikiEvents meeting questions over an index of their documents."""
    from bot.config import Config
    from bot.engine import Engine

    index = args.index
    if index is None:
        write_meeting_docs(args.shared, args.build / "corpus")
        index = args.build / "index"
        subprocess.run([sys.executable, "-m", "bot", "index", "build", "--corpus", str(args.build / "corpus"),
                        "--index", str(index)], check=True)
    items = meeting_questions(args.shared)[: args.limit]
    engine = Engine(Config(index_dir=index), build_if_missing=False)
    embed = CachedEmbed(engine._embed)
    asked = collect(engine, items, embed)
    rows = evaluate_fixed(asked, engine.index.store.articles, embed, SentenceScorer.load(args.out))
    table(f"Passages answer on {len(asked)} GENEVA + WikiEvents meeting questions ({len({a.item.group for a in asked})}"
          f" documents), {args.embedded} sentences embedded a question; weights {args.out.name}; right = answered and "
          "the first quoted sentence holds the gold span; 95% CI: bootstrap by document",
          ["scorer", "questions", "accuracy", "95% CI", "answered", "precision"], rows)
    engine.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--index", type=Path, help="an index of the RAMS-dev windows (with --meetings: of their documents)")
    ap.add_argument("--build", type=Path, help="write the documents and build their index in this folder")
    ap.add_argument("--limit", type=int, default=None, help="only the first N questions (a quick check)")
    ap.add_argument("--folds", type=int, default=FOLDS)
    ap.add_argument("--embedded", type=int, default=selection.EMBEDDED,
                    help="candidate sentences embedded per question at answer time (default: the package's)")
    ap.add_argument("--meetings", action="store_true",
                    help="instead: check --out on GENEVA + WikiEvents meeting questions (index of their documents)")
    ap.add_argument("--write", action="store_true", help=f"fit on everything and write {WEIGHTS.name}")
    ap.add_argument("--out", type=Path, default=WEIGHTS)
    args = ap.parse_args()
    rams = args.shared / "data/rams/dev.jsonlines"
    selection.EMBEDDED = args.embedded  # what compose() does at answer time; the fit itself sees every cosine
    if args.index is None and args.build is None:
        ap.error("give --index (an index of the documents) or --build (a folder to build one in)")
    if args.meetings:
        return meetings_check(args)
    index = args.index
    if index is None:
        write_windows(rams, args.build / "corpus")
        index = args.build / "index"
        subprocess.run([sys.executable, "-m", "bot", "index", "build", "--corpus", str(args.build / "corpus"),
                        "--index", str(index)], check=True)
    from bot.config import Config
    from bot.engine import Engine

    items = rams_questions(rams)[: args.limit]
    engine = Engine(Config(index_dir=index), build_if_missing=False)
    embed = CachedEmbed(engine._embed)
    asked = collect(engine, items, embed)
    articles = engine.index.store.articles
    rows = evaluate(asked, articles, embed, args.folds)
    n_articles = len({a.item.group for a in asked})
    table(f"Passages answer on {len(asked)} generated RAMS-dev questions ({n_articles} articles), {args.embedded} "
          "sentences embedded a question; right = answered and the first quoted sentence holds the gold span; "
          "95% CI: bootstrap by article", ["scorer", "questions", "accuracy", "95% CI", "answered", "precision"], rows)
    if args.write:
        scorer = fit_scorer(asked, articles, embed)
        args.out.write_text(json.dumps({
            "features": list(FEATURES), "coef": [round(float(c), 6) for c in scorer.coef],
            "intercept": round(scorer.intercept, 6), "threshold": scorer.threshold,
            "model": engine.index.manifest.model, "questions": len(asked),
            "fitted_by": "benchmarks/fit_sentence_selection.py"}, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {args.out}")
    engine.close()


if __name__ == "__main__":
    main()
