"""The `whomet meetings` listing: filter by person, dated events first in date order, undated last."""

from __future__ import annotations

from bot.meetings.records import MeetingEvent
from bot.text.names import fold, name_tokens, same_person


def involves(event: MeetingEvent, person: str) -> bool:
    """"Blinken", "Antony Blinken", "Anthony Blinken" and "Yoshimasa Hayashi" all find their person."""
    want = name_tokens(person)
    for p in event.participants:
        have = name_tokens(p.name)
        if same_person(person, p.name) or (want and all(w in have for w in want)):
            return True
        if len(want) == 1 and fold(want[0]) in have:
            return True
    return False


def render_timeline(events: list[MeetingEvent], person: str | None = None) -> list[MeetingEvent]:
    chosen = [e for e in events if person is None or involves(e, person)]
    return sorted(chosen, key=lambda e: (e.date_iso is None, e.date_iso or "", min(e.reported or ["9999"]), e.id))
