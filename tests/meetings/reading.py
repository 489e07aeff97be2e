"""What the pattern extractor reads from one hand-written text, for the meeting tests."""

from __future__ import annotations

from bot.meetings.extract import PatternMeetingExtractor
from bot.meetings.records import MeetingEvent
from bot.records import Article


def events(text: str) -> list[MeetingEvent]:
    """The events of `text` read as one article dated 2024-05-02."""
    return PatternMeetingExtractor().extract(Article("t", "t", "", "2024-05-02", None, None, text, "t.txt"))


def who(ev: MeetingEvent) -> dict[str, str]:
    """An event's participants: name -> kind."""
    return {p.name: p.kind for p in ev.participants}
