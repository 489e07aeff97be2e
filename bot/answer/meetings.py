"""Answers who/when/where/what questions about meetings from the events, with numbered citations."""

from __future__ import annotations

import re

from bot.answer.cited_event import EventWriter
from bot.answer.constraints import constraints_of, event_fits
from bot.answer.question import MONTHS, Question
from bot.answer.timeline import involves, render_timeline
from bot.meetings.records import MeetingEvent
from bot.records import Answer
from bot.text.names import fold, name_tokens

_MEET = re.compile(r"\b(?:meet|met|meeting|meetings|talks|talk|discuss|discussed|visit|visited|summit|conference|"
                   r"negotiat\w*|sit down|receiv\w*|host\w*|see)\b", re.I)
_FUTURE = re.compile(r"\b(will|going to|upcoming|scheduled|expected)\b", re.I)
_STOP = {"who", "whom", "when", "where", "what", "did", "does", "do", "will", "and", "the", "meet", "met", "with",
         "discuss", "discussed", "talk", "talks", "about", "in", "on", "is", "was", "were", "are", "of", "a", "to"}


def _people_in(question: str, events: list[MeetingEvent]) -> list[str]:
    words = {fold(w) for w in re.findall(r"[\w’'-]+", question)} - _STOP
    found: list[str] = []
    for ev in events:
        for p in ev.participants:
            if p.kind == "person" and p.name not in found and set(name_tokens(p.name)) & words:
                found.append(p.name)
    return found


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
    """An Answer built only from events that meet every constraint of the question and fill the asked slot, or
    None (the passages answer) when this isn't a meeting question or no event does."""
    question = q.text
    if not _MEET.search(question) or not events:
        return None
    # A lone country or organisation "making a visit" says nothing about who met whom.
    events = [e for e in events if len(e.participants) > 1 or any(p.kind == "person" for p in e.participants)]
    wanted = constraints_of(q, {p.name for e in events for p in e.participants if p.kind == "person"})
    names = _people_in(question, events)
    month = _month(question)
    if not (names or month or wanted.described or wanted.places):
        return None  # nothing in the question picks an event out
    chosen = [e for e in events if event_fits(e, wanted)]
    if q.years:  # "the 2023 meeting", "in 2021": the event's date, or its reports, must be from that year
        chosen = [e for e in chosen if any((d or "")[:4] in q.years for d in [e.date_iso, *e.reported])]
    if names:
        chosen = [e for e in chosen if all(involves(e, n) for n in names)]
    if month:
        chosen = [e for e in chosen if (e.date_iso or "").startswith(month)
                  or (not e.date_iso and any(r.startswith(month) for r in e.reported))]
    if _FUTURE.search(question):  # "who will X meet": not a meeting reported as held
        chosen = [e for e in chosen if e.status != "held"]
    if not chosen:
        return None
    chosen = render_timeline(chosen)
    ranked = {e.id: _relevance(e, q) for e in chosen}
    if not names and not month and not wanted.described and max(ranked.values()) == 0:
        return None  # no person named or described, and none of the question's own words in any event
    if names or not month:  # what the question asks for first ("which prime minister"), then the tightest match
        chosen.sort(key=lambda e: (-ranked[e.id], len(e.participants)))
        chosen = [e for e in chosen if ranked[e.id] == ranked[chosen[0].id]]
    writer = EventWriter(articles)
    lines = [writer.sentence(e, topics=wanted.slot in ("topics", "why"), country=wanted.slot == "where")
             for e in chosen[:2]]
    return Answer(question=q.shown, answer=" ".join(lines), abstained=False, citations=writer.citations,
                  passages=[])
