"""The torch-free query embedder: ONNX export matches sentence-transformers; the query path never imports torch."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from bot.config import DEFAULT_MODEL
from bot.index.manifest import IndexUnusable, Manifest

ROOT = Path(__file__).resolve().parents[2]
TEXTS = [
    "Who met the French foreign minister in Berlin?",
    "talks",
    "Ministers of Chile and Peru held a summit in Lima on Friday to discuss trade, fishing rights and the border.",
    "Café owners in São Paulo — and Zürich — met régulateurs; 東京 officials attended.",
    " ".join(["The delegation discussed tariffs, quotas and the exchange rate with central bank officials."] * 30),
]


@pytest.fixture(scope="module")
def export_dir(tmp_path_factory) -> Path:
    import os

    from bot.embed import onnx as query_embedder
    old = os.environ.get("WHOMET_CACHE")
    os.environ["WHOMET_CACHE"] = str(tmp_path_factory.mktemp("cache"))
    try:
        folder = query_embedder.ensure_export(DEFAULT_MODEL)
        assert query_embedder.ensure_export(DEFAULT_MODEL) == folder  # cached: no second export
    finally:
        if old is None:
            os.environ.pop("WHOMET_CACHE")
        else:
            os.environ["WHOMET_CACHE"] = old
    return folder


def test_onnx_vectors_match_sentence_transformers(export_dir):
    from bot.embed.embedder import SentenceTransformerEmbedder
    from bot.embed.onnx import OnnxEmbedder

    ref = SentenceTransformerEmbedder(DEFAULT_MODEL, precision="fp32").encode(TEXTS)
    onnx = OnnxEmbedder(export_dir, batch_size=2)  # batches of 2: padded rows must not change vectors
    got = onnx.encode(TEXTS)
    assert got.shape == ref.shape and got.dtype == np.float32
    assert np.allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-5)
    assert (got * ref).sum(1).min() >= 0.999
    alone = np.vstack([onnx.encode([t]) for t in TEXTS])  # one at a time, as queries are, no padding at all
    assert (alone * got).sum(1).min() >= 0.9999


def test_long_text_is_truncated_at_the_model_limit_not_128(export_dir):
    from bot.embed.onnx import OnnxEmbedder

    onnx = OnnxEmbedder(export_dir)
    assert len(onnx.tokenizer.encode(TEXTS[-1]).ids) == json.loads((export_dir / "export.json").read_text())[
        "max_tokens"] == 256


def test_index_without_query_model_is_refused(tmp_path):
    from bot.index.query_model import load_query_embedder

    manifest = Manifest(model=DEFAULT_MODEL, dim=384, vector_index="flat", corpus_fingerprint="x", articles=0,
                        chunks=0, created_at="now", files={"vectors.faiss": {}})
    with pytest.raises(IndexUnusable, match="no query model"):
        load_query_embedder(tmp_path, manifest)


def test_generation_carries_the_export_and_asking_never_imports_torch(seed_index_dir):
    code = (
        "import sys\n"
        "from bot.config import Config\n"
        "from bot.engine import Engine\n"
        f"e = Engine(Config(index_dir={str(seed_index_dir)!r}, corpus_dir='corpus'), build_if_missing=False)\n"
        "a = e.ask('Who met in Berlin?')\n"
        "assert a.passages, a\n"
        "bad = sorted(m for m in ('torch', 'sentence_transformers', 'transformers') if m in sys.modules)\n"
        "assert not bad, bad\n"
        "print('ok')\n"
    )
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0 and run.stdout.strip().endswith("ok"), run.stderr[-2000:]
    from bot.index.reader import Index

    ix = Index.open(seed_index_dir)
    assert {"query_model/model.onnx", "query_model/tokenizer.json"} <= set(ix.manifest.files)


def _flip_a_weight(path: Path) -> None:
    """Flip one byte in place: the exponent of the last layer norm's first weight (the vectors then go wrong)."""
    import onnx

    tensor = [t for t in onnx.load(str(path)).graph.initializer if t.name.endswith("output.LayerNorm.weight")][-1]
    data = path.read_bytes()
    at = data.index(tensor.raw_data) + 3  # little-endian float32: byte 3 holds the sign and exponent
    with path.open("r+b") as fh:
        fh.seek(at)
        fh.write(bytes([data[at] ^ 0x40]))


