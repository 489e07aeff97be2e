"""Meetings told through a noun phrase or by a group: "the IAEA's visit to Iran", "six-party talks", "the
governors' conference", "experts at a conference", "the members of X gathered", "A hosted a delegation from B"."""

from __future__ import annotations

import re

from bot.meetings import actors, frames, wide
from bot.meetings.frames import Needles
from bot.meetings.people import Mention
from bot.meetings.wide import Found
from bot.text.lexicon import COUNTRY_OF

_NOUN = r"(?:meetings?|talks|summit|conference|negotiations|discussions|consultations|session)"
# People who meet as a group, named by a plural noun: "the governors", "private security experts".
PEOPLE = wide.BODY + (r"|experts|scientists|researchers|specialists|economists|analysts|doctors|teachers|farmers|"
                      r"workers|employees|students|activists|clerics|elders|chiefs|commanders|generals|"
                      r"ambassadors|presidents|premiers|mayors|judges|editors|producers|traders|dealers")
# Words before a group noun that are no modifiers of it: "said shareholders", "is asking shareholders".
_NOT_MODS = (r"and|or|with|of|to|for|in|on|at|by|from|the|that|who|which|a|an|said|says|told|tells|tell|ask\w*|"
             r"urg\w*|call\w*|invit\w*|is|are|was|were|be|been|being|has|have|had|will|would|shall|should|can|"
             r"could|may|might|must|do|does|did|let|lets|help\w*|when|while|as|if|but|than|then|not|also")
_MODS = rf"(?:(?!(?:{_NOT_MODS})\b)[a-z][\w-]*\s+){{0,3}}"
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

# "X is involved in talks with overseas and local companies", "Y, the utility, is in negotiations with its banks".
_IN_TALKS = re.compile(r"\b(?:is|are|was|were|been|being|remains?|remained)\s+(?:(?:now|still|already|also)\s+)?"
                       r"(?:(?:involved|engaged|locked|deep)\s+)?in\s+(?:[a-z][\w-]*\s+){0,2}?(?P<noun>talks|"
                       r"negotiations|discussions|consultations)\s+with\b", re.I)
_WITH_GROUP = re.compile(rf"\s*(?P<body>(?:(?:the|its|their|two|three|four|several|some|various|\d+)\s+)?"
                         rf"(?:[a-z][\w-]*\s+(?:and|or)\s+)?{_MODS}(?:{PEOPLE}))\b")
_APPOSITIVE = re.compile(r",[^,;:]{3,90},\s*$")
# "Melli Trading negotiated the deal", "Arlo Corp negotiated a contract": a party's negotiations, the other unnamed.
_NEGOTIATED = re.compile(r"\bnegotiated\s+(?:a|an|the|its|their)\s+(?:[a-z][\w-]*\s+){0,2}?(?:deal|agreement|"
                         r"contract|accord|settlement|treaty|purchase|sale|takeover|merger|ceasefire|truce)\b", re.I)

# "the U.S.-China talks", "Israeli - Palestinian negotiations": two countries joined by a hyphen are the parties.
_PAIRED = re.compile(r"(?P<a>[A-Z][\w.]*(?:\s[A-Z]\w+)?)\s*[-–]\s*(?P<b>[A-Z][\w.]*(?:\s[A-Z]\w+)?)\s+"
                     rf"(?:[a-z][\w-]*\s+){{0,2}}?(?P<noun>{_NOUN}|dialogue)\b")
# "a meeting of OPEC", "an emergency session of the senior ministers": the body that met.
_MEETING_OF = re.compile(rf"\b(?P<noun>{_NOUN})\s+of\s+(?!(?:the\s+)?(?:year|week|month|day|decade)\b)")
_OF_GROUP = re.compile(rf"(?:the\s+|its\s+|their\s+)?(?P<body>{_MODS}(?:{PEOPLE}))\b")

