"""PatternMeetingExtractor: builds one article's meeting events from titled names and meeting phrases."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Protocol

import numpy as np

from bot.meetings import actors, broad, frames, groups, offices, owners, scene, spoken, wide
from bot.meetings.bodies import Bodies, speaker_company
from bot.meetings.cast import Cast, set_sides
from bot.meetings.dates import resolve
from bot.meetings.drafts import Drafts, fits, kind_of
from bot.meetings.geo import is_place_name
from bot.meetings.people import Mention
from bot.meetings.records import MeetingEvent
from bot.records import Article
from bot.text.sentences import sentences

if TYPE_CHECKING:
    from bot.meetings.detect import MeetingSentenceDetector


class MeetingExtractor(Protocol):
    """One article's meeting events, each field cited; `name` keys the per-article event cache."""

    name: str

    def extract(self, article: Article) -> list[MeetingEvent]: ...


_OF_UNDER = re.compile(r"\b(?:of|under)\s+$")  # "the administration of Joe Biden": not an actor
_PEER = re.compile(r"\s*(?:with\s+)?(?:their|its|his|her)\s+(?:(?P<dem>[A-Z][\w.]*(?:\s[A-Z]\w+)?)\s+)?counterparts?\b")
_THEY = re.compile(r"^\s*They\b")
# "The two companies had been holding talks", "both sides will meet": two parties named before, of this kind.
_THE_TWO = re.compile(r"\s*(?:the\s+two|both)\s+(?P<what>companies|firms|groups|banks|sides|countries|nations|"
                      r"governments|men|leaders)\s*", re.I)
_TWO_WORDS = frames.Needles("two", "both")
_TWO_KINDS = {"companies": ("organization",), "firms": ("organization",), "groups": ("organization",),
              "banks": ("organization",), "sides": ("organization", "country", "group"),
              "countries": ("country",), "nations": ("country",), "governments": ("country",),
              "men": ("person",), "leaders": ("person",)}
_THEY_ANY = re.compile(r"^\s*(?:They|they)\b")
# "The company said it is in talks with", "The union is negotiating with", "It said it was talking with": a body named
# before, whose name fits the word.
_BODY_WORD = r"\s*(?:(?i:the)\s+(?P<what>company|firm|bank|union)|(?P<it>It))"
_THE_BODY = re.compile(_BODY_WORD + r"\s*")
# "It said it was talking with": the subject slot that "said it" leaves empty.
_IT_SAID_IT = re.compile(_BODY_WORD + r"\s+(?:said|says)\s+(?:that\s+)?it\s+(?:[\w'’-]+\s+){0,3}$")
_BODY_WORDS = frames.Needles("company", "firm", "bank", "union", "it")
_BODY_FITS = {"company": actors.LEGAL_FORMS, "firm": actors.LEGAL_FORMS, "it": actors.LEGAL_FORMS,
              "bank": {"Bank", "Banco", "Banque", "Bancorp", "Bankers"},
              "union": {"Union", "Workers", "Association", "Federation", "Brotherhood", "Teamsters", "Guild"}}
# "met with", and across an adverbial: "met several times with", "met privately with", "talked briefly with".
_OBJ_LEAD = re.compile(r"\s*(?:(?:(?:several|many|two|three|four|five|\d+)\s+times|twice|once|again|privately|"
                       r"briefly|separately|secretly|regularly|repeatedly|frequently|informally|directly|also|"
                       r"later|earlier|recently|face\s+to\s+face|in\s+(?:private|person|secret)|" + frames.TIME_ADVERB +
                       r")\s+(?=with\b))?"
                       r"(?:with|between|by)?\s*")
_CAP_NEXT = re.compile(r"\s*[A-Z]")
_OBJ_END = re.compile(r"\s(?:in|on|at|to|for|from|next|last|this|who|which|where|said|after|before|amid|as|via|during|"
                      r"until|since|were|was|is|are|will|would|has|have|had)\s|;|\.$|,\s+(?:the\s+)?\w+\s+(?:said|told)")
_TWO_WITH = re.compile(r"\s*with\s+(\S.*?)\s+and\s+(\S.*?)\s+with\s+")
# A visit goes to a named place or party: a capitalised word within nine words of the verb, in the same clause.
_NAMED_NEXT = re.compile(r"(?:\s*(?!(?:said|says|told|that|which|who|where|when|while|because|but|if)\b)"
                         r"(?:[a-z0-9][\w'-]*|[-`'\"“”]+)){0,9}\s*[`'\"“]*\s*[A-Z]")
# "Special Branch officers": a name before a plural noun of people is a body's, not one person's.
_PLURAL_NEXT = re.compile(r"\s+(?:" + "|".join(sorted(actors.GROUP | {"officers", "agents", "troops", "members",
                                                                      "staff", "workers", "forces", "police"}))
                          + r")\b")
_GOING = re.compile(r"visit|travel|arriv", re.I)
_THE_END = re.compile(r"\bthe\s+$", re.I)  # an untitled name right after "the" names a thing, not a person


