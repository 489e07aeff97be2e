"""Finds people in a sentence by their titles, or by their names followed by a role."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.text.lexicon import (
    COUNTRY_OF,
    DOMAIN_WORDS,
    NAME_PARTICLES,
    NOT_NAMES,
    TITLE_HEADS,
    TITLE_MODIFIERS,
)

TOKEN = re.compile(
    r"[A-Za-z]\.(?:[A-Za-z]\.)+|(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Adm|Col|Lt|Jr|Sr|St)\.|[A-Z]\.(?=\s[A-Z])"
    r"|\w+(?:-\w+)*(?:['’](?!s\b)\w+)*|['’]s\b|[^\w\s]"
)
_HEAD_TOKENS = [h.split() for h in TITLE_HEADS]
_HEADS_BY_FIRST: dict[str, list[list[str]]] = {}  # same order as TITLE_HEADS, looked up by first word
for _head in _HEAD_TOKENS:
    _HEADS_BY_FIRST.setdefault(_head[0], []).append(_head)
# A titled mention needs a head's first word somewhere in the sentence, and starts at a country, modifier or head.
_ANY_HEAD = re.compile("|".join(re.escape(w) for w in sorted(_HEADS_BY_FIRST, key=len, reverse=True)))
_TITLE_STARTS = set(COUNTRY_OF) | TITLE_MODIFIERS | set(_HEADS_BY_FIRST)


@dataclass
class Mention:
    """A person named in a sentence; offsets are into the sentence."""

    name: str
    start: int
    end: int
    role: str | None = None
    country: str | None = None
    possessive: bool = False  # "Joe Biden's administration": a modifier, not an actor
    kind: str = "person"  # "person" | "country" | "organization"
    surface: str | None = None  # the sentence's words when `name` was resolved to a fuller one ("Lord Coe")
    owner_of: int | None = None  # "the OPEC meeting": the offset of the one meeting word this body is named for


def tokens(text: str) -> list[tuple[str, int, int]]:
    return [(m.group(0), m.start(), m.end()) for m in TOKEN.finditer(text)]


def _cap(tok: str) -> bool:
    return tok[:1].isupper() and not tok.isdigit()


def _head_at(toks: list, i: int) -> int:
    """Length in tokens of the title head starting at i, or 0."""
    if i >= len(toks):
        return 0
    for head in _HEADS_BY_FIRST.get(toks[i][0], ()):
        if [t[0] for t in toks[i : i + len(head)]] == head:
            return len(head)
    return 0


_ENVOYS = {"Ambassador", "ambassador", "Envoy", "envoy", "Representative", "Delegate", "delegate"}
_ACRONYM = re.compile(r"[A-Z]{2,6}")  # "GATT", "OECD": a body an envoy is sent to


def _domain(tok: str) -> bool:
    return tok in DOMAIN_WORDS or tok in COUNTRY_OF


def _name_run(toks: list, i: int) -> int:
    """Length of the capitalised name starting at i (up to four words, particles allowed inside)."""
    n, words = 0, 0
    while i + n < len(toks) and words < 4:
        tok = toks[i + n][0]
        after_particle = n and toks[i + n - 1][0] in NAME_PARTICLES  # "bin Sultan": a name word, not a title
        if _cap(tok) and tok not in NOT_NAMES and tok not in DOMAIN_WORDS and (
                after_particle or _head_at(toks, i + n) == 0) or n and _ARTICLED.fullmatch(tok):
            n, words = n + 1, words + 1
        elif tok in NAME_PARTICLES and n and i + n + 1 < len(toks) and _cap(toks[i + n + 1][0]):
            n += 1
        elif tok == "-" and n == 1 and i + n + 2 < len(toks) and _cap(toks[i + n + 1][0]) and _cap(
                toks[i + n + 2][0]) and toks[i + n + 2][0] not in NOT_NAMES:
            n += 1  # "Jean - Marc Ayrault": a hyphenated first name written with spaces
        else:
            break
    return n


# "al-Dhahiri", "bin-Laden": a family name opening with an article or particle, written in lower case.
_ARTICLED = re.compile(r"(?:al|el|ad|as|ash|an|ar|az|bin|ibn|abu)-[A-Z][\w'’]+")
# Words that end a company's name: a titled "name" before one is the company's ("General Electric Co").
_COMPANY_END = {"Corp", "Corp.", "Corporation", "Co", "Co.", "Inc", "Inc.", "Ltd", "Ltd.", "Plc", "PLC", "Company",
                "Cos", "Industries", "Holdings", "AG", "SA", "NV", "Group", "Bancorp"}
# A one-word "name" shaped like a common noun: a plural ("Motors", "Dynamics") or a noun suffix ("Agreement").
_COMMON_NOUN = re.compile(r"[A-Z][a-z]+(?:[^siu\W]s|ment|tion|sion|ity|ance|ence|ness|ship|ics|ism|bly)")


def _not_a_person(toks: list, j: int, n: int, bare_general: bool) -> bool:
    """Whether the name run toks[j:j+n] after a title belongs to a company or is a common noun: "General Motors
    Corp", "General Agreement on Tariffs" (a bare "General" is also the adjective of many names)."""
    if j + n < len(toks) and toks[j + n][0] in _COMPANY_END:
        return True
    return bare_general and n == 1 and bool(_COMMON_NOUN.fullmatch(toks[j][0]))


