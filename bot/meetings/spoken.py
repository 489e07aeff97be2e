"""Interviews and debates: "In his CNN interview, X", "X told the BBC in an interview", "the first A-B debate"."""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.meetings import actors
from bot.meetings.geo import country_name, is_place
from bot.meetings.people import Mention
from bot.meetings.wide import LEGISLATURE, Found, subjects
from bot.text.lexicon import COUNTRY_OF, MONTH_ABBR, MONTHS, NOT_NAMES, WEEKDAYS

Pronoun = Callable[[str, int], "tuple[Mention, str] | None"]  # ("he", offset) -> (person, sentence naming them)

_NAME = r"[A-Z][\w.&'’-]*(?:\s+(?:of\s+)?[A-Z][\w.&'’-]*){0,3}"
# "the daily Les Echos", "the French news agency AFP": what the outlet is, before its name.
_MEDIA = (r"(?:the\s+(?:[A-Za-z-]+\s+){0,2}?(?:daily|weekly|newspaper|paper|magazine|agency|broadcaster|network|"
          r"station|channel)\s+)?")
# "... interview on Radio Y", "... interview published by the daily Z", "... interview in the weekly Y newspaper",
# "In an interview with El Universal newspaper, X said": the outlet named after the word (a place is no outlet).
_OUTLET_AFTER = (rf"(?:\s+(?:on|to|with|in|(?:published|broadcast|aired)\s+(?:by|on|in))\s+{_MEDIA}"
                 rf"(?P<post>(?:the\s+)?{_NAME})(?:\s+(?:newspaper|daily|weekly|magazine|radio|television|TV))?)?")
# "In his ABC interview, X", "During a 2010 interview on Radio Y, X", "X said in an interview on Z".
_IN_INTERVIEW = re.compile(
    r"\b(?:[Ii]n|[Dd]uring)\s+(?:an?|his|her|their|the|its)\s+(?:(?:[a-z][\w-]*|\d{4})\s+){0,3}?"
    rf"(?:(?P<pre>{_NAME})\s+)?(?:(?:[a-z][\w-]*)\s+)?interview\b{_OUTLET_AFTER}")
# "X told Radio Y in an interview", "X told the Daily Z during a phone interview".
_TOLD = re.compile(rf"\b(?:told|tells)\s+{_MEDIA}(?P<outlet>(?:the\s+)?{_NAME})\s+(?:in|during)\s+an?\s+"
                   r"(?:[\w-]+\s+){0,2}?interview\b")
# "X gave an interview to Y", "X sat down for an interview with Y", "X granted Y an interview".
_GAVE = re.compile(r"\b(?:gave|gives|give|giving|granted|grants|sat\s+(?:down\s+)?for|sits\s+(?:down\s+)?for|did|"
                   rf"conducted)\s+(?:(?P<to>(?:the\s+)?{_NAME})\s+)?(?:an?|his|her|their|the)\s+(?:[\w-]+\s+){{0,2}}?"
                   rf"interview\b(?:\s+(?:to|with)\s+{_MEDIA}(?P<outlet>(?:the\s+)?{_NAME}))?")
# "The clip comes from a 2010 interview on Radio Y", "The remarks came in an interview with Z": words quoted just
# before, given in an interview by the one who said them.
_CAME_FROM = re.compile(
    r"\b(?P<what>(?i:the|those|these|his|her)\s+(?:clip|remarks?|comments?|quotes?|statements?|words|audio|video|"
    r"footage|recording|exchange))\s+(?:(?:comes?|came|come)\s+(?:from|in|during)|(?:was|were|is|are)\s+(?:made\s+"
    r")?(?:from|in|during))\s+(?:an?|the|his|her)\s+(?:(?:[a-z][\w-]*|\d{4})\s+){0,3}?"
    rf"(?:(?P<pre>{_NAME})\s+)?interview\b{_OUTLET_AFTER}")
_SAID = re.compile(r"\b(?:said|says|told\s+\w+|added|explained|insisted|argued|admitted|dismissed|called|"
                   r"described|acknowledged)\s*,?\s*$", re.I)
