"""Question analysis: what kind of answer is wanted, which names must appear, which words matter."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache

from bot.text.invisible import normalise
from bot.text.lexicon import COUNTRY_OF, NOT_NAMES, TITLE_HEADS, TITLE_MODIFIERS
from bot.text.lexicon import MONTHS as MONTH_NAMES
from bot.text.names import name_in

__all__ = ["MONTHS", "Question", "analyse", "ask_for", "checked_names", "name_in", "normalise"]

WH_WORDS = {"who", "whom", "whose", "when", "where", "what", "which", "why", "how"}
STOPWORDS = frozenset(
    """a an the and or but of to in on at for from by with about as is are was were be been being do does did
    will would shall should can could may might must has have had having i you he she it we they them him her his
    their its our your my me us this that these those there here then than so if not no yes any some all each
    who whom whose when where what which why how tell me please know anything said say says mr ms mrs""".split()
)
# Capitalised words that are not names when they open or fill a question.
_NOT_NAMES = WH_WORDS | {"did", "does", "do", "is", "are", "was", "were", "will", "and", "has", "have", "had",
                         "can", "could", "should", "would", "tell", "list", "show", "give", "i", "the", "a", "an",
                         "in", "on", "at", "of", "for"}
# Capitalised words matched softly (as ordinary words), never required: demonyms ("Japanese"; not country names),
# openers ("According", "After"), and titles before a name ("Prime Minister" of "Japanese Prime Minister Kishi").
DEMONYMS = frozenset(f for f, c in COUNTRY_OF.items() if f != c and "." not in f and not f.isupper())
OPENERS = frozenset(NOT_NAMES - set(COUNTRY_OF))
TITLE_WORDS = frozenset(h.rstrip(".") for h in TITLE_HEADS if " " not in h) | TITLE_MODIFIERS
HEADS = frozenset(h.rstrip(".") for h in TITLE_HEADS if " " not in h) | {"Prime"}
MONTHS = [m.lower() for m in MONTH_NAMES]
_MONTHS = set(MONTHS)
NAME_SHARE = 0.5  # a word the index writes capitalised less often than this inside sentences is no name
# "after Tokyo", "after visiting Japan", "before meeting Kishi": what follows is where the answer is not.
_ANCHOR = re.compile(r"\b(?:after|before|following|since|until)\s+(?:(?:visiting|leaving|meeting|seeing|talks in|"
                     r"the talks in|the meeting in|in|with)\s+)?", re.I)


@dataclass(frozen=True)
class Question:
    text: str
    kind: str  # who | when | where | what | why | how | yesno
    names: tuple[str, ...]  # capitalised names the answer must be about, e.g. ("Kishi",), ("Wang Yi",)
    terms: tuple[str, ...]  # lower-case content words (names and descriptors included)
    years: tuple[str, ...]
    months: tuple[str, ...]
    asked: str = ""  # the user's own words, when `text` is a follow-up rewritten to stand alone
    descriptors: tuple[str, ...] = ()  # capitalised words matched softly: "Japanese", "Prime Minister", "According"
    spans: tuple[str, ...] = ()  # every capitalised run as written: "Japanese Prime Minister Kishi"
    anchors: tuple[str, ...] = ()  # names the answer moves on from, never required: "Japan" of "after visiting Japan"

    @property
    def shown(self) -> str:
        """The question as the user asked it (what an Answer repeats)."""
        return self.asked or self.text




def words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z][A-Za-z'’\-]*|\d+", text)


@lru_cache(maxsize=1024)
def analyse(text: str) -> Question:
    text = normalise(text)
    tokens = words(text)
    lower = [t.lower() for t in tokens]
    kind = "yesno"
    for t in lower[:6]:
        if t in WH_WORDS:
            kind = {"whom": "who", "whose": "who", "which": "what"}.get(t, t)
            break
    if kind == "what" and re.search(r"\bwhat (?:(?:is|was|will be) the )?(day|date|time|year|month)\b", text, re.I):
        kind = "when"
    if kind == "what" and re.search(r"\b(who|whom) (did|does|will)\b", text, re.I):
        kind = "who"
    runs: list[tuple[int, list[str]]] = []  # (index of the first token, the capitalised words)
    current: list[str] = []
    for i, tok in enumerate(tokens + [""]):
        if tok[:1].isupper() and len(tok) > 1 and tok.lower() not in _NOT_NAMES and tok.lower() not in _MONTHS:
            tok = re.sub(r"['’]s$", "", tok)
            tok = re.sub(r"^[A-Z]-|-[A-Z]$", "", tok)  # "Japan-U" of "Japan-U.S.", "S-Korea" -> the name itself
            current.append(tok)
        else:
            if current:
                runs.append((i - len(current), current))
            current = []
    spans = [" ".join(run) for _, run in runs]
    joined: list[tuple[int, list[str]]] = []  # runs linked by "of" are one name: "Group of Seven", "Bank of Japan"
    for start, run in runs:
        if joined and joined[-1][0] + len(joined[-1][1]) + 1 == start and tokens[start - 1] == "of":
            joined[-1] = (joined[-1][0], [*joined[-1][1], "of", *run])
        else:
            joined.append((start, run))
    names: list[str] = []
    descriptors: list[str] = []
    for _, run in joined:
        soft, name = split_descriptors(run)
        descriptors += [w for w in soft if w != "of"]
        names += [" ".join(name)] if name else []
    terms = tuple(dict.fromkeys(t for t in lower if t not in STOPWORDS and t not in _MONTHS and len(t) > 1
                                and not t.isdigit()))
    # A year constrains the answer only as "in 2023", "during 2023", "January 2023" (not "before 2021").
    years = tuple(m.group(2) for m in re.finditer(rf"\b(in|during|of|the|{'|'.join(_MONTHS)})\s+((19|20)\d\d)\b",
                                                  text, re.I))
    months = tuple(t for t in lower if t in _MONTHS)
    # "after Tokyo," / "after visiting Japan?" ends its phrase; "after Vik left" is about Vik, who stays required
    anchors = [n for n in names if re.search(_ANCHOR.pattern + re.escape(n) + r"(?=\s*(?:[,;?.!]|$))", text, re.I)]
    names = [n for n in names if n not in anchors]
    return Question(text, kind, tuple(dict.fromkeys(names)), terms, years, months,
                    descriptors=tuple(dict.fromkeys(descriptors + anchors)), spans=tuple(dict.fromkeys(spans)),
                    anchors=tuple(dict.fromkeys(anchors)))


def split_descriptors(run: list[str]) -> tuple[list[str], list[str]]:
    """A capitalised run split into words matched softly and the name itself (possibly empty).

    Openers and demonyms lead ("After", "Japanese"); a title prefix holding a head word goes too ("Prime Minister",
    "Finance Minister"); a demonym stays when a name follows without a title ("American Motors", "Swiss Bank").
    """
    i = 0
    while i < len(run) and run[i] in OPENERS:
        i += 1
    j = i
    while j < len(run) and run[j] in DEMONYMS:
        j += 1
    k = j
    while k < len(run) and (run[k] in TITLE_WORDS or run[k] == "of" and k + 1 < len(run) and run[k + 1] in TITLE_WORDS):
        k += 1  # "Secretary of State", "Minister of Finance"
    if any(w in HEADS for w in run[j:k]) or k == len(run):  # "Japanese Prime Minister Kishi", "Japanese"
        i = k
    while i < len(run) and run[i] == "of":
        i += 1
    return run[:i], run[i:]


def checked_names(q: Question, capitalised_share: Callable[[str], float | None]) -> Question:
    """The names whose every word the index mostly writes in lower case inside sentences ("Cabinet" of "Cabinet
    members") are ordinary words: matched softly as descriptors, never required. Words the index lacks stay
    names (so "the archive has nothing about X" can still be said)."""
    def word_like(name: str) -> bool:
        shares = [capitalised_share(w) for w in name.split() if w.lower() not in STOPWORDS]
        return bool(shares) and all(s is not None and s < NAME_SHARE for s in shares)

    words = [n for n in q.names if word_like(n)]
    if not words:
        return q
    return replace(q, names=tuple(n for n in q.names if n not in words), descriptors=(*q.descriptors, *words))


def ask_for(asked: str, resolved: str | None = None) -> Question:
    """The one analysis of a question, done once per ask: `resolved` is its self-contained form after follow-ups."""
    q = analyse(resolved or asked)
    return q if q.text == asked else replace(q, asked=asked)
