"""Splits an article into sentence-aligned chunks that fit the embedding model, keeping exact offsets."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from bot.records import Article, Chunk

TARGET_TOKENS = 160  # pack sentences up to about this many word pieces
MAX_TOKENS = 254  # the model's 256 minus [CLS] and [SEP]

TokenCounter = Callable[[str], int]


class WordPieceCounter:
    """Counts word pieces with the model's own tokenizer (tokenizers, no torch), untruncated; `many` batches."""

    def __init__(self, model_dir: str) -> None:
        from tokenizers import Tokenizer

        self.tok = Tokenizer.from_file(str(Path(model_dir) / "tokenizer.json"))
        self.tok.no_padding()
        self.tok.no_truncation()

    def __call__(self, text: str) -> int:
        return len(self.tok.encode(text, add_special_tokens=False).ids)

    def many(self, texts: list[str]) -> list[int]:
        if len(texts) < 256:  # a small batch costs more in thread hand-offs than it gains
            return [self(t) for t in texts]
        return [len(e.ids) for e in self.tok.encode_batch(texts, add_special_tokens=False)]


@lru_cache(maxsize=4)
def token_counter(model_dir: str) -> WordPieceCounter:
    return WordPieceCounter(model_dir)


def _count_many(count: TokenCounter, texts: list[str]) -> list[int]:
    many = getattr(count, "many", None)
    return many(texts) if many and texts else [count(t) for t in texts]


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentence offsets in `text`, never crossing a paragraph break; whitespace trimmed."""
    from sentencex import segment

    spans: list[tuple[int, int]] = []
    for para in re.finditer(r"[^\n]+(?:\n(?!\s*\n)[^\n]+)*", text):
        cursor = para.start()
        for sent in segment("en", para.group(0)):
            s = sent.strip()
            if not s:
                continue
            start = text.find(s, cursor, para.end())
            if start < 0:  # the segmenter normalised something; fall back to the rest of the paragraph
                start = cursor
                s = text[cursor : para.end()].strip()
            if spans and _broken_abbreviation(text, spans[-1], start):
                spans[-1] = (spans[-1][0], start + len(s))  # "Japan-U." + "S. alliance ..." is one sentence
            else:
                spans.append((start, start + len(s)))
            cursor = start + len(s)
    return spans


def _broken_abbreviation(text: str, prev: tuple[int, int], start: int) -> bool:
    """The segmenter split after a dotted initial ("U." of "U.S.") and the next piece goes on with it."""
    return (re.search(r"(?:^|[\s(\-])[A-Z]\.$", text[prev[0] : prev[1]]) is not None
            and re.match(r"[A-Z]\.", text[start : start + 2]) is not None and prev[1] == start)


def _split_long(text: str, start: int, end: int, count: TokenCounter) -> list[tuple[int, int]]:
    """Cut an over-long sentence at word boundaries into pieces within MAX_TOKENS."""
    pieces, piece_start = [], start
    last_ok = start
    for m in re.finditer(r"\S+", text[start:end]):
        word_end = start + m.end()
        if count(text[piece_start:word_end]) > MAX_TOKENS and last_ok > piece_start:
            pieces.append((piece_start, last_ok))
            piece_start = start + m.start()
        last_ok = word_end
    pieces.append((piece_start, end))
    return pieces


def chunk_article(article: Article, count: TokenCounter, target: int = TARGET_TOKENS) -> list[Chunk]:
    return chunk_articles([article], count, target)[0]


def chunk_articles(articles: list[Article], count: TokenCounter, target: int = TARGET_TOKENS) -> list[list[Chunk]]:
    """Chunks of each article; word pieces are counted in one batch for all (several times faster than one by one)."""
    spans = [sentence_spans(a.text) for a in articles]
    counts = iter(_count_many(count, [a.text[s:e] for a, sp in zip(articles, spans, strict=True) for s, e in sp]))
    groups = [_pack(a.text, sp, [next(counts) for _ in sp], count, target)
              for a, sp in zip(articles, spans, strict=True)]
    joined = [(a.text, g) for a, gs in zip(articles, groups, strict=True) for g in gs if len(g) > 1]
    sizes = iter(_count_many(count, [text[g[0][0] : g[-1][1]] for text, g in joined]))
    overflow = {id(g) for (_, g), n in zip(joined, sizes, strict=True) if n > MAX_TOKENS}
    return [_chunks(a, gs, overflow) for a, gs in zip(articles, groups, strict=True)]


Unit = tuple[int, int, int, bool]  # start, end, tokens, starts_paragraph


def _pack(text: str, spans: list[tuple[int, int]], counts: list[int], count: TokenCounter, target: int) -> list:
    """Sentences (over-long ones cut) packed into groups of about `target` word pieces."""
    units: list[Unit] = []
    prev_end = 0
    for (s, e), n in zip(spans, counts, strict=True):
        new_para = s == 0 or "\n\n" in text[prev_end:s]
        if n > MAX_TOKENS:
            for i, (ps, pe) in enumerate(_split_long(text, s, e, count)):
                units.append((ps, pe, count(text[ps:pe]), new_para and i == 0))
        else:
            units.append((s, e, n, new_para))
        prev_end = e
    groups: list[list[Unit]] = []
    size = 0
    for unit in units:
        # Start a new chunk when full, or at a paragraph break once the chunk is reasonably filled.
        if groups and (size + unit[2] > target or (unit[3] and size >= target * 0.6)):
            groups.append([])
            size = 0
        if not groups:
            groups.append([])
        groups[-1].append(unit)
        size += unit[2]
    return groups


def _chunks(article: Article, groups: list[list[Unit]], overflow: set[int]) -> list[Chunk]:
    safe: list[list[Unit]] = []
    for group in groups:
        # Joining can add a word piece or two at the seams: a group that overflows goes one sentence a chunk.
        if id(group) in overflow:
            safe.extend([u] for u in group)
        elif group:
            safe.append(group)
    chunks = []
    text = article.text
    for i, group in enumerate(safe):
        start, end = group[0][0], group[-1][1]
        body = text[start:end]
        digest = hashlib.sha256(body.encode()).hexdigest()
        chunks.append(
            Chunk(f"{article.doc_id}::{i}", article.doc_id, i, start, end, body,
                  tuple((s, e) for s, e, _, _ in group), digest)
        )
    return chunks
