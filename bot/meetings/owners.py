"""Who takes part in the meeting a noun names besides its subject: the body speaking of its talks or its own meeting,
the body named before the noun, who addresses the meeting."""

from __future__ import annotations

import re
from dataclasses import replace

from bot.meetings.actors import HOLD, ORG_WORDS, acronym, chain, subject_slot
from bot.meetings.frames import Needles
from bot.meetings.people import Mention
from bot.meetings.wide import LEGISLATURE
from bot.text.lexicon import NOT_NAMES

# "Orvik Corp said (the) merger talks with Holm ...": a body speaking of talks with another is one side of them.
SAID_OWN = re.compile(r"\s+(?:said|says)\s+(?:(?:the|its|their)\s+)?(?:[a-z][\w-]*\s+)?$")
_WITH_AFTER = re.compile(r"\s+with\b")
_CAPITAL = re.compile(r"[A-Z]")
# "Lund (has) attended the conference", "Iran and the EC will hold the talks": the subject takes part.
HELD_BY = re.compile(r"\s+(?:[a-z]+\s+){0,2}" + HOLD.pattern, re.I)
# "Orvik Corp said (it postponed) its annual meeting": the speaker owns the meeting.
SAID_ITS = re.compile(r"\s+(?:said|says)\s+(?:that\s+)?(?:(?:it|they)\s+(?:[\w'-]+\s+){0,4}?)?(?:its|their)\s+"
                      r"(?:[\w'-]+\s+){0,2}$")
# "the OPEC conference", "an IMF board meeting", "attended OPEC's pricing meeting": a body's name modifying the noun.
_OWNER_NP = re.compile(r"\b(?i:the|an?|this|that|last|next|at|of|for|by|attend(?:s|ed|ing)?)\s+"
                       r"(?P<np>(?:[A-Z][\w&.'’-]*\s+){1,5})(?:\([A-Z][\w&.-]*\)\s+)?"
                       r"(?:(?!(?:night|trading|day|morning|afternoon|evening|overnight)\s)[a-z][\w-]*\s+){0,2}$")


def owner_span(masked: str, at: int) -> tuple[int, int] | None:
    """The span of a body's name modifying the meeting noun at `at` ("the OPEC conference"), if any."""
    if masked[at : at + 1].isupper():
        return None  # "the Senate Republican Conference", "the Nuclear Security Summit": the word ends a name
    m = _OWNER_NP.search(masked, max(0, at - 70), at)
    return (m.start("np"), m.end("np")) if m else None


_OF_ITS = re.compile(r"\s+of\s+(?:its|their)\s+(?:[\w'-]+\s+){0,2}?(?:board|directors|shareholders|stockholders|"
                     r"members|partners|creditors|unitholders)\b")
# "the annual meeting", "a special shareholders' meeting": a company's meeting of its holders.
_HOLDERS_MEETING = re.compile(r"\b(?:annual|special|extraordinary)\s+(?:general\s+)?"
                              r"(?:(?:share|stock|unit)holders['’]?\s+)?meetings?\b", re.I)
_NAME_WORD = re.compile(r"\b[A-Z][\w&.'’-]*")
_OF_NAME = re.compile(r"\s+of\s+(?:the\s+)?[A-Z]")
_POSSESSED = re.compile(r"\b(?!its\b)\w+['’]s?\s+(?:[\w-]+\s+){0,2}$")  # "the company's 1987 annual meeting"


def _holders_meeting_at(masked: str, at: int, said_end: int) -> bool:
    """Whether the meeting noun at `at` names a company's holders' meeting ("annual meeting", "special meeting"),
    nobody's by a possessive, with no other body named after "said" (ending at `said_end`) or after the noun ("of
    Holm Inc"): the speaker's own."""
    m = next((m for m in _HOLDERS_MEETING.finditer(masked, max(0, at - 40), at + 40) if m.start() <= at < m.end()),
             None)
    if m is None or _OF_NAME.match(masked, m.end()) or _POSSESSED.search(masked, max(0, m.start() - 30), m.start()):
        return False
    return not any(w.group(0) not in NOT_NAMES for w in _NAME_WORD.finditer(masked, said_end, at))


_SAID_LAST = re.compile(r"\s+(?:said|says)\b(?!.*\b(?:said|says)\b)")
# "told (last year's) annual meeting", "told a Tokyo conference": the speech is made to the meeting itself.
TOLD = re.compile(r"\s+(?:told|tells|addressed|addresses)\s+(?!(?:reporters|journalists|newsmen|Reuters|the\s+press)\b)"
                  r"(?:(?:a|an|the|this|last|its|their)\s+)?"
                  r"(?:(?!(?:after|before|following|outside|ahead|prior)\s)[\w'’.-]+\s+){0,4}$")


