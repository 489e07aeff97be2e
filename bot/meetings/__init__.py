"""Meetings as first-class facts: extract at index time, save as JSON, load fast for answering."""

from __future__ import annotations

import json
from pathlib import Path

from bot.meetings.records import FieldCitation, MeetingEvent, Participant, with_evidence

__all__ = ["FieldCitation", "MeetingEvent", "Participant", "extract_meetings", "load_meetings", "save_meetings"]


def extract_meetings(articles, extractor=None) -> list[MeetingEvent]:
    """Extract every article's meetings and merge the ones several articles describe (index time only)."""
    from bot.meetings.extract import PatternMeetingExtractor
    from bot.meetings.merge import merge

    extractor = extractor or PatternMeetingExtractor()
    events = [ev for article in articles for ev in with_evidence(extractor.extract(article))]
    return merge(events)


def save_meetings(events: list[MeetingEvent], path: Path) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps([e.to_json() for e in events], ensure_ascii=False, indent=1), encoding="utf-8")
    tmp.replace(path)


def load_meetings(path: Path) -> list[MeetingEvent]:
    path = Path(path)
    if not path.exists():
        return []
    return [MeetingEvent.from_json(obj) for obj in json.loads(path.read_text(encoding="utf-8"))]
