"""Control, bidi and zero-width characters: invisible in text, harmful in a terminal or a chat; removed here."""

from __future__ import annotations

import re
import unicodedata

# Bidirectional controls reorder what a reader sees (U+202E shows "txt.exe" as "exe.txt").
BIDI = "\u061c\u200e\u200f" + "".join(map(chr, range(0x202A, 0x202F))) + "".join(map(chr, range(0x2066, 0x206A)))
# Zero-width characters split or glue words without showing. ZWNJ/ZWJ (U+200C/D) spell Persian, Indic scripts and
# emoji sequences: kept in article text, removed only from what is shown.
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
_CONTROLS = "".join(map(chr, range(0x20))) + "\x7f" + "".join(map(chr, range(0x80, 0xA0)))  # C0, DEL, C1
_SPACE_LIKE = "\x0b\x0c\x1c\x1d\x1e\x1f\x85"  # vertical tab, form feed, separators, NEL: whitespace to Python


def _table(remove: str, space: str = "") -> dict[int, str | None]:
    table: dict[int, str | None] = {ord(ch): None for ch in remove}
    table.update({ord(ch): " " for ch in space})
    return table


_ARTICLE = _table(
    "".join(ch for ch in _CONTROLS if ch not in "\t\n\r" + _SPACE_LIKE) + BIDI + "\u200b\u2060\ufeff", _SPACE_LIKE
)
_SHOWN = _table("".join(ch for ch in _CONTROLS if ch not in "\t\n" + _SPACE_LIKE) + BIDI + ZERO_WIDTH, _SPACE_LIKE)


# Terminal escape sequences whole, so that "\x1b[2J" leaves nothing rather than "[2J": CSI, OSC, then the rest
# (ESC, optional intermediate bytes, one final byte: "\x1bc" resets the terminal, "\x1b(B" picks a charset).
_ESCAPE_SEQUENCE = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[ -/]*[0-~])")


def for_index(text: str) -> str:
    """Article text without control characters (tab and line breaks kept), bidi controls or invisible spaces."""
    if "\x1b" in text:
        text = _ESCAPE_SEQUENCE.sub("", text)
    return text.translate(_ARTICLE)


def for_display(text: str) -> str:
    """Text safe to show in a terminal or a chat: no escape sequences, bidi controls or zero-width characters."""
    if "\x1b" in text:
        text = _ESCAPE_SEQUENCE.sub("", text)
    return text.translate(_SHOWN)


_BREAKS = ("Cc", "Cs", "Zl", "Zp")  # controls, lone surrogates, line and paragraph separators


def normalise(text: str) -> str:
    """A question made comparable: NFKC, invisible format characters removed, other controls made spaces.

    "Ki\u200bshi" (zero-width space) and full-width "Ｋｉｓｈｉ" are "Kishi"; a NUL or a line break still separates.
    """
    text = "".join("" if unicodedata.category(ch) == "Cf" else " " if unicodedata.category(ch) in _BREAKS else ch
                   for ch in text)
    return unicodedata.normalize("NFKC", text)