_TOLD_PAST = re.compile(r"\b(?:said|told|added|gave|sat|did|\w+ed)\b")
_WILL = re.compile(r"\bwill\b")
_COMMA = re.compile(r"\s*,\s*")
_VOICED = re.compile(r"\s+(?:that\s+)?")
_SPEECH_NEXT = re.compile(r"\s+(?:said|says|warned|told|added|stressed|argued|insisted|predicted|denied|admitted)\b")
_HE = re.compile(r"(?P<p>he|she)\b", re.I)
# Words that open no outlet's name: dates, countries, pronouns, and the medium itself ("a TV interview").
_NOT_OUTLET = set(MONTHS) | set(MONTH_ABBR) | set(WEEKDAYS) | set(COUNTRY_OF) | {
    "The", "A", "An", "He", "She", "They", "We", "I", "It", "His", "Her", "Their", "Our", "This", "That", "These",
    "Those", "Exclusive", "Last", "Next"}
_MEDIUM = {"TV", "Radio", "Television", "Internet", "Web", "Video", "Skype"}

# "the first Lund-Berg debate", "a Lund - Berg presidential debate".
_PAIR_DEBATE = re.compile(r"\b(?P<a>[A-Z][a-z'’]+)\s*[-–]\s*(?P<b>[A-Z][a-z'’]+)\s+(?:(?:[a-z]+|TV)\s+){0,2}?"
                          r"debates?\b")
# "Lund's debate with Berg", "her debate against Berg".
_OWN_DEBATE = re.compile(r"(?:\b(?P<his>(?i:his|her))|(?P<own>[A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+){0,2})['’]s)\s+"
                         r"(?:[a-z][\w-]*\s+){0,2}?debates?\s+(?:with|against)\s+")
_BETWEEN = re.compile(r"\bdebates?\s+(?:between|pitting)\s+", re.I)
# The verb: "A and B debated", "A will debate B", "A and B will face off in a debate".
_DEBATE_VERB = re.compile(r"\b(?:debated|debating|(?<=\s)debate(?=\s+(?:[A-Z]|each\s+other|on\s+\w+day|again|"
                          r"tonight|twice|next|for|in\b))|(?:faced?|faces|facing|squared?|squares|squaring)\s+off)\b")
_VERB_LEAD = re.compile(r"(?:\b(?:will|would|to|did|should|must|can|could|may|might|shall)\s+|"
                        r"\b(?:debated|debating)\b|\b(?:faced?|faces|facing|squared?|squares|squaring)\s+off)", re.I)
_DEBATE_WORD = re.compile(r"\bdebat", re.I)
# A house's debate of a bill is a session of a legislature, not a meeting of people.
_HOUSE = re.compile(r"\b(?:senate|house|parliament|congress|assembly|legislature|lawmakers|legislators|senators|"
                    r"MPs|bill|motion|legislation|amendment|floor|chamber)\b", re.I)
# "the debate", "last night's debate", "that debate" - not "the debate over X", the public one about a topic.
_BACK = re.compile(r"\b(?:the|that|this|[Tt]onight['’]s|[Mm]onday['’]s|[Tt]uesday['’]s|[Ww]ednesday['’]s|"
                   r"[Tt]hursday['’]s|[Ff]riday['’]s|[Ss]aturday['’]s|[Ss]unday['’]s|last\s+night['’]s)\s+"
                   r"(?:(?:first|second|third|final|last|presidential|televised|vice-presidential)\s+)?debate\b"
                   r"(?!\s+(?:over|about|on|around|surrounding|regarding|whether|of|among|within|in)\b)")


