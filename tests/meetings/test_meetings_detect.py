"""The learned meeting-sentence detector: its packaged weights load, score with numpy, and reject bad input."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import numpy as np
import pytest

from bot.config import DEFAULT_MODEL
from bot.meetings.detect import PATTERN_FEATURES, WEIGHTS, MeetingSentenceDetector, pattern_features

ROOT = Path(__file__).resolve().parents[2]


def test_packaged_weights_load_and_ship_with_the_package():
    d = MeetingSentenceDetector.load()
    assert d.dim == 384 and d.model == DEFAULT_MODEL
    assert 0.0 < d.threshold < 1.0
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]
    assert WEIGHTS.name in data["bot.meetings"]


def test_pattern_features_mark_meeting_words():
    talks = pattern_features("Blinken held talks with Wang Yi in Beijing on Monday to discuss trade.")
    plain = pattern_features("The company reported a rise in quarterly profit.")
    assert dict(zip(PATTERN_FEATURES, talks, strict=True))["trigger_verb"] == 1.0
    assert dict(zip(PATTERN_FEATURES, talks, strict=True))["topic"] == 1.0
    assert not plain.any()
    assert not pattern_features("The plant will meet rising demand for power.")[1]  # "meet demand" is no meeting


def _toy(tmp_path: Path, **change) -> Path:
    data = {"model": "toy", "pattern_features": list(PATTERN_FEATURES), "threshold": 0.5, "intercept": -1.0,
            "coef": [2.0, 0.0] + [1.5, 1.5] + [0.0] * (len(PATTERN_FEATURES) - 2)}
    data.update(change)
    path = tmp_path / "w.json"
    path.write_text(json.dumps(data))
    return path


def test_scores_are_the_logistic_of_embedding_and_pattern_terms(tmp_path):
    d = MeetingSentenceDetector.load(_toy(tmp_path))
    sents = ["Merkel met Macron in Paris.", "Stocks fell."]
    emb = np.array([[0.5, 0.3], [0.5, 0.3]])
    got = d.scores(sents, emb)
    assert got == pytest.approx([1 / (1 + np.exp(-(-1 + 1.0 + 1.5))), 1 / (1 + np.exp(-(-1 + 1.0)))])
    assert d.detect(sents, emb).tolist() == [True, True]  # 0.5 is reached exactly by the second
    assert d.detect(sents, np.array([[0.0, 0.0], [0.0, 0.0]])).tolist() == [True, False]


@pytest.mark.parametrize("change, words", [
    ({"coef": "abc"}, "cannot be read"),
    ({"pattern_features": ["trigger_noun"]}, "refit"),
    ({"coef": [1.0, 2.0]}, "no usable coefficient"),
    ({"coef": [float("nan")] * 8}, "no usable coefficient"),
])
def test_bad_weight_files_name_the_problem(tmp_path, change, words):
    with pytest.raises(ValueError, match=words):
        MeetingSentenceDetector.load(_toy(tmp_path, **change))


def test_missing_weight_file_and_wrong_embedding_width_are_clear_errors(tmp_path):
    with pytest.raises(ValueError, match="cannot be read"):
        MeetingSentenceDetector.load(tmp_path / "missing.json")
    d = MeetingSentenceDetector.load(_toy(tmp_path))
    with pytest.raises(ValueError, match="width 2"):
        d.scores(["one sentence"], np.zeros((1, 3)))


@pytest.mark.slow
def test_real_embeddings_rank_a_clear_meeting_above_clear_non_meetings():
    from bot.embed.onnx import OnnxEmbedder, ensure_export

    meeting = ["President Biden met Chinese President Xi Jinping in Bali on Monday for talks on trade and Taiwan.",
               "Negotiators from both sides held a second round of talks in Doha."]
    other = ["The company reported a 12 percent rise in quarterly profit.",
             "Heavy rain flooded several villages in the north of the country.",
             "The plant will meet rising demand for electricity."]
    d = MeetingSentenceDetector.load()
    s = d.scores(meeting + other, OnnxEmbedder(ensure_export(DEFAULT_MODEL), DEFAULT_MODEL).encode(meeting + other))
    assert min(s[:2]) > 0.5 and max(s[2:]) < 0.05
    assert not d.detect(other, OnnxEmbedder(ensure_export(DEFAULT_MODEL), DEFAULT_MODEL).encode(other)).any()
