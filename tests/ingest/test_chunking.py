"""Chunks stay within the model's limit (by its own tokenizer) and keep exact offsets and paragraphs."""

from __future__ import annotations

from bot.config import DEFAULT_MODEL
from bot.embed.embedder import resolve_model_path
from bot.ingest.chunking import MAX_CHUNK_CHARS, MAX_TOKENS, chunk_article, token_counter
from bot.ingest.corpus import read_corpus
from bot.records import Article
from bot.text.sentences import sentence_spans
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


class _SpyCounter:
    """The real counter, recording how many characters it was asked to tokenise."""

    def __init__(self) -> None:
        self.chars = 0

    def __call__(self, text: str) -> int:
        self.chars += len(text)
        return COUNT(text)

    def many(self, texts: list[str]) -> list[int]:
        self.chars += sum(map(len, texts))
        return COUNT.many(texts)

    def offsets(self, text: str) -> list[tuple[int, int]]:
        self.chars += len(text)
        return COUNT.offsets(text)


def _unpunctuated(words: int) -> str:
    vocab = "the delegation discussed regional security situation with ministers from Tokyo and Beijing".split()
    return " ".join(vocab[(i * 7 + i // 13) % len(vocab)] for i in range(words))


def test_long_unpunctuated_text_fits_the_model_and_the_character_cap():
    text = _unpunctuated(200_000) + " " + "x" * 50_000 + " " + "(" * 3000 + " 東京" * 2000 + " end"
    chunks = chunk_article(_article(text), COUNT)
    assert max(COUNT.many([c.text for c in chunks])) <= MAX_TOKENS
    assert max(len(c.text) for c in chunks) <= MAX_CHUNK_CHARS
    assert "".join("".join(c.text.split()) for c in chunks) == "".join(text.split())  # nothing lost or repeated
    assert all(text[c.start : c.end] == c.text for c in chunks)


def test_a_giant_word_becomes_passages_within_the_character_cap():
    text = "Kishi met Austin in Tokyo. " + "a" * 50_000 + " They talked."
    chunks = chunk_article(_article(text), COUNT)
    assert max(len(c.text) for c in chunks) <= MAX_CHUNK_CHARS
    assert chunks[0].text.startswith("Kishi met Austin in Tokyo.") and chunks[-1].text.endswith("They talked.")


def test_splitting_long_text_tokenises_each_character_a_bounded_number_of_times():
    """Not a timing test: the tokenizer's work per input character stays constant as the input doubles."""
    per_char = []
    for words in (5_000, 10_000, 20_000):
        spy = _SpyCounter()
        text = _unpunctuated(words)
        chunk_article(_article(text), spy)
        per_char.append(spy.chars / len(text))
    assert max(per_char) <= 4  # sentence count (skipped over the cap), offsets, piece counts, joined-group check
    assert max(per_char) - min(per_char) < 0.1  # linear: the 4x input costs 4x, not more
