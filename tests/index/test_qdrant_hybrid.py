"""Qdrant's BM25 sparse vectors (IDF modifier), date-range payload filters and RRF fusion, against whomet's own."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

pytest.importorskip("qdrant_client")  # the `qdrant` extra; the `test` extra installs it

from bot.config import DEFAULT_MODEL, QdrantSettings  # noqa: E402
from bot.index import qdrant, sparse_bm25  # noqa: E402
from bot.index.build import build_index  # noqa: E402
from bot.index.lexical import LexicalIndex, build_bm25  # noqa: E402
from bot.index.reader import Index  # noqa: E402
from bot.search.retriever import RRF_K  # noqa: E402
from tests.hash_embedder import HashEmbedder  # noqa: E402
from tests.index.qdrant_support import release_clients, unit_vectors  # noqa: E402, F401

TEXTS = [
    "The trade minister met the Japanese ambassador in Tokyo to discuss tariffs.",
    "Ministers of OPEC met in Vienna; the oil minister spoke about output quotas and prices.",
    "Tariffs, tariffs and more tariffs: the minister said talks in Geneva would resume.",
    "A short note.",
    "The central bank council discussed interest rates and the currency in Frankfurt.",
    "Japanese officials met their American counterparts in Washington about the trade deficit.",
    "Über-long words café naïve résumé: the Zürich meeting of bankers ended without a deal.",
    "",
]
QUERIES = ["Who met the Japanese trade minister in Tokyo?", "tariffs tariffs Geneva", "oil prices Vienna",
           "Zürich bankers café", "the of and"]




@pytest.fixture
def collection(tmp_path):
    days = [date(2023, 1, 3), date(2023, 1, 20), date(2023, 2, 1), None, date(2022, 12, 31), date(2023, 1, 31),
            date(2023, 3, 9), date(2023, 1, 10)]
    payloads = [{"doc_id": f"d{i}", **({"day": d.toordinal()} if d else {})} for i, d in enumerate(days)]
    client = qdrant.connect(QdrantSettings(path=tmp_path / "q"))
    index = qdrant.QdrantIndex.create(client, "hybrid", unit_vectors(len(TEXTS), 16, 1), payloads,
                                      sparse_bm25.document_vectors(TEXTS))
    build_bm25(TEXTS, tmp_path / "bm25")
    return index, LexicalIndex(tmp_path / "bm25"), days


@pytest.mark.parametrize("question", QUERIES)
def test_qdrant_bm25_ranks_and_scores_as_the_local_bm25(collection, question):
    index, local, _ = collection
    rows, scores = index.sparse_search(question, 10)
    want_rows, want_scores = local.search(question, 10)
    assert rows.tolist() == want_rows.tolist()
    np.testing.assert_allclose(scores, want_scores, rtol=1e-5, atol=1e-6)


def test_a_repeated_query_term_counts_again_as_in_bm25s():
    terms = sparse_bm25.query_vector("Tariffs tariffs Geneva")
    assert dict(zip(terms.indices, terms.values, strict=True)) == {sparse_bm25.term_id("tariff"): 2.0,
                                                                   sparse_bm25.term_id("geneva"): 1.0}
    assert terms.indices == sorted(terms.indices)
    assert sparse_bm25.query_vector("the of and a").indices == []


def test_date_range_filter_keeps_only_chunks_dated_within(collection):
    index, _, days = collection
    january = (date(2023, 1, 1), date(2023, 1, 31))
    inside = {i for i, d in enumerate(days) if d is not None and january[0] <= d <= january[1]}
    assert inside == {0, 1, 5, 7}
    rows, _ = index.search(unit_vectors(1, 16, 9)[0], 10, days=january)
    assert set(rows.tolist()) == inside  # the undated chunk 3 and the edges outside are left out
    assert set(index.sparse_search("minister met", 10, days=january)[0].tolist()) <= inside
    assert set(index.hybrid_search(unit_vectors(1, 16, 9)[0], "minister met", 10, days=january)[0].tolist()) == inside
    assert index.search(unit_vectors(1, 16, 9)[0], 10, days=(date(1990, 1, 1), date(1990, 12, 31)))[0].size == 0


@pytest.mark.parametrize("question", QUERIES)
def test_qdrant_rrf_is_whomets_reciprocal_rank_fusion(collection, question):
    index, _, _ = collection
    query, pool = unit_vectors(1, 16, 4)[0], 5
    d_rows, _ = index.search(query, pool)
    l_rows, _ = index.sparse_search(question, pool)
    fused: dict[int, float] = {}
    for rows in (d_rows, l_rows):
        for rank, row in enumerate(rows.tolist()):
            fused[row] = fused.get(row, 0.0) + 1.0 / (RRF_K + rank + 1)
    want = sorted(fused, key=lambda r: (-fused[r], r))[:6]
    rows, scores = index.hybrid_search(query, question, 6, pool=pool)
    np.testing.assert_allclose(scores, [fused[r] for r in want], rtol=1e-6)
    assert {r: round(fused[r], 7) for r in rows.tolist()} == {r: round(fused[r], 7) for r in want}


def test_removing_rows_keeps_the_later_rows_bm25_vectors(collection):
    index, local, _ = collection
    before = index.sparse_search("Zürich bankers", 3)[0].tolist()
    assert before == [6]
    index.remove(np.array([1]))
    assert index.sparse_search("Zürich bankers", 3)[0].tolist() == [5]  # row 6 moved down, its vector with it


def test_build_stores_bm25_and_article_metadata_in_the_collection(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("date 2023-01-12 The envoy met the trade minister in Geneva about steel tariffs.\n")
    (corpus / "b.txt").write_text("date 2022-06-01 Bankers met in Zurich about the loan package for Mexico.\n")
    settings = QdrantSettings(path=tmp_path / "q")
    build_index(corpus, tmp_path / "ix", DEFAULT_MODEL, "fp32", embedder_factory=HashEmbedder, qdrant=settings)
    ix = Index.open(tmp_path / "ix", qdrant=settings)
    by_doc = {c.doc_id: row for row, c in ix.store.chunks(list(range(ix.dense.size))).items()}
    assert ix.dense.sparse_search("steel tariffs", 5)[0].tolist() == [by_doc["a.txt"]]
    np.testing.assert_allclose(ix.dense.sparse_search("loan Mexico", 5)[1],
                               LexicalIndex(ix.folder / "bm25").search("loan Mexico", 5)[1],
                               rtol=1e-5)
    january = (date(2023, 1, 1), date(2023, 1, 31))
    assert ix.dense.search(ix.embeddings_rows([0])[0], 5, days=january)[0].tolist() == [by_doc["a.txt"]]
    point = ix.dense.client.qdrant.retrieve(ix.dense.collection, [by_doc["b.txt"]], with_payload=True)[0]
    article = ix.store.articles["b.txt"]
    assert article.date == "2022-06-01" and point.payload["title"] == article.title
    assert point.payload["day"] == date(2022, 6, 1).toordinal() and point.payload["date"] == "2022-06-01"
    ix.close()
