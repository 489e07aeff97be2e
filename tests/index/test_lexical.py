"""The numpy BM25 builder writes bm25s's index to the bit, and the numpy query path gives bm25s's own results."""

from __future__ import annotations

import itertools
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from bot.index.lexical import STOPWORDS_EN, LexicalIndex, build_bm25, tokenize
from bot.text.stemming import english_stemmer

ROOT = Path(__file__).resolve().parents[2]

TEXTS = [
    "Foreign ministers of France and Germany met in Berlin on Monday to discuss energy security.",
    "The prime minister visited Nairobi for talks on trade with Kenyan officials.",
    "OPEC oil ministers met in Vienna and agreed to cut output; the ministers' talks ran late.",
    "Central bankers discussed interest rates and the dollar in Washington.",
    "Trade talks between Japan and the United States resumed in Tokyo after a week.",
] * 3
SEED_PARAGRAPHS = [p for f in sorted((ROOT / "corpus").glob("*.txt")) for p in f.read_text("utf-8").split("\n\n")]
EDGE_CASES = {
    "empty texts and stopword-only texts": ["", "The and of it is.", "Oil ministers met.", "   ", "a b c 1 2", "to be"],
    "repeated words": ["oil oil oil oil price", "price", "Oil, OIL and oil-price: oil!", "meeting meetings met meet"],
    "unicode": ["Ünïcödé ΣΟΦΙΑ σοφία naïve CAFÉ café Straße İstanbul", "日本語 テキスト 東京 会談",
                "Ｆｕｌｌ ｗｉｄｔｈ ½ ²³ x²"],
    "a single doc": ["Oil ministers met in Vienna on Monday."],
    "a term in every doc": ["oil price rose", "oil output cut", "oil", "the oil ministers and oil"],
    "digits and underscores": ["OPEC_2024 cut 1,500,000 bpd in 1987", "1987 1987 opec_2024 __init__ 3.14"],
}
CORPORA = {"seed paragraphs": SEED_PARAGRAPHS, "TEXTS": TEXTS, **EDGE_CASES}


def reference_build(texts: list[str], out_dir: Path) -> None:
    """What build_bm25 did before: bm25s itself."""
    import bm25s

    tokens = bm25s.tokenize(texts, stopwords="en", stemmer=english_stemmer(), token_pattern=r"(?u)\b\w\w+\b",
                            show_progress=False)
    model = bm25s.BM25()
    model.index(tokens, show_progress=False)
    model.save(str(out_dir))


def scores_by_term(path: Path) -> dict[tuple[str, int], float]:
    """Every stored (term, doc) score, vocab ids mapped back to terms (bm25s numbers terms in hash-seed order)."""
    vocab = json.loads((path / "vocab.index.json").read_text(encoding="utf-8"))
    data, indices, indptr = (np.load(path / f"{n}.csc.index.npy") for n in ("data", "indices", "indptr"))
    assert (data.dtype, indices.dtype, indptr.dtype) == (np.float32, np.int32, np.int64)
    assert vocab[""] == len(vocab) - 1 == len(indptr) - 1, "the empty token is the last id and has no column"
    assert sorted(vocab.values()) == list(range(len(vocab)))
    out = {}
    for term, t in vocab.items():
        if term:
            rows = indices[indptr[t] : indptr[t + 1]]
            assert np.all(np.diff(rows) > 0), "rows sorted within a column, as bm25s writes them"
            out.update(((term, int(r)), s) for r, s in zip(rows.tolist(), data[indptr[t] : indptr[t + 1]], strict=True))
    return out


def assert_same_index(texts: list[str], tmp: Path) -> None:
    build_bm25(texts, tmp / "ours")
    reference_build(texts, tmp / "ref")
    ours, ref = scores_by_term(tmp / "ours"), scores_by_term(tmp / "ref")
    vocabs = [json.loads((tmp / d / "vocab.index.json").read_text(encoding="utf-8")) for d in ("ours", "ref")]
    assert vocabs[0].keys() == vocabs[1].keys()
    assert ours.keys() == ref.keys()
    keys = sorted(ref)
    np.testing.assert_array_equal(np.array([ours[k] for k in keys], np.float32), np.array([ref[k] for k in keys]))
    assert (tmp / "ours" / "params.index.json").read_text() == (tmp / "ref" / "params.index.json").read_text()


@pytest.mark.parametrize("name", list(CORPORA))
def test_builder_writes_bm25s_scores_bit_for_bit(tmp_path, name):
    assert_same_index(CORPORA[name], tmp_path)


def test_builder_matches_bm25s_on_reuters(tmp_path):
    from benchmarks.reuters import DEFAULT_DIR, read_reuters

    if not DEFAULT_DIR.exists():
        pytest.skip("no Reuters-21578 data")
    records = itertools.islice(read_reuters(), 600)
    texts = [r["text"][i : i + 800] for r in records for i in range(0, len(r["text"]), 800)]
    assert_same_index(texts, tmp_path)


def test_stopwords_are_bm25s_english_list():
    from bm25s.stopwords import STOPWORDS_EN as REFERENCE

    assert STOPWORDS_EN == tuple(REFERENCE)


WORDS = ["oil", "Oil", "OIL", "oils", "minister", "ministers", "met", "meeting", "the", "and", "of", "a", "x", "1987",
         "naïve", "Straße", "ΣΟΦΙΑ", "東京", "İstanbul", "__", "don't", "o'neil", "co-op", "U.S.", "’s", "x_1"]
