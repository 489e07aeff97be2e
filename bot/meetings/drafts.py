"""One article's meeting events while it is read: who, when, where, what about and how sure, each field cited."""

from __future__ import annotations

import re
from bisect import insort
from dataclasses import dataclass, field
from functools import lru_cache

from bot.meetings import frames
from bot.meetings.cast import Cast, titled
from bot.meetings.dates import find_dates, resolve
from bot.meetings.people import Mention
from bot.meetings.records import FieldCitation, MeetingEvent, Participant
from bot.records import Article
from bot.text.names import name_key, same_person

_SINCE = re.compile(r"\bsince\b[^,;]*$", re.I)
_ON_IN = re.compile(r"^(?:on|in)\s+", re.I)
_VIDEO = re.compile(r"\b(?:video|virtual)\b", re.I)
_ATTENDED = re.compile(r"\battended\s+by\b")


def fits(ev: MeetingEvent, status: str | None) -> bool:
    return status is None or ev.status in (None, status)


def kind_of(t: re.Match) -> str:
    """"meeting" for a verb, else the noun with its specifier: "two-plus-two meeting", "video conference"."""
    if t.group("verb"):
        return "meeting"
    spec = (t.group("spec") or "").strip("\"“”").replace("2+2", "two-plus-two")
    noun = t.group("noun").lower().replace("videoconference", "video conference")
    if noun == "conference" and _VIDEO.search(t.group(0)):
        noun = "video conference"
    return f"{spec} {noun}".strip() if spec else noun


@dataclass
class _Kept:
    """One event's participants by name word, citations and lower-cased topics, as Drafts added them."""

    at: int  # the event's position in Drafts.events
    by_word: dict[str, list[int]] = field(default_factory=dict)  # name_key word -> participants holding it
    by_name: dict[str, int] = field(default_factory=dict)  # exact name -> first participant with it
    cited: set[tuple[str, str]] = field(default_factory=set)  # (field, quote)
    topics: set[str] = field(default_factory=set)

    def add_name(self, n: int, name: str) -> None:
        self.by_name.setdefault(name, n)
        for word in dict.fromkeys(name_key(name)):
            self.by_word.setdefault(word, []).append(n)

    def same_person(self, participants: list[Participant], name: str) -> Participant | None:
        """The first participant who is `name` (same_person, or the very name); only names sharing a word can be."""
        near = {n for word in name_key(name) for n in self.by_word.get(word, ())}
        if name in self.by_name:
            near.add(self.by_name[name])
        return next((participants[n] for n in sorted(near) if same_person(participants[n].name, name)
                     or participants[n].name == name), None)


