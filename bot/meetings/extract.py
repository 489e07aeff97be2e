"""PatternMeetingExtractor: builds one article's meeting events from titled names and meeting phrases."""

from __future__ import annotations

import re
from typing import Protocol

from bot.meetings import actors, frames
from bot.meetings.dates import find_dates, resolve
from bot.meetings.lexicon import COUNTRY_OF, PLURAL_ROLES, ROLE_SYNONYMS
from bot.meetings.people import Mention, appositive_people, find_people, same_person, surname_match
from bot.meetings.records import MeetingEvent, Participant
from bot.records import Article


class MeetingExtractor(Protocol):
    def extract(self, article: Article) -> list[MeetingEvent]: ...


def sentences(text: str) -> list[str]:
    from sentencex import segment

    out = []
    for para in text.split("\n"):
        for s in (s.strip() for s in segment("en", para)):
            if out and s and f"{out[-1]}{s}" in para and re.search(r"\b[A-Z]\.$", out[-1]):
                out[-1] = f"{out[-1]}{s}"  # "Japan-U." + "S. alliance"
            elif out and s and s[0].islower() and f"{out[-1]} {s}" in para:
                out[-1] = f"{out[-1]} {s}"
            elif s:
                out.append(s)
    return out


def _fits(ev: MeetingEvent, status: str | None) -> bool:
    return status is None or ev.status in (None, status)


class PatternMeetingExtractor:
    """Patterns over titles and capitalised names; swap in a model-based extractor behind the same Protocol."""

    def extract(self, article: Article) -> list[MeetingEvent]:
        return _ArticleReader(article).run()