# "Speaking at a conference in Tokyo, Governor X said", "Addressing a meeting of bankers, Y warned": the speaker.
_OPENING = re.compile(rf"^\s*(?P<verb>Speaking|Addressing|Attending|Talking)\s+(?:at|to|before)?\s*"
                      rf"(?:a|an|the|this|last|their|its)\s+(?:[\w'-]+\s+){{0,3}}?(?P<noun>{_NOUN})\b[^,;]{{0,120}},")
_SPEAKER = re.compile(r"\s*(?:an?\s+|the\s+)?(?:[a-z][\w-]*\s+){0,3}")

# "the villagers started talking to the soldiers", "X's associates have begun talking to investigators": a group
# that begins to talk with another; both sides named by plural nouns of people (or names).
_BEGAN_TALKING = re.compile(r"\b(?:began|begun|begin|begins|started|start|starts)\s+(?:talking|speaking)\s+"
                            r"(?:to|with)\s+", re.I)
_SIDES = PEOPLE + (r"|associates|neighbou?rs|investigators|prosecutors|detectives|villagers|residents|soldiers|"
                   r"troops|rebels|protesters|relatives|families|lawyers|suspects|witnesses|guards|men|women|tribes?|clans?")
_SIDE = re.compile(rf"(?:(?:the|its|their|his|her|some|several|two|three|\d+)\s+)?"
                   rf"\b(?P<body>(?:[a-z][\w-]*\s+(?:and|or)\s+)?{_MODS}(?:{_SIDES}))\b")

# "Arlo Corp reported a loss but is in talks with its lenders", "Peru lacks the money, although is negotiating for a
# loan": a second verb phrase whose subject, elided, is the name the sentence opens with.
_ELIDED = re.compile(r"\b(?:but|although|though|yet|and)\s+(?:is|are|was|were|has\s+been|have\s+been)\s+"
                     r"(?:(?:now|still|actively|also|already|currently)\s+)?(?:(?P<verb>negotiating)|in\s+"
                     r"(?:[a-z][\w-]*\s+){0,2}?(?P<noun>talks|negotiations|discussions))\b", re.I)
_OPENS = re.compile(r"\s*(?:the\s+)?")
_WITH = re.compile(r"\s+with\b")


def _kind(noun: str) -> str:
    noun = noun.lower()
    return "visit" if noun in ("visit", "trip") else "meeting" if noun == "session" else noun


def _group(text: str, start: int, end: int) -> Mention:
    name = re.sub(r"^(?:the|its|their|his|her|a|an)\s+", "", text[start:end], flags=re.I)
    return Mention(name, start, end, kind="group")


def _owned(sent: str, masked: str, people: list[Mention]) -> list[Found]:
    out = []
    for m in _OWNED.finditer(masked):
        if m.group(0).lstrip()[:2] not in ("'s", "’s"):
            continue
        owner = actors.chain(sent, max(0, m.start() - 80), m.start(), [], forward=False)[-1:]
        if not owner or owner[0].end != m.start():
            continue
        others = wide.objects(sent, masked, m.end(), people) if m.group("prep") == "with" else []
        out.append(Found(m, owner + [o for o in others if o.name != owner[0].name], _kind(m.group("noun"))))
    return out


def _counted(masked: str) -> list[Found]:
    out = []
    for m in _COUNTED.finditer(masked):
        name = f"{m.group('n').lower()} {_UNITS[m.group('unit').lower()]}"
        out.append(Found(m, [Mention(name, m.start(), m.end("unit"), kind="group")], _kind(m.group("noun"))))
    return out


def _attended(masked: str) -> list[Found]:
    out = [Found(m, [_group(masked, m.start("group"), m.end("group"))], _kind(m.group("noun")))
           for m in _OWNERS.finditer(masked)]
    out += [Found(m, [_group(masked, m.start("group"), m.end("group"))], _kind(m.group("noun")))
            for m in _AT.finditer(masked)]
    return out


