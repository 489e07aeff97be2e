"""Answers who/when/where/what questions about meetings from the events, with numbered citations."""

from __future__ import annotations

import re

from bot.answer.question import MONTHS, Question
from bot.answer.timeline import involves, render_timeline
from bot.meetings.records import MeetingEvent
from bot.records import Answer, Citation
from bot.text.names import fold, name_in, name_tokens

_MEET = re.compile(r"\b(?:meet|met|meeting|meetings|talks|talk|discuss|discussed|visit|visited|summit|conference|"
                   r"negotiat\w*|sit down)\b", re.I)
_STOP = {"who", "whom", "when", "where", "what", "did", "does", "do", "will", "and", "the", "meet", "met", "with",
         "discuss", "discussed", "talk", "talks", "about", "in", "on", "is", "was", "were", "are", "of", "a", "to"}


def _people_in(question: str, events: list[MeetingEvent]) -> list[str]:
    words = {fold(w) for w in re.findall(r"[\w’'-]+", question)} - _STOP
    found: list[str] = []
    for ev in events:
        for p in ev.participants:
            if p.name not in found and set(name_tokens(p.name)) & words:
                found.append(p.name)
    return found


def _covers(ev: MeetingEvent, name: str) -> bool:
    """A question's name is a participant, their country, the place, or something the event was about."""
    if involves(ev, name):
        return True
    about = " ".join([ev.place or "", ev.kind or "", *ev.topics, *(p.country or "" for p in ev.participants),
                      *(p.role or "" for p in ev.participants)])
    return name_in(name, about)


def _relevance(ev: MeetingEvent, q: Question) -> int:
    """How many of the question's own words (not names, not meeting words) the event's roles/kind/topics carry."""
    from bot.answer.passages import GENERIC

    named = {w.lower() for n in q.spans or q.names for w in n.split()}
    text = " ".join([ev.kind or "", ev.place or "", *ev.topics, *(p.role or "" for p in ev.participants)]).lower()
    return sum(1 for t in q.terms if t not in GENERIC and t not in named and t[:5] in text)


def _month(question: str) -> str | None:
    m = re.search(r"\b(" + "|".join(MONTHS) + r")\s+(\d{4})\b", question, re.I)
    if m:
        return f"{m.group(2)}-{MONTHS.index(m.group(1).lower()) + 1:02d}"
    m = re.search(r"\b(\d{4})-(\d{2})\b", question)
    return f"{m.group(1)}-{m.group(2)}" if m else None


def answer_from_meetings(q: Question, events: list[MeetingEvent], articles: dict) -> Answer | None:
    """An Answer built only from the events, or None when this isn't a meeting question or nothing matches."""
    question = q.text
    if not _MEET.search(question) or not events:
        return None
    # A lone country or organisation "making a visit" says nothing about who met whom.
    events = [e for e in events if len(e.participants) > 1 or any(p.kind == "person" for p in e.participants)]
    names = _people_in(question, events)
    month = _month(question)
    asked = q.spans or q.names  # every name (and descriptor) asked about must be in the event, or it is no answer
    chosen = [e for e in events if all(_covers(e, n) for n in asked)] if asked else list(events)
    if q.years:  # "the 2023 meeting", "in 2021": the event's date, or its reports, must be from that year
        chosen = [e for e in chosen if any((d or "")[:4] in q.years for d in [e.date_iso, *e.reported])]
    if names:
        chosen = [e for e in chosen if all(involves(e, n) for n in names)]
    if month:
        chosen = [e for e in chosen if (e.date_iso or "").startswith(month)
                  or (not e.date_iso and any(r.startswith(month) for r in e.reported))]
    elif not names:
        return None
    if not chosen:
        return None
    chosen = render_timeline(chosen)
    if names:  # what the question asks for first ("which prime minister"), then the tightest match
        chosen.sort(key=lambda e: (-_relevance(e, q), len(e.participants)))
    chosen = chosen[:2]
    builder = _Builder(question, articles)
    ask = question.lower()
    lines = [builder.sentence(e, ask, names) for e in chosen]
    return Answer(question=q.shown, answer=" ".join(lines), abstained=False, citations=builder.citations,
                  passages=[])


class _Builder:
    def __init__(self, question: str, articles: dict):
        self.articles = articles
        self.citations: list[Citation] = []

    def cite(self, ev: MeetingEvent, *fields: str) -> str:
        marks = []
        for c in ev.citations:
            if c.field not in fields or len(marks) >= 2:
                continue
            have = next((x for x in self.citations if x.doc_id == c.doc_id and x.quote == c.quote), None)
            if have is None:
                art = self.articles.get(c.doc_id)
                have = Citation(len(self.citations) + 1, c.doc_id, getattr(art, "path", c.path),
                                getattr(art, "label", "") or getattr(art, "title", "") or c.doc_id,
                                getattr(art, "date", None),
                                getattr(art, "source", None), c.quote, 1.0)
                self.citations.append(have)
            if f"[{have.n}]" not in marks:
                marks.append(f"[{have.n}]")
        return "".join(marks)

    def sentence(self, ev: MeetingEvent, ask: str, names: list[str]) -> str:
        people = [_plain(_label(p)) for p in ev.participants]
        who = ", ".join(people[:-1]) + f" and {people[-1]}" if len(people) > 1 else people[0]
        if len(people) == 1:
            verb = "made a visit" if ev.status == "held" else "was to make a visit"
            return re.sub(r"\s+", " ", f"{who} {verb} {self.cite(ev, 'participants', 'status')}").strip() + "."
        verb = "met" if ev.status == "held" else "were to meet" if ev.status == "planned" else "met"
        kind = ""
        if ev.kind and ev.kind not in ("meeting", "visit"):
            kind = f" for {_article(ev.kind)} {ev.kind}".replace("  ", " ")
        text = f"{who} {verb}{kind} {self.cite(ev, 'participants', 'status')}"
        if ev.place:
            text += f" in {_plain(ev.place)} {self.cite(ev, 'place')}"
        if ev.date_iso:
            text += f" on {ev.date_iso} {self.cite(ev, 'date')}"
            if ev.date_note:  # say how an undated report's weekday was pinned, citing the dated reports
                said = ev.date_note.split(" in undated reports")[0]
                text += f' ("{said}" in undated reports, pinned by dated ones)'
        elif ev.date_text:
            text += f", date given as \"{_plain(ev.date_text)}\" {self.cite(ev, 'date')}"
        elif ev.reported:
            text += f" (date not given; reported {', '.join(ev.reported)})"
        if ev.topics and ("discuss" in ask or "what" in ask or "about" in ask):
            text += f"; topics: {_plain('; '.join(ev.topics[:4]))} {self.cite(ev, 'topics')}"
        return re.sub(r"\s+", " ", text).strip() + "."


def _plain(text: str) -> str:
    """Article words without the article's own "[3]": only our markers may look like citations."""
    return re.sub(r"\s*\[\d{1,3}\]", "", text)


def _label(p) -> str:
    role = p.role if p.role and len(p.role) <= 60 else None
    lead = " ".join(x for x in (p.country if p.country and role else None, role) if x)
    return f"{lead} {p.name}".strip()


def _article(word: str) -> str:
    if word.endswith("s"):
        return ""
    return "an" if word[:1].lower() in "aeiou" else "a"