class Drafts:
    """The events of one article so far; `evidence` keeps what merging across articles needs."""

    def __init__(self, article: Article, cast: Cast) -> None:
        self.a, self.cast = article, cast
        self.events: list[MeetingEvent] = []
        self.groups: list[MeetingEvent] = []  # the group events among them, in the same order
        # The other events by their participants' names, each list in event order, so that pair() finds the meeting
        # of the same people without reading every event of the article.
        self._pairs: dict[frozenset[str], list[tuple[int, MeetingEvent]]] = {}
        self._kept: dict[int, _Kept] = {}  # id(event) -> what it holds, looked up without reading its lists
        self.cites = 0  # citations made so far: a sentence that adds none told no meeting the trigger path read
        self.named = 0  # participant citations made so far: a sentence that adds none named no one in a meeting
        self.last_cited: MeetingEvent | None = None
        self.cited_by: tuple[str, dict[int, MeetingEvent]] = ("", {})  # the last sentence cited, and its events

    def finish(self) -> list[MeetingEvent]:
        """The events with participants, numbered within the article."""
        for e in self.events:  # countries and bodies named beside two people are context, not participants
            if sum(p.kind == "person" for p in e.participants) >= 2:
                e.participants = [p for p in e.participants if p.kind == "person"]
        out = [e for e in self.events if e.participants and not _lone_trip(e)]
        for n, e in enumerate(out):
            e.id = f"{self.a.doc_id}#{n}"
            e.reported = [self.a.date] if self.a.date else []
        return out

    def new(self, kind: str, group: bool) -> MeetingEvent:
        ev = MeetingEvent(id="", kind=kind)
        ev.evidence = {"group": group, "dates": [], "windows": [], "area": set(), "parent": None, "relation": None,
                       "article": self.a}
        self._kept[id(ev)] = _Kept(len(self.events))
        self.events.append(ev)
        if group:
            self.groups.append(ev)
        else:
            self._file(ev)
        return ev

    def _file(self, ev: MeetingEvent) -> None:
        insort(self._pairs.setdefault(_names(ev), []), (self._kept[id(ev)].at, ev))

    def _unfile(self, ev: MeetingEvent, names: frozenset[str]) -> None:
        self._pairs[names] = [x for x in self._pairs[names] if x[1] is not ev]

    def cite(self, ev: MeetingEvent, field: str, sent: str) -> None:
        """ev.add_citation, knowing the event's citations (all made here, for this article) without reading them."""
        cited = self._kept[id(ev)].cited
        if (field, sent) not in cited:
            cited.add((field, sent))
            self.cites += 1
            self.named += field == "participants"
            self.last_cited = ev
            if self.cited_by[0] != sent:
                self.cited_by = (sent, {})
            self.cited_by[1][id(ev)] = ev
            ev.citations.append(FieldCitation(field, self.a.doc_id, self.a.path, sent))

    def add_people(self, ev: MeetingEvent, who: list[Mention], sent: str) -> None:
        before = None if ev.evidence["group"] else _names(ev)
        kept = self._kept[id(ev)]
        for m in who:
            part = self.cast.participant(m)
            have = kept.same_person(ev.participants, part.name)
            if have is None:
                kept.add_name(len(ev.participants), part.name)
                ev.participants.append(part)
            else:
                have.role, have.country = have.role or part.role, have.country or part.country
                have.mention = have.mention or part.mention
        if before is not None and _names(ev) != before:
            self._unfile(ev, before)
            self._file(ev)
        if who:
            self.cite(ev, "participants", sent)

    def add_topic(self, ev: MeetingEvent, topic: str, sent: str) -> None:
        topics = self._kept[id(ev)].topics
        if topic.lower() not in topics:
            topics.add(topic.lower())
            ev.topics.append(topic)
            self.cite(ev, "topics", sent)

    def date_spans(self, masked: str) -> tuple[tuple[str, int, int], ...]:
        """Date expressions of a sentence, without those in reported speech or after "since"."""
        return _told_dates(masked)

    def dates(self, masked: str, t: re.Match, status: str | None):
        """The date expression nearest the phrase (the first of the nearest), resolved."""
        spans = _told_dates(masked)
        near = min(spans, key=lambda x: min(abs(x[1] - t.end()), abs(x[2] - t.start()))) if spans else None
        return [resolve(_ON_IN.sub("", near[0]), self.a.date, status)] if near else []

    def fields(self, ev: MeetingEvent, sent: str, masked: str, t: re.Match, status: str | None) -> None:
        """Status, date, place and topic from the sentence, each cited the first time it is set."""
        if status and ev.status != "held":
            ev.status = status
            self.cite(ev, "status", sent)
        for fact in self.dates(masked, t, status):
            if not any(f.text == fact.text for f, *_ in ev.evidence["dates"]):
                ev.evidence["dates"].append((fact, sent, self.a))
                self.cite(ev, "date", sent)
        if ev.place is None:  # the place nearest the phrase, after it first, that is not a participant's name
            found = sorted(frames.places(masked), key=lambda x: (not _for_phrase(masked, x, t), x[1] < t.start(),
                                                                 abs(x[1] - t.end())))
            names = {p.name for p in ev.participants}
            found = [f for f in found if f[0] not in names and not any(f[0] in n for n in names)
                     and not _ELSEWHERE.search(masked, max(0, f[1] - 30), f[1])]
            place = frames.meeting_place(masked, *found[0]) if found else None  # the nearest, or none
            if place:
                ev.place = place
                self.cite(ev, "place", sent)
        topic = frames.topic_of(masked[t.start() :]) or frames.topic_of(masked)
        if topic:
            self.add_topic(ev, topic, sent)

    def pair(self, who, kind, sent, masked, t, status, triggers) -> MeetingEvent:
        """The meeting of exactly these people (new or told before), and the larger meeting it was part of."""
        told = self._pairs.get(frozenset(m.name for m in who))
        ev = told[0][1] if told else None
        if ev is None:
            ev = self.new(kind, group=False)
        self.add_people(ev, who, sent)
        self.fields(ev, sent, masked, t, status)
        for other in triggers:
            if other is t or not frames.definite_before(masked, other.start()):
                continue
            lead = masked[max(0, other.start() - 60) : other.start()]  # all that FRINGE and AFTER read
            rel = "fringe" if frames.FRINGE.search(lead[-60:]) else "after" if frames.AFTER.search(lead[-40:]) else None
            parent = self.reference(sent, masked, other, kind_of(other), None, True, create=False)
            if parent is not None and parent is not ev and rel:
                ev.evidence["parent"], ev.evidence["relation"] = parent, rel
                if rel == "fringe":
                    self.add_people(parent, who, sent)
        return ev

    def reference(self, sent, masked, t, kind, status, definite, create=True) -> MeetingEvent | None:
        """The group meeting a phrase refers to ("the talks"): one told before, else a new one when `create`."""
        dates = self.dates(masked, t, status)
        pick = self._told(kind, status, dates) if definite or not create else None
        if pick is None and not create:
            return None
        if pick is None:
            pick = self.new(kind, group=True)
        elif kind not in ("meeting", "meetings", "talks", "discussions") and pick.kind in (
                "meeting", "meetings", "talks", "security talks", "discussions"):
            pick.kind = kind
        self.fields(pick, sent, masked, t, status)
        attended = _ATTENDED.search(masked)
        if attended:
            self.add_people(pick, [p for p in titled(sent) if p.start > attended.start()], sent)
        return pick

    def _told(self, kind: str, status: str | None, dates: list) -> MeetingEvent | None:
        """The latest group event that fits `status`: the first naming the same day as `dates`, else of this kind,
        else any; the search stops as soon as the answer is known."""
        first = same_kind = None
        for e in reversed(self.groups):
            if status and e.status not in (None, status):
                continue
            if dates and any(d.text.split()[-1] == x[0].text.split()[-1] for d in dates for x in e.evidence["dates"]):
                return e
            first = first or e
            if same_kind is None and e.kind == kind:
                same_kind = e
                if not dates:
                    break
        return same_kind or first


