"""The `whomet meetings` listing: filter by person and dates, dated events first in date order, undated last."""

from __future__ import annotations

import re
from datetime import date

from bot.meetings.records import MeetingEvent
from bot.text.names import fold, name_tokens, same_person


def names_person(name: str, person: str) -> bool:
    """"Blinken", "Antony Blinken", "Anthony Blinken" and "Yoshimasa Hayashi" all name their person."""
    want, have = name_tokens(person), name_tokens(name)
    if same_person(person, name) or (want and all(w in have for w in want)):
        return True
    return len(want) == 1 and fold(want[0]) in have


def involves(event: MeetingEvent, person: str) -> bool:
    return any(names_person(p.name, person) for p in event.participants)


class DateError(ValueError):
    """A --since/--until date that is not yyyy-mm-dd or yyyy-mm, or a range that ends before it starts."""


_BOUND = re.compile(r"(\d{4})-(\d{2})(?:-(\d{2}))?")


def parse_bound(text: str | None, what: str = "date") -> str | None:
    """"2021-03" or "2021-03-16" as given (checked to be a real month or day); None for None or blank."""
    if text is None or not text.strip():
        return None
    m = _BOUND.fullmatch(text.strip())
    try:
        if m is None:
            raise ValueError
        date(int(m[1]), int(m[2]), int(m[3] or 1))
    except ValueError:
        raise DateError(f"the {what} date {text.strip()!r} is not a date like 2021-03-16 or 2021-03") from None
    return m[0]


def date_range(since: str | None, until: str | None) -> tuple[str | None, str | None]:
    """Both bounds checked, and the start not after the end."""
    start, end = parse_bound(since, "since"), parse_bound(until, "until")
    common = min(len(start or ""), len(end or ""))
    if start and end and start[:common] > end[:common]:
        raise DateError(f"the since date {start} is after the until date {end}")
    return start, end


def period_label(since: str | None, until: str | None) -> str:
    """ "2021-03 to 2021-12", "since 2021-03", "until 2021-12" or ""."""
    if since and until:
        return f"{since} to {until}"
    return f"since {since}" if since else f"until {until}" if until else ""


def in_range(event: MeetingEvent, since: str | None, until: str | None) -> bool:
    """Inclusive: --until 2021-03 keeps all of March. With a bound, undated events are left out."""
    if since is None and until is None:
        return True
    day = event.date_iso
    if not day:
        return False
    return (since is None or day[: len(since)] >= since) and (until is None or day[: len(until)] <= until)


def render_timeline(events: list[MeetingEvent], person: str | None = None, since: str | None = None,
                    until: str | None = None) -> list[MeetingEvent]:
    start, end = date_range(since, until)
    chosen = [e for e in events if (person is None or involves(e, person)) and in_range(e, start, end)]
    return sorted(chosen, key=lambda e: (e.date_iso is None, e.date_iso or "", min(e.reported or ["9999"]), e.id))
