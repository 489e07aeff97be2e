"""Splits an article into sentence-aligned chunks that fit the embedding model, keeping exact offsets."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Protocol

from bot.records import Article, Chunk
from bot.text.sentences import sentence_spans

TARGET_TOKENS = 160  # pack sentences up to about this many word pieces
MAX_TOKENS = 254  # the model's 256 minus [CLS] and [SEP]
MAX_CHUNK_CHARS = 3000  # a hard cap: a 50 KB "word" is one [UNK] word piece, not a 50 KB passage (prose: < 1400)

Piece = tuple[int, int, int]  # start, end, word pieces
Unit = tuple[int, int, int, bool]  # start, end, word pieces, starts_paragraph


class TokenCounter(Protocol):
    """Counts word pieces of the embedding model: one text, many at once, or each piece's character span."""

    def __call__(self, text: str) -> int: ...

    def many(self, texts: list[str]) -> list[int]: ...

    def offsets(self, text: str) -> list[tuple[int, int]]: ...


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

    def offsets(self, text: str) -> list[tuple[int, int]]:
        """The character span in `text` of each of its word pieces, in order."""
        return self.tok.encode(text, add_special_tokens=False).offsets


@lru_cache(maxsize=4)
def token_counter(model_dir: str) -> WordPieceCounter:
    return WordPieceCounter(model_dir)


def _count_many(count: TokenCounter, texts: list[str]) -> list[int]:
    return count.many(texts) if texts else []


def _split_long(text: str, start: int, end: int, count: TokenCounter) -> list[Piece]:
    """Cut an over-long sentence into pieces within MAX_TOKENS and MAX_CHUNK_CHARS, in one pass over its word pieces.

    The sentence is tokenised once; whole words are packed while they fit, counting their word pieces as they come
    (linear in the sentence's length, however long). A word that cannot fit alone is cut between its word pieces,
    and a word piece longer than the character cap (a giant unknown "word") at the cap. Each piece is then counted
    on its own, and the rare one that tokenises differently alone and overflows is halved until it fits.
    """
    spans: list[tuple[int, int]] = []
    piece_start, size, last_end = -1, 0, start
    for atom_start, atom_end, n in _atoms(text, start, end, count.offsets(text[start:end])):
        if piece_start >= 0 and (size + n > MAX_TOKENS or atom_end - piece_start > MAX_CHUNK_CHARS):
            spans.append((piece_start, last_end))
            piece_start = -1
        if piece_start < 0:
            piece_start, size = atom_start, 0
        size += n
        last_end = atom_end
    spans.append((max(piece_start, start), end))
    counts = _count_many(count, [text[s:e] for s, e in spans])
    return [piece for (s, e), n in zip(spans, counts, strict=True) for piece in _halved(text, s, e, n, count)]


_WORD = re.compile(r"\S+")


def _atoms(text: str, start: int, end: int, offsets: list[tuple[int, int]]) -> Iterator[Piece]:
    """Each word of text[start:end] with its word pieces (`offsets`, relative to `start`), giant words cut to fit."""
    i = 0
    for m in _WORD.finditer(text, start, end):
        word_start, word_end = m.span()
        first = i
        while i < len(offsets) and start + offsets[i][0] < word_end:
            i += 1
        if i - first <= MAX_TOKENS and word_end - word_start <= MAX_CHUNK_CHARS:
            yield word_start, word_end, i - first
            continue
        sub_start, sub_n = word_start, 0
        for tok_start, tok_end in offsets[first:i]:
            tok_start, tok_end = start + tok_start, start + tok_end
            if sub_n and (sub_n + 1 > MAX_TOKENS or tok_end - sub_start > MAX_CHUNK_CHARS):
                yield sub_start, tok_start, sub_n
                sub_start, sub_n = tok_start, 0
            while tok_end - sub_start > MAX_CHUNK_CHARS:  # one word piece over the cap: a giant unknown "word"
                yield sub_start, sub_start + MAX_CHUNK_CHARS, 1
                sub_start += MAX_CHUNK_CHARS
            sub_n += 1
        if sub_start < word_end:
            yield sub_start, word_end, sub_n


def _halved(text: str, start: int, end: int, n: int, count: TokenCounter) -> list[Piece]:
    """text[start:end], n word pieces, as pieces that fit the model alone: halved at a space near the middle if not."""
    if n <= MAX_TOKENS or end - start < 2:
        return [(start, end, n)]
    middle = (start + end) // 2
    space = text.rfind(" ", start + 1, middle + 1)
    left_end, right_start = (space, space + 1) if space > start else (middle, middle)
    halves = [(s, e) for s, e in ((start, left_end), (right_start, end)) if s < e]
    return [piece for s, e in halves for piece in _halved(text, s, e, count(text[s:e]), count)]


def chunk_article(article: Article, count: TokenCounter, target: int = TARGET_TOKENS) -> list[Chunk]:
    return chunk_articles([article], count, target)[0]


def chunk_articles(articles: list[Article], count: TokenCounter, target: int = TARGET_TOKENS) -> list[list[Chunk]]:
    """Chunks of each article; word pieces are counted in one batch for all (several times faster than one by one)."""
    spans = [sentence_spans(a.text) for a in articles]
    # A sentence over the character cap is cut whatever its word pieces: it is tokenised once, by _split_long.
    counts = iter(_count_many(count, [a.text[s:e] if e - s <= MAX_CHUNK_CHARS else ""
                                      for a, sp in zip(articles, spans, strict=True) for s, e in sp]))
    groups = [_pack(a.text, sp, [next(counts) for _ in sp], count, target)
              for a, sp in zip(articles, spans, strict=True)]
    joined = [(a.text, g) for a, gs in zip(articles, groups, strict=True) for g in gs if len(g) > 1]
    sizes = iter(_count_many(count, [text[g[0][0] : g[-1][1]] for text, g in joined]))
    overflow = {id(g) for (_, g), n in zip(joined, sizes, strict=True) if n > MAX_TOKENS}
    return [_chunks(a, gs, overflow) for a, gs in zip(articles, groups, strict=True)]


def _pack(text: str, spans: list[tuple[int, int]], counts: list[int], count: TokenCounter, target: int) -> list:
    """Sentences (over-long ones cut) packed into groups of about `target` word pieces and at most MAX_CHUNK_CHARS."""
    units: list[Unit] = []
    prev_end = 0
    for (s, e), n in zip(spans, counts, strict=True):
        new_para = s == 0 or "\n\n" in text[prev_end:s]
        if n > MAX_TOKENS or e - s > MAX_CHUNK_CHARS:
            pieces = _split_long(text, s, e, count)
            units.extend((ps, pe, pn, new_para and i == 0) for i, (ps, pe, pn) in enumerate(pieces))
        else:
            units.append((s, e, n, new_para))
        prev_end = e
    groups: list[list[Unit]] = []
    size = 0
    for unit in units:
        # Start a new chunk when full, or at a paragraph break once the chunk is reasonably filled.
        if groups and (size + unit[2] > target or (unit[3] and size >= target * 0.6)
                       or unit[1] - groups[-1][0][0] > MAX_CHUNK_CHARS):
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
