"""One meeting event told in one sentence that says only what its cited quotes say, each part citing its own."""

from __future__ import annotations

import re
from datetime import date

from bot.answer.grounding import date_facts, evidence_of, missing_terms
from bot.meetings.geo import countries_of
from bot.meetings.records import FieldCitation, MeetingEvent, Participant
from bot.records import Citation
from bot.text.lexicon import WEEKDAYS
from bot.text.sentences import sentence_spans

_PINNED_BY = re.compile(r"dated article\(s\) (.+)$")


class EventWriter:
    """Writes event sentences for one answer and keeps the numbered citations they use."""

    def __init__(self, articles: dict):
        self.articles = articles
        self.citations: list[Citation] = []

    def sentence(self, ev: MeetingEvent, topics: bool = False, country: bool = False) -> str:
        """Who met (each as a quote names them), the kind, place, date and (when asked) topics, all cited."""
        people = [self.person(ev, p) for p in ev.participants]
        who = ", ".join(people[:-1]) + f" and {people[-1]}" if len(people) > 1 else people[0]
        if len(people) == 1:
            verb = "made a visit" if ev.status == "held" else "was to make a visit"
            return _tidy(f"{who} {verb}") + "."
        verb = "met" if ev.status in ("held", None) else "were to meet"
        text = f"{who} {verb}"
        if ev.kind and ev.kind not in ("meeting", "visit"):
            text += f" for {_article(ev.kind)} {ev.kind}"
        text += self.place(ev, country) + self.when(ev)
        if topics and ev.topics:
            text += "; topics: " + "; ".join(self.topic(ev, t) for t in ev.topics[:4])
        return _tidy(text) + "."

    def person(self, ev: MeetingEvent, p: Participant) -> str:
        """The fullest "country role name" a quote supports, with that quote's marker: the event's own quotes
        first, then the sentence of a cited article that gives the full name, then a surname the event's quotes
        hold."""
        quotes = [c for c in ev.citations if c.field in ("participants", "status")]
        labels = _labels(p)
        full = [label for label in labels if " " in label]
        for pool in (quotes, self._naming_sentences(ev, p)):
            for label in full:
                found = next((c for c in pool if self.supports(label, [c])), None)
                if found is not None:
                    return f"{label} {self.mark(found)}"
        for label in (label for label in labels if " " not in label):
            found = next((c for c in quotes if self.supports(label, [c])), None)
            if found is not None:
                return f"{label} {self.mark(found)}"
        return f"{p.name} {''.join(self.mark(c) for c in ev.cited('participants')[:2])}"

    def _naming_sentences(self, ev: MeetingEvent, p: Participant) -> list[FieldCitation]:
        """Sentences of the event's articles that hold the participant's whole name."""
        out = []
        for doc_id in ev.doc_ids:
            art = self.articles.get(doc_id)
            text = getattr(art, "text", "") or ""
            if p.name not in text:
                continue
            for a, b in sentence_spans(text):
                if p.name in text[a:b]:
                    out.append(FieldCitation("participants", doc_id, getattr(art, "path", doc_id), text[a:b].strip()))
        return out

    def place(self, ev: MeetingEvent, country: bool = False) -> str:
        """The place as quoted; with `country`, a city's country too when a place quote names it."""
        if not ev.place:
            return ""
        place = _plain(ev.place)
        said = [c for c in ev.cited("place") if self.supports(place, [c])] or ev.cited("place")
        if country and said:
            inside = [n for c in said for n in sorted(evidence_of(c.quote).countries)
                      if n != place and countries_of(place) <= countries_of(n)]
            place = f"{place}, {inside[0]}" if inside else place
        return f" in {place} {''.join(self.mark(c) for c in said[:2])}"

    def when(self, ev: MeetingEvent) -> str:
        """The day as the quotes give it; a day resolved from a weekday names the weekday, the report that says
        it and the dated report it was counted from."""
        cited = ev.cited("date")
        if ev.date_iso:
            day = date.fromisoformat(ev.date_iso)
            weekday = WEEKDAYS[day.weekday()]
            written = [c for c in cited if (day.month, day.day) in date_facts(c.quote).days
                       and self.supports(ev.date_iso, [c])]
            if written:
                return f" on {ev.date_iso} {self.mark(written[0])}"
            said = [c for c in cited if re.search(rf"\b{weekday}\b", c.quote)]
            own = [c for c in said if self._date_of(c) and self.supports(f"{weekday}, {ev.date_iso}", [c])]
            if own:
                return f" on {weekday}, {ev.date_iso} {self.mark(own[0])}"
            pinning = _pinning_docs(ev)
            anchors = [c for c in cited if c.doc_id in pinning and self._date_of(c)]
            for s in said:
                for a in anchors:
                    if self.supports(f"{weekday}, {ev.date_iso}", [s, a]):
                        expr = _source_expression(ev, weekday)
                        return (f' on {weekday}, {ev.date_iso} ("{expr}" in a report {self.mark(s)}, counted from '
                                f"the report of {self._date_of(a)} {self.mark(a)})")
        if ev.date_text:
            text = _plain(ev.date_text)
            said = [c for c in cited if self.supports(text, [c])]
            if said or not ev.date_iso:
                return f", date given as \"{text}\" {''.join(self.mark(c) for c in (said or cited)[:2])}"
        if ev.date_iso:  # no quote words it checkably: stated as resolved, with what the event cites for it
            return f" on {ev.date_iso} {''.join(self.mark(c) for c in cited[:2])}"
        if ev.reported:
            marks = "".join(self.mark(c) for r in ev.reported[:2] for c in self._from_day(ev, r)[:1])
            return f" (date not given; reported {', '.join(ev.reported)} {marks})"
        return ""

    def topic(self, ev: MeetingEvent, topic: str) -> str:
        text = _plain(topic)
        said = [c for c in ev.cited("topics") if topic in c.quote] or [
            c for c in ev.cited("topics") if self.supports(text, [c])] or ev.cited("topics")[:1]
        return f"{text} {''.join(self.mark(c) for c in said[:1])}"

    def supports(self, text: str, cits: list[FieldCitation]) -> bool:
        """True when the cited quotes (with their articles' titles and dates) hold every name, place and date."""
        return not missing_terms(text, "\n".join(self._evidence(c) for c in cits))

    def mark(self, c: FieldCitation) -> str:
        have = next((x for x in self.citations if x.doc_id == c.doc_id and x.quote == c.quote), None)
        if have is None:
            art = self.articles.get(c.doc_id)
            have = Citation(len(self.citations) + 1, c.doc_id, getattr(art, "path", c.path),
                            getattr(art, "label", "") or getattr(art, "title", "") or c.doc_id,
                            getattr(art, "date", None), getattr(art, "source", None), c.quote, 1.0)
            self.citations.append(have)
        return f"[{have.n}]"

    def _evidence(self, c: FieldCitation) -> str:
        art = self.articles.get(c.doc_id)
        title = getattr(art, "label", "") or getattr(art, "title", "") or c.doc_id
        return "\n".join(x for x in (c.quote, title, getattr(art, "date", None)) if x)

    def _date_of(self, c: FieldCitation) -> str | None:
        return getattr(self.articles.get(c.doc_id), "date", None)

    def _from_day(self, ev: MeetingEvent, day: str) -> list[FieldCitation]:
        return [c for c in ev.citations if self._date_of(c) == day]


