"""Sentence splitting (sentencex) that keeps "U.S." whole: offsets for chunks and quotes, lines for extraction."""

from __future__ import annotations

import re

# A sentence piece ending in a dotted initial ("Japan-U."): the segmenter split inside "U.S." after it. The offsets
# splitter wants the initial to start a word; the line splitter (extraction) any word boundary, as it always has.
DOTTED_INITIAL_END = re.compile(r"(?:^|[\s(\-])[A-Z]\.$")
INITIAL_AT_END = re.compile(r"\b[A-Z]\.$")


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
    return (DOTTED_INITIAL_END.search(text[prev[0] : prev[1]]) is not None
            and re.match(r"[A-Z]\.", text[start : start + 2]) is not None and prev[1] == start)


def sentences(text: str) -> list[str]:
    """The article's sentences, paragraph by paragraph (sentencex, with its splits inside "U.S." undone)."""
    from sentencex import segment

    out = []
    for para in text.split("\n"):
        for s in (s.strip() for s in segment("en", para)):
            if out and s and f"{out[-1]}{s}" in para and INITIAL_AT_END.search(out[-1]):
                out[-1] = f"{out[-1]}{s}"  # "Japan-U." + "S. alliance"
            elif out and s and s[0].islower() and f"{out[-1]} {s}" in para:
                out[-1] = f"{out[-1]} {s}"
            elif s:
                out.append(s)
    return out