def interviews(sent: str, masked: str, people: list[Mention], pronoun: Pronoun) -> list[Found]:
    """Interviews told with the person and, when named, the outlet: each gives one Found of kind "interview"."""
    out: list[Found] = []
    if "interview" not in masked:
        return out
    for m in [*_TOLD.finditer(masked), *_GAVE.finditer(masked)]:
        outlet = _outlet(m, "outlet") or ("to" in m.groupdict() and _outlet(m, "to") or None)
        found = _teller(sent, masked, m, people, pronoun, outlet, "interview", titled=False) if outlet else None
        out += [found] if found else []
    for m in _CAME_FROM.finditer(masked):
        named = None if any(p.kind == "person" for p in people) else pronoun("he", m.start())
        if named and named[1] != sent:
            outlet = _outlet(m, "post") or _outlet(m, "pre")
            out.append(Found(m, [named[0]] + ([outlet] if outlet else []), "interview",
                             {named[0].name: (m.group("what").lower(), named[1])}))
    for m in _IN_INTERVIEW.finditer(masked):
        if any(f.match.start() <= m.start() < f.match.end() for f in out):
            continue  # "X told Y in an interview": read above, with Y
        outlet = _outlet(m, "post") or _outlet(m, "pre")
        who, resolved = _speaker(sent, masked, m, people, pronoun)
        if who:
            out.append(Found(m, who + ([outlet] if outlet and outlet.name != who[0].name else []), "interview",
                             resolved))
    return out


# "X told the Tokyo Shimbun", "told Al-Rai al-Aam newspaper", "told the daily Le Figaro": a statement to a news
# outlet, which is an interview with it.
_TOLD_OUTLET = re.compile(rf"\b(?:told|tells)\s+(?P<media>{_MEDIA})(?P<outlet>(?:the\s+)?{_NAME}(?:\s+al-\w+)?)"
                          r"(?P<after>\s+(?:newspaper|magazine|radio|television|TV|news\s+agency))?")
# The last word of many outlets' names.
_OUTLET_WORDS = {"Times", "Post", "News", "Journal", "Herald", "Tribune", "Gazette", "Shimbun", "Zeitung", "Monde",
                 "Figaro", "Observer", "Guardian", "Telegraph", "Chronicle", "Globe", "Courier", "Economist", "Spiegel",
                 "Handelsblatt", "Nikkei", "Asahi", "Yomiuri", "Mainichi", "Izvestia", "Pravda", "BBC", "CNN", "NBC",
                 "ABC", "CBS", "Fox", "Bloomberg", "AP", "AFP", "Reuters", "Kyodo", "Xinhua", "TASS", "Tass", "UPI"}


def told_outlets(sent: str, masked: str, people: list[Mention], pronoun: Pronoun, own: str | None) -> list[Found]:
    """Statements to a news outlet ("X told the Tokyo Shimbun"): interviews of the speaker with the outlet, unless
    the outlet is `own`, the one publishing the article (its own reporting, not a meeting it tells)."""
    out: list[Found] = []
    for m in _TOLD_OUTLET.finditer(masked) if "told" in masked or "tells" in masked else ():
        outlet = _outlet(m, "outlet")
        if outlet and outlet.name.endswith(("'s", "’s")):  # "told NBC Television's 'Meet the Press'"
            outlet = Mention(outlet.name[:-2], outlet.start, outlet.end - 2, kind="organization")
        words = outlet.name.split() if outlet else []
        if len(words) > 1 and words[0] in _OUTLET_WORDS and words[-1] not in _OUTLET_WORDS:
            outlet = Mention(words[0], outlet.start, outlet.start + len(words[0]), kind="organization")  # "told
            words = words[:1]  # Reuters Finance Secretary Jaime Ongpin had decided": the outlet is the first word
        if outlet is None or own and own.rstrip("s") == outlet.name.rstrip("s") or LEGISLATURE.search(outlet.name):
            continue  # its own reporting; "told the House of Commons": a legislature, no outlet
        if not (m.group("media") or m.group("after") or words[-1] in _OUTLET_WORDS or words[0] in _OUTLET_WORDS):
            continue
        found = _teller(sent, masked, m, people, pronoun, outlet, "interview")
        out += [found] if found else []
    return out


