"""Chunks stay within the model's limit (by its own tokenizer) and keep exact offsets and paragraphs."""

from __future__ import annotations

from bot.chunking import MAX_TOKENS, chunk_article, sentence_spans, token_counter
from bot.config import DEFAULT_MODEL
from bot.corpus import read_corpus
from bot.embedder import resolve_model_path
from bot.records import Article
from tests.conftest import SEED_CORPUS

COUNT = token_counter(str(resolve_model_path(DEFAULT_MODEL)))


def _article(text: str) -> Article:
    return Article("t.txt", "t.txt", "", None, None, None, text, "h")


def test_seed_chunks_fit_the_model_and_quote_exactly():
    for article in read_corpus(SEED_CORPUS):
        chunks = chunk_article(article, COUNT)
        assert chunks, article.doc_id
        covered = " ".join(article.text[c.start : c.end] for c in chunks)
        assert len(covered.split()) == len(article.text.split())  # nothing dropped
        for c in chunks:
            assert article.text[c.start : c.end] == c.text
            assert COUNT(c.text) <= MAX_TOKENS
            for s, e in c.sentences:
                assert c.start <= s < e <= c.end


def test_long_sentences_and_paragraphs_are_split_within_the_limit():
    sentence = " ".join(["The delegation discussed the regional security situation"] * 60) + "."
    text = sentence + "\n\n" + "Short closing paragraph about the talks."
    chunks = chunk_article(_article(text), COUNT)
    assert len(chunks) >= 3
    assert all(COUNT(c.text) <= MAX_TOKENS for c in chunks)
    assert chunks[-1].text.endswith("Short closing paragraph about the talks.")


def test_sentences_do_not_split_inside_abbreviations():
    text = "The U.S. and Japan met on Jan. 20 in Washington. The Japan-U.S. alliance was discussed. Then it ended."
    spans = [text[s:e] for s, e in sentence_spans(text)]
    assert spans == ["The U.S. and Japan met on Jan. 20 in Washington.", "The Japan-U.S. alliance was discussed.",
                     "Then it ended."]


def test_chunks_do_not_merge_sentences_across_paragraphs():
    text = "First paragraph ends here.\n\nSecond paragraph starts here."
    assert [text[s:e] for s, e in sentence_spans(text)] == ["First paragraph ends here.",
                                                             "Second paragraph starts here."]