def find_people(sentence: str) -> list[Mention]:
    """Titled people ("U.S. Secretary of State Antony Blinken") and names with a role after them."""
    if not _ANY_HEAD.search(sentence):
        return []
    toks = tokens(sentence)
    out: list[Mention] = []
    i = 0
    while i < len(toks):
        if toks[i][0] not in _TITLE_STARTS:
            i += 1
            continue
        m = _titled_at(sentence, toks, i)
        if m:
            out.append(m[0])
            i = m[1]
            continue
        i += 1
    return out


def _titled_at(sentence: str, toks: list, i: int) -> tuple[Mention, int] | None:
    j, country = i, None
    if toks[j][0] in COUNTRY_OF:
        country = COUNTRY_OF[toks[j][0]]
        j += 1
        if j < len(toks) and toks[j][0] in ("'s", "’s"):
            j += 1
    role_start = j
    while j < len(toks) and toks[j][0] in TITLE_MODIFIERS and _head_at(toks, j) == 0:
        j += 1
    h = _head_at(toks, j) if j < len(toks) else 0
    if not h:
        return None
    j += h
    envoy = toks[j - 1][0] in _ENVOYS
    while j < len(toks) and (toks[j][0] in ("of", "for") or envoy and toks[j][0] == "to"):
        # "Secretary of State for Japan and Korea Marc Knapper", "U.S. Ambassador to GATT Michael Samuels"
        k = j + 1
        if k < len(toks) and toks[k][0] == "the":
            k += 1
        n = 0
        while k + n < len(toks) and (_domain(toks[k + n][0]) or toks[j][0] == "to" and _ACRONYM.fullmatch(
                toks[k + n][0]) or (
                toks[k + n][0] in ("and", "of", "'s", "’s") and n and k + n + 1 < len(toks)
                and _domain(toks[k + n + 1][0]))):
            n += 1
        if not n:
            break
        j = k + n
    role_end = j
    if j < len(toks) and toks[j][0] == ",":
        j += 1
    n = _name_run(toks, j)
    if not n or _not_a_person(toks, j, n, [t[0] for t in toks[i:role_end]] == ["General"]):
        return None
    name = " ".join(t[0] for t in toks[j : j + n]).replace(" - ", "-")
    role = sentence[toks[role_start][1] : toks[role_end - 1][2]] if role_end > role_start else None
    if role and role.split()[-1] in ("Mr.", "Mrs.", "Ms.", "Dr."):
        role = None
    end = j + n
    possessive = end < len(toks) and toks[end][0] in ("'s", "’s")
    return Mention(name, toks[i][1], toks[end - 1][2], role, country, possessive), end


_APPOSITIVE = re.compile(
    r"^,\s+(?:(?:the|a|an)\s+)?(?:(?P<cty>[A-Z][\w.]*(?:\s[A-Z]\w+)?)(?:'s|’s)\s+)?(?P<role>[^,.;]{2,140}?"
    r"\b(?:minister|secretary|president|premier|official|ambassador|envoy|chancellor|leader|chief|director|"
    r"adviser|advisor|spokesman|spokeswoman|governor|mayor|general|chairman|commander|member)\b[^,.;]{0,60}?)(?=[,.;]|$)",
    re.IGNORECASE,
)
_BARE_NAME = re.compile(r"\b[A-Z][\w’'-]+(?:\s(?:[A-Z][\w’'-]+|[A-Z]\.)){1,3}")


def appositive_people(sentence: str, taken: list[Mention]) -> list[Mention]:
    """Untitled full names followed by a role: "Nobuo Kishi, Japan's defense minister," ."""
    out: list[Mention] = []
    if "," not in sentence:  # the role follows the name after a comma
        return out
    for m in _BARE_NAME.finditer(sentence):
        if any(t.start <= m.start() < t.end for t in taken):
            continue
        words = m.group(0).split()
        if any(w in NOT_NAMES or w in DOMAIN_WORDS for w in words):
            continue
        a = _APPOSITIVE.match(sentence[m.end() :]) if sentence.startswith(",", m.end()) else None
        if a:
            cty = COUNTRY_OF.get(a.group("cty") or "") or _country_in(a.group("role"))
            out.append(Mention(m.group(0), m.start(), m.end(), a.group("role").strip(), cty))
    return out


def _country_in(text: str) -> str | None:
    for tok, _s, _e in tokens(text):
        if tok in COUNTRY_OF and tok[:1].isupper():
            return COUNTRY_OF[tok]
    return None