# "X told the Futures Industry Association that ...", "addressed the National Press Club": a speech to a body's
# gathering, which the speaker attends (not a legislature's committee, and not the board of one company).
_GATHERING = (r"(?:Association|Club|Society|Federation|Chamber|Institute|Council|Forum|League|Conference|Convention|"
              r"Congress|Symposium|Seminar)")
_COMPLEMENT = r"\s+(?:of|for|on)(?:\s+(?:the\s+|and\s+)?[A-Z][\w&.'’-]*){1,4}"  # "... of Foreign Banks"
_TOLD_BODY = re.compile(r"\b(?:told|tells|addressed|addresses)\s+(?:the\s+|a\s+)?"
                        r"(?:board\s+of\s+directors\s+(?:of|for)\s+the\s+)?(?P<body>(?:[A-Z][\w&.'’-]*\s+"
                        rf"(?:(?:of|and|for)\s+)?){{1,6}}{_GATHERING}(?:{_COMPLEMENT})?|{_GATHERING}{_COMPLEMENT})\b")


def told_bodies(sent: str, masked: str, people: list[Mention], pronoun: Pronoun) -> list[Found]:
    """Speeches to a named association, club, council or conference ("X told the Futures Industry Association"):
    meetings of the speaker and the body."""
    out: list[Found] = []
    for m in _TOLD_BODY.finditer(masked) if "told" in masked or "addresse" in masked or "tells" in masked else ():
        name = m.group("body")
        if LEGISLATURE.search(name) or name.split()[0] in _NOT_OUTLET:
            continue  # "told the Senate Banking Committee": a legislature's hearing
        body = Mention(name, m.start("body"), m.end("body"), kind="organization")
        found = _teller(sent, masked, m, people, pronoun, body, "meeting")
        out += [found] if found else []
    return out


def _teller(sent: str, masked: str, m: re.Match, people: list[Mention], pronoun: Pronoun, told: Mention,
            kind: str, titled: bool = True) -> Found | None:
    """The Found of the person who "told" `told` at `m`: the person named as its subject, or the one "he"/"she"
    stands for (with `titled`, only someone the article gave a role)."""
    subj, word = subjects(sent, masked, m.start(), people)
    named = pronoun(word, m.start()) if word else None
    named = named if named and (named[0].role or not titled) else None
    person = [named[0]] if named else [p for p in subj if p.kind == "person"][:1]
    if not person:
        return None
    return Found(m, person + [told], kind, {named[0].name: (word, named[1])} if named else {})


def status(f: Found, masked: str, near: str | None) -> str | None:
    """An interview someone "said" or "told" things in was given; other phrases keep the status read near them."""
    if f.match.re is _TOLD_BODY:  # "told the X Association": the speech was made, whatever it said would happen
        return "held" if f.match.group(0).startswith(("told", "addressed")) else near
    if f.kind == "interview" and _TOLD_PAST.search(masked) and not _WILL.search(
            masked, max(0, f.match.start() - 60), f.match.end()):  # "will be balanced, X said in an interview"
        return "held"
    return near


def _outlet(m: re.Match, group: str) -> Mention | None:
    text = m.group(group)
    if not text:
        return None
    text = re.sub(r"^the\s+", "", text)
    text = re.sub(r"(?<=[a-z0-9])\.$", "", text)  # the sentence's full stop ("with NRK."), not "U.S."
    words = text.split()
    if words[0] in _NOT_OUTLET or text in _MEDIUM or is_place(text):
        return None
    start = m.start(group) + m.group(group).index(text)
    return Mention(text, start, start + len(text), kind="organization")


