"""Meeting verb phrases the trigger path leaves without an event: "met with", "convened", "conferred with", "held a
call with", "hosted", "sat down with", interviews; pronoun subjects, unnamed bodies and datelines."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.meetings import actors, frames
from bot.meetings.geo import is_place, is_region
from bot.meetings.offices import office_at
from bot.meetings.people import Mention
from bot.text.lexicon import MONTHS, WEEKDAYS

_ADVERB = (r"(?:\s+(?:again|twice|privately|separately|briefly|secretly|personally|later|also|instead|"
           r"(?:by|on\s+the)\s+(?:tele)?phone|" + frames.TIME_ADVERB + "))?")
WIDE = re.compile(
    r"\b(?:(?P<with>(?:met|meets|meeting|meet|sat\s+down|sits\s+down|sit\s+down|conferr(?:ed|ing)|confers|confer|"
    r"negotiat(?:ed|es|ing|e|ions)|talk(?:ed|s|ing)?|spoke|speaks|consult(?:ed|s|ing|ations)|discussions|"
    r"(?:held|holds|had|convened|convenes|convene)\s+(?:a|an)\s+(?:[\w-]+\s+){0,2}?(?:call|meeting|talks|"
    rf"conversation)){_ADVERB}\s+with)"
    r"|(?P<alone>convened|convenes|convene|met|meets)(?=\s+(?:on|in|at|to|for|behind|last|this|next|again|privately|"
    r"earlier|later|yesterday|today|\w+day)\b|\s*[,.;]|\s*$)"
    r"|(?P<host>hosted|hosts)(?=\s+[A-Z])"
    r"|(?P<met>met|meets)(?=\s+(?-i:[A-Z]))"
    r"|(?P<interview>interview\s+with))",
    re.IGNORECASE,
)
# Unnamed bodies and groups of people that meet: "the council", "state election officials", "its board".
BODY = (r"council|board|committee|panel|cabinet|parliament|congress|officials|delegates|delegation|lawmakers|"
        r"legislators|ministers|leaders|executives|negotiators|representatives|shareholders|creditors|bankers|"
        r"directors|envoys|diplomats|mediators|members|countries|nations|companies|firms|banks|sides|parties|"
        r"governors|unions|groups")
_MODS = (r"(?:(?:the|its|their|his|her|a|an)\s+)?"
         r"(?:(?!(?:and|with|of|to|for|in|on|at|by|from|the|that|who|which)\b)[a-z][\w-]+\s+){0,2}")
_BODY_END = re.compile(rf"\b(?P<body>{_MODS}(?:{BODY}))\s*$")
_BODY_START = re.compile(rf"^\s*(?:with\s+|and\s+|,\s*)?(?P<body>{_MODS}(?:{BODY}))\b")
LEGISLATURE = re.compile(r"\b(?:congress|parliament|senate|assembly|house|diet|legislature|legislative)\b", re.I)
# "no plans for an emergency meeting", "no pressure to negotiate", "not subject to negotiations", "cut off formal
# dialogue", "canceled his meeting with", "rather than calling a meeting": a meeting denied, refused, called off or
# passed over.
_NEGATED = re.compile(r"\b(?:no\s+plans?\s+(?:for|to)(?:\s+[\w'’-]+){0,2}|"
                      r"no|not|never|n['’]t|without|cut\s+off|refus\w*|reject\w*|rul\w+\s+out|"
                      r"cancel+(?:ed|s|ing)?|call(?:ed|s|ing)?\s+off|scrap+(?:ed|s|ing)?|scratch(?:ed|es|ing)?|rather\s+than|"
                      r"instead\s+of)"
                      r"(?:\s+[\w'’-]+){0,3}\s*$", re.I)


# "whether they will meet", "the SEC might meet", "prospects appear slim for a meeting", "opposes a summit", "proposed
# a meeting", "the idea of a summit", "has requested a meeting", "its willingness to negotiate", "remains open to
# talks", "efforts to proceed with talks", "an offer to enter into negotiations", "is willing to negotiate", "tried
# unsuccessfully to open talks", "wanted to discuss", "seems willing to talk", "would prefer to negotiate", "suggested
# talks", "will seek further talks", "recommends that meetings be scheduled", "would consider talks", "the
# opportunity to talk with": a meeting asked about, guessed at, opposed, only sought, tried for, suggested, weighed or
# offered.
_UNREAL = re.compile(r"\b(?:whether(?:\s+[\w'’-]+){0,12}|might(?:\s+(?!(?:after|before|during|at|in|on|following|"
                     r"ahead|since|until)\b)[\w'’-]+){0,5}|(?:oppos(?:e|es|ed|ing)\b|request\w*|propos(?:ed|es|ing)|"
                     r"proposals?\s+(?:for|of)|"
                     r"idea\s+of|(?:slim|dim|remote|bleak|poor)\s+(?:chances?|prospects?|hopes?)\s+(?:of|for)|"
                     r"(?:prospects?|chances?|hopes?)\s+(?:\w+\s+){0,2}(?:slim|dim|remote|bleak|poor)\s+(?:for|of)|"
                     r"willingness\s+to|suggest(?:s|ed|ing)?|recommend(?:s|ed|ing)?\s+that|"
                     r"(?:would|will|could|may|might|to)\s+consider|(?:opportunity|chance)\s+to|"
                     r"(?:seek(?:s|ing)?|sought)(?!\s+(?:through|by|via|in|at|with)\b)|(?:tried|tries|try|trying|attempt(?:s|ed|ing)?|prefers?|preferred|wants?|"
                     r"wanted|wish(?:es|ed)?)\s+(?:\w+\s+)?to|"
                     r"(?:remains?|is|are|was|were)\s+open\s+to|efforts?\s+to|offers?\s+to|offered\s+to|(?:is|are|"
                     r"was|were|be|been|seems?|seemed|appears?|appeared)\s+(?:un)?(?:willing(?:\s+to)?|ready\s+to|"
                     r"prepared\s+to))"
                     r"(?:\s+[\w'’-]+){0,3})\s*$", re.I)
# "urged Reagan to step up negotiations", "asked the utility to meet with", "called for a swift convening of a
# meeting", "advice to talk first to banks", "calls from creditors that the government talk to", "was to have met": a
# meeting someone else wants, or one that was set and did not take place.
_WANTED = re.compile(r"\b(?:(?:urg\w*|ask\w*|press\w*|advi[cs]\w*|call\w*\s+on)\s+(?:[^\s,;]+\s+){0,5}to(?:\s+"
                     r"(?!and\b|but\b)[\w'’-]+){0,2}|call\w*\s+for(?:\s+(?!and\b|but\b)[^\s,;]+){0,7}|"
                     r"calls\s+(?:[^\s,;]+\s+){0,8}?that(?:\s+[\w'’-]+){0,3}|(?:was|were)\s+(?:due\s+|"
                     r"scheduled\s+|supposed\s+)?to\s+have)\s*$", re.I)


# "deferred the annual meeting", "postponed the talks": put off, and held or set again only when a new date follows.
_DEFERRED = re.compile(r"\b(?:defer+(?:ed|s|ing)?|postpon(?:e|es|ed|ing)|put\s+off)(?:\s+[\w'’-]+){0,3}\s*$", re.I)
_NEW_DATE = re.compile(r"[^.;]{0,50}?\b(?:to|until|till)\s+(?:(?:" + "|".join(MONTHS + WEEKDAYS)
                       + r"|next|later|early|late|mid)\b|\d)", re.I)


def negated(masked: str, at: int) -> bool:
    """Whether the meeting phrase at `at` is denied, refused, opposed, only asked for or asked about, or put off with
    no new date, by the few words before it."""
    lo = max(0, at - 90)  # "call for the International Coffee Organisation (ICO) to start talks": long names
    return bool(_NEGATED.search(masked, lo, at) or _UNREAL.search(masked, lo, at) or _WANTED.search(masked, lo, at)
                or _DEFERRED.search(masked, lo, at) and not _NEW_DATE.match(masked, at))


_NOUN = re.compile(r"(?:talks|negotiations|discussions|consultations)\b", re.I)
_LINK_END = re.compile(r"\s*(?:,\s*(?:and\s+)?|and\s+|&\s+)$")
_PRONOUN = re.compile(r"^\s*(?P<p>he|she)\s*$", re.IGNORECASE)
_PRONOUN_AFTER_COMMA = re.compile(r",\s*(?P<p>he|she)\s*$", re.I)  # "Rates will rise, he told the X Association"
SAID_IN = re.compile(r"\b(?:said|says|told\s+\w+)\s+(?:in|during)\s+(?:an?|the|his|her)\s+(?:[\w-]+\s+){0,2}$", re.I)
_AFTER_COMMA = re.compile(r"\s*,\s*")
_OUTLET = re.compile(r"\s*(?:the\s+)?(?P<name>[A-Z][\w.&'-]*(?:\s+[A-Z][\w.&'-]*){0,3})")
# "BRUSSELS (Reuters) -", "NEW YORK, March 3 -": an upper-case place opening a line, then a dash or a colon.
DATELINE = re.compile(r"^(?P<place>[A-Z][A-Z.'-]+(?:\s[A-Z][A-Z.'-]+){0,2})(?:,[^\n\-–—:(]{1,30})?\s*"
                      r"(?:\([^()\n]{1,60}\)\s*)?(?:--?|–|—|:)\s", re.MULTILINE)


@dataclass
class Found:
    """One meeting phrase and who it names; `resolved` maps a name read from a pronoun to that pronoun."""

    match: re.Match
    who: list[Mention]
    kind: str
    resolved: dict[str, tuple[str, str]] = field(default_factory=dict)  # name -> (pronoun, sentence naming them)


# "the White House", "the State Department" as a whole subject, an adverb or two after: an institution acting.
_INSTITUTION = re.compile(r"(?:^|[,;:]\s*|\b(?:and|but|while|though|when|as)\s+)(?i:the)\s+(?P<org>(?:[A-Z][\w&-]*\s+)"
                          r"{0,3}[A-Z][\w&-]*)(?:\s+(?:later|also|then|again|instead|now|soon|\w+ly)){0,2}\s*$")


def _body(masked: str, m: re.Match, at: int) -> Mention:
    lo = at + m.start("body")
    text = re.sub(r"^(?:the|its|their|his|her|a|an)\s+", "", m.group("body"), flags=re.I)
    return Mention(text, lo, at + m.end("body"), kind="group")


def subjects(sent: str, masked: str, at: int, people: list[Mention]) -> tuple[list[Mention], str | None]:
    """Who stands before the verb at `at`: names joined by "and", a body, or a pronoun (returned as its word)."""
    lo, hi = actors.subject_slot(masked, at)
    pron = _PRONOUN.match(masked[lo:hi]) or _PRONOUN_AFTER_COMMA.search(masked, lo, hi)
    if pron:
        return [], pron.group("p").lower()
    out = []
    body = _BODY_END.search(masked, lo, hi)
    if body and not body.group("body")[:1].isupper():
        out.append(_body(masked, body, 0))
        link = _LINK_END.search(masked, lo, body.start("body"))
        hi = link.start() if link else lo
    named = actors.chain(sent, lo, hi, people, forward=False)
    if not named:  # a titled person right before the verb, whom a capitalised word before the title hid
        named = [p for p in people if lo <= p.start and p.end <= hi and not masked[p.end : hi].strip()][-1:]
    institution = None if named or out else _INSTITUTION.search(masked, lo, hi)
    if institution and not is_region(institution.group("org")):  # "the White House later canceled": who acts
        named = [Mention(institution.group("org"), institution.start("org"), institution.end("org"),
                         kind="organization")]
    return named + out, None


def objects(sent: str, masked: str, at: int, people: list[Mention]) -> list[Mention]:
    """Names and bodies right after the phrase ending at `at`, as a list joined by "and" or commas."""
    lo, hi = actors.object_slot(masked, at)
    out = actors.chain(sent, lo, hi, people, forward=True)
    office = None if out else office_at(sent, lo, hi)  # "with the President of Ruritania": a person by office
    out = [office] if office else out
    edge = out[-1].end if out else lo
    body = _BODY_START.match(masked[edge:hi])
    if body and (not out or re.match(r"\s*(?:,|and\b)", masked[edge:hi])):
        out.append(_body(masked, body, edge))
    return out


def _interview(sent: str, masked: str, m: re.Match, objs: list[Mention], people: list[Mention]) -> list[Mention]:
    """"X said in an interview with Y" or "In an interview with Y, X said": X is the other side."""
    said = SAID_IN.search(masked, 0, m.start())
    if said:
        return actors.chain(sent, *actors.subject_slot(masked, said.start()), people, forward=False)
    if objs:
        comma = _AFTER_COMMA.match(masked, objs[-1].end)
        if comma:
            return actors.chain(sent, comma.end(), len(masked), people, forward=True)[:1]
    return []


# ", conferring instead with B": an -ing phrase after a comma has the main clause's subject.
_PARTICIPLE = re.compile(r",\s*$")
_WORD = re.compile(r"\w+")
_MAYBE = re.compile(r"\b(?:could|might|may|would)\b", re.I)
_CALLED_OFF = re.compile(r"\b(?:canceled|cancelled|called\s+off|scrapped|postponed|skipped|scratched)\s+"
                         r"(?:his|her|their|its|a|the)\s+(?:[\w-]+\s+)?(?:meeting|talks|visit)\b", re.I)


def _participle_subject(sent: str, masked: str, at: int, people: list[Mention]):
    """Who does the -ing phrase at `at`: the subject of "X canceled his meeting with A," before it, else the people
    opening the sentence, else no one named (the phrase's other side still met someone: `unknown`)."""
    verb = _WORD.match(masked, at)  # each look below reads a bounded window, not the whole sentence before
    if not verb or not verb.group(0).lower().endswith("ing") or _MAYBE.search(masked, max(0, at - 300), at):
        return [], None, False  # "He could be seen there, meeting with B": a guess, not a meeting told
    off = next(reversed(list(_CALLED_OFF.finditer(masked, max(0, at - 300), at))), None)  # the last one before
    first_word = _WORD.search(masked, 0, 40)
    opener = _PRONOUN.match(first_word.group(0)) if first_word else None  # the sentence's first word
    if off is None and opener:  # "She flew home, meeting with B": whom "she" stands for
        return [], opener.group("p").lower(), False
    if off is None:  # "A flew home, meeting with B": the people opening the sentence
        first = actors.chain(sent, 0, at, people, forward=True)
        return ([], None, True) if not first or any(p.kind != "person" for p in first) else (first, None, False)
    subj, word = subjects(sent, masked, off.start(), people)
    return subj, word, not subj and not word


def find(sent: str, masked: str, people: list[Mention], pronoun, need_subject: bool = True) -> list[Found]:
    """The meetings of one sentence told by the phrases above; `pronoun(word, at)` gives whom "she" stands for and
    the sentence naming them, or None. Without `need_subject` (a meeting the sentence already tells, with no one in
    it yet) the parties after "with" are enough."""
    out: list[Found] = []
    if masked.rstrip(" \"'”’)").endswith("?"):
        return out  # a question tells no meeting
    for m in WIDE.finditer(masked):
        if negated(masked, m.start()) or frames.other_sense(masked, m.start(), m.end() - len("with") * bool(
                m.group("with"))):  # "met with a cool response": the words after "met"
            continue
        objs = [] if m.group("alone") else objects(sent, masked, m.end(), people)
        outlet = _OUTLET.match(masked, m.end()) if m.group("interview") and not objs else None
        if outlet:  # news outlets are no names to the actor reader: "an interview with Reuters"
            objs = [Mention(outlet.group("name"), outlet.start("name"), outlet.end("name"), kind="organization")]
        resolved: dict[str, tuple[str, str]] = {}
        unknown = False  # "He met with X" with no "he" found before: still a meeting, of X and someone unnamed
        if m.group("interview"):  # one capitalised word after "interview with" is an outlet, not a person
            objs = [Mention(o.name, o.start, o.end, kind="organization") if o.kind == "person" and " " not in o.name
                    else o for o in objs]
            subj, kind = _interview(sent, masked, m, objs, people), "interview"
        elif _NOUN.match(m.group(0)):  # "peace talks with X": a noun has no subject, only its parties
            subj, kind = [], "meeting"
            if need_subject:
                continue
        else:
            subj, word = subjects(sent, masked, m.start(), people)
            after_comma = _PARTICIPLE.search(masked, max(0, m.start() - 20), m.start())
            if not subj and not word and after_comma and m.group(0)[:1].islower():
                subj, word, unknown = _participle_subject(sent, masked, m.start(), people)
                unknown = unknown and any(o.kind == "person" for o in objs)
            if word:
                named = pronoun(word, m.start())
                subj = [named[0]] if named else []
                resolved = {named[0].name: (word, named[1])} if named else {}
                unknown = not named and any(o.kind == "person" for o in objs)
            kind = "meeting"
        no_guest = (m.group("host") or m.group("met")) and not any(o.kind == "person" for o in objs)
        if not subj and not unknown and (need_subject or not objs) or no_guest:
            continue  # "show hosts A, B and C": no one meets without a subject; "hosted the Games", "met Tuesday's
            # deadline": nor without a person met
        who = subj + [o for o in objs if o.name not in {s.name for s in subj}]
        names = {w.name for w in who}
        alone_ok = (m.group("alone") and len(who) == 1 and who[0].kind in ("group", "organization")
                    and not LEGISLATURE.search(who[0].name))  # "when Congress convenes": a session
        if len(names) >= 2 or alone_ok or unknown or not need_subject and objs:
            out.append(Found(m, who, kind, resolved))
    return out


def dateline(text: str) -> tuple[str, str] | None:
    """(place, the dateline's text) when the article opens with "BRUSSELS (Reuters) -" or the like."""
    m = DATELINE.match(text.lstrip())
    if not m:
        return None
    place = " ".join(w if len(w) <= 2 or "." in w else w.capitalize() for w in m.group("place").split())
    return (place, m.group(0).strip()) if is_place(place) else None
