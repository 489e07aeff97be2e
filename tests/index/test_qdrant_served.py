"""A bot served from Qdrant alone: the same reads as the local generation folder, and builds reusing its vectors."""

from __future__ import annotations

import json

import numpy as np
import pytest

pytest.importorskip("qdrant_client")  # the `qdrant` extra; the `test` extra installs it

from bot.config import DEFAULT_MODEL, Config, QdrantSettings  # noqa: E402
from bot.engine import Engine  # noqa: E402
from bot.index import qdrant  # noqa: E402
from bot.index.build import build_index  # noqa: E402
from bot.index.manifest import IndexUnusable  # noqa: E402
from bot.index.previous import PreviousGeneration  # noqa: E402
from bot.index.qdrant_served import ServedIndex  # noqa: E402
from bot.index.reader import Index  # noqa: E402
from bot.search import exact  # noqa: E402
from tests.conftest import ROOT, SEED_CORPUS  # noqa: E402
from tests.hash_embedder import HashEmbedder  # noqa: E402
from tests.index.qdrant_support import release_clients  # noqa: E402, F401

QUESTIONS = [json.loads(line)["question"]
             for line in (ROOT / "tests" / "data" / "seed_questions.jsonl").read_text().splitlines() if line]



@pytest.fixture(scope="module")
def both(tmp_path_factory):
    """The seed corpus built locally and into Qdrant (hash vectors: the same on both), each index opened."""
    folder = tmp_path_factory.mktemp("served")
    settings = QdrantSettings(path=folder / "q")
    build_index(SEED_CORPUS, folder / "local", DEFAULT_MODEL, "fp32", embedder_factory=HashEmbedder)
    build_index(SEED_CORPUS, folder / "builder", DEFAULT_MODEL, "fp32", embedder_factory=HashEmbedder,
                qdrant=settings)
    (folder / "bot").mkdir()
    local, served = Index.open(folder / "local"), Index.open(folder / "bot", qdrant=settings)
    yield local, served, folder
    local.close()
    qdrant.close_clients(keep=frozenset(w for w in qdrant._clients if w != str((folder / "q").resolve())))


def test_served_index_reads_what_the_generation_folder_holds(both):
    local, served, folder = both
    assert isinstance(served, ServedIndex) and list((folder / "bot").iterdir()) == []
    assert served.manifest == local.manifest.__class__(**{**local.manifest.__dict__, "vector_index": "qdrant",
                                                          "files": served.manifest.files,
                                                          "created_at": served.manifest.created_at})
    assert served.store.articles == local.store.articles
    rows = list(range(local.store.count()))
    assert served.store.chunks(rows) == local.store.chunks(rows)
    assert [m.to_json() for m in served.meetings] == [m.to_json() for m in local.meetings] and local.meetings
    np.testing.assert_array_equal(served.embeddings_rows([3, 0]), local.embeddings_rows([3, 0]))


@pytest.mark.parametrize("question", QUESTIONS[::3])
def test_exact_matching_and_bm25_from_qdrant_equal_the_local_postings(both, question):
    local, served, _ = both
    for word in question.replace("?", "").split():
        assert exact.mentions(served, word) == exact.mentions(local, word), word
        assert exact.capitalised_share(served, word) == exact.capitalised_share(local, word), word
    assert ([served.lexical.doc_freq(t) for t in exact.rare_terms(served, question)]
            == [local.lexical.doc_freq(t) for t in exact.rare_terms(local, question)])
    local_scores, served_scores = local.lexical.scores(question), served.lexical.scores(question)
    names = [w.strip("?,.'s") for w in question.split()[1:] if w[:1].isupper()]
    assert (exact.exact_matches(served, question, names, served_scores, 2)
            == exact.exact_matches(local, question, names, local_scores, 2))
    l_rows, l_top = local.lexical.top(local_scores, 50)
    s_rows, s_top = served.lexical.top(served_scores, 50)
    assert s_rows.tolist() == l_rows.tolist()
    np.testing.assert_allclose(s_top, l_top, rtol=1e-5)
    some = np.array([0, 5, 9, int(l_rows[0]) if len(l_rows) else 1])
    np.testing.assert_allclose(served_scores[some], local_scores[some], rtol=1e-5, atol=1e-7)


