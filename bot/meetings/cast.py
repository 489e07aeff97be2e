"""Who an article has named so far, so that "Blinken", "the ministers" and "the premier" find their person."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

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


@dataclass
class _NameFacts:
    """What the mentions of one exact name said, earliest first: (position in Cast.people, value)."""

    role: tuple[int, str] | None = None
    country: tuple[int, str] | None = None
    roles: dict[str, tuple[int, Mention]] = field(default_factory=dict)  # each role -> its first mention


class Cast:
    """Everyone named so far in one article, in order; people are only appended, their names fixed by then.

    Settled mentions (earlier sentences', and the current one's once set_sides has run) are indexed by name, so that
    a look-up costs the names sharing a word with the one looked up plus the unsettled mentions, not every mention
    of the article."""

    def __init__(self) -> None:
        self.people: list[Mention] = []
        self._full_names: dict[str, Mention] = {}  # name word -> last person whose full name holds it
        self._indexed = 0  # how many of self.people are in _full_names
        self._settled = 0  # how many of self.people are in _names, _by_word and _roled
        self._names: dict[str, _NameFacts] = {}  # exact name -> its facts
        self._by_word: dict[str, list[str]] = {}  # name_key word -> exact names holding it
        self._roled: dict[str, _NameFacts] = {}  # the names in _names that some mention gave a role

    def read(self, sent: str) -> list[Mention]:
        """The people one sentence names, titled or referred back to; the new ones join the cast."""
        self.settle()
        found = find_people(sent)
        found += appositive_people(sent, found)
        for m in _CAPITALISED.finditer(sent) if self.people else ():
            if any(f.start <= m.start() < f.end for f in found):
                continue
            known = self.surname(m.group(0))
            if known:
                poss = sent[m.end() : m.end() + 2] in ("'s", "’s")
                found.append(Mention(known.name, m.start(), m.end(), None, None, poss, surface=m.group(0)))
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
                    f.name, f.surface = full.name, sent[f.start : f.end]
        found.sort(key=lambda m: m.start)
        for f in found:
            if f.role or f.country or not self._known(f.name):
                self.people.append(f)
        return found

    def settle(self) -> None:
        """Index the mentions appended so far: call once they are final (set_sides done), they may not change."""
        for n in range(self._settled, len(self.people)):
            p = self.people[n]
            facts = self._names.get(p.name)
            if facts is None:
                facts = self._names[p.name] = _NameFacts()
                for word in dict.fromkeys(name_key(p.name)):
                    self._by_word.setdefault(word, []).append(p.name)
            if p.role:
                facts.role = facts.role or (n, p.role)
                facts.roles.setdefault(p.role, (n, p))
                self._roled[p.name] = facts
            if p.country:
                facts.country = facts.country or (n, p.country)
        self._settled = len(self.people)

    def _same_names(self, name: str, first: bool) -> list[str]:
        """The indexed names that same_person pairs with `name` (`name` its first argument when `first`)."""
        near = dict.fromkeys(d for word in name_key(name) for d in self._by_word.get(word, ()))
        return [d for d in near if (same_person(name, d) if first else same_person(d, name))]

    def _known(self, name: str) -> bool:
        """Whether anyone in the cast is the same person as `name`."""
        return bool(self._same_names(name, first=True)) or any(
            same_person(name, p.name) for p in self.people[self._settled :])

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
        """The first mention of each name whose role holds `head`, in cast order; with `country`, only the names
        of that country or of none."""
        seen: dict[str, tuple[int, Mention]] = {}
        for name, facts in self._roled.items():
            hits = [at for role, at in facts.roles.items() if head in role.lower()]
            if hits:
                seen[name] = min(hits, key=lambda at: at[0])
        for n in range(self._settled, len(self.people)):
            p = self.people[n]
            if p.role and head in p.role.lower():
                seen.setdefault(p.name, (n, p))
        return [p for name, (_n, p) in sorted(seen.items(), key=lambda kv: kv[1][0])
                if country is None or self._country(name) in (None, country)]

    def _country(self, name: str) -> str | None:
        facts = self._names.get(name)
        if facts and facts.country:
            return facts.country[1]
        return next((p.country for p in self.people[self._settled :] if p.name == name and p.country), None)

    def participant(self, m: Mention) -> Participant:
        """The mention as a participant, with the role and country the article gave that person anywhere."""
        names = self._same_names(m.name, first=False)
        if m.name in self._names and m.name not in names:
            names.append(m.name)
        facts = [self._names[d] for d in names]
        recent = [p for p in self.people[self._settled :] if same_person(p.name, m.name) or p.name == m.name]
        role = m.role or _first([f.role for f in facts]) or next((p.role for p in recent if p.role), None)
        country = m.country or _first([f.country for f in facts]) or next((p.country for p in recent if p.country),
                                                                           None)
        surface = m.surface if m.surface and m.surface != m.name else None
        return Participant(m.name, role, country, m.kind, mention=surface)


def _first(found: list[tuple[int, str] | None]) -> str | None:
    """The value of the earliest (position, value) pair, None when there is none."""
    return min((f for f in found if f), default=(0, None))[1]
