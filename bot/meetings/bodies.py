"""Companies an article named in full ("Standard Oil Co", "Overland Express Inc"), so that their short names in
later sentences ("Standard Oil said", "Overland also said") are read as those companies; and "the company" a
speaker speaks for."""

from __future__ import annotations

import re

from bot.meetings.actors import GROUP, LEGAL_FORMS, ORG_WORDS, acronym, all_actors
from bot.meetings.geo import is_place
from bot.meetings.people import Mention, tokens
from bot.text.lexicon import COUNTRY_OF, NOT_NAMES

# Words a short name also drops from its end: "Wormald International Ltd" is "Wormald".
_GENERIC_TAIL = {"Group", "Holdings", "Holding", "Industries", "International", "Company", "Companies", "Enterprises",
                 "Bancorp", "Bancorporation", "Cos"}
# First words that name no company alone: "American", "General", "First".
_GENERIC_FIRST = {"American", "National", "United", "General", "First", "International", "Federal", "Royal",
                  "Standard", "New", "North", "South", "East", "West", "Northern", "Southern", "Eastern", "Western",
                  "Central", "Pacific", "Atlantic", "Continental", "Great", "Global", "Allied", "Consolidated",
                  "Southwest", "Southwestern", "Northwest", "Northwestern", "Union", "Mutual", "Security", "Home",
                  "Commercial", "Industrial", "Financial", "Public", "Citizens", "Peoples", "Inter", "Trans", "Santa",
                  "San", "Saint", "St", "Mid", "Metropolitan", "Old", "Texas", "Bank", "Banco", "Compagnie", "Societe",
                  "Banque", "Credit", "Deutsche", "Nippon", "Japan", "China", "Crown", "Imperial", "Sun", "Star"}
_JOINERS = {"and", "&", "of", "de", "du", "la", "des"}
_LEGAL_WORD = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in sorted(LEGAL_FORMS, key=len, reverse=True))
                         + r")(?!\w)")


def _cap(word: str) -> bool:
    return word[:1].isupper()


def _generic(word: str) -> bool:
    return word in _GENERIC_FIRST or word in NOT_NAMES or word in COUNTRY_OF or len(word) < 3


class Bodies:
    """The short names of the companies named so far, each mapped to its full name."""

    def __init__(self) -> None:
        self.short: dict[str, str] = {}
        self._firsts: set[str] = set()  # the first words of the short names: a sentence holding none names none
        self._last: tuple[str, list[Mention]] = ("", [])  # the last sentence read, and what stands in it

    def learn(self, sent: str) -> None:
        """Remember the companies this sentence names by their registered names."""
        for m in _LEGAL_WORD.finditer(sent):
            if _LEGAL_WORD.match(sent, m.end() + 1) and sent[m.end() : m.end() + 1] == " ":
                continue  # "Co PLC": read from the last legal word
            toks = [t[0] for t in tokens(sent[max(0, m.start() - 120) : m.end()])]
            k = len(toks) - 1  # the legal word, after the words of the name
            j = k
            while j > 0 and (_cap(toks[j - 1]) and (toks[j - 1] not in NOT_NAMES or toks[j - 1] in COUNTRY_OF)
                             or toks[j - 1] in _JOINERS and j > 1 and _cap(toks[j - 2])):
                j -= 1
            core = toks[j:k]
            while core and (core[-1] in LEGAL_FORMS or core[-1] in _JOINERS):
                core.pop()  # "Carson Pirie Scott and Co", "British Petroleum Co PLC"
            if not core or core[0] in _JOINERS:
                continue
            full = " ".join(toks[j : k + 1])
            for short in self._shorts(core):
                self.short.setdefault(short, full)
                self._firsts.add(short.split()[0])

    @staticmethod
    def _shorts(core: list[str]) -> list[str]:
        out = [" ".join(core)] if len(core) > 1 or not _generic(core[0]) else []
        trimmed = list(core)
        while len(trimmed) > 1 and trimmed[-1] in _GENERIC_TAIL:
            trimmed.pop()
            out.append(" ".join(trimmed))
        if len(core) > 1 and not _generic(core[0]) and not is_place(core[0]) and core[1] not in _JOINERS:
            out.append(core[0])
        return [s for s in out if not (len(s.split()) == 1 and (_generic(s) or is_place(s)))]

    def read(self, sent: str, taken: list[Mention]) -> list[Mention]:
        """The short names of known companies standing alone in the sentence (a whole run of capitalised words, not
        held by a mention of `taken`), as mentions of the companies' full names."""
        if not self.short or not any(w in sent for w in self._firsts):
            return []
        if self._last[0] != sent:
            self._last = (sent, self._standing(sent))
        return [m for m in self._last[1] if not any(t.start < m.end and m.start < t.end for t in taken)]

    def _standing(self, sent: str) -> list[Mention]:
        """Every known short name standing as a whole run of capitalised words in the sentence."""
        toks = tokens(sent)
        found: list[Mention] = []
        k = 0
        while k < len(toks):
            if not _cap(toks[k][0]):
                k += 1
                continue
            j = k
            while j < len(toks) and _cap(toks[j][0]):
                j += 1
            start, end = toks[k][1], toks[j - 1][2]
            run = sent[start:end]
            full = self.short.get(run)
            if full is None and toks[k][0] in NOT_NAMES and j - k > 1:  # "The Overland ...": the run after "The"
                start, run = toks[k + 1][1], sent[toks[k + 1][1] : end]
                full = self.short.get(run)
            possessive = j < len(toks) and toks[j][0] in ("'s", "’s", "'", "’")
            if j < len(toks) and toks[j][0] in GROUP:  # "Consul officials": the body, as _org_run reads it
                end = toks[j][2]
            if full and not possessive:
                found.append(Mention(full, start, end, None, None, kind="organization", surface=run))
            k = j
        return found


# "X said the company had ended talks": the company the speaker is or speaks for.
_SAID_THE = re.compile(r"\s*,?\s*(?:said|says)\s+(?:that\s+)?(?P<np>the\s+(?:company|group|firm|bank|concern))\b")


def speaker_company(sent: str, masked: str, taken: list[Mention], short: dict[str, str]) -> list[Mention]:
    """"Orvik Corp chairman Per Lund said the company ...": "the company" as a mention of the body the speaker right
    before "said" is, or holds a role in (a name with a body's word, an acronym, or a short name in `short`)."""
    out: list[Mention] = []
    for m in _SAID_THE.finditer(masked) if "said the" in masked or "says the" in masked else ():
        speaker = next((a for a in reversed(all_actors(sent[: m.start()], taken)) if a.end <= m.start()), None)
        if speaker is None or sent[speaker.end : m.start()].strip(" ,"):
            continue
        body = speaker.name if speaker.kind == "organization" else _body_of(speaker.role or "", short)
        if body:
            out.append(Mention(body, m.start("np"), m.end("np"), None, None, kind="organization",
                               surface=m.group("np")))
    return out


def _body_of(role: str, short: dict[str, str]) -> str | None:
    """The body named in a role ("USX Corp chairman" -> "USX Corp"), when it is plainly a body's name."""
    words = role.split()
    while words and words[-1][:1].islower():
        words.pop()
    name = " ".join(words)
    if not words or words[0][:1].islower():
        return None
    if name in short:
        return short[name]
    return name if any(w in ORG_WORDS for w in words) or len(words) == 1 and acronym(words[0]) else None
