"""Sentence selection on hand-made passages: the features, the weights file, and the cosine of the best sentences."""

from __future__ import annotations

import json

import numpy as np
import pytest

from bot.answer import selection
from bot.answer.generators import Archive, PassagesGenerator
from bot.answer.passages import compose
from bot.answer.question import analyse
from bot.answer.selection import FEATURES, SentenceScorer, default_scorer, features, scores, sentence_rows
from tests.answer.test_answer_units import OSLO, RAIN, article, hit

F = {name: i for i, name in enumerate(FEATURES)}


class FakeEmbed:
    """Unit vectors chosen per text (unknown texts: orthogonal to the question); records every batch."""

    def __init__(self, question: str, close: dict[str, float]) -> None:
        self.question, self.close, self.batches = question, close, []

    def __call__(self, texts: list[str]) -> np.ndarray:
        self.batches.append(list(texts))
        rows = []
        for t in texts:
            c = 1.0 if t == self.question else self.close.get(t, 0.0)
            rows.append([c, np.sqrt(1 - c * c), 0.0])
        return np.array(rows, dtype=np.float32)


def test_features_of_hand_made_sentences():
    q = analyse("Who did Anna Berg meet in Oslo?")
    hits = [hit(OSLO, score=1.0, dense=0.7), hit(RAIN, score=0.5, dense=0.1)]
    rows = sentence_rows(hits)
    assert [r.rank for r in rows] == [0, 0, 1, 1]
    x = features(q, rows, hits)
    met, discussed, flooded = x[0], x[1], x[2]
    assert met[F["name_cov"]] == 1.0 and discussed[F["name_cov"]] == 0.0 and discussed[F["ctx_cov"]] == 1.0
    assert met[F["new_name"]] == 1.0  # "Lars Holm" is not in the question
    assert discussed[F["new_name"]] == 0.0
    assert met[F["overlap"]] > discussed[F["overlap"]]
    assert met[F["rank"]] == 1.0 and flooded[F["rank"]] == 0.5
    assert flooded[F["fused"]] == 0.5 and flooded[F["dense"]] == pytest.approx(0.1)
    assert met[F["cosine"]] == pytest.approx(0.7)  # no embedder: the passage's own cosine stands in
    embed = FakeEmbed(q.text, {rows[0].text: 0.9, rows[1].text: 0.2})
    with_cos = features(q, rows, hits, embed)
    assert with_cos[0, F["cosine"]] == pytest.approx(0.9, abs=1e-6)
    assert with_cos[1, F["cosine"]] == pytest.approx(0.2, abs=1e-6)


def test_hand_scorer_is_the_old_formula():
    x = np.zeros((1, len(FEATURES)))
    for name, value in {"name_cov": 1, "ctx_cov": 1, "term_cov": 0.5, "fit": 1, "meeting": 1, "fused": 1,
                        "dense": 0.6, "tense": -1, "cosine": 0.9, "overlap": 1}.items():
        x[0, F[name]] = value
    hand = SentenceScorer.hand()
    assert hand.score(x)[0] == pytest.approx(2.0 + 0.5 + 0.5 + 0.8 + 0.3 + 0.5 + 0.3 - 0.4)
    assert hand.threshold == 1.2


def test_only_the_best_sentences_are_embedded_and_the_rest_rank_below_them(monkeypatch):
    monkeypatch.setattr(selection, "EMBEDDED", 2)
    q = analyse("Who did Anna Berg meet in Oslo?")
    hits = [hit(OSLO), hit(RAIN, score=0.3, dense=0.1)]
    rows = sentence_rows(hits)
    scorer = SentenceScorer(np.eye(len(FEATURES))[F["cosine"]] * 5 + np.eye(len(FEATURES))[F["name_cov"]],
                            0.0, 0.5, True, "test")
    embed = FakeEmbed(q.text, {})  # every embedded sentence is orthogonal: their scores fall
    out = scores(q, rows, hits, scorer, embed)
    assert embed.batches == [[q.text], [rows[0].text, rows[1].text]]
    assert out[2] <= min(out[0], out[1]) and out[3] <= min(out[0], out[1])
    assert np.allclose(out[:2], scorer.score(np.array([features(q, rows, hits)[i] for i in (0, 1)]) *
                                            (1 - np.eye(len(FEATURES))[F["cosine"]])))


def test_compose_quotes_the_sentence_closest_to_the_question():
    near = article("near", "Officials in the port said the harbour reopened to cargo ships on Friday morning.")
    far = article("far", "Officials in the port said the harbour tax rose again for cargo ships this year.")
    q = analyse("When did the harbour reopen to cargo ships?")
    hits = [hit(far), hit(near)]
    scorer = SentenceScorer(np.eye(len(FEATURES))[F["cosine"]] * 4, -3.0, 0.5, True, "test")
    embed = FakeEmbed(q.text, {near.text: 0.95, far.text: 0.3})
    answer = compose(q, hits, {"near": near, "far": far}, embed=embed, scorer=scorer)
    assert not answer.abstained and answer.citations[0].doc_id == "near"
    without = compose(q, hits, {"near": near, "far": far}, scorer=scorer)  # no embedder: both 0.6, weak
    assert without.abstained
    via_archive = PassagesGenerator().generate(q, hits, Archive({"near": near, "far": far}, embed=embed))
    assert via_archive.citations and via_archive.citations[0].doc_id in {"near", "far"}


def test_package_weights_load_and_score():
    scorer = default_scorer()
    assert scorer.logistic and 0.0 < scorer.threshold < 1.0 and scorer.coef.shape == (len(FEATURES),)
    q = analyse("Who did Anna Berg meet in Oslo?")
    hits = [hit(OSLO), hit(RAIN, score=0.3, dense=0.1)]
    p = scorer.score(features(q, sentence_rows(hits), hits))
    assert np.all((p > 0) & (p < 1)) and p[0] > p[3]  # the meeting sentence above the flood's


@pytest.mark.parametrize("change, message", [
    ({"features": ["name_cov"]}, "do not match the features"),
    ({"coef": [0.0] * (len(FEATURES) - 1)}, "do not match the features"),
    ({"coef": [float("nan")] * len(FEATURES)}, "do not match the features"),
    ({"threshold": "high"}, "cannot be read"),
])
def test_bad_weights_files_are_refused_with_a_reason(tmp_path, change, message):
    good = json.loads(selection.WEIGHTS.read_text(encoding="utf-8"))
    path = tmp_path / "w.json"
    path.write_text(json.dumps({**good, **change}), encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        SentenceScorer.load(path)
    with pytest.raises(ValueError, match="cannot be read"):
        SentenceScorer.load(tmp_path / "missing.json")


def test_engine_reuses_the_vector_it_just_embedded_the_question_with(seed_engine, monkeypatch):
    calls = []
    seed_engine.ask("Who did Kishi meet?")  # loads the query model
    model = seed_engine._embedder
    real = model.encode
    monkeypatch.setattr(model, "encode", lambda texts, progress=None: calls.append(list(texts)) or real(texts))
    first = seed_engine._embed(["Where is the summit?"])
    again = seed_engine._embed(["Where is the summit?"])
    assert calls == [["Where is the summit?"]] and again is first
    seed_engine._embed(["Other question?"])
    seed_engine._embed(["Where is the summit?", "A sentence."])  # a batch is never answered from the memory
    assert calls[1:] == [["Other question?"], ["Where is the summit?", "A sentence."]]