def _speaker(sent: str, masked: str, m: re.Match, people: list[Mention], pronoun: Pronoun):
    """Who gave the interview: the subject after "In an interview, ...", else the one who "said in" it."""
    resolved: dict[str, tuple[str, str]] = {}
    comma = _COMMA.match(masked, m.end())
    if comma:
        he = _HE.match(masked, comma.end())
        if he:
            named = pronoun(he.group("p").lower(), he.start())
            if named:
                return [named[0]], {named[0].name: (he.group("p").lower(), named[1])}
            return [], resolved
        first = actors.chain(sent, comma.end(), len(masked), people, forward=True)[:1]
        return [p for p in first if p.kind == "person"], resolved
    voiced = _VOICED.match(masked, m.end())  # "Tanjug said in the interview Mikulic warned ...": Mikulic gave it
    named = next((p for p in people if voiced and p.start == voiced.end() and p.kind == "person"), None)
    if named is not None and _SPEECH_NEXT.match(masked, named.end):
        return [named], resolved
    said = _SAID.search(masked, max(0, m.start() - 40), m.start())  # the verb right before: a bounded look
    if said:
        subj = actors.chain(sent, *actors.subject_slot(masked, said.start()), people, forward=False)
        return [p for p in subj if p.kind == "person"][:1], resolved
    return [], resolved


def debates(sent: str, masked: str, people: list[Mention], full: Callable[[str], Mention | None],
            pronoun: Pronoun) -> list[Found]:
    """Debates between named people ("the first A-B debate", "a debate between A and B", "A and B debated", "A's
    debate with B"); `full` gives the person a one-word name stands for in the article, or None."""
    out: list[Found] = []
    if not _DEBATE_WORD.search(masked) and " off" not in masked or _HOUSE.search(masked):
        return out
    for m in _PAIR_DEBATE.finditer(masked):
        who = [_named(sent, m.start(g), m.end(g), people, full) for g in ("a", "b")]
        if all(who) and who[0].name != who[1].name:
            out.append(Found(m, who, "debate", {}))
    for m in _OWN_DEBATE.finditer(masked):
        other = actors.chain(sent, m.end(), len(masked), people, forward=True)[:1]
        his = (m.group("his") or "").lower()
        named = pronoun("he" if his == "his" else "she", m.start()) if his else None
        own = named[0] if named else None
        if m.group("own"):
            own = _named(sent, m.start("own"), m.end("own"), people, full)
        if own is not None and other and other[0].kind == "person" and other[0].name != own.name:
            said = {own.name: ("he" if his == "his" else "she", named[1])} if named else {}
            out.append(Found(m, [own, other[0]], "debate", said))
    for m in _BETWEEN.finditer(masked):
        who = actors.chain(sent, m.end(), len(masked), people, forward=True)
        if len(who) >= 2 and all(p.kind == "person" for p in who):
            out.append(Found(m, who, "debate", {}))
    for m in _DEBATE_VERB.finditer(masked):
        if not _DEBATE_WORD.search(m.group(0)) and not _DEBATE_WORD.search(masked):
            continue  # "A and B face off" without a debate: a match, a stand-off
        lead = masked[max(0, m.start() - 12) : m.end()]
        if not _VERB_LEAD.search(lead):
            continue
        subj = actors.chain(sent, *actors.subject_slot(masked, m.start()), people, forward=False)
        objs = actors.chain(sent, *actors.object_slot(masked, m.end()), people, forward=True)
        who = subj + [o for o in objs if o.name not in {s.name for s in subj}]
        if len({p.name for p in who}) >= 2 and all(p.kind == "person" for p in who):
            out.append(Found(m, who, "debate", {}))
    return out


def _named(sent: str, start: int, end: int, people: list[Mention], full) -> Mention | None:
    """The person one word of "A-B debate" names: a mention read there, the article's person, or the word."""
    have = next((p for p in people if p.start <= start < p.end), None)
    if have is not None:
        return have if have.kind == "person" else None
    word = sent[start:end]
    if word in NOT_NAMES or word in COUNTRY_OF or word in actors.ORG_WORDS or country_name(word):
        return None
    known = full(word)
    if known is not None:
        return Mention(known.name, start, end, known.role, known.country, surface=word)
    return Mention(word, start, end)


def back_reference(masked: str) -> re.Match | None:
    """"the debate" (a debate the article told before), not a public debate about a topic."""
    return _BACK.search(masked) if "debate" in masked else None
