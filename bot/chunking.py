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


@lru_cache(maxsize=4)
def token_counter(model_dir: str) -> TokenCounter:
    """Count word pieces with the model's own tokenizer (tokenizers, no torch), untruncated."""
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(Path(model_dir) / "tokenizer.json"))
    tok.no_padding()
    tok.no_truncation()
    return lambda text: len(tok.encode(text, add_special_tokens=False).ids)


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
    text = article.text
    units: list[tuple[int, int, int, bool]] = []  # start, end, tokens, starts_paragraph
    prev_end = 0
    for s, e in sentence_spans(text):
        new_para = s == 0 or "\n\n" in text[prev_end:s]
        n = count(text[s:e])
        if n > MAX_TOKENS:
            for i, (ps, pe) in enumerate(_split_long(text, s, e, count)):
                units.append((ps, pe, count(text[ps:pe]), new_para and i == 0))
        else:
            units.append((s, e, n, new_para))
        prev_end = e
    groups: list[list[tuple[int, int, int, bool]]] = []
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
    safe: list[list[tuple[int, int, int, bool]]] = []
    for group in groups:
        # Joining can add a word piece or two at the seams: a group that overflows goes one sentence a chunk.
        if len(group) > 1 and count(text[group[0][0] : group[-1][1]]) > MAX_TOKENS:
            safe.extend([u] for u in group)
        elif group:
            safe.append(group)
    chunks = []
    for i, group in enumerate(safe):
        start, end = group[0][0], group[-1][1]
        body = text[start:end]
        digest = hashlib.sha256(body.encode()).hexdigest()
        chunks.append(
            Chunk(f"{article.doc_id}::{i}", article.doc_id, i, start, end, body,
                  tuple((s, e) for s, e, _, _ in group), digest)
        )
    return chunks
