"""The learned-gated broad meeting path: off without an encoder, gated by the fitted scores, speakers left out."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import numpy as np
import pytest

from bot.index.build_cache import extractor_files
from bot.meetings.broad import GATE, GATE_FEATURES, BroadGate
from bot.meetings.detect import PATTERN_FEATURES, MeetingSentenceDetector
from bot.meetings.extract import PatternMeetingExtractor
from bot.records import Article

ROOT = Path(__file__).resolve().parents[2]
CONVERSED = "Governor Ann Rivers and Mayor Tom Beck had a long conversation about the budget on Monday."


def _article(text: str) -> Article:
    return Article("d", "d", "", None, None, None, text, "d")


def _broad(threshold: float = 0.5, calls: list | None = None) -> PatternMeetingExtractor:
    """A toy detector that scores every sentence 0.99 and a gate that passes on the detector's log-odds alone."""
    detector = MeetingSentenceDetector(np.zeros(4 + len(PATTERN_FEATURES)), 4.6, 0.5, "toy")
    gate = BroadGate(np.array([1.0] + [0.0] * (len(GATE_FEATURES) - 1)), 0.0, threshold)

    def encode(texts: list[str]) -> np.ndarray:
        if calls is not None:
            calls.append(list(texts))
        return np.ones((len(texts), 4))

    return PatternMeetingExtractor(encode, detector, gate)


def _who(events) -> list[list[str]]:
    return [sorted(p.name for p in e.participants) for e in events]


def test_without_an_encoder_the_broad_path_is_off():
    x = PatternMeetingExtractor()
    assert x.name == "pattern" and x.extract(_article(CONVERSED)) == []


def test_a_sentence_the_gate_passes_gives_the_names_in_its_clause():
    x = _broad()
    events = x.extract(_article(CONVERSED))
    assert x.name == "pattern+broad"
    assert _who(events) == [["Ann Rivers", "Tom Beck"]]
    assert any(c.field == "participants" and c.quote == CONVERSED for c in events[0].citations)


def test_the_gate_decides():
    assert _broad(threshold=0.999).extract(_article(CONVERSED)) == []


def test_a_speaker_reporting_the_meeting_is_no_participant():
    events = _broad().extract(_article("Tom Beck and Ann Rivers debated the budget, Mark Hale said on Monday."))
    assert _who(events) == [["Ann Rivers", "Tom Beck"]]


def test_only_sentences_the_broad_path_reads_are_embedded_once_per_article():
    calls: list = []
    text = f"The weather was mild. Ann Rivers met Tom Beck in Oslo. {CONVERSED} The meeting ended. Prices rose."
    events = _broad(calls=calls).extract(_article(text))
    assert calls == [[CONVERSED]]  # no meeting word, a pattern event, or no name: nothing to embed
    assert _who(events) == [["Ann Rivers", "Tom Beck"]]  # the same pair: the broad sentence joins the met event
    assert CONVERSED in {c.quote for c in events[0].citations}


def test_a_sentence_the_gate_cannot_pass_with_any_embedding_is_never_embedded():
    calls: list = []
    # embedding weights of norm 1: the detector's log-odds are at most 1 + 0 - 3 = -2 whatever the sentence's vector,
    # so a gate asking for log-odds of -1 can never pass, while one asking for -3 might
    detector = MeetingSentenceDetector(np.array([1.0, 0, 0, 0] + [0.0] * len(PATTERN_FEATURES)), -3.0, 0.5, "toy")

    def encode(texts: list[str]) -> np.ndarray:
        calls.append(list(texts))
        return np.array([[1.0, 0, 0, 0]] * len(texts))

    def gate(needed: float) -> BroadGate:
        return BroadGate(np.array([1.0] + [0.0] * (len(GATE_FEATURES) - 1)), 0.0, 1 / (1 + np.exp(-needed)))

    assert PatternMeetingExtractor(encode, detector, gate(-1.0)).extract(_article(CONVERSED)) == [] and calls == []
    events = PatternMeetingExtractor(encode, detector, gate(-2.5)).extract(_article(CONVERSED))
    assert calls == [[CONVERSED]] and _who(events) == [["Ann Rivers", "Tom Beck"]]


def test_questions_and_denials_make_no_broad_event():
    x = _broad()
    assert x.extract(_article("Will Governor Ann Rivers and Mayor Tom Beck debate the budget?")) == []
    assert x.extract(_article("Governor Ann Rivers refused to debate Mayor Tom Beck.")) == []
    assert x.extract(_article("Mayor Tom Beck declined to discuss the budget with Governor Ann Rivers.")) == []
    assert x.extract(_article("Mayor Tom Beck tried to debate Governor Ann Rivers.")) == []


def test_a_word_describing_a_party_is_no_participant():
    text = "The ministry said Norpet is in talks to buy the Dallas-based group's stake in the field."
    assert _who(_broad().extract(_article(text))) == [["Norpet"]]


def test_a_source_after_according_to_is_no_participant():
    text = "According to the Daily Planet, Mayor Tom Beck and Governor Ann Rivers debated the budget."
    assert _who(_broad().extract(_article(text))) == [["Ann Rivers", "Tom Beck"]]


def test_packaged_gate_loads_ships_and_keys_the_meeting_cache():
    gate = BroadGate.load()
    assert gate.coef.shape == (len(GATE_FEATURES),) and 0.0 < gate.threshold < 1.0
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]
    assert GATE.name in data["bot.meetings"]
    assert GATE in extractor_files()  # refitted weights change the cache key, so cached events are re-extracted


def test_a_gate_fitted_on_other_features_is_refused(tmp_path: Path):
    path = tmp_path / "g.json"
    path.write_text(json.dumps({"features": ["detector_logit"], "coef": [1.0], "intercept": 0.0, "threshold": 0.5}))
    with pytest.raises(ValueError, match="refit"):
        BroadGate.load(path)
    path.write_text("{not json")
    with pytest.raises(ValueError, match="cannot be read"):
        BroadGate.load(path)
