"""Who an article has named so far, so that "Blinken", "the ministers" and "the premier" find their person."""

from __future__ import annotations

import re

from bot.meetings import frames
from bot.meetings.people import Mention, appositive_people, find_people
from bot.meetings.records import Participant
from bot.text.lexicon import COUNTRY_OF, PLURAL_ROLES, ROLE_SYNONYMS
from bot.text.names import name_key, same_person

_CAPITALISED = re.compile(r"\b[A-Z][\w’'-]+\b")
_PLURAL = re.compile(r"\b(?:the|their)\s+(?:(?P<c>[A-Z][\w.]+)\s+)?(?P<pl>[a-z]+)\b", re.I)
_PLURALS = frames.Needles(*PLURAL_ROLES)
_THE_LEADER = re.compile(r"\bthe\s+(premier|president|prime minister)\b", re.I)
_LEADERS = frames.Needles("premier", "president", "prime")


def titled(sent: str) -> list[Mention]:
    """The people a sentence names with a title or a role, not as a possessive."""
    found = find_people(sent)
    return [p for p in found + appositive_people(sent, found) if not p.possessive]


def set_sides(sent: str, people: list[Mention]) -> None:
    """"A and B on the Japanese side", "B, representing Japan": countries for the people without one."""
    start = 0
    for m in frames.SIDE.finditer(sent) if "side" in sent else ():
        cty = frames.country_word(m.group("dem"))
        for p in people:
            if start <= p.start < m.start() and cty and not p.country:
                p.country = cty
        start = m.end()
    for m in frames.REPRESENTS.finditer(sent) if "represent" in sent else ():
        cty = frames.country_word(m.group("c1") or m.group("c2") or "")
        for p in people:
            if cty and not p.country and ((m.group("c1") and p.end <= m.start()) or (m.group("c2") and
                                                                                     p.start >= m.end())):
                p.country = cty


class Cast:
    """Everyone named so far in one article, in order; people are only appended, their names fixed by then."""

    def __init__(self) -> None:
        self.people: list[Mention] = []
        self._full_names: dict[str, Mention] = {}  # name word -> last person whose full name holds it
        self._indexed = 0  # how many of self.people are in _full_names

    def read(self, sent: str) -> list[Mention]:
        """The people one sentence names, titled or referred back to; the new ones join the cast."""
        found = find_people(sent)
        found += appositive_people(sent, found)
        for m in _CAPITALISED.finditer(sent) if self.people else ():
            if any(f.start <= m.start() < f.end for f in found):
                continue
            known = self.surname(m.group(0))
            if known:
                poss = sent[m.end() : m.end() + 2] in ("'s", "’s")
                found.append(Mention(known.name, m.start(), m.end(), None, None, poss))
        for m in _PLURAL.finditer(sent) if _PLURALS.may_match(sent) else ():
            head = PLURAL_ROLES.get(m.group("pl").lower())
            cty = COUNTRY_OF.get(m.group("c") or "")
            if head and (m.group("c") is None or cty):
                for p in self.with_role(head, cty):
                    found.append(Mention(p.name, m.start(), m.end(), None, None))
        for m in _THE_LEADER.finditer(sent) if _LEADERS.may_match(sent) else ():
            match = self.with_role(ROLE_SYNONYMS.get(m.group(1).lower(), m.group(1).lower()), None)
            if match:
                found.append(Mention(match[-1].name, m.start(), m.end()))
        for f in found:
            if " " not in f.name:
                full = self.surname(f.name)
                if full:
                    f.name = full.name
        found.sort(key=lambda m: m.start)
        for f in found:
            if f.role or f.country or not any(same_person(f.name, p.name) for p in self.people):
                self.people.append(f)
        return found

    def surname(self, word: str) -> Mention | None:
        """The last person named so far whose full name holds this one-word name ("Blinken"), as surname_match."""
        key = name_key(word)
        if len(key) != 1:
            return None
        for p in self.people[self._indexed :]:
            full = name_key(p.name)
            if len(full) > 1:
                self._full_names.update(dict.fromkeys(full, p))
        self._indexed = len(self.people)
        return self._full_names.get(key[0])

    def with_role(self, head: str, country: str | None) -> list[Mention]:
        seen: dict[str, Mention] = {}
        for p in self.people:
            if p.role and head in p.role.lower() and (country is None or self._country(p.name) in (None, country)):
                seen.setdefault(p.name, p)
        return list(seen.values())

    def _country(self, name: str) -> str | None:
        return next((p.country for p in self.people if p.name == name and p.country), None)

    def participant(self, m: Mention) -> Participant:
        """The mention as a participant, with the role and country the article gave that person anywhere."""
        same = [p for p in self.people if same_person(p.name, m.name) or p.name == m.name]
        role = m.role or next((p.role for p in same if p.role), None)
        return Participant(m.name, role, m.country or next((p.country for p in same if p.country), None), m.kind)
