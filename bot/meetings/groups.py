"""Meetings told through a noun phrase or by a group: "the IAEA's visit to Iran", "six-party talks", "the
governors' conference", "experts at a conference", "the members of X gathered", "A hosted a delegation from B"."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.meetings import actors, wide
from bot.meetings.people import Mention

_NOUN = r"(?:meetings?|talks|summit|conference|negotiations|discussions|consultations|session)"
# People who meet as a group, named by a plural noun: "the governors", "private security experts".
PEOPLE = wide.BODY + (r"|experts|scientists|researchers|specialists|economists|analysts|doctors|teachers|farmers|"
                      r"workers|employees|students|activists|clerics|elders|chiefs|commanders|generals|"
                      r"ambassadors|presidents|premiers|mayors|judges|editors|producers|traders|dealers")
_MODS = r"(?:(?!(?:and|with|of|to|for|in|on|at|by|from|the|that|who|which|a|an)\b)[a-z][\w-]*\s+){0,3}"
# "the IAEA's visit to Iran", "Biden's trip to Kyiv", "its talks with IAEA officials": the owner is a party.
_OWNED = re.compile(rf"\s?['’]s?\s+(?:[a-z][\w-]*\s+){{0,2}}?(?P<noun>visit|trip|{_NOUN})\s+(?P<prep>to|with)\b")
# "six-party talks", "four-way negotiations", "the two-nation summit": the count names the parties.
_COUNTED = re.compile(r"\b(?P<n>two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s*-\s*(?P<unit>party|nation|"
                      r"country|way|power|sided|member)\s+(?:[a-z][\w-]*\s+)?(?P<noun>talks|negotiations|summit|"
                      r"meetings?|discussions|consultations|conference)\b", re.I)
_UNITS = {"party": "parties", "nation": "nations", "country": "countries", "way": "sides", "power": "powers",
          "sided": "sides", "member": "members"}
# "the recent governors' conference", "the annual shareholders' meeting": the plural owner names who meets.
_OWNERS = re.compile(rf"\b(?P<group>(?:{PEOPLE}))\s?['’]\s+(?:[a-z][\w-]*\s+){{0,2}}?(?P<noun>{_NOUN})\b")
# "security experts at an all-day conference", "ministers at the meeting in Brussels": the group attended it.
_AT = re.compile(rf"\b(?P<group>{_MODS}(?:{PEOPLE}))\s+(?:at|during|attending)\s+(?:a|an|the|this|their|its)\s+"
                 rf"(?:[a-z][\w'-]*\s+){{0,3}}?(?P<noun>{_NOUN})\b")
# "the members of the committee have gathered", "the leaders were meeting in emergency session": a group meets.
_GATHER = re.compile(r"\b(?P<verb>gathered|(?:was|were|is|are)\s+meeting)(?=\s+(?:in|at|on|for|behind|to|again|"
                     r"privately|yesterday|today|\w+day)\b|\s*[,.;]|\s*$)", re.I)
_MEMBERS = re.compile(rf"(?:the\s+)?(?P<body>(?:members|leaders|{PEOPLE})\s+of\s+(?:the\s+)?"
                      r"[A-Z][\w.&'-]*(?:\s+[A-Z][\w.&'-]*){0,3})\s+(?:\w+\s+){0,2}$")
# "China has hosted 14 inspections by the OPCW", "hosted a delegation from Japan": the host and the guests.
_HOSTED = re.compile(r"\bhost(?:ed|s|ing)\s+(?:[\w-]+\s+){0,4}?(?P<noun>visits?|inspections?|delegations?|"
                     r"missions?|envoys?|teams?)\s+(?:by|from|of|led\s+by)\s+", re.I)


@dataclass
class GroupMeeting:
    """One meeting phrase of a sentence, who it names and its kind."""

    match: re.Match
    who: list[Mention]
    kind: str


def _kind(noun: str) -> str:
    noun = noun.lower()
    return "visit" if noun in ("visit", "trip") else "meeting" if noun == "session" else noun


def _group(text: str, start: int, end: int) -> Mention:
    name = re.sub(r"^(?:the|its|their|his|her|a|an)\s+", "", text[start:end], flags=re.I)
    return Mention(name, start, end, kind="group")


def _owned(sent: str, masked: str, people: list[Mention]) -> list[GroupMeeting]:
    out = []
    for m in _OWNED.finditer(masked):
        if m.group(0).lstrip()[:2] not in ("'s", "’s"):
            continue
        owner = actors.chain(sent, max(0, m.start() - 80), m.start(), [], forward=False)[-1:]
        if not owner or owner[0].end != m.start():
            continue
        others = wide.objects(sent, masked, m.end(), people) if m.group("prep") == "with" else []
        out.append(GroupMeeting(m, owner + [o for o in others if o.name != owner[0].name], _kind(m.group("noun"))))
    return out


def _counted(masked: str) -> list[GroupMeeting]:
    out = []
    for m in _COUNTED.finditer(masked):
        name = f"{m.group('n').lower()} {_UNITS[m.group('unit').lower()]}"
        out.append(GroupMeeting(m, [Mention(name, m.start(), m.end("unit"), kind="group")], _kind(m.group("noun"))))
    return out


def _attended(masked: str) -> list[GroupMeeting]:
    out = [GroupMeeting(m, [_group(masked, m.start("group"), m.end("group"))], _kind(m.group("noun")))
           for m in _OWNERS.finditer(masked)]
    out += [GroupMeeting(m, [_group(masked, m.start("group"), m.end("group"))], _kind(m.group("noun")))
            for m in _AT.finditer(masked)]
    return out


def _gathered(sent: str, masked: str, people: list[Mention]) -> list[GroupMeeting]:
    out = []
    for m in _GATHER.finditer(masked):
        members = _MEMBERS.search(masked, max(0, m.start() - 80), m.start())
        if members:
            who = [_group(masked, members.start("body"), members.end("body"))]
        else:
            who, _word = wide.subjects(sent, masked, m.start(), people)
        if who and any(w.kind in ("group", "organization") for w in who):
            out.append(GroupMeeting(m, who, "meeting"))
    return out


def _hosted(sent: str, masked: str, people: list[Mention]) -> list[GroupMeeting]:
    out = []
    for m in _HOSTED.finditer(masked):
        host, _word = wide.subjects(sent, masked, m.start(), people)
        guests = actors.chain(sent, *actors.object_slot(masked, m.end()), people, forward=True)
        if host and guests:
            out.append(GroupMeeting(m, host + [g for g in guests if g.name not in {h.name for h in host}], "visit"))
    return out


def find(sent: str, masked: str, people: list[Mention]) -> list[GroupMeeting]:
    """The group and noun-phrase meetings of one sentence, none denied, refused or asked about."""
    if masked.rstrip(" \"'”’)").endswith("?"):
        return []
    found = (_owned(sent, masked, people) + _counted(masked) + _attended(masked) + _gathered(sent, masked, people)
             + _hosted(sent, masked, people))
    return [f for f in found if f.who and not wide.negated(masked, f.match.start())]
