"""People named only by their office: "the President of South Korea", "the Chinese foreign minister"."""

from __future__ import annotations

import re

from bot.meetings.people import Mention
from bot.text.lexicon import COUNTRY_OF

_HEADS = (r"president|vice\s+president|prime\s+minister|premier|chancellor|(?:foreign|defen[cs]e|finance|trade|"
          r"interior|economy|energy|health)\s+minister|minister|secretary\s+of\s+state|(?:foreign|defen[cs]e|"
          r"trade)\s+secretary|secretary-general|secretary\s+general|ambassador|envoy|king|queen|emperor|"
          r"crown\s+prince|emir|sultan|pope|chief\s+executive|governor|mayor|official|diplomat|spokesman|"
          r"spokeswoman")
# "the President of South Korea", "a senior Chinese official", "Japan's prime minister", "the Chinese foreign minister"
_DET = r"(?P<det>\b(?i:the|a|an))\s+(?:(?i:top|senior|former|new|visiting)\s+)?"
_TAIL = (rf"(?P<head>(?i:{_HEADS}))\b(?:\s+of\s+(?P<of>(?:the\s+)?[A-Z][\w.]+(?:\s+[A-Z][\w.]+){{0,2}}))?")
OFFICE = re.compile(_DET + r"(?P<dem>[A-Z][\w.]+(?:\s[A-Z][\w.]+)?)(?:['’]s)?\s+(?:(?i:top|senior)\s+)?" + _TAIL)
_PLAIN = re.compile(_DET + r"(?P<dem>)" + _TAIL)  # "the Prime Minister of Ruritania": no demonym before
_FULL_STOP = re.compile(r"(?<![.\s][A-Z])(?<!^[A-Z])\.$")  # a stop after a word, not after the "S" of "U.S."
_LEAD = re.compile(r"\s*(?:with\s+|and\s+|between\s+)?")


def office_at(sent: str, at: int, end: int | None = None) -> Mention | None:
    """The office named right at `at` (after "with"/"and"), when a country or body qualifies it: a person of that
    office, named by the phrase without its article."""
    lead = _LEAD.match(sent, at)
    m = OFFICE.match(sent, lead.end())
    if not m or m.group("dem") not in COUNTRY_OF:
        m = _PLAIN.match(sent, lead.end())
    if not m or end is not None and m.end() > end:
        return None
    dem, of = m.group("dem"), m.group("of")
    if not (dem and dem in COUNTRY_OF or of):
        return None
    if dem and of:  # "the Chinese President of ...": read no further than one qualifier
        return None
    end = m.end() - 1 if _FULL_STOP.search(sent, m.start(), m.end()) else m.end()  # "of South Korea." ends a sentence
    name = sent[m.start("dem") if dem else m.start("head") : end]
    return Mention(name, m.start("dem") if dem else m.start("head"), end, m.group("head"),
                   COUNTRY_OF.get(dem or "") or COUNTRY_OF.get(re.sub(r"^the\s+", "", of or "")))
