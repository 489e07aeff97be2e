"""Compares names: word order, accents and one slightly misspelt word ignored; surnames matched to full names."""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher
from functools import lru_cache

_WORD = re.compile(r"[\w’'-]+")


def fold(name: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", name.lower()) if not unicodedata.combining(c))


@lru_cache(maxsize=16384)
def name_key(name: str) -> tuple[str, ...]:
    """name_tokens as a tuple, cached: the form name comparisons use."""
    return tuple(t for t in _WORD.findall(fold(name)) if len(t) > 1 or name.count(" ") == 0)


def name_tokens(name: str) -> list[str]:
    return list(name_key(name))


@lru_cache(maxsize=65536)
def same_person(a: str, b: str) -> bool:
    """Word order ignored ("Hayashi Yoshimasa"), one word spelt a little differently ("Anthony"/"Antony")."""
    ta, tb = name_key(a), name_key(b)
    if not ta or not tb:
        return False
    if sorted(ta) == sorted(tb):
        return True
    sa, sb = set(ta), set(tb)
    if len(sa) >= 2 and len(sb) >= 2 and (sa <= sb or sb <= sa) and len(sa & sb) >= 2:
        return True
    if len(sa) == len(sb) == len(ta) == len(tb) >= 2 and len(sa & sb) == len(ta) - 1:  # "Motegi Motegi": no pair
        x, y = (sa - sb).pop(), (sb - sa).pop()
        return x[0] == y[0] and SequenceMatcher(None, x, y).ratio() >= 0.8
    return False


@lru_cache(maxsize=65536)
def surname_match(short: str, full: str) -> bool:
    """A single-word mention ("Blinken") refers to a full name containing that word."""
    st, ft = name_key(short), name_key(full)
    return len(st) == 1 and st[0] in ft and len(ft) > 1


def name_in(name: str, text: str) -> bool:
    """A name matches when its last word appears (as a word) in the text: 'Antony Blinken' ~ 'Blinken'."""
    parts = name.split()
    return any(re.search(rf"\b{re.escape(p)}\b", text) for p in parts if len(p) > 2 and p[0].isupper()) or (
        len(parts) == 1 and re.search(rf"\b{re.escape(name)}\b", text, re.I) is not None
    )