class _ArticleReader:
    def __init__(self, article: Article):
        self.a = article
        self.people: list[Mention] = []  # everyone named so far, for "Blinken" and "the U.S. secretaries"
        self.events: list[MeetingEvent] = []
        self.prev: list[Mention] = []

    def run(self) -> list[MeetingEvent]:
        for sent in sentences(self.a.text):
            self._sentence(sent)
        for e in self.events:  # countries and bodies named beside two people are context, not participants
            if sum(p.kind == "person" for p in e.participants) >= 2:
                e.participants = [p for p in e.participants if p.kind == "person"]
        out = [e for e in self.events if e.participants]
        for n, e in enumerate(out):
            e.id = f"{self.a.doc_id}#{n}"
            e.reported = [self.a.date] if self.a.date else []
        return out

    # -- people -------------------------------------------------------------------------------------------
    def _people(self, sent: str) -> list[Mention]:
        found = find_people(sent)
        found += appositive_people(sent, found)
        for m in re.finditer(r"\b[A-Z][\w’'-]+\b", sent):
            if any(f.start <= m.start() < f.end for f in found):
                continue
            known = [p for p in self.people if surname_match(m.group(0), p.name)]
            if known:
                poss = sent[m.end() : m.end() + 2] in ("'s", "’s")
                found.append(Mention(known[-1].name, m.start(), m.end(), None, None, poss))
        for m in re.finditer(r"\b(?:the|their)\s+(?:(?P<c>[A-Z][\w.]+)\s+)?(?P<pl>[a-z]+)\b", sent, re.I):
            head = PLURAL_ROLES.get(m.group("pl").lower())
            cty = COUNTRY_OF.get(m.group("c") or "")
            if head and (m.group("c") is None or cty):
                for p in self._with_role(head, cty):
                    found.append(Mention(p.name, m.start(), m.end(), None, None))
        for m in re.finditer(r"\bthe\s+(premier|president|prime minister)\b", sent, re.I):
            match = self._with_role(ROLE_SYNONYMS.get(m.group(1).lower(), m.group(1).lower()), None)
            if match:
                found.append(Mention(match[-1].name, m.start(), m.end()))
        for f in found:
            if " " not in f.name:
                full = [p for p in self.people if surname_match(f.name, p.name)]
                if full:
                    f.name = full[-1].name
        found.sort(key=lambda m: m.start)
        for f in found:
            if f.role or f.country or not any(same_person(f.name, p.name) for p in self.people):
                self.people.append(f)
        return found

    def _with_role(self, head: str, country: str | None) -> list[Mention]:
        seen: dict[str, Mention] = {}
        for p in self.people:
            if p.role and head in p.role.lower() and (country is None or self._country(p.name) in (None, country)):
                seen.setdefault(p.name, p)
        return list(seen.values())

    def _country(self, name: str) -> str | None:
        return next((p.country for p in self.people if p.name == name and p.country), None)

    def _participant(self, m: Mention) -> Participant:
        same = [p for p in self.people if same_person(p.name, m.name) or p.name == m.name]
        role = m.role or next((p.role for p in same if p.role), None)
        return Participant(m.name, role, m.country or next((p.country for p in same if p.country), None), m.kind)

    # -- sentences ------------------------------------------------------------------------------------------
    def _sentence(self, sent: str) -> None:
        masked = frames.mask_quotes(sent)
        people = [p for p in self._people(sent) if not p.possessive
                  and not re.search(r"\b(?:of|under)\s+$", sent[: p.start])]
        self._sides(sent, people)
        triggers = [t for t in frames.TRIGGER.finditer(masked)
                    if not frames.NOT_MEETING.search(masked[t.start() : t.end() + 1])
                    and not frames.NOT_MEETING.search(masked[max(0, t.start() - 6) : t.end()])
                    and not (t.group("verb") and frames.NOT_MET.match(masked[t.end() :]))]
        people = self._actors(sent, masked, people, [(t.start(), t.end(), not t.group("verb")) for t in triggers])
        handled: set[str] = set()
        for t in triggers:
            self._trigger(sent, masked, t, people, triggers, handled)
        if not triggers and not self._weak(sent, masked, people):
            self._no_trigger(sent, masked, people)
        self.prev = people or self.prev

    def _trigger(self, sent, masked, t, people, triggers, handled) -> MeetingEvent | None:
        before, after = masked[: t.start()], masked[t.end() :]
        definite = bool(frames.DEFINITE.search(before)) and not t.group("verb")
        kind = self._kind(t)
        objs = self._objects(after, t.end(), people)
        status = frames.status_near(masked, t.start(), t.end())
        peer = re.match(r"\s*(?:with\s+)?(?:their|its|his|her)\s+(?:(?P<dem>[A-Z][\w.]*(?:\s[A-Z]\w+)?)\s+)?"
                        r"counterparts?\b", after)
        if peer and not objs:  # "to meet their Japanese counterparts": a group meeting with unnamed people
            subj = [p for p in people if p.end <= t.start()] or (list(self.prev) if re.match(
                r"^\s*They\b", masked) else [])
            ev = self._reference(sent, masked, t, kind, status, definite)
            self._add_people(ev, subj, sent)
            if peer.group("dem") and frames.country_word(peer.group("dem")):
                ev.evidence["area"].add(frames.country_word(peer.group("dem")))
            return ev
        if objs and definite:
            subj = [p for p in people if p.end <= t.start() and not frames.SPEECH.search(masked[p.end : t.start()])]
            ev = self._reference(sent, masked, t, kind, status, definite)
            flat = [m for g in objs for m in (g if isinstance(g, list) else [g])]
            if ev is not None:
                self._add_people(ev, subj[:1] + flat, sent)
            return ev
        if objs:
            subj = [p for p in people if p.end <= t.start() and p not in objs and not frames.SPEECH.search(
                masked[p.end : t.start()])]
            if re.match(r"^\s*(?:They|they)\b", masked) and not subj:
                subj = list(self.prev)
            if not subj and any(o.kind == "person" for g in objs for o in (g if isinstance(g, list) else [g])):
                subj = [p for p in people if p not in objs and p.kind == "person"][:1]
            groups = objs if isinstance(objs[0], list) else [objs]
            made = None
            for i, group in enumerate(groups):
                who = (subj if i == 0 else [group.pop(0)]) + group
                if len({m.name for m in who}) < 2:
                    continue
                made = self._pair(who, kind, sent, masked, t, status, triggers)
            if made is None and not subj and all(o.kind != "person" for o in groups[0]):  # "talks with the EC"
                made = self._reference(sent, masked, t, kind, status, definite)
                self._add_people(made, groups[0], sent)
            return made
        subj = [p for p in people if p.end <= t.start() and not frames.SPEECH.search(masked[p.end : t.start()])]
        if re.match(r"^\s*(?:They|they)\b", masked) and not subj:
            subj = list(self.prev)
        generic = kind in ("meeting", "meetings", "talks", "discussions", "negotiations")
        if len({m.name for m in subj}) >= 2 and (t.group("verb") or (not definite and generic)) and any(
                m.kind == "person" for m in subj):  # countries alone open a group meeting that people may join
            return self._pair(subj, kind, sent, masked, t, status, triggers)
        ev = self._reference(sent, masked, t, kind, status, definite)
        if ev is not None and subj and not definite:
            self._add_people(ev, subj, sent)
        return ev

    def _actors(self, sent: str, masked: str, people: list[Mention], spans) -> list[Mention]:
        extra = actors.slot_actors(sent, masked, spans, people)
        self.people += [m for m in extra if m.kind == "person" and " " in m.name]
        return sorted(people + extra, key=lambda m: m.start)

    def _weak(self, sent: str, masked: str, people: list[Mention]) -> bool:
        """Meetings told without a meeting word: "A and B discussed", "A received B"."""
        spans = [(w.start(), w.end(), False) for w in actors.WEAK.finditer(masked)]
        cands = self._actors(sent, masked, people, spans) if spans else people
        found = actors.weak_meetings(masked, cands)
        for w, who in found:
            self._pair(who, "meeting", sent, masked, w, frames.status_near(masked, w.start(), w.end()), [])
        return bool(found)

    def _kind(self, t: re.Match) -> str:
        if t.group("verb"):
            return "meeting"
        spec = (t.group("spec") or "").strip("\"“”").replace("2+2", "two-plus-two")
        noun = t.group("noun").lower().replace("videoconference", "video conference")
        if noun == "conference" and re.search(r"\b(?:video|virtual)\b", t.group(0), re.I):
            noun = "video conference"
        return f"{spec} {noun}".strip() if spec else noun

    def _objects(self, after: str, offset: int, people: list[Mention]):
        m = re.match(r"\s*(?:with|between|by)?\s*", after)
        if not m or not m.group(0).strip() and not re.match(r"\s*[A-Z]", after):
            return []
        stop = re.search(r"\s(?:in|on|at|to|for|from|next|last|this|who|which|where|said|after|before|amid|"
                         r"as|via|during|until)\s|;|\.$|,\s+(?:the\s+)?\w+\s+(?:said|told)", after[m.end() :])
        end = offset + m.end() + (stop.start() if stop else len(after))
        objs = [p for p in people if offset <= p.start < end]
        gap = re.match(r"\s*with\s+(\S.*?)\s+and\s+(\S.*?)\s+with\s+", after)
        if gap and len(objs) == 3:  # "A talks with B and C with D"
            return [[objs[0]], [objs[1], objs[2]]]
        return objs

    def _pair(self, who, kind, sent, masked, t, status, triggers) -> MeetingEvent:
        names = {m.name for m in who}
        ev = next((e for e in self.events if not e.evidence["group"] and {p.name for p in e.participants} == names),
                  None)
        if ev is None:
            ev = self._new(kind, group=False)
        self._add_people(ev, who, sent)
        self._fields(ev, sent, masked, t, status)
        for other in triggers:
            if other is t or not frames.DEFINITE.search(masked[: other.start()]):
                continue
            lead = masked[: other.start()]
            rel = "fringe" if frames.FRINGE.search(lead[-60:]) else "after" if frames.AFTER.search(lead[-40:]) else None
            parent = self._reference(sent, masked, other, self._kind(other), None, True, create=False)
            if parent is not None and parent is not ev and rel:
                ev.evidence["parent"], ev.evidence["relation"] = parent, rel
                if rel == "fringe":
                    self._add_people(parent, who, sent)
        return ev

    def _reference(self, sent, masked, t, kind, status, definite, create=True) -> MeetingEvent | None:
        dates = self._dates(sent, masked, t, status)
        cands = [e for e in reversed(self.events) if e.evidence["group"]]
        if status:
            cands = [e for e in cands if e.status in (None, status)]
        pick = None
        if definite or not create:
            pick = next((e for e in cands if dates and any(d.text.split()[-1] == x[0].text.split()[-1]
                                                           for d in dates for x in e.evidence["dates"])), None)
            pick = pick or next((e for e in cands if e.kind == kind), None) or (cands[0] if cands else None)
        if pick is None and not create:
            return None
        if pick is None:
            pick = self._new(kind, group=True)
        elif kind not in ("meeting", "meetings", "talks", "discussions") and pick.kind in (
                "meeting", "meetings", "talks", "security talks", "discussions"):
            pick.kind = kind
        self._fields(pick, sent, masked, t, status)
        attended = re.search(r"\battended\s+by\b", masked)
        if attended:
            self._add_people(pick, [p for p in self._people_cache(sent) if p.start > attended.start()], sent)
        return pick

    def _people_cache(self, sent: str) -> list[Mention]:
        found = find_people(sent)
        return [p for p in found + appositive_people(sent, found) if not p.possessive]

    def _no_trigger(self, sent, masked, people) -> None:
        topic = frames.topic_of(masked)
        head = masked[: frames.TOPIC.search(masked).start()] if frames.TOPIC.search(masked) else ""
        status = frames.status_near(masked, 0, len(masked))
        groups = [e for e in reversed(self.events) if e.evidence["group"] and _fits(e, status)]
        if topic and groups and (frames.GROUP_SUBJECT.search(head) or frames.AGENDA.match(masked.strip())):
            self._add_topic(groups[0], topic, sent)
            return
        visit = frames.VISIT.search(masked) or frames.REPRESENT.search(masked)
        if visit and not people and re.match(r"visit|travel|arriv", visit.group(0), re.I):
            at = visit.start()  # "an IAEA delegation visited ...": who visits, when no titled person is named
            people = [m for m in self._actors(sent, masked, [], [(at, at, False)]) if m.end <= at]
        if visit and people:
            main = next((e for e in self.events if e.evidence["group"] and _fits(e, status)), None)
            if main is None:
                main = self._new("visit", group=True)
                self._fields(main, sent, masked, visit, status)
            self._add_people(main, people, sent)
            facts = [resolve(t, self.a.date, status) for t, s, e in self._date_spans(masked)]
            isos = sorted(f.iso for f in facts if f.iso)
            if len(isos) >= 2:
                main.evidence["windows"].append(((isos[0], isos[-1]), sent, self.a))
            for place, _pos in frames.places(masked[visit.start() :])[:1]:
                main.evidence["area"].add(place)

    def _sides(self, sent: str, people: list[Mention]) -> None:
        start = 0
        for m in frames.SIDE.finditer(sent):
            cty = frames.country_word(m.group("dem"))
            for p in people:
                if start <= p.start < m.start() and cty and not p.country:
                    p.country = cty
            start = m.end()
        for m in frames.REPRESENTS.finditer(sent):
            cty = frames.country_word(m.group("c1") or m.group("c2") or "")
            for p in people:
                if cty and not p.country and ((m.group("c1") and p.end <= m.start()) or (m.group("c2") and
                                                                                         p.start >= m.end())):
                    p.country = cty

    # -- fields ---------------------------------------------------------------------------------------------
    def _new(self, kind: str, group: bool) -> MeetingEvent:
        ev = MeetingEvent(id="", kind=kind)
        ev.evidence = {"group": group, "dates": [], "windows": [], "area": set(), "parent": None, "relation": None,
                       "article": self.a}
        self.events.append(ev)
        return ev

    def _cite(self, ev: MeetingEvent, field: str, sent: str) -> None:
        ev.add_citation(field, self.a.doc_id, self.a.path, sent)

    def _add_people(self, ev: MeetingEvent, who: list[Mention], sent: str) -> None:
        for m in who:
            part = self._participant(m)
            have = next((p for p in ev.participants if same_person(p.name, part.name) or p.name == part.name), None)
            if have is None:
                ev.participants.append(part)
            else:
                have.role, have.country = have.role or part.role, have.country or part.country
        if who:
            self._cite(ev, "participants", sent)

    def _add_topic(self, ev: MeetingEvent, topic: str, sent: str) -> None:
        if topic.lower() not in (t.lower() for t in ev.topics):
            ev.topics.append(topic)
            self._cite(ev, "topics", sent)

    def _date_spans(self, masked: str):
        for text, s, e in find_dates(masked):
            lead = masked[max(0, s - 60) : s]
            if frames.SPEECH.search(lead) or re.search(r"\bsince\b[^,;]*$", lead, re.I):
                continue
            yield text, s, e

    def _dates(self, sent, masked, t, status):
        spans = sorted(self._date_spans(masked), key=lambda x: min(abs(x[1] - t.end()), abs(x[2] - t.start())))
        return [resolve(re.sub(r"^(?:on|in)\s+", "", x[0], flags=re.I), self.a.date, status) for x in spans[:1]]

    def _fields(self, ev: MeetingEvent, sent: str, masked: str, t: re.Match, status: str | None) -> None:
        if status and ev.status != "held":
            ev.status = status
            self._cite(ev, "status", sent)
        for fact in self._dates(sent, masked, t, status):
            if not any(f.text == fact.text for f, *_ in ev.evidence["dates"]):
                ev.evidence["dates"].append((fact, sent, self.a))
                self._cite(ev, "date", sent)
        found = sorted(frames.places(masked), key=lambda x: (x[1] < t.start(), abs(x[1] - t.end())))
        names = {p.name for p in ev.participants}
        found = [f for f in found if f[0] not in names and not any(f[0] in n for n in names)]
        if found and ev.place is None:
            ev.place = found[0][0]
            self._cite(ev, "place", sent)
        topic = frames.topic_of(masked[t.start() :]) or frames.topic_of(masked)
        if topic:
            self._add_topic(ev, topic, sent)
