"""The hand-written patterns the sentence features read: answer types, meeting words, tense; word stems."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from bot.text.stemming import english_stemmer

WEEKDAY = r"(Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
MONTH = r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
FIT = {
    "when": re.compile(rf"\b({WEEKDAY}|{MONTH}\s+\d|\d{{1,2}}(st|nd|rd|th)?\s+{MONTH}|(19|20)\d\d|"
                       r"next (week|month|year)|this (week|month|year)|tomorrow|yesterday|today|tonight|"
                       r"last (week|month|year)|(early|late|mid)[- ]\w+|\d{1,2}[.:]\d\d\s*([AaPp]\.?[Mm]\.?)?)\b"),
    "where": re.compile(rf"\b(in|at|to|from|visit(ed|s|ing)?)\s+(the\s+)?(?!{WEEKDAY}|{MONTH}\b)[A-Z][a-z]+"),
    "who": re.compile(r"\b(Minister|Secretary|President|Premier|Prime|Chancellor|King|Queen|Prince|Ambassador|"
                      r"Director|Chairman|Chair|Governor|Senator|General|Adm|Gen|CEO|Foreign|Defen[cs]e)\b|"
                      r"\b(with|met|meet|and)\s+[A-Z][a-z]+ [A-Z][a-z]+"),
    "what": re.compile(r"\b(discuss\w*|talks? (on|about)|agenda|focus\w*|address\w*|concern\w*|cooperation|"
                       r"topics?|issues?|expected to|aim\w*|plan\w*|agree\w*|strengthen\w*)\b", re.I),
}
FIT["why"] = re.compile(r"\b(because|to (strengthen|discuss|address|reaffirm)|amid|in order|aim\w*|purpose)\b", re.I)
MEETING = re.compile(r"\b(meet\w*|met|talks?|summit\w*|visit\w*|conferenc\w*|dialogue|negotiat\w*|"
                      r"two-plus-two|2\+2|hold|held|host\w*|gather\w*)\b", re.I)
_FUTURE_Q = re.compile(r"\b(will|going to|next|upcoming|plan\w*|scheduled|expected)\b", re.I)
_PAST_Q = re.compile(r"\b(did|was|were|met|held|had|last|previous\w*|ago)\b", re.I)
_FUTURE_S = re.compile(r"\b(will|to be held|plans? to|scheduled|set to|expected to|preparing|next)\b", re.I)
_PAST_S = re.compile(r"\b(previously|was held|were held|held|met|had|last|ago|earlier)\b", re.I)


@lru_cache(maxsize=1)
def stemmer() -> Callable[[str], str]:
    """The English Snowball stemmer's stemWord, built once."""
    return english_stemmer().stemWord


def stems(text: str) -> set[str]:
    """The stems of the words of `text`, lower-cased."""
    stem = stemmer()
    return {stem(w.lower()) for w in re.findall(r"[A-Za-z][A-Za-z\-]+", text)}


def about_future(sentence: str) -> bool:
    """The sentence tells of plans (will, scheduled, set to...) and not of what happened."""
    return bool(_FUTURE_S.search(sentence)) and not _PAST_S.search(sentence)


def tense_fit(question: str, sentence: str) -> float:
    """+1 when a question about the future meets a sentence about plans (or past meets past), -1 when crossed."""
    q_future = bool(_FUTURE_Q.search(question))
    q_past = not q_future and bool(_PAST_Q.search(question))
    if q_future == q_past:
        return 0.0
    s_future, s_past = bool(_FUTURE_S.search(sentence)), bool(_PAST_S.search(sentence))
    if s_future == s_past:
        return 0.0
    return 1.0 if s_future == q_future else -1.0