def _gathered(sent: str, masked: str, people: list[Mention]) -> list[Found]:
    out = []
    for m in _GATHER.finditer(masked):
        members = _MEMBERS.search(masked, max(0, m.start() - 80), m.start())
        if members:
            who = [_group(masked, members.start("body"), members.end("body"))]
        else:
            who, _word = wide.subjects(sent, masked, m.start(), people)
        if who and any(w.kind in ("group", "organization") for w in who):
            out.append(Found(m, who, "meeting"))
    return out


def _hosted(sent: str, masked: str, people: list[Mention]) -> list[Found]:
    out = []
    for m in _HOSTED.finditer(masked):
        host, _word = wide.subjects(sent, masked, m.start(), people)
        guests = actors.chain(sent, *actors.object_slot(masked, m.end()), people, forward=True)
        if host and guests:
            out.append(Found(m, host + [g for g in guests if g.name not in {h.name for h in host}], "visit"))
    return out


def _subject(sent: str, masked: str, at: int, people: list[Mention]) -> list[Mention]:
    """The named subject of the verb at `at`, also across an appositive: "X, the country's biggest bank, is"."""
    who, _word = wide.subjects(sent, masked, at, people)
    if who:
        return who
    lo, hi = actors.subject_slot(masked, at)
    aside = _APPOSITIVE.search(masked, lo, hi)
    return wide.subjects(sent, masked, aside.start(), people)[0] if aside else []


def _in_talks(sent: str, masked: str, people: list[Mention]) -> list[Found]:
    out = []
    for m in _IN_TALKS.finditer(masked):
        subj = _subject(sent, masked, m.start(), people)
        objs = wide.objects(sent, masked, m.end(), people)
        body = with_group(masked, m.end()) if not objs else None
        objs = [body] if body else objs
        if subj and objs:
            out.append(Found(m, subj + [o for o in objs if o.name not in {s.name for s in subj}],
                                    _kind(m.group("noun"))))
    return out


def with_group(masked: str, at: int) -> Mention | None:
    """The people named by a plural noun right at `at` ("generals and admirals of the army"), as a group."""
    body = _WITH_GROUP.match(masked, at)
    return _group(masked, body.start("body"), body.end("body")) if body else None


def _negotiated(sent: str, masked: str, people: list[Mention]) -> list[Found]:
    out = []
    for m in _NEGOTIATED.finditer(masked):
        subj = [s for s in _subject(sent, masked, m.start(), people) if s.kind != "group"]
        if subj:
            out.append(Found(m, subj, "negotiations"))
    return out


def _side(sent: str, masked: str, lo: int, hi: int, people: list[Mention], forward: bool) -> list[Mention]:
    """Who stands in masked[lo:hi]: the names there, else the first plural noun of people (the phrase's head)."""
    named = actors.chain(sent, lo, hi, people, forward=forward)
    if named:
        return named
    body = _SIDE.search(masked, lo, hi)
    return [_group(masked, body.start("body"), body.end("body"))] if body else []


def _began_talking(sent: str, masked: str, people: list[Mention]) -> list[Found]:
    out = []
    for m in _BEGAN_TALKING.finditer(masked):
        subj = _side(sent, masked, *actors.subject_slot(masked, m.start()), people, forward=False)
        objs = _side(sent, masked, *actors.object_slot(masked, m.end()), people, forward=True)
        if subj and objs and subj[0].name != objs[0].name:
            out.append(Found(m, subj + objs, "talks"))
    return out


def _elided(sent: str, masked: str, people: list[Mention]) -> list[Found]:
    out = []
    for m in _ELIDED.finditer(masked):
        lead = _OPENS.match(masked).end()
        opener = [w for w in actors.chain(sent, lead, min(len(masked), lead + 80), people, forward=True)[:1]
                  if w.start == lead and w.kind != "group"]
        if not opener:
            continue
        with_ = _WITH.match(masked, m.end())
        objs = wide.objects(sent, masked, with_.end(), people) if with_ else []
        body = with_group(masked, with_.end()) if with_ and not objs else None
        who = opener + [o for o in objs + ([body] if body else []) if o.name != opener[0].name]
        out.append(Found(m, who, "negotiations" if m.group("verb") else _kind(m.group("noun"))))
    return out


