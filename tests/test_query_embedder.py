"""The torch-free query embedder: ONNX export matches sentence-transformers; the query path never imports torch."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from bot.config import DEFAULT_MODEL
from bot.manifest import IndexUnusable, Manifest

ROOT = Path(__file__).resolve().parent.parent
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

    from bot import query_embedder

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
    from bot.embedder import SentenceTransformerEmbedder
    from bot.query_embedder import OnnxEmbedder

    ref = SentenceTransformerEmbedder(DEFAULT_MODEL, precision="fp32").encode(TEXTS)
    onnx = OnnxEmbedder(export_dir, batch_size=2)  # batches of 2: padded rows must not change vectors
    got = onnx.encode(TEXTS)
    assert got.shape == ref.shape and got.dtype == np.float32
    assert np.allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-5)
    assert (got * ref).sum(1).min() >= 0.999
    alone = np.vstack([onnx.encode([t]) for t in TEXTS])  # one at a time, as queries are, no padding at all
    assert (alone * got).sum(1).min() >= 0.9999


def test_long_text_is_truncated_at_the_model_limit_not_128(export_dir):
    from bot.query_embedder import OnnxEmbedder

    onnx = OnnxEmbedder(export_dir)
    assert len(onnx.tokenizer.encode(TEXTS[-1]).ids) == json.loads((export_dir / "export.json").read_text())[
        "max_tokens"] == 256


def test_index_without_query_model_is_refused(tmp_path):
    from bot.query_embedder import load_query_embedder

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
    from bot.index import Index

    ix = Index.open(seed_index_dir)
    assert {"query_model/model.onnx", "query_model/tokenizer.json"} <= set(ix.manifest.files)


def test_export_digests_are_hashed_once_and_redone_when_a_file_changes(export_dir, tmp_path):
    import hashlib
    import os
    import shutil

    from bot import query_embedder
    from bot.manifest import record_files

    export = tmp_path / "export"
    shutil.copytree(export_dir, export)
    first = query_embedder.digests(export)
    truth = hashlib.sha256((export / "tokenizer.json").read_bytes()).hexdigest()
    assert first["query_model/tokenizer.json"]["sha256"] == truth and (export / "digests.json").is_file()
    generation = tmp_path / "gen"
    generation.mkdir()
    query_embedder.link_export(export, generation)
    assert record_files(generation, first)["query_model/tokenizer.json"]["sha256"] == truth
    with open(export / "tokenizer.json", "ab") as fh:  # changed in place (the link sees it): mtime moves
        fh.write(b" ")
    os.utime(export / "tokenizer.json", ns=(1, 1))
    changed = record_files(generation, query_embedder.digests(export))["query_model/tokenizer.json"]
    assert changed["sha256"] == hashlib.sha256((export / "tokenizer.json").read_bytes()).hexdigest() != truth
    (export / "digests.json").write_text("[1, 2]", encoding="utf-8")  # damaged, yet valid JSON: hashed again
    again = record_files(generation, query_embedder.digests(export))["query_model/tokenizer.json"]
    assert again == changed