# A word that tells someone was met on a trip: "to participate in the Business Forum", "told the visiting minister",
# "the accord was signed by the visiting minister and X", "Baker visited him", "a loan agreed during a visit", "was
# asked by X during a visit".
_MET_ON_TRIP = re.compile(r"\b(?:meet\w*|met|summit|conference|forum|session|seminar|symposium|talks|talked|"
                          r"negotiat\w+|discuss\w*|dialogue|consult\w*|interview\w*|signed|signing|ceremony)\b|"
                          + frames.HOST_OF_VISITOR.pattern + r"|\b(?:thanked|assured)\s+(?:the\s+)?visiting\b|"
                          r"\bvisit(?:ed|s)?\s+(?:him|her|them)\b|\b(?:agreed|asked\s+by|told\s+by|telling|"
                          r"brief\w*)\b", re.I)


def _lone_trip(ev: MeetingEvent) -> bool:
    """A visit of one person whose cited sentences tell of no one met ("after her trip to the Soviet Union", "will
    travel to Japan to seek credits"): a journey, not a meeting."""
    return (ev.kind == "visit" and len(ev.participants) == 1 and ev.participants[0].kind == "person"
            and not any(_MET_ON_TRIP.search(c.quote) for c in ev.citations))


def _names(ev: MeetingEvent) -> frozenset[str]:
    return frozenset(p.name for p in ev.participants)


@lru_cache(maxsize=64)
def _told_dates(masked: str) -> tuple[tuple[str, int, int], ...]:  # once per sentence, not once per phrase
    out = []
    for text, s, e in find_dates(masked):
        lead = masked[max(0, s - 60) : s]
        if not (frames.SPEECH.search(lead) or _SINCE.search(lead)):
            out.append((text, s, e))
    return tuple(out)


# "the men arrested in Jordan", "a firm based in Ohio": the place of another event or of a seat, not the meeting's.
_ELSEWHERE = re.compile(r"\b(?:arrested|detained|captured|jailed|imprisoned|born|raised|killed|wounded|injured|"
                        r"buried|based|headquartered|registered|listed|incorporated|incorporation|reincorporated|"
                        r"reincorporation)\s+(?:in|at)\s+(?:the\s+)?$")
# "who were in Havana for peace talks", "gathered in Oslo for the summit": the place the phrase's meeting is in.
_FOR_THE = re.compile(r",?\s+for\s+(?:(?:a|an|the|their|its|new|fresh|[\w-]+)\s+){0,3}$")


def _for_phrase(masked: str, place: tuple[str, int], t: re.Match) -> bool:
    """Whether the place is told right before "for (the) <phrase>": "in Havana for peace talks"."""
    end = place[1] + len(place[0])
    return end <= t.start() and bool(_FOR_THE.fullmatch(masked, end, t.start()))
