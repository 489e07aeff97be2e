"""The build's default meeting extractor runs the learned-gated broad path on the build's ONNX export."""

from __future__ import annotations

import json

import numpy as np
import pytest

from bot.config import DEFAULT_MODEL
from bot.index import build_cache
from bot.index.build import build_index
from bot.index.generations import current
from bot.meetings.extract import PatternMeetingExtractor


def test_broad_extractor_for_the_detectors_model_embeds_only_meeting_sentences(monkeypatch, tmp_path):
    seen = []

    class FakeOnnx:
        def __init__(self, folder, name):
            seen.append(("load", name))

        def encode(self, texts):
            seen.append(("encode", list(texts)))
            return np.zeros((len(texts), 384), dtype=np.float32)

    monkeypatch.setattr("bot.embed.onnx.OnnxEmbedder", FakeOnnx)
    # the packaged gate's bound may rule the sentence out before embedding (tests/meetings covers that); not here
    monkeypatch.setattr(PatternMeetingExtractor, "reachable", lambda self, texts, *_: [True] * len(texts))
    x = build_cache.broad_extractor(DEFAULT_MODEL, tmp_path)  # the fake model reads no export
    assert x.name == "pattern+broad" and seen == []  # the model loads at the first sentence to embed
    from bot.records import Article

    talked = "Governor Ann Rivers and Mayor Tom Beck had a long conversation about the budget."
    x.extract(Article("d", "d", "", None, None, None, "Prices rose. " + talked, "d"))
    assert seen == [("load", DEFAULT_MODEL), ("encode", [talked])]


def test_broad_extractor_for_another_model_is_the_pattern_path(tmp_path):
    assert build_cache.broad_extractor("someone/other-model", tmp_path).name == "pattern"


@pytest.mark.slow
def test_default_build_keys_its_meeting_cache_to_the_broad_extractor(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Governor Ann Rivers and Mayor Tom Beck debated the budget in Lima on Friday.\n")
    build_index(corpus, tmp_path / "ix", DEFAULT_MODEL)
    cached = json.loads((current(tmp_path / "ix") / build_cache.EVENTS).read_text(encoding="utf-8"))
    assert cached["extractor"].endswith(":pattern+broad")
