"""The numpy BM25 query path gives bm25s's own results on the index bm25s built."""

from __future__ import annotations

import sys

import numpy as np

from bot.lexical import LexicalIndex, build_bm25

TEXTS = [
    "Foreign ministers of France and Germany met in Berlin on Monday to discuss energy security.",
    "The prime minister visited Nairobi for talks on trade with Kenyan officials.",
    "OPEC oil ministers met in Vienna and agreed to cut output; the ministers' talks ran late.",
    "Central bankers discussed interest rates and the dollar in Washington.",
    "Trade talks between Japan and the United States resumed in Tokyo after a week.",
] * 3


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


def test_queries_do_not_import_bm25s(tmp_path):
    import subprocess

    build_bm25(TEXTS, tmp_path / "bm25")
    code = ("import sys; from bot.lexical import LexicalIndex; ix = LexicalIndex(sys.argv[1]); "
            "assert len(ix.search('oil ministers Vienna', 3)[0]) > 0; "
            "assert not {'bm25s', 'numba', 'scipy'} & set(sys.modules), sorted(sys.modules)")
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path / "bm25")], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
