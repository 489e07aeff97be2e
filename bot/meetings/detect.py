"""MeetingSentenceDetector: a learned score that a sentence tells of a meeting, from its embedding and patterns."""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bot.meetings import actors, frames, wide

log = logging.getLogger(__name__)

WEIGHTS = Path(__file__).with_name("detector_weights.json")
PATTERN_FEATURES = ("trigger_noun", "trigger_verb", "weak_verb", "visit", "topic", "wide_phrase", "wide_event")


def pattern_features(sentence: str) -> np.ndarray:
    """The trigger patterns of frames.py / actors.py / wide.py as 0/1 features, in PATTERN_FEATURES order."""
    masked = frames.mask_quotes(sentence)
    found = frames.triggers(masked)
    return np.array([
        any(not t.group("verb") for t in found),
        any(t.group("verb") for t in found),
        bool(actors.WEAK_WORDS.may_match(masked) and actors.WEAK.search(masked)),
        bool(frames.VISIT.search(masked)),
        bool(frames.TOPIC.search(masked)),
        bool(wide.WIDE.search(masked)),
        bool(wide.find(sentence, masked, [], lambda _word, _at: None)),  # the phrase has a subject and a party
    ], dtype=np.float32)


def pattern_matrix(sentences: Sequence[str]) -> np.ndarray:
    """pattern_features of each sentence, one row each (float64, shape (n, len(PATTERN_FEATURES)))."""
    return np.array([pattern_features(s) for s in sentences], dtype=np.float64).reshape(len(sentences),
                                                                                        len(PATTERN_FEATURES))


@dataclass(frozen=True)
class MeetingSentenceDetector:
    """Logistic regression over [sentence embedding, pattern features]; `threshold` was chosen for precision >= 0.85."""

    coef: np.ndarray  # embedding dims first, then PATTERN_FEATURES
    intercept: float
    threshold: float
    model: str  # the embedding model the weights were fitted on

    @property
    def dim(self) -> int:
        """Embedding width the weights expect."""
        return len(self.coef) - len(PATTERN_FEATURES)

    @classmethod
    def load(cls, path: Path = WEIGHTS) -> MeetingSentenceDetector:
        """Read the weights file written by benchmarks/fit_meeting_detector.py; ValueError names what is wrong."""
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
            coef = np.asarray(data["coef"], dtype=np.float64)
            detector = cls(coef, float(data["intercept"]), float(data["threshold"]), str(data["model"]))
            names = tuple(data["pattern_features"])
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ValueError(f"meeting detector weights {path} cannot be read: {exc}") from exc
        if names != PATTERN_FEATURES:
            raise ValueError(f"meeting detector weights {path} were fitted on pattern features {names}, "
                             f"not {PATTERN_FEATURES}; refit them with benchmarks/fit_meeting_detector.py")
        if coef.ndim != 1 or detector.dim <= 0 or not np.all(np.isfinite(coef)):
            raise ValueError(f"meeting detector weights {path} hold no usable coefficient vector")
        return detector

    def scores(self, sentences: Sequence[str], embeddings: np.ndarray, patterns: np.ndarray | None = None,
               ) -> np.ndarray:
        """Probability, per sentence, that it tells of a meeting; `embeddings` are the sentences' rows, in order,
        and `patterns` their pattern_matrix when the caller has it already."""
        emb = np.asarray(embeddings, dtype=np.float64)
        if emb.ndim != 2 or emb.shape != (len(sentences), self.dim):
            raise ValueError(f"expected {len(sentences)} embeddings of width {self.dim} (model {self.model}), "
                             f"got an array of shape {emb.shape}")
        pats = pattern_matrix(sentences) if patterns is None else patterns
        z = emb @ self.coef[: self.dim] + pats @ self.coef[self.dim :] + self.intercept
        return 1.0 / (1.0 + np.exp(-np.clip(z, -40.0, 40.0)))

    def logit_bounds(self, patterns: np.ndarray) -> np.ndarray:
        """The highest log-odds each sentence could score with any unit-length embedding (Cauchy-Schwarz: the
        embedding term is at most the norm of its weights), from its pattern_matrix rows alone, without embedding."""
        return np.linalg.norm(self.coef[: self.dim]) + patterns @ self.coef[self.dim :] + self.intercept

    def detect(self, sentences: Sequence[str], embeddings: np.ndarray) -> np.ndarray:
        """True where the score reaches the threshold."""
        return self.scores(sentences, embeddings) >= self.threshold