# "X told reporters after the meeting", "Y said following a six-hour meeting with Z": who speaks of a meeting just
# over was in it.
SPOKE_AFTER = re.compile(r"\s*,?\s+(?:said|says|told\s+(?:reporters|journalists|newsmen|Reuters|a\s+(?:news|press)\s+"
                         r"conference))\s+(?:(?!that\b)\w+\s+)?(?:after|following)\s+(?:the|a|an|their|his|her|its|today['’]s|"
                         r"yesterday['’]s)\s+(?:[\w'’.-]+\s+){0,4}$")

# "Iraq has secured agreement following five months of negotiations with creditor banks", "Funaro was reacting to a
# statement following his talks with Lawson": the subject of the clause acted after talks it had with someone.
_AFTER_TALKS = re.compile(r"\b(?:after|following)\s+(?:(?:his|her|their|its|the|a|an|several|lengthy|long|"
                          r"(?:[\w-]+\s+)?(?:hours?|days?|weeks?|months?|years?|rounds?)\s+of)\s+){0,3}"
                          r"(?:[a-z][\w-]*\s+){0,2}$", re.I)
# What the clause's subject does next: a verb, after auxiliaries; "said it/he ..." only when it tells its own act.
_ACTS = re.compile(r"\s+(?:(?:has|have|had|was|were|is|are|will|would|also|then|later|finally|again|quietly)\s+)*"
                   r"(?:(?:said|says|told\s+\w+)\s+(?:that\s+)?(?:it|he|she|they|we)\s|(?!said\b|says\b|told\b)"
                   r"[a-z]+(?:ed|s)\b|(?:met|won|got|made|left|reached|agreed|signed|came|went|began|sold|bought|"
                   r"struck|took|gave|set|cut|held|kept|paid|put)\b)")

# "Acme Corp said it reached agreement after", "Lund said he would talk to": the speaker telling its own act.
_SAID_OWN_ACT = re.compile(r"\s+(?:said|says)\s+(?:that\s+)?(?P<p>it|he|she)\s+(?:[\w'-]+\s+){1,10}?$")
SAID_WORDS = Needles("said", "says")
_SAID_OWN_VERB = re.compile(r"\s+(?:said|says)\s+(?:that\s+)?(?P<p>it|he|she)\s+(?:[\w'-]+\s+){0,4}?$")


def own_speaker(sent: str, masked: str, at: int, known: list[Mention], near: bool = False) -> list[Mention]:
    """"X said it/he <does> ... <at>": X, when its kind fits the pronoun (a person for "he"/"she"); `near`: at most
    four words between the pronoun and `at` ("Lund said he would then talk to"), else ten."""
    own = (_SAID_OWN_VERB if near else _SAID_OWN_ACT).search(masked, max(0, at - 120), at)
    return _speaker_of(sent, masked, own, known) if own else []


def _speaker_of(sent: str, masked: str, own: re.Match, known: list[Mention]) -> list[Mention]:
    """The one named before "said" in a match of _SAID_OWN_ACT/_SAID_OWN_VERB, when its kind fits the pronoun."""
    said = chain(sent, *subject_slot(masked, own.start()), known, forward=False)
    person = own.group("p").lower() in ("he", "she")
    return [m for m in said if (m.kind == "person") == person][-1:]


def after_talks_subject(sent: str, masked: str, start: int, end: int, known: list[Mention]) -> list[Mention]:
    """"X <acted> after/following (N months of) talks with Y": the actors opening the clause, when a verb follows
    them; [] otherwise."""
    if not _WITH_AFTER.match(masked, end):
        return []
    timed = _AFTER_TALKS.search(masked, max(0, start - 60), start)
    if timed is None:
        return []
    own = _SAID_OWN_ACT.search(masked, max(0, timed.start() - 120), timed.start())
    if own:
        return _speaker_of(sent, masked, own, known)  # "Acme Corp said it reached agreement after talks"
    lo = subject_slot(masked, timed.start())[0]
    subj = chain(sent, lo, timed.start(), known, forward=True)
    if not subj or sent[lo : subj[0].start].strip() or not _ACTS.match(masked, subj[-1].end):
        return []
    return subj


# "After a two-hour meeting, Acme Corp said", "Following talks with Holm Inc, Orvik Corp agreed": a meeting phrase
# opening the sentence, and the subject of the clause after its comma, who acted at or after it, took part.
_FRONTED = re.compile(r"^\W*(?:After|Following|At|During)\s+(?:[\w'’-]+\s+){0,5}$")
_FRONT_END = re.compile(r"[^,;:()\"“”]{0,100}?,\s*")
_THE_ONLY = re.compile(r"(?:[Tt]he\s+)?")
_CLAUSE_VERB = re.compile(r"\s*\b(?:said|says|told|added|agreed|decided|announced|signed|reached)\b")