def _paired(masked: str) -> list[Found]:
    out = []
    for m in _PAIRED.finditer(masked):
        a = COUNTRY_OF.get(m.group("a")) or COUNTRY_OF.get(m.group("a").split()[-1])  # "The Chile-Peru talks"
        b = COUNTRY_OF.get(m.group("b"))
        if a and b and a != b:
            lo = m.start("a") if COUNTRY_OF.get(m.group("a")) else m.end("a") - len(m.group("a").split()[-1])
            who = [Mention(a, lo, m.end("a"), None, a, kind="country"),
                   Mention(b, m.start("b"), m.end("b"), None, b, kind="country")]
            out.append(Found(m, who, _kind(m.group("noun"))))
    return out


def _meeting_of(sent: str, masked: str, people: list[Mention]) -> list[Found]:
    out = []
    for m in _MEETING_OF.finditer(masked):
        who = [w for w in actors.chain(sent, *actors.object_slot(masked, m.end()), people, forward=True)
               if w.kind in ("organization", "group")]
        body = _OF_GROUP.match(masked, m.end()) if not who else None
        if body:
            who = [_group(masked, body.start("body"), body.end("body"))]
        if m.group("noun").lower() == "session":  # "a session of Congress": a sitting
            who = [w for w in who if not wide.LEGISLATURE.search(w.name)]
        if who:
            out.append(Found(m, who, _kind(m.group("noun"))))
    return out


_WORDS = Needles("meet", "talk", "summit", "conference", "negotiat", "discussion", "consultation", "session",
                 "visit", "trip", "gather", "host", "dialogue")


def _opening(sent: str, masked: str, people: list[Mention]) -> list[Found]:
    m = _OPENING.match(masked)
    if not m:
        return []
    lead = _SPEAKER.match(masked, m.end())
    speaker = [p for p in people if p.start >= m.end() and not masked[lead.end() : p.start].strip()][:1] or \
        actors.chain(sent, lead.end(), len(masked), people, forward=True)[:1]
    of = _MEETING_OF.match(masked, m.start("noun"))
    body = _meeting_of(sent, masked[: m.end()], people) if of else []
    who = speaker + [w for b in body for w in b.who]
    return [Found(m, who, _kind(m.group("noun")))] if speaker else []


def find(sent: str, masked: str, people: list[Mention]) -> list[Found]:
    """The group and noun-phrase meetings of one sentence, none denied, refused or asked about."""
    if not _WORDS.may_match(masked) or masked.rstrip(" \"'”’)").endswith("?"):
        return []
    opening = _opening(sent, masked, people)  # it holds the "meeting of" body, read again below
    lead = opening[0].match.end() if opening else 0
    rest = (_owned(sent, masked, people) + _counted(masked) + _attended(masked) + _gathered(sent, masked, people)
            + _hosted(sent, masked, people) + _in_talks(sent, masked, people) + _negotiated(sent, masked, people)
            + _paired(masked) + _meeting_of(sent, masked, people) + _began_talking(sent, masked, people)
            + _elided(sent, masked, people))
    found = opening + [f for f in rest if f.match.start() >= lead]
    return [f for f in found if f.who and not wide.negated(masked, f.match.start()) and not _press(masked, f.match)]


def _press(masked: str, m: re.Match) -> bool:
    """Whether the phrase's meeting noun is a "press conference" or "news conference": no meeting."""
    if "noun" not in m.re.groupindex:
        return False
    return bool(frames.NOT_MEETING.search(masked, max(0, m.start("noun") - 6), m.end("noun") + 1))
