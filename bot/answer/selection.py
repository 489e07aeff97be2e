"""Sentence selection: features of each candidate sentence and the linear scorer (learned or hand-set) over them."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from bot.answer import patterns
from bot.answer.question import Question
from bot.search.retriever import Hit
from bot.text.names import name_in

log = logging.getLogger(__name__)

WEIGHTS = Path(__file__).with_name("selection_weights.json")
FEATURES = ("name_cov", "ctx_cov", "term_cov", "overlap", "fit", "meeting", "tense", "new_name", "rank", "fused",
            "dense", "cosine")
# The scorer before learning (weights set by hand on the seed questions); kept to measure against.
HAND_WEIGHTS = {"name_cov": 2.0, "ctx_cov": 0.5, "term_cov": 1.0, "fit": 0.8, "meeting": 0.3, "fused": 0.5,
                "dense": 0.5, "tense": 0.4}
HAND_THRESHOLD = 1.2
EMBEDDED = 2  # candidate sentences embedded per question: the best by every other feature (latency: bench_query.py)
COSINE = FEATURES.index("cosine")
_CAPITALISED = re.compile(r"(?<![.!?\"“] )(?<!^)\b[A-Z][a-z]+")  # not the sentence's first word


@dataclass(frozen=True)
class SentenceRow:
    """One candidate sentence of one retrieved passage."""

    hit: Hit
    text: str
    rank: int  # the passage's rank among the hits, from 0


def sentence_rows(hits: Sequence[Hit]) -> list[SentenceRow]:
    """The sentences of the passages that could be quoted (headings, captions and fragments are not answers)."""
    out = []
    for rank, hit in enumerate(hits):
        chunk = hit.chunk
        for s, e in chunk.sentences:
            sent = chunk.text[s - chunk.start : e - chunk.start]
            if len(sent.split()) >= 5 and re.search(r"[.!?\"”’)]$", sent):
                out.append(SentenceRow(hit, sent, rank))
    return out


def features(q: Question, rows: Sequence[SentenceRow], hits: Sequence[Hit],
             embed: Callable[[list[str]], np.ndarray] | None = None) -> np.ndarray:
    """One row of FEATURES per sentence. `cosine` is the MiniLM question-sentence cosine when `embed` is given
    (one batch: the question and every sentence), else the passage's own cosine to the question."""
    stem = patterns.stemmer()
    plain_terms = [t for t in q.terms if not any(t in n.lower().split() for n in q.names)]
    q_stems = patterns.stems(" ".join(q.terms))
    asked = {w.lower() for w in re.findall(r"[A-Za-z]+", q.text)}
    top = hits[0].score if hits and hits[0].score > 0 else 1.0
    cosines = _cosines(q.text, [r.text for r in rows], embed) if embed is not None and rows else None
    out = np.zeros((len(rows), len(FEATURES)), dtype=np.float64)
    for i, row in enumerate(rows):
        sent, hit = row.text, row.hit
        stems = patterns.stems(sent)
        names = q.names
        out[i] = (
            sum(name_in(n, sent) for n in names) / len(names) if names else 0.0,
            sum(name_in(n, hit.chunk.text) for n in names) / len(names) if names else 0.0,
            sum(stem(t) in stems for t in plain_terms) / len(plain_terms) if plain_terms else 0.0,
            len(q_stems & stems) / len(q_stems) if q_stems else 0.0,
            1.0 if q.kind in patterns.FIT and patterns.FIT[q.kind].search(sent) else 0.0,
            1.0 if patterns.MEETING.search(sent) else 0.0,
            patterns.tense_fit(q.text, sent),
            1.0 if any(w.lower() not in asked for w in _CAPITALISED.findall(sent)) else 0.0,
            1.0 / (1 + row.rank),
            hit.score / top,
            max(hit.dense, 0.0),
            cosines[i] if cosines is not None else max(hit.dense, 0.0),
        )
    return out


def scores(q: Question, rows: Sequence[SentenceRow], hits: Sequence[Hit], scorer: SentenceScorer,
           embed: Callable[[list[str]], np.ndarray] | None = None, embedded: int | None = None) -> np.ndarray:
    """The scorer's score of each row. With `embed`, the `embedded` best rows by the passage cosine get their own
    question-sentence cosine (one batch) and are scored again; the others stay ranked below every one of them."""
    x = features(q, rows, hits)
    first = scorer.score(x)
    embedded = EMBEDDED if embedded is None else embedded
    if embed is None or not len(rows) or not embedded or scorer.coef[COSINE] == 0.0:
        return first
    top = np.argsort(-first, kind="stable")[:embedded]
    x[top, COSINE] = _cosines(q.text, [rows[i].text for i in top], embed)
    final = first.copy()
    final[top] = scorer.score(x[top])
    rest = np.setdiff1d(np.arange(len(rows)), top)
    final[rest] = np.minimum(first[rest], final[top].min())
    return final


def _cosines(question: str, sentences: list[str], embed: Callable[[list[str]], np.ndarray]) -> np.ndarray:
    """Apart, so an embedder that remembers the question it just retrieved with answers it without the model."""
    question_vec = np.asarray(embed([question]), dtype=np.float32)[0]
    return np.asarray(embed(sentences), dtype=np.float32) @ question_vec


@dataclass(frozen=True)
class SentenceScorer:
    """A linear score over FEATURES; `logistic` maps it to a probability. Below `threshold` nothing is stated."""

    coef: np.ndarray
    intercept: float
    threshold: float
    logistic: bool
    name: str

    def score(self, x: np.ndarray) -> np.ndarray:
        z = x @ self.coef + self.intercept
        return 1.0 / (1.0 + np.exp(-z)) if self.logistic else z

    @classmethod
    def hand(cls) -> SentenceScorer:
        """The hand-set weights the passages answer used before learning (MIN_SCORE 1.2 as the threshold)."""
        coef = np.array([HAND_WEIGHTS.get(f, 0.0) for f in FEATURES])
        return cls(coef, 0.0, HAND_THRESHOLD, False, "hand")

    @classmethod
    def load(cls, path: Path = WEIGHTS) -> SentenceScorer:
        """Read a weights file written by benchmarks/fit_sentence_selection.py; ValueError says what is wrong."""
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
            names = tuple(data["features"])
            coef = np.asarray(data["coef"], dtype=np.float64)
            scorer = cls(coef, float(data["intercept"]), float(data["threshold"]), True, "learned")
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ValueError(f"sentence selection weights {path} cannot be read: {exc}") from exc
        if names != FEATURES or coef.shape != (len(FEATURES),) or not np.all(np.isfinite(coef)):
            raise ValueError(f"sentence selection weights {path} do not match the features {FEATURES}; "
                             "refit them with benchmarks/fit_sentence_selection.py")
        return scorer


@lru_cache(maxsize=1)
def default_scorer() -> SentenceScorer:
    """The package's learned scorer, read once."""
    return SentenceScorer.load()