def _labels(p: Participant) -> list[str]:
    """Ways to name a participant, fullest first: "United States Secretary of State Antony Blinken" … "Blinken"."""
    role = _plain(p.role) if p.role and len(p.role) <= 60 else None
    out = []
    if role and p.country:
        out.append(f"{p.country} {role} {p.name}")
    if role:
        out.append(f"{role} {p.name}")
    out.append(p.name)
    if " " in p.name and p.kind == "person":  # either end: "Blinken" of "Antony Blinken", "Hamada" of "Hamada Yasukazu"
        out += list(dict.fromkeys([p.name.split()[-1], p.name.split()[0]]))
    return out


def _pinning_docs(ev: MeetingEvent) -> list[str]:
    m = _PINNED_BY.search(ev.date_note or "")
    return [d.strip() for d in m.group(1).split(",")] if m else []


def _source_expression(ev: MeetingEvent, weekday: str) -> str:
    said = (ev.date_note or "").split(" in undated reports")[0]
    return said if weekday in said else weekday


def _plain(text: str) -> str:
    """Article words without the article's own "[3]": only our markers may look like citations."""
    return re.sub(r"\s*\[\d{1,3}\]", "", text)


def _tidy(text: str) -> str:
    return re.sub(r"\s+([,;)])", r"\1", re.sub(r"\s+", " ", text)).strip()


def _article(word: str) -> str:
    if word.endswith("s"):
        return ""
    return "an" if word[:1].lower() in "aeiou" else "a"