def test_incremental_build_reads_reused_vectors_back_from_the_previous_collection(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(3):
        (corpus / f"{i}.txt").write_text(f"Envoy {i} met the trade minister in Geneva about steel tariffs {i}.\n")
    settings = QdrantSettings(path=tmp_path / "q")
    first = build_index(corpus, tmp_path / "ix", DEFAULT_MODEL, "fp32", embedder_factory=HashEmbedder,
                        qdrant=settings)

    def no_local_vectors(self, model, precision):
        raise AssertionError("the qdrant backend reuses vectors from the previous collection, not embeddings.npy")

    monkeypatch.setattr(PreviousGeneration, "vectors", no_local_vectors)
    (corpus / "late.txt").write_text("A late article about a summit in Oslo on fisheries.\n")
    second = build_index(corpus, tmp_path / "ix", DEFAULT_MODEL, "fp32", embedder_factory=HashEmbedder,
                         qdrant=settings)
    assert (second.embedded, second.reused) == (1, first.chunks)
    served = Index.open(tmp_path / "elsewhere", qdrant=settings)
    expected = HashEmbedder().encode([c.text for c in served.store.chunks(list(range(second.chunks))).values()])
    np.testing.assert_allclose(served.embeddings_rows(list(range(second.chunks))),
                               expected.astype(np.float16).astype(np.float32), atol=0)


def test_missing_companion_or_alias_is_one_sentence(tmp_path):
    settings = QdrantSettings(path=tmp_path / "q")
    with pytest.raises(IndexUnusable, match=r"has no alias whomet; build the index with `whomet index build`$"):
        Index.open(tmp_path / "bot", qdrant=settings)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("The envoy met the trade minister in Geneva about steel tariffs.\n")
    report = build_index(corpus, tmp_path / "ix", DEFAULT_MODEL, "fp32", embedder_factory=HashEmbedder,
                         qdrant=settings)
    client = qdrant.connect(settings)
    client.qdrant.delete_collection(qdrant.companion_for(f"whomet-{report.folder.name}"))
    with pytest.raises(IndexUnusable, match=r"has no collection whomet-gen-.*-meta \(the article table"):
        Engine(Config(index_dir=tmp_path / "bot", qdrant=settings), build_if_missing=False)


def test_asked_days_span_the_month_or_year_a_question_names():
    from datetime import date

    from bot.answer.question import analyse
    from bot.engine import asked_days

    assert asked_days(analyse("Who met in Geneva in January 2023?")) == (date(2023, 1, 1), date(2023, 1, 31))
    assert asked_days(analyse("Who met in December 2022?")) == (date(2022, 12, 1), date(2022, 12, 31))
    assert asked_days(analyse("Who met Blinken in 2021?")) == (date(2021, 1, 1), date(2021, 12, 31))
    assert asked_days(analyse("Who met Blinken?")) is None


@pytest.mark.parametrize("date_filter", [False, True])
def test_date_filter_keeps_only_the_asked_month_in_qdrants_lists(tmp_path, date_filter):
    """Boosted (the default, as locally) other months still fill the answer; filtered, only January's chunks."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(12):
        (corpus / f"{i}.txt").write_text(f"date 2023-03-{i + 1:02d} Envoy {i} met the trade minister in Geneva.\n")
    for i in range(2):  # no word of the question: only a filtered list reaches them
        (corpus / f"jan{i}.txt").write_text(f"date 2023-01-{i + 10} Envoy {i} was received by an official.\n")
    settings = QdrantSettings(path=tmp_path / "q", date_filter=date_filter)
    build_index(corpus, tmp_path / "ix", DEFAULT_MODEL, "fp32", embedder_factory=HashEmbedder, qdrant=settings)
    engine = Engine(Config(index_dir=tmp_path / "bot", qdrant=settings, k=5), build_if_missing=False)
    engine.retriever.pool = 4  # lists shorter than the corpus, as on a large archive
    question = "Who met the trade minister in Geneva in January 2023?"
    cited = {p.doc_id for p in engine.ask(question).passages}
    if date_filter:
        assert cited == {"jan0.txt", "jan1.txt"}
    else:
        assert cited - {"jan0.txt", "jan1.txt"}  # March articles, boosted below January ones but kept


def test_document_frequencies_and_short_postings_are_read_once_per_generation(both, monkeypatch):
    _, served, _ = both
    lexical = type(served.lexical)(served.dense)  # a fresh cache
    calls = []
    qdrant_client = served.dense.client.qdrant
    for name in ("count", "scroll"):
        real = getattr(qdrant_client, name)
        monkeypatch.setattr(qdrant_client, name, lambda *a, _real=real, _name=name, **k: calls.append(_name)
                            or _real(*a, **k))
    term = lexical.token_ids("Blinken")[0]
    first = (lexical.doc_freq(term), lexical.postings(term).tolist())
    assert (lexical.doc_freq(term), lexical.postings(term).tolist()) == first and first[0] == len(first[1]) > 0
    assert calls == ["count", "scroll"]


def test_query_model_differing_from_the_builds_is_refused_in_one_sentence(both):
    from dataclasses import replace

    _, served, _ = both
    files = {name: {**record, "sha256": "0" * 64} if name.endswith("model.onnx") else record
             for name, record in served.manifest.files.items()}
    other = replace(served, manifest=replace(served.manifest, files=files))
    with pytest.raises(IndexUnusable, match=r"differs from the one the index was built with \(model.onnx\)"):
        other.query_embedder()
    assert served.query_embedder().encode(["a question"]).shape == (1, 384)