def fronted_subject(sent: str, masked: str, start: int, end: int, known: list[Mention]) -> list[Mention]:
    """The subject of the clause after a meeting phrase opening the sentence ("After talks with Y, X said"), when
    it names the clause's first words (after "the") and its verb follows within six lower-case words; [] otherwise."""
    front = _FRONT_END.match(masked, end) if _FRONTED.match(masked, 0, start) else None
    if front is None:
        return []
    subj = chain(sent, front.end(), min(len(masked), front.end() + 120), known, forward=True)
    if not subj or not _THE_ONLY.fullmatch(sent, front.end(), subj[0].start):
        return []
    verb = _CLAUSE_VERB.search(masked, subj[-1].end, subj[-1].end + 60)
    between = masked[subj[-1].end : verb.start()] if verb else ""
    return subj if verb and not _CAPITAL.search(between) and len(between.split()) <= 6 else []


def noun_subjects(sent: str, masked: str, start: int, end: int, subj: list[Mention], known: list[Mention],
                   hold: bool) -> list[Mention]:
    """Who takes part in the meeting a noun at [start, end) names, besides a subject holding it (`subj`): the body
    speaking of its talks with another or of its own meeting, the body named before the noun, or who addresses it."""
    said = SAID_OWN.search(masked, max(0, start - 40), start) if not hold else None
    if said and _WITH_AFTER.match(masked, end):  # "Orvik Corp said merger talks with Holm": its own talks
        subj = _bodies(chain(sent, *subject_slot(masked, said.start()), known, forward=False), known)
    owner = SAID_ITS.search(masked, max(0, start - 90), start)
    if not owner and not subj:
        # "said ... after a meeting of its board", "Orvik Corp said it will ask shareholders at the May 7 annual
        # meeting": a company's own board or holders' meeting
        said = _SAID_LAST.search(masked, max(0, start - 150), start)
        own_kind = said and (_OF_ITS.match(masked, end) or _holders_meeting_at(masked, start, said.end()))
        owner = said if own_kind else None
    if owner and not subj:  # "Orvik Corp said it will hold its annual meeting": the body's own meeting
        subj = _bodies(chain(sent, *subject_slot(masked, owner.start()), known, forward=False), known)
    own = owner_span(masked, start)
    if own:  # "the OPEC conference", "an IMF board meeting": the body whose meeting it is, and no other's
        subj += [replace(m, owner_of=start) for m in chain(sent, *own, known + subj, forward=False)
                 if m.kind == "organization" and _names_a_body(m.name)]
    after = SPOKE_AFTER.search(masked, max(0, start - 90), start) if not hold and not subj else None
    if after:  # "Kato told reporters after a cabinet meeting": the speaker (named right before) was in it
        subj = [m for m in chain(sent, *subject_slot(masked, after.start() + 1), known, forward=False)
                if not _CAPITAL.search(masked, m.end, after.start())]
    if not hold and not subj:
        subj = after_talks_subject(sent, masked, start, end, known) or fronted_subject(sent, masked, start, end, known)
    told = TOLD.search(masked, max(0, start - 60), start) if not hold else None
    if told:  # "Rene Lamy told last year's annual meeting": the speaker (named right before "told") addresses it
        subj = [m for m in chain(sent, *subject_slot(masked, told.start()), known, forward=False)
                if not _CAPITAL.search(masked, m.end, told.start())]
    return subj


def _names_a_body(name: str) -> bool:
    """An acronym or a name holding a body's word, of no legislature: not "Louvre", "Peking", "Bank" alone (which bank
    is told before), "House Agriculture Committee"."""
    words = name.split()
    return (acronym(name) or len(words) > 1 and any(w in ORG_WORDS for w in words)) and not LEGISLATURE.search(name)


def _bodies(found: list[Mention], known: list[Mention]) -> list[Mention]:
    """The organisations and countries among `found` that overlap no one already known ("Central Bank President
    Jose Luis Machinea" holds a person)."""
    return [m for m in found if m.kind != "person" and not any(k is not m and k.start < m.end and m.start < k.end
                                                              for k in known)]


def holders_meeting_of(masked: str, end: int, at: int) -> bool:
    """Whether the meeting noun at `at` is a company's holders' meeting ("the May 7 annual meeting") that the body
    named up to `end` speaks of right after ("Orvik Corp said ..."), so its own."""
    said = re.match(r"\s*,?\s*(?:said|says)\b", masked[end:at]) if at - end < 150 else None
    return said is not None and _SAID_LAST.search(masked, end, at) is not None and _holders_meeting_at(
        masked, at, end + said.end())