# "..., and the king met": a clause of its own whose subject is a common noun, not anyone named before it.
_NOUN_SUBJECT = re.compile(r"(?:,\s*(?:and|but|while|then)\s+|^\s*)(?:the|a|an)\s+(?:[a-z][\w-]*\s+){0,2}"
                           r"[a-z][\w-]*[^s\W]\s*$")


_NAMES_FROM = re.compile(r"[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|of|and|the|,)(?=\s*[A-Z,]))*(?:\s+[A-Z][\w.'’-]*)?")
_CAP_RUN = re.compile(r"[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)*")
_CALENDAR = re.compile(r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
                       r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")
_CLAUSE_END = re.compile(r"[;:]|\b(?:said|says|told|while|but|who|which)\b")


def _places_only(masked: str, at: int, person: Callable[[str], bool]) -> bool:
    """Whether a visit's destination from `at` on ("Tehran", "Oslo and Bergen") and every other capitalised word
    of its clause are places or dates, none a name `person` knows (a town may share a surname): a trip on which
    no one is met."""
    m = _NAMES_FROM.match(masked, at)
    parts = [p.strip() for p in re.split(r",|\band\b", m.group(0))] if m else []
    if not parts or not all(p and is_place_name(p) and not person(p) for p in parts):
        return False
    end = _CLAUSE_END.search(masked, m.end())
    rest = _CAP_RUN.findall(masked, m.end(), end.start() if end else len(masked))
    return all(_CALENDAR.match(r) or (is_place_name(r) and not person(r)) for r in rest)


def _speaks(masked: str, p: Mention, at: int) -> bool:
    """Whether p, named before the meeting phrase at `at`, is not its subject: p only reports it ("X said Y met
    Z"), or the phrase's verb has a subject of its own after p ("X phoned him, and the king met Z")."""
    if p.end > at:
        return False
    body = p.kind != "person"
    if body and at - p.end < 60 and owners.SAID_OWN.match(masked, p.end, at) and frames.WITH_NEXT.match(masked, at):
        return False  # "Orvik Corp said merger talks with Holm Inc": the body's own talks
    if at - p.end < 90 and owners.SPOKE_AFTER.match(masked, p.end, at):
        return False  # "X told reporters after the meeting": X was in it
    if body and owners.holders_meeting_of(masked, p.end, at):
        return False  # "Orvik Corp said it will ask shareholders at the annual meeting": its own holders' meeting
    if frames.speech_before(masked, p.end, at) or frames.speaker(masked, p.end, at, body=body):
        return True
    aside = actors.aside_before(masked, at)
    if aside is not None and p.start > aside:
        return True  # "X, a top adviser to Y, met": Y only says who X is
    lo, hi = actors.subject_slot(masked, at)
    noun = _NOUN_SUBJECT.search(masked, lo, hi) if lo < hi else None
    return bool(noun) and p.end <= noun.start()


def _object_before(masked: str, p: Mention, triggers: list[re.Match], ends: list[int], t: re.Match) -> bool:
    """Whether p is the object of a meeting phrase before `t` ("suspending discussions with X in order to pursue
    talks with Y": X is in the first, not a side of the second); `ends` are the triggers' ends, in order. Only the
    phrase ending last before p can have p right after it."""
    k = bisect_right(ends, p.start) - 1
    return k >= 0 and triggers[k].start() < t.start() and _OBJ_LEAD.fullmatch(masked, ends[k], p.start) is not None


def _own_clause(masked: str, subj: list[Mention], at: int) -> list[Mention]:
    """The subjects named in the clause of the verb at `at` when it names any: "four months after President Obama took
    office, when Dennis Ross met": Obama is in another clause."""
    lo, hi = actors.subject_slot(masked, at)
    inside = [p for p in subj if p.start >= lo or re.search(rf"\b{re.escape(p.name.split()[-1])}\b", masked[lo:hi])]
    if not inside or len(inside) == len(subj) or _HE_SHE.search(masked, lo, hi):
        return subj  # "X said she and Y had talks": "she" is X
    return inside


_JOINED = re.compile(r"(?:\s|,|\band\b|\bthe\b)*")  # what lies between names of one list of subjects
_TIMED_BY = re.compile(r"\b(?:before|after|ahead\s+of|following|prior\s+to)\s+(?:the|a|an|this|last|next|its|their)\s+"
                       r"(?:[\w'’.-]+\s+){0,6}$", re.I)
def _in_definite(masked: str, subj: list[Mention], at: int) -> list[Mention]:
    """Who of `subj` takes part in the definite meeting at `at` ("the annual meeting"), which may otherwise be one
    told before: who addresses it ("X told the annual meeting"), holds or attends it ("Iran and the EC will hold the
    talks"), the body telling of its own ("Orvik Corp said its board meeting") or named in it ("the OPEC meeting")."""
    own = owners.owner_span(masked, at)
    held = [q for q in subj if owners.HELD_BY.match(masked, q.end, at)]

    def takes_part(p: Mention) -> bool:
        if at - p.end >= 120:
            return False
        joined = bool(held) and _JOINED.fullmatch(masked, p.end, held[-1].start) is not None  # "Iran and the EC"
        if owners.TOLD.match(masked, p.end, at) or owners.SPOKE_AFTER.match(masked, p.end, at) or p in held or joined:
            return True
        if p.kind != "person" and (owners.SAID_ITS.match(masked, p.end, at) or owners.holders_meeting_of(
                masked, p.end, at)):
            return True
        return bool(own) and p.kind == "organization" and own[0] <= p.start and p.end <= own[1]

    return [p for p in subj if takes_part(p)]


_HE_SHE = re.compile(r"\b(?:he|she|they|we|I)\b")


_LEAD_HE = re.compile(r"^\s*(?P<p>He|She)\b")  # a sentence opening with a pronoun subject
# "..., he told a conference sponsored by": a pronoun addressing the meeting after what was said (owners.TOLD).
_BARE_THE = re.compile(r"\s+(?:told|tells|addressed|addresses)\s+the\s+")
_HE_TOLD = re.compile(r"(?:[,;]\s*|\band\s+)(?P<p>he|she)(?=\s+(?:told|tells|addressed|addresses)\s)")
_VIEW_WORD = re.compile(r"\b(?:said|says|say|added|adds|noted|expressed|declined|urged|urges|hoped|hopes|expects?|"
                        r"expected|predicted|believes?|warned|stressed|denied|called|not|n['’]t|whether|if|would|"
                        r"could|might|should|wants?|wanted|asked|questioned|criticized|criticised|welcomed|"
                        r"suggested|proposed|recommended|pointed|explained|argued|insisted|indicated|announced|that)\b")
# "Senator X said ...", "X told reporters ...": the person just named is the one speaking.
_SPEAKS = re.compile(r"\s*,?\s*(?:said|says|told|tells|added|stated|announced|recalled)\b")
# "X said progress was being made in talks with": a clause of its own after the speech verb, whose subject is no
# pronoun ("X said it is in talks with" is X's own talks), tells of others' meeting.
_REPORTED = re.compile(r"\s*,?\s*(?:said|says|told\s+\w+|added|stated|announced)\s+(?:that\s+)?"
                       r"(?!(?:he|she|it|they|we|his|her|its|their)\b)[^,;]*?\b(?:is|are|was|were|has|have|had|"
                       r"will|would|could|should|may|might|can|been)\b")
_OWNED_BEFORE = re.compile(r"[A-Z][\w.-]*['’]s?\s+(?:[a-z][\w-]*\s+){0,2}$")  # "Y's (planned) trip"


def _verb_at(masked: str, t: re.Match) -> int:
    """Where the verb of a meeting phrase's subject stands: the phrase itself, or the verb holding its noun ("held
    talks", "is in talks")."""
    hold = actors.HOLD.search(masked, max(0, t.start() - 60), t.start()) if not t.group("verb") else None
    return hold.start() if hold else t.start()


class PatternMeetingExtractor:
    """Patterns over titles and capitalised names; given `encode` (sentence texts -> embeddings of the index model),
    also the broad path: a sentence with a meeting word that the patterns read no event from, whose learned gate
    (detect.py's score + broad.py's features) passes, gives a meeting of the names in the word's clause."""

    def __init__(self, encode: broad.Encoder | None = None, detector: MeetingSentenceDetector | None = None,
                 gate: broad.BroadGate | None = None):
        self.encode = encode
        if encode is not None:
            from bot.meetings.detect import MeetingSentenceDetector

            detector = detector or MeetingSentenceDetector.load()
            gate = gate or broad.BroadGate.load()
        self.detector, self.gate = detector, gate
        self.name = "pattern+broad" if encode is not None else "pattern"

    def extract(self, article: Article) -> list[MeetingEvent]:
        return _ArticleReader(article, self).run()

    def admit(self, sentence: str, features) -> bool:
        """Whether the gate passes a broad-path sentence with these broad.GATE_FEATURES."""
        return self.gate.passes(features)

    def reachable(self, texts: list[str], masked: list[str], triggers: list[re.Match], who: list[list[Mention]],
                  patterns: np.ndarray) -> list[bool]:
        """Whether each broad-path sentence could pass the gate with the best embedding there is, read from its
        pattern features (`patterns`, their detect.pattern_matrix) alone: those that cannot are never embedded (the
        same events, fewer model calls)."""
        bounds = self.detector.logit_bounds(patterns)
        return [self.gate.may_pass(broad.gate_features(m, 1.0 / (1.0 + np.exp(-min(b, 40.0))), t, w))
                for m, t, w, b in zip(masked, triggers, who, bounds, strict=True)]

    def probabilities(self, texts: list[str], patterns: np.ndarray | None = None) -> list[float]:
        """The detector's meeting probability of each sentence (one encode call for them all); `patterns` are
        their detect.pattern_matrix rows when already read."""
        if self.encode is None or not texts:
            return []
        return self.detector.scores(texts, self.encode(texts), patterns).tolist()


class _ArticleReader:
    def __init__(self, article: Article, extractor: PatternMeetingExtractor | None = None):
        self.a = article
        self.x = extractor if extractor is not None and extractor.encode is not None else None
        self.pending: list[tuple[str, str, re.Match, list[Mention]]] = []  # broad-path sentences awaiting the gate
        self.cast = Cast()  # everyone named so far, for "Blinken" and "the U.S. secretaries"
        self.bodies = Bodies()  # the companies named so far, for "Standard Oil" after "Standard Oil Co"
        self.drafts = Drafts(article, self.cast)
        self.prev: list[Mention] = []
        self.told: list[tuple[str, list[Mention]]] = []  # earlier sentences and their people, for "she"
        self._ends: list[int] = []  # the ends of the current sentence's meeting phrases, in order
        self._resolved_two: dict[str, tuple[str, str]] = {}  # "the two companies" read in the current phrase
        self.debates: list[MeetingEvent] = []  # the debates read so far, for "the debate" in a later sentence

    def run(self) -> list[MeetingEvent]:
        for sent in sentences(self.a.text):
            self._sentence(sent)
        self._broad()
        self._dateline()
        return self.drafts.finish()

    def _dateline(self) -> None:
        """"BRUSSELS (Reuters) -": the place of the events whose sentences name none, cited to the dateline."""
        found = wide.dateline(self.a.text) if any(e.place is None for e in self.drafts.events) else None
        for ev in self.drafts.events if found else ():
            if ev.place is None:
                ev.place = found[0]
                self.drafts.cite(ev, "place", found[1])

    def _sentence(self, sent: str) -> None:
        masked = frames.mask_tickers(frames.mask_quotes(sent))
        people = [p for p in self.cast.read(sent) if not p.possessive and not frames.ends_with(
            _OF_UNDER, 5, sent, 0, p.start)]  # as _OF_UNDER.search(sent, 0, p.start), reading only the words before
        set_sides(sent, people)
        self.cast.settle()  # the sentence's people are final: later look-ups use the index
        found = frames.triggers(masked)
        triggers = [t for t in found if not wide.negated(masked, t.start())]
        self._ends = [t.end() for t in triggers]
        cites, named = self.drafts.cites, self.drafts.named
        read = self._actors(sent, masked, people, [(t.start(), t.end(), not t.group("verb")) for t in triggers])
        people = [p for p in read if p.owner_of is None]  # "the OPEC meeting" names OPEC for that phrase alone
        lead = self._lead_pronoun(sent, masked, people, triggers)
        # "he" is the subject of the first meeting phrase only, not of one in a clause after it.
        for n, t in enumerate(triggers):
            own = [p for p in read if p.owner_of in (None, t.start())]
            self._resolved_two = {}
            ev = self._trigger(sent, masked, t, [lead[0], *own] if lead and n == 0 else own, triggers)
            if ev is not None and self._resolved_two:  # "the two companies": cite the sentence naming them
                self._mark_resolved(ev, self._resolved_two)
        if lead and self.drafts.cited_by[0] == sent:  # the events that took in "he" cite the sentence naming him
            for ev in list(self.drafts.cited_by[1].values()):
                self._mark_resolved(ev, lead[1])
        if not triggers and not self._weak(sent, masked, people):
            self._no_trigger(sent, masked, people)
        last = self.drafts.last_cited
        if (self.drafts.cites == cites or len(last.participants) < 2) and wide.WIDE.search(masked):
            self._wide(sent, masked, people, None if self.drafts.cites == cites else last)
        last = self.drafts.last_cited
        if self.drafts.named == named or len(last.participants) < 2:
            self._groups(sent, masked, people, None if self.drafts.named == named else last)
        if self.drafts.cites == cites or not self.drafts.last_cited.participants:
            self._spoken(sent, masked, people)
        if self.drafts.cites == cites and self.x is not None and len(triggers) == len(found):
            self._broad_candidate(sent, masked, people)  # not when the sentence denies or only seeks a meeting
        self.prev = people or self.prev
        self.told.append((sent, people))
        self.bodies.learn(sent)

    def _wide(self, sent: str, masked: str, people: list[Mention], lone: MeetingEvent | None) -> None:
        """Meetings told by a verb phrase the trigger path read no event from ("she had met with X"), or read one
        with fewer than two participants (`lone`, which the phrase's people then join)."""
        empty = lone is not None and not lone.participants
        for f in wide.find(sent, masked, people, lambda word, at: self._pronoun(sent, people, at), not empty):
            status = frames.status_near(masked, f.match.start(), f.match.end())
            if lone is not None and lone.participants and f.match.group("alone"):
                continue  # "A is to meet in X, while B was set to convene": B's is another meeting
            if lone is not None:
                self.drafts.add_people(lone, f.who, sent)
                ev = lone
            else:
                ev = self.drafts.pair(f.who, f.kind, sent, masked, f.match, status, [])
            self.cast.people += [m for m in f.who if m.kind == "person" and " " in m.name and m not in people]
            self._mark_resolved(ev, f.resolved)

    def _lead_pronoun(self, sent: str, masked: str, people: list[Mention], triggers: list[re.Match]):
        """"He told a meeting of X", "She arrived for talks with Y", "..., he told a conference": the person a
        sentence-opening "he"/"she", or one addressing the meeting, stands for (named in the sentences before), as a
        mention at the pronoun, when no one is named before the meeting word; with {name: (pronoun, sentence naming
        them)}."""
        lead = _LEAD_HE.match(masked) if triggers else None
        mid = False
        if lead is None and triggers:  # "..., he told a conference": not "he told the conference", which may be the
            # press conference told before
            told = owners.TOLD.search(masked, max(0, triggers[0].start() - 60), triggers[0].start())
            lead = _HE_TOLD.search(masked, max(0, told.start() - 8), told.end()) if told else None
            lead = lead if lead and lead.end() == told.start() and not _BARE_THE.fullmatch(told.group(0)) else None
            mid = lead is not None
        if lead is None or any(p.start < triggers[0].start() for p in people):
            return None
        if _VIEW_WORD.search(masked, lead.end(), triggers[0].start()):
            return None  # "He said the party met", "He urged talks": his words on a meeting, not his meeting
        named = self._pronoun(sent, [], lead.end(), first=True, titled=mid)  # "..., he told": the first with a role
        if named is None:
            return None
        person = named[0]
        mention = Mention(person.name, lead.start("p"), lead.end("p"), person.role, person.country, surface=None)
        return mention, {person.name: (lead.group("p").lower(), named[1])}

    def _mark_resolved(self, ev: MeetingEvent, resolved: dict[str, tuple[str, str]]) -> None:
        """Participants read from "he"/"she" record the pronoun, and the event cites the sentence naming them."""
        for p in ev.participants:
            if p.name in resolved:
                p.resolved_from = resolved[p.name][0]
                self.drafts.cite(ev, "participants", resolved[p.name][1])

    def _groups(self, sent: str, masked: str, people: list[Mention], lone: MeetingEvent | None) -> None:
        """Meetings told by a noun phrase or a group that neither the trigger nor the verb path read an event with
        people from ("the IAEA's visit to Iran", "six-party talks", "experts at a conference", "the members have
        gathered"), or read one with a single participant (`lone`, which the phrase's other people then join)."""
        for f in groups.find(sent, masked, people):
            if lone is not None:
                have = [p.name for p in lone.participants]
                self.drafts.add_people(lone, [m for m in f.who if not any(n in m.name for n in have)], sent)
                continue
            status = frames.status_near(masked, f.match.start(), f.match.end())
            self.drafts.pair(f.who, f.kind, sent, masked, f.match, status, [])

    def _spoken(self, sent: str, masked: str, people: list[Mention]) -> None:
        """Interviews, statements to outlets, speeches to bodies and debates (spoken.py); "the debate" after a debate
        was read cites that debate."""
        pronoun = lambda word, at: self._pronoun(sent, people, at)  # noqa: E731
        found = spoken.interviews(sent, masked, people, pronoun)
        told = spoken.told_outlets(sent, masked, people, pronoun, self.a.source)
        told += spoken.told_bodies(sent, masked, people, pronoun)
        found += [f for f in told if not any(g.match.start() <= f.match.start() < g.match.end() for g in found)]
        found += spoken.debates(sent, masked, people, self.cast.surname, pronoun)
        for f in found:
            status = spoken.status(f, masked, frames.status_near(masked, f.match.start(), f.match.end()))
            ev = self.drafts.pair(f.who, f.kind, sent, masked, f.match, status, [])
            if f.kind == "debate" and ev not in self.debates:
                self.debates.append(ev)
            self._mark_resolved(ev, f.resolved)
        back = spoken.back_reference(masked) if self.debates and not found else None
        if back:
            self.drafts.cite(self.debates[-1], "event", sent)

    def _broad_candidate(self, sent: str, masked: str, people: list[Mention]) -> None:
        """Keep a sentence with a meeting word, told as happening, and a name in its clause for the broad path."""
        t = broad.candidate(masked)
        if t is None or broad.not_held(masked, t.start()):
            return
        who = broad.participants(sent, masked, t, people)
        if who:
            self.pending.append((sent, masked, t, who))

    def _broad(self) -> None:
        """The learned-gated path, once per article: the kept sentences are embedded and scored together, and each
        the gate passes gives a meeting of the names in its meeting word's clause."""
        if not self.pending:
            return
        from bot.meetings.detect import pattern_matrix

        patterns = pattern_matrix([p[0] for p in self.pending])  # read once: for the bound, then the scores
        may = self.x.reachable(*(list(col) for col in zip(*self.pending, strict=True)), patterns)
        self.pending = [p for p, ok in zip(self.pending, may, strict=True) if ok]
        probs = self.x.probabilities([p[0] for p in self.pending], patterns[np.flatnonzero(may)])
        for (sent, masked, t, who), prob in zip(self.pending, probs, strict=True):
            if not self.x.admit(sent, broad.gate_features(masked, prob, t, who)):
                continue
            talks = t.group("talk") or t.group("negotiate")
            kind = "interview" if t.group("interview") else "talks" if talks else "meeting"
            self.drafts.pair(who, kind, sent, masked, t, frames.status_near(masked, t.start(), t.end()), [])

    def _pronoun(self, sent: str, people: list[Mention], at: int, first: bool = False,
                 titled: bool = False) -> tuple[Mention, str] | None:
        """The person "he"/"she" at `at` stands for: the nearest named before it, in this sentence or the five
        before (with the sentence that names them); with `first`, the first named in the nearest sentence naming
        anyone (a sentence-opening "He" is mostly the subject before), and with `titled` too the first there the
        article gave a role, if any ("resources analyst X", not "Bass Straits")."""
        here = [p for p in people if p.kind == "person" and p.end <= at]
        if here:
            return here[-1], sent
        for before, taken in reversed(self.told[-5:]):
            named = [m for m in actors.all_actors(before, taken) if m.kind == "person" and not m.possessive
                     and not _PLURAL_NEXT.match(before, m.end)  # "Special Branch officers" are no one person
                     and not (m.role is None and _THE_END.search(before, max(0, m.start - 5), m.start))]  # "the X Y"
            if titled and any(m.role for m in named):
                named = [m for m in named if m.role]
            for m in named if first else reversed(named):  # a one-word name only when titled, or the surname of
                # someone named in full
                full = m if " " in m.name or m.role else self.cast.surname(m.name)
                if full:
                    return full, before
        return None

    def _the_two(self, masked: str, t: re.Match) -> list[Mention]:
        """"The two companies held talks": the last two parties of that kind named together in one of the three
        sentences before, when the meeting phrase's subject is "the two ..." or "both ..."; [] otherwise."""
        if not _TWO_WORDS.may_match(masked):
            return []  # most sentences: no subject slot to read
        lo, hi = actors.subject_slot(masked, _verb_at(masked, t))
        two = _THE_TWO.fullmatch(masked, lo, hi) if hi - lo < 40 else None
        if two is None:
            return []
        kinds = _TWO_KINDS[two.group("what").lower()]
        for before, taken in reversed(self.told[-3:]):
            named = list({m.name: m for m in actors.all_actors(frames.mask_tickers(before), taken)
                          if m.kind in kinds and not m.possessive}.values())
            if len(named) >= 2:
                self._resolved_two = {m.name: (two.group(0).strip().lower(), before) for m in named[-2:]}
                return [replace(m, start=lo, end=lo, surface=None) for m in named[-2:]]
        return []

    def _the_body(self, masked: str, t: re.Match) -> list[Mention]:
        """"The company said it is in talks with Y": the first organisation whose name fits the word ("Orvik Corp"
        for "the company" or "It", "X Workers Union" for "the union") in the story's first sentence (for a company,
        the one the story is about) or else the nearest of the three sentences before that names one, when the meeting
        phrase's subject is that word alone; [] otherwise."""
        if not _BODY_WORDS.may_match(masked):
            return []
        at = _verb_at(masked, t)
        lo, hi = actors.subject_slot(masked, at)
        body = _THE_BODY.fullmatch(masked, lo, hi) if hi - lo < 20 else None
        if body is None and lo == hi and t.start() < 60:
            body = _IT_SAID_IT.fullmatch(masked, 0, at)
        if body is None:
            return []
        word = (body.group("what") or "it").lower()
        lede = self.told[:1] if word in ("company", "firm", "it") else []  # the company the story is about
        for before, taken in [*lede, *reversed(self.told[-3:])]:
            fits = [m for m in actors.all_actors(frames.mask_tickers(before), taken) if m.kind == "organization"
                    and not m.possessive and _BODY_FITS[word] & set(m.name.replace(",", " ").split())]
            if fits:
                self._resolved_two = {fits[0].name: (f"the {word}" if word != "it" else "it", before)}
                return [replace(fits[0], start=lo, end=lo, surface=None)]
        return []

    def _said_own(self, sent: str, masked: str, t: re.Match, people: list[Mention]) -> list[Mention]:
        """"Lund said he would talk to producers", "Orvik Corp said it is still talking with": the speaker, when the
        phrase's subject is the pronoun right after "said"."""
        if not owners.SAID_WORDS.may_match(masked):
            return []
        return owners.own_speaker(sent, masked, _verb_at(masked, t), people, near=True)

    def _trigger(self, sent, masked, t, people, triggers) -> MeetingEvent | None:
        after = masked[t.end() :]
        definite = frames.definite_before(masked, t.start()) and not t.group("verb")
        kind = kind_of(t)
        objs = self._objects(after, t.end(), people, t.group(0).lower().endswith((" with", " to")))
        told = owners.TOLD.search(masked, max(0, t.start() - 60), t.start()) if not t.group("verb") else None
        if objs and told and not _OBJ_LEAD.match(after).group(0).strip():
            objs = []  # "X told the annual meeting Orvik expected ...": the speech's own subject follows
        office = offices.office_at(sent, t.end()) if not objs and t.group("verb") else None
        objs = [office] if office else objs  # "met the Prime Minister of Ruritania": a person named by office
        status = frames.status_near(masked, t.start(), t.end())
        if told and told.group(0).split()[0] in ("told", "addressed"):
            status = "held"  # "X told the meeting the company will ...": the speech was made, whatever it planned
        elif not t.group("verb") and owners.SPOKE_AFTER.search(masked, max(0, t.start() - 90), t.start()):
            status = "held"  # "X told reporters after the meeting": it is over
        opener = [] if definite or any(p.end <= t.start() for p in people) else scene.new_scene_subject(
            sent, masked, t, people)
        if opener:  # "In a meeting with exporters, Lund refused ...": Lund met them
            ev = self.drafts.reference(sent, masked, t, kind, status, False)
            self.drafts.add_people(ev, opener + [m for g in objs for m in (g if isinstance(g, list) else [g])], sent)
            return ev
        peer = _PEER.match(after)
        if peer and not objs:  # "to meet their Japanese counterparts": a group meeting with unnamed people
            subj = [p for p in people if p.end <= t.start()] or (list(self.prev) if _THEY.match(masked) else [])
            ev = self.drafts.reference(sent, masked, t, kind, status, definite)
            self.drafts.add_people(ev, subj, sent)
            if peer.group("dem") and frames.country_word(peer.group("dem")):
                ev.evidence["area"].add(frames.country_word(peer.group("dem")))
            return ev
        if objs and definite:
            subj = _own_clause(masked, [p for p in people if p.end <= t.start() and not _speaks(
                masked, p, t.start())], t.start())
            ev = self.drafts.reference(sent, masked, t, kind, status, definite)
            flat = [m for g in objs for m in (g if isinstance(g, list) else [g])]
            if ev is not None:
                self.drafts.add_people(ev, subj[:1] + flat, sent)
            return ev
        if objs:
            subj = _own_clause(masked, [p for p in people if p.end <= t.start() and p not in objs and not _speaks(
                masked, p, t.start()) and not _object_before(masked, p, triggers, self._ends, t)], t.start())
            if all(isinstance(o, Mention) and o.kind == "group" for o in objs):  # "X said progress was made in talks
                # with banks": the speaker is no party (read near the phrase only, so long lines stay linear)
                subj = [p for p in subj if t.start() - p.end > 200 or not _REPORTED.match(masked, p.end, t.start())]
            if _THEY_ANY.match(masked) and not subj:
                subj = list(self.prev)
            subj = subj or self._the_two(masked, t) or self._the_body(masked, t) or self._said_own(sent, masked, t,
                                                                                                  people)
            if not subj and any(o.kind == "person" for g in objs for o in (g if isinstance(g, list) else [g])):
                subj = [p for p in people if p not in objs and p.kind == "person" and not _speaks(
                    masked, p, t.start())][:1]
            groups = objs if isinstance(objs[0], list) else [objs]
            made = None
            for i, group in enumerate(groups):
                who = (subj if i == 0 else [group.pop(0)]) + group
                if len({m.name for m in who}) < 2:
                    continue
                made = self.drafts.pair(who, kind, sent, masked, t, status, triggers)
            if made is None and not subj and all(o.kind != "person" for o in groups[0]):  # "talks with the EC"
                made = self.drafts.reference(sent, masked, t, kind, status, definite)
                self.drafts.add_people(made, groups[0], sent)
            return made
        subj = _own_clause(masked, [p for p in people if p.end <= t.start() and not _speaks(masked, p, t.start())],
                           t.start())
        if _THEY_ANY.match(masked) and not subj:
            subj = list(self.prev)
        subj = subj or self._the_two(masked, t) or self._the_body(masked, t) or self._said_own(sent, masked, t, people)
        if not t.group("verb") and _TIMED_BY.search(masked, max(0, t.start() - 100), t.start()) and any(
                u.group("verb") and u.end() <= t.start() for u in triggers):
            subj = [p for p in subj if p.owner_of == t.start()]  # "The G-10 met briefly before the Interim
            # Committee meeting": the G-10's meeting is the first; the second is the committee's
        generic = kind in ("meeting", "meetings", "talks", "discussions", "negotiations")
        if len({m.name for m in subj}) >= 2 and (t.group("verb") or (not definite and generic)) and any(
                m.kind == "person" for m in subj):  # countries alone open a group meeting that people may join
            return self.drafts.pair(subj, kind, sent, masked, t, status, triggers)
        there = scene.present(sent, masked, t, people) if definite and not subj else []
        last = self.drafts.last_cited
        if there and last is not None and self.told and any(c.quote == self.told[-1][0] for c in last.citations):
            self.drafts.add_people(last, there, sent)  # "A met B. At that meeting, A told C": C was there too
            return last
        if len({m.name for m in there}) < 2 and all(m.kind == "person" for m in there):
            there = []  # "During that session, the president denied": one person tells no meeting of their own
        elif there and scene.told_before(masked, t):
            status = "held"  # "At its last meeting in December, OPEC set": held, whatever the clause plans
        if definite and subj and not there:
            subj = _in_definite(masked, subj, t.start())
        ev = self.drafts.reference(sent, masked, t, kind, status, definite)
        if ev is not None and (subj or there):
            self.drafts.add_people(ev, subj or there, sent)
        return ev

    def _actors(self, sent: str, masked: str, people: list[Mention], spans) -> list[Mention]:
        if not spans:
            return sorted(people, key=lambda m: m.start)
        offered = self.bodies.read(sent, people) + speaker_company(sent, masked, people, self.bodies.short)
        extra = actors.slot_actors(sent, masked, spans, people, owners.noun_subjects, tuple(offered))
        self.cast.people += [m for m in extra if m.kind == "person" and " " in m.name]
        return sorted(people + extra, key=lambda m: m.start)

    def _weak(self, sent: str, masked: str, people: list[Mention]) -> bool:
        """Meetings told without a meeting word: "A and B discussed", "A received B"."""
        spans = [(w.start(), w.end(), False) for w in actors.WEAK.finditer(masked)] if actors.WEAK_WORDS.may_match(
            masked) else []
        if not spans:
            return False
        found = [(w, who) for w, who in actors.weak_meetings(masked, self._actors(sent, masked, people, spans))
                 if not wide.negated(masked, w.start())]  # "wanted to discuss with X": only sought
        for w, who in found:
            self.drafts.pair(who, "meeting", sent, masked, w, frames.status_near(masked, w.start(), w.end()), [])
        return bool(found)

    def _objects(self, after: str, offset: int, people: list[Mention], joined: bool = False):
        """The parties after a meeting phrase; `joined`: the phrase ends with its "with"/"to" ("talking to")."""
        m = _OBJ_LEAD.match(after)
        if not m or not m.group(0).strip() and not _CAP_NEXT.match(after) and not joined:
            return []
        stop = _OBJ_END.search(after[m.end() :])
        end = offset + m.end() + (stop.start() if stop else len(after))
        objs = [p for p in people if offset <= p.start < end]
        if not objs and (joined or m.group(0).rstrip().endswith("with")):  # "a meeting with farmers and teachers"
            body = groups.with_group(after, m.end())
            objs = [replace(body, start=body.start + offset, end=body.end + offset)] if body else []
        if len(objs) == 3 and _TWO_WITH.match(after):  # "A talks with B and C with D"
            return [[objs[0]], [objs[1], objs[2]]]
        return objs

    def _no_trigger(self, sent, masked, people) -> None:
        # A topic only goes to a group meeting told before; the status is read only when something needs it.
        topic = frames.topic_of(masked) if self.drafts.groups else None
        if topic:
            status = frames.status_near(masked, 0, len(masked))
            group = next((e for e in reversed(self.drafts.groups) if fits(e, status)), None)
            about = frames.TOPIC.search(masked)
            head = masked[: about.start()] if about else ""
            if group and (frames.GROUP_SUBJECT.search(head) or frames.AGENDA.match(masked.strip())):
                self.drafts.add_topic(group, topic, sent)
                return
        visit = frames.VISIT.search(masked) or frames.REPRESENT.search(masked)
        if visit and wide.negated(masked, visit.start()):
            return  # "warned Americans not to travel to Iran", "refused to visit": no visit
        if visit and not people and _GOING.match(visit.group(0)):
            at = visit.start()  # "an IAEA delegation visited ...": who visits, when no titled person is named
            people = [m for m in self._actors(sent, masked, [], [(at, at, False)]) if m.end <= at]
        host = frames.HOST_OF_VISITOR.search(masked) if visit else None
        hosts = actors.chain(sent, *actors.subject_slot(masked, host.start()), people, forward=False) if host else []
        if visit and people:  # "X said Y's trip to Z", "the first to visit Z since W announced": the speaker is
            owned = _OWNED_BEFORE.search(masked, max(0, visit.start() - 40), visit.start())  # not on the visit
            people = [p for p in people if not _SPEAKS.match(masked, p.end) or p.end <= visit.start() and not owned]
        people = sorted({p.start: p for p in people + hosts}.values(), key=lambda p: p.start) if hosts else people
        if visit and people:
            status = frames.status_near(masked, 0, len(masked))
            main = next((e for e in self.drafts.groups if fits(e, status)), None)
            named = _NAMED_NEXT.match(masked, visit.end())
            if main is None and (not named or _places_only(masked, named.end() - 1, lambda w: bool(
                    self.cast.surname(w) or any(w in p.name.split() for p in people) or re.search(
                        rf"\b[A-Z][a-z]+\.?\s+(?:[A-Z]\.\s+)?{re.escape(w)}\b", masked)))):
                return  # "visiting the site", "visited Tehran": going somewhere, meeting no one named
            if main is None:
                main = self.drafts.new("visit", group=True)
                self.drafts.fields(main, sent, masked, visit, status)
            self.drafts.add_people(main, people, sent)
            facts = [resolve(t, self.a.date, status) for t, s, e in self.drafts.date_spans(masked)]
            isos = sorted(f.iso for f in facts if f.iso)
            if len(isos) >= 2:
                main.evidence["windows"].append(((isos[0], isos[-1]), sent, self.a))
            for place, _pos in frames.places(masked[visit.start() :])[:1]:
                main.evidence["area"].add(place)
