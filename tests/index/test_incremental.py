"""An incremental build (add, change, delete articles) gives the same index as a full rebuild of the same corpus."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from bot.config import DEFAULT_MODEL
from bot.index.build import build_index
from bot.index.reader import Index

ROOT = Path(__file__).resolve().parents[2]
START = {
    "a.txt": "Foreign ministers of France and Germany met in Berlin on Monday to discuss energy security.",
    "b.txt": "The prime minister visited Nairobi for talks on trade with Kenyan officials.\n\n"
             "Kenyan President William Ruto met the prime minister at State House on Tuesday.",
    "c.txt": "Central bankers gathered in Basel to review capital rules for large lenders.",
    "d.txt": "Leaders of Chile and Peru held a summit in Lima on Friday about fishing rights.",
}
QUERIES = ["Who met in Berlin?", "talks on trade in Kenya", "summit in Lima", "capital rules", "fishing"]


def _write(folder: Path, files: dict[str, str]) -> None:
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text + "\n", encoding="utf-8")


def _snapshot(index_dir: Path) -> dict:
    ix = Index.open(index_dir)
    try:
        chunks = ix.store.all_chunks()
        emb = ix.embeddings().astype(np.float32)
        from bot.index.query_model import load_query_embedder

        qv = load_query_embedder(ix.folder, ix.manifest).encode(QUERIES)
        return {
            "chunks": [(c.chunk_id, c.doc_id, c.start, c.end, c.text, c.content_hash) for c in chunks],
            "articles": sorted((a.doc_id, a.content_hash) for a in ix.store.articles.values()),
            "emb": emb,
            "dense": [ix.dense.search(q, 5)[0].tolist() for q in qv],
            "lexical": [ix.lexical.search(q, 5)[0].tolist() for q in QUERIES],
            "meetings": (ix.folder / "meetings.json").read_text() if (ix.folder / "meetings.json").exists() else "",
            "manifest": (ix.manifest.articles, ix.manifest.chunks, ix.manifest.corpus_fingerprint,
                         ix.manifest.vector_index, ix.manifest.dim),
        }
    finally:
        ix.close()


@pytest.mark.slow
def test_incremental_equals_full_rebuild_after_add_change_delete(tmp_path):
    corpus = tmp_path / "corpus"
    _write(corpus, START)
    first = build_index(corpus, tmp_path / "inc", DEFAULT_MODEL)
    _write(corpus, {"e.txt": "The trade ministers of Japan and Korea met in Seoul on Wednesday.",  # added
                    "b.txt": START["b.txt"] + "\n\nThey also discussed a new railway to the coast."})  # changed
    (corpus / "c.txt").unlink()  # deleted
    inc = build_index(corpus, tmp_path / "inc", DEFAULT_MODEL)
    full = build_index(corpus, tmp_path / "full", DEFAULT_MODEL, full=True)
    assert first.embedded == first.chunks
    assert full.embedded == full.chunks == inc.chunks
    assert 0 < inc.embedded <= 3 and inc.reused == inc.chunks - inc.embedded  # only the new paragraph and e.txt
    a, b = _snapshot(tmp_path / "inc"), _snapshot(tmp_path / "full")
    assert a["chunks"] == b["chunks"] and a["articles"] == b["articles"] and a["manifest"] == b["manifest"]
    assert not any(c[1] == "c.txt" for c in a["chunks"])
    assert a["emb"].shape == b["emb"].shape
    assert (a["emb"] * b["emb"]).sum(1).min() >= 0.999  # new chunks may come from onnxruntime, the rest bit-equal
    assert a["dense"] == b["dense"] and a["lexical"] == b["lexical"]
    assert a["meetings"] == b["meetings"]


@pytest.mark.slow
def test_unchanged_corpus_reuses_everything_and_cli_full_re_embeds(tmp_path):
    corpus = tmp_path / "corpus"
    _write(corpus, START)
    first = build_index(corpus, tmp_path / "ix", DEFAULT_MODEL)
    again = build_index(corpus, tmp_path / "ix", DEFAULT_MODEL)
    assert again.embedded == 0 and again.reused == first.chunks
    from bot.index import build_cache
    from bot.index.generations import current
    from bot.ingest.corpus import read_corpus

    articles = list(read_corpus(corpus))
    version = build_cache.chunker_version(DEFAULT_MODEL)
    kept = build_cache.previous_chunks(current(tmp_path / "ix"), articles, version)
    assert sorted(kept) == sorted(START) and sum(map(len, kept.values())) == first.chunks
    assert build_cache.previous_chunks(current(tmp_path / "ix"), articles, "another chunker") == {}
    run = subprocess.run([sys.executable, "-m", "bot", "index", "build", "--corpus", str(corpus), "--index",
                          str(tmp_path / "ix"), "--full", "--json"], cwd=ROOT, capture_output=True, text=True,
                         timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    out = json.loads(run.stdout)
    assert out["embedded"] == out["chunks"] == first.chunks and out["reused"] == 0


@pytest.mark.parametrize("precision", ["int8"])
@pytest.mark.slow
def test_opt_in_int8_build_stays_close_to_fp32(tmp_path, precision):
    corpus = tmp_path / "corpus"
    _write(corpus, START)
    build_index(corpus, tmp_path / "fp32", DEFAULT_MODEL, "fp32")
    report = build_index(corpus, tmp_path / "q", DEFAULT_MODEL, precision)
    ref, got = Index.open(tmp_path / "fp32"), Index.open(tmp_path / "q")
    assert got.manifest.precision == precision and report.embedded == report.chunks
    cos = (ref.embeddings().astype(np.float32) * got.embeddings().astype(np.float32)).sum(1)
    assert cos.min() >= 0.97