def _sha256(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_export_digests_are_recorded_at_export_and_checked_against_the_bytes(export_dir, tmp_path):
    import shutil

    from bot.embed import onnx as query_embedder
    from bot.index import query_model
    recorded = json.loads((export_dir / query_embedder.DIGESTS).read_text())
    assert {name: rec["sha256"] for name, rec in recorded.items()} == {
        name: _sha256(export_dir / name) for name in query_embedder.CACHED}
    export = tmp_path / "export"
    shutil.copytree(export_dir, export)
    assert query_embedder.damaged(export) is None

    generation = tmp_path / "gen"
    generation.mkdir()
    records = query_model.copy_export(export, generation)
    for name in query_embedder.FILES:
        copy = generation / query_embedder.FOLDER / name
        assert records[f"{query_embedder.FOLDER}/{name}"]["sha256"] == recorded[name]["sha256"] == _sha256(copy)
        assert copy.stat().st_ino != (export / name).stat().st_ino  # a copy: damage to it stays in it
    _flip_a_weight(generation / query_embedder.FOLDER / "model.onnx")
    assert query_embedder.damaged(export) is None and _sha256(export / "model.onnx") == recorded["model.onnx"]["sha256"]

    before = (export / query_embedder.DIGESTS).read_bytes()
    _flip_a_weight(export / "model.onnx")  # after a check that passed: a changed file is hashed again
    assert query_embedder.damaged(export) == "model.onnx"
    assert (export / query_embedder.DIGESTS).read_bytes() == before  # never re-recorded from damaged bytes
    (export / query_embedder.DIGESTS).write_text("[1, 2]", encoding="utf-8")  # valid JSON, not digests
    assert query_embedder.damaged(export) == query_embedder.DIGESTS


@pytest.mark.slow
def test_a_flipped_byte_in_a_generation_or_the_cache_never_reaches_a_rebuilt_index(export_dir, tmp_path,
                                                                                   monkeypatch, caplog):
    import logging
    import shutil

    from bot.embed import onnx as query_embedder
    from bot.embed.factory import default_embedder
    from bot.index.build import build_index
    from bot.index.generations import current
    from bot.index.reader import Index

    cache = tmp_path / "cache"  # a private copy of this module's export: the damage done here stays here
    shutil.copytree(export_dir.parent.parent, cache)
    monkeypatch.setenv("WHOMET_CACHE", str(cache))
    healthy = _sha256(export_dir / "model.onnx")
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    for i, text in enumerate(TEXTS[2:4]):
        (corpus / f"{i}.txt").write_text(text + "\n", encoding="utf-8")
    reference = default_embedder(DEFAULT_MODEL, "fp32")
    expected = reference.encode(TEXTS)

    def query_vectors_match(generation: Path) -> bool:
        got = query_embedder.OnnxEmbedder(generation / query_embedder.FOLDER).encode(TEXTS)
        return bool((got * expected).sum(1).min() > 0.999)

    build_index(corpus, index, DEFAULT_MODEL, precision="fp32")
    _flip_a_weight(current(index) / query_embedder.FOLDER / "model.onnx")
    assert not query_vectors_match(current(index))  # the flipped byte does matter
    for full in (False, True):
        build_index(corpus, index, DEFAULT_MODEL, precision="fp32", full=full)
        Index.open(index).close()  # the new generation verifies
        assert query_vectors_match(current(index)), f"full={full}"
        cached = query_embedder.cached_export(DEFAULT_MODEL)
        assert cached is not None and _sha256(cached / "model.onnx") == healthy

    _flip_a_weight(cached / "model.onnx")  # the cache itself damaged: not used, exported again
    assert query_embedder.cached_export(DEFAULT_MODEL) is None
    (corpus / "new.txt").write_text(TEXTS[0] + "\n", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="bot.embed.onnx"):
        build_index(corpus, index, DEFAULT_MODEL, precision="fp32")
    assert "damaged" in caplog.text and "exporting the model again" in caplog.text
    assert query_vectors_match(current(index))
    assert _sha256(query_embedder.cached_export(DEFAULT_MODEL) / "model.onnx") == healthy
    ix = Index.open(index)
    try:  # the new chunk's document vector too (small updates embed on the cached export)
        chunks = ix.store.all_chunks()
        rows = np.asarray(ix.embeddings(), np.float32)
        assert ((rows * reference.encode([c.text for c in chunks])).sum(1) > 0.999).all()
    finally:
        ix.close()