PIECES = st.sampled_from(WORDS + [" ", ".", ", ", "\n", "-"])
CORPUS = st.lists(st.lists(PIECES, max_size=12).map("".join), min_size=1, max_size=8)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(CORPUS)
def test_builder_matches_bm25s_on_random_corpora(texts):
    # bm25s cannot index a corpus without any term (max() of an empty vocab): that case has its own test
    assume(any(set(re.findall(r"(?u)\b\w\w+\b", text.lower())) - set(STOPWORDS_EN) for text in texts))
    with tempfile.TemporaryDirectory() as tmp:
        assert_same_index(texts, Path(tmp))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(st.characters(max_codepoint=127)) | st.text() | CORPUS.map(" ".join), max_size=5))
def test_tokens_are_bm25s_tokens(texts):
    """Both the ASCII fast path (translate + split) and the regex path give bm25s.tokenize's tokens."""
    import bm25s

    term, doc, terms = tokenize(texts)
    ours = [[terms[t] for t in term[doc == d]] for d in range(len(texts))]
    assert ours == bm25s.tokenize(texts, stopwords="en", stemmer=english_stemmer(), show_progress=False,
                                  return_ids=False)


@pytest.mark.parametrize("texts", [[], [""], ["the and of", "  "]])
def test_corpus_without_terms_gives_an_empty_index(tmp_path, texts):
    import bm25s

    build_bm25(texts, tmp_path / "bm25")
    ix = LexicalIndex(tmp_path / "bm25")
    assert ix.size == len(texts) and ix.vocab == {"": 0}
    assert len(ix.search("oil ministers", 5)[0]) == 0
    model = bm25s.BM25.load(str(tmp_path / "bm25"))
    assert model.scores["num_docs"] == len(texts) and model.vocab_dict == {"": 0}


def test_build_is_deterministic_across_hash_seeds(tmp_path):
    code = ("import sys; from pathlib import Path; from bot.index.lexical import build_bm25; "
            "build_bm25(sys.argv[2:], Path(sys.argv[1]))")
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run([sys.executable, "-c", code, str(tmp_path / seed), *TEXTS], capture_output=True, text=True,
                             env=env, cwd=ROOT)
        assert out.returncode == 0, out.stderr
    assert {p.name: p.read_bytes() for p in (tmp_path / "1").iterdir()} == {
        p.name: p.read_bytes() for p in (tmp_path / "2").iterdir()}


@pytest.mark.parametrize("name", ["seed paragraphs", "TEXTS", "repeated words", "unicode"])
def test_search_and_retrieve_same_on_both_indexes(tmp_path, name):
    import bm25s

    texts = CORPORA[name]
    build_bm25(texts, tmp_path / "ours")
    reference_build(texts, tmp_path / "ref")
    (tmp_path / "ref" / "whomet_tokenizer.json").write_bytes((tmp_path / "ours" / "whomet_tokenizer.json").read_bytes())
    ours, ref = LexicalIndex(tmp_path / "ours"), LexicalIndex(tmp_path / "ref")
    queries = ["Who met in Vienna about oil?", "trade talks Tokyo", "ministers ministers met", "oil OIL price",
               "café σοφία 東京", "nothing matches zzzz", "the and of", *[t[:60] for t in texts[:10]]]
    loaded = [bm25s.BM25.load(str(tmp_path / d)) for d in ("ours", "ref")]
    for query in queries:
        a, b = ours.search(query, 7), ref.search(query, 7)
        np.testing.assert_array_equal(a[0], b[0])
        np.testing.assert_array_equal(a[1], b[1])
        tokens = [t for t in bm25s.tokenize([query], stopwords="en", stemmer=english_stemmer(), show_progress=False,
                                            return_ids=False)[0] if t in loaded[1].vocab_dict]
        if tokens:
            k = min(3, len(texts))
            (docs_a, scores_a), (docs_b, scores_b) = (m.retrieve([tokens], k=k, show_progress=False) for m in loaded)
            np.testing.assert_array_equal(scores_a, scores_b)
            np.testing.assert_array_equal(docs_a, docs_b)


def test_numpy_query_path_matches_bm25s_retrieve(tmp_path):
    import bm25s

    build_bm25(TEXTS, tmp_path / "bm25")
    ours = LexicalIndex(tmp_path / "bm25")
    ref = bm25s.BM25.load(str(tmp_path / "bm25"))
    stemmer = ours.stem.__self__
    for query in ["Who met in Vienna about oil?", "trade talks Tokyo", "ministers ministers met", "Berlin",
                  "nothing matches zzzz", "the and of"]:
        rows, scores = ours.search(query, k=5)
        tokens = bm25s.tokenize([query], stopwords="en", stemmer=stemmer, show_progress=False, return_ids=False)
        terms = [t for t in tokens[0] if t in ref.vocab_dict]
        if not terms:
            assert len(rows) == 0
            continue
        ref_scores = ref.get_scores(terms)
        np.testing.assert_allclose(scores, np.sort(ref_scores)[::-1][: len(scores)], rtol=1e-5)
        assert set(rows.tolist()) <= set(np.flatnonzero(ref_scores >= scores.min() - 1e-6).tolist())


def test_build_and_queries_do_not_import_bm25s(tmp_path):
    code = ("import sys; from pathlib import Path; from bot.index.lexical import LexicalIndex, build_bm25; "
            "build_bm25(sys.argv[2:], Path(sys.argv[1])); ix = LexicalIndex(sys.argv[1]); "
            "assert len(ix.search('oil ministers Vienna', 3)[0]) > 0; "
            "assert not {'bm25s', 'numba', 'scipy'} & set(sys.modules), sorted(sys.modules)")
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path / "bm25"), *TEXTS], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
