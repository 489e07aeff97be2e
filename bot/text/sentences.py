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


# Far above any real sentence (the longest in Reuters-21578, GENEVA and WikiEvents has 689 characters): a longer
# "sentence" is a run of text without sentence punctuation, read in windows so that its work stays linear.
MAX_SENTENCE_CHARS = 2000


def sentences(text: str) -> list[str]:
    """The article's sentences, paragraph by paragraph (sentencex, with its splits inside "U.S." undone); a sentence
    over MAX_SENTENCE_CHARS comes as consecutive windows of at most that many characters."""
    from sentencex import segment

    out: list[str] = []
    for para in text.split("\n"):
        cursor, last_end = 0, -1  # where the next piece is looked for; where out[-1] ends in this paragraph
        for s in (s.strip() for s in segment("en", para)):
            if not s:
                continue
            at = para.find(s, cursor)
            at = cursor if at < 0 else at
            cursor = at + len(s)
            if at == last_end and INITIAL_AT_END.search(out[-1]):
                out[-1] = f"{out[-1]}{s}"  # "Japan-U." + "S. alliance"
            elif s[0].islower() and last_end >= 0 and para[last_end:at] == " ":
                out[-1] = f"{out[-1]} {s}"
            else:
                out.append(s)
            last_end = cursor
    return [w for s in out for w in windows(s, MAX_SENTENCE_CHARS)]


def windows(sent: str, cap: int) -> list[str]:
    """`sent` itself, or when longer than `cap` consecutive pieces of at most `cap` characters, each ending at the
    last space within its cap (a hard cut only where the second half of a window has none)."""
    if len(sent) <= cap:
        return [sent]
    out, start = [], 0
    while len(sent) - start > cap:
        cut = sent.rfind(" ", start + cap // 2, start + cap)
        end = cut if cut > start else start + cap
        piece = sent[start:end].strip()
        if piece:
            out.append(piece)
        start = end
    tail = sent[start:].strip()
    return out + [tail] if tail else out
