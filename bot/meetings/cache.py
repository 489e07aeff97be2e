"""One article's pre-merge events as JSON, evidence included, so an unchanged article is merged without re-reading."""

from __future__ import annotations

from bot.meetings.dates import DateFact
from bot.meetings.records import MeetingEvent
from bot.records import Article


def _fact(f: DateFact) -> list:
    return [f.text, f.iso, list(f.window) if f.window else None, f.weekday, list(f.month_day) if f.month_day else None]


def _unfact(x: list) -> DateFact:
    text, iso, window, weekday, month_day = x
    return DateFact(text, iso, tuple(window) if window else None, weekday, tuple(month_day) if month_day else None)


def encode(events: list[MeetingEvent]) -> list[dict]:
    """`events` as the extractor returned them, then the events their evidence points to (a dropped parent)."""
    todo, seen = list(events), {id(e): n for n, e in enumerate(events)}
    out = []
    for ev in todo:  # grows while it runs: parents not among `events` are appended after them
        parent = ev.evidence.get("parent")
        if parent is not None and id(parent) not in seen:
            seen[id(parent)] = len(todo)
            todo.append(parent)
        out.append({
            **ev.to_json(),
            "group": ev.evidence["group"],
            "dates": [[_fact(f), s] for f, s, _a in ev.evidence["dates"]],
            "windows": [[list(w), s] for w, s, _a in ev.evidence["windows"]],
            "area": sorted(ev.evidence["area"]),
            "parent_at": None if parent is None else seen[id(parent)],
            "relation": ev.evidence.get("relation"),
            "extra": len(out) >= len(events),
        })
    return out


def decode(records: list[dict], article: Article) -> list[MeetingEvent]:
    """Fresh events for `article` from `encode`'s records; citations take the article's current doc id and path."""
    events = []
    for rec in records:
        ev = MeetingEvent.from_json(rec)
        for c in ev.citations:
            c.doc_id, c.path = article.doc_id, article.path
        ev.evidence = {"group": rec["group"], "dates": [(_unfact(f), s, article) for f, s in rec["dates"]],
                       "windows": [(tuple(w), s, article) for w, s in rec["windows"]], "area": set(rec["area"]),
                       "parent": None, "relation": rec["relation"], "article": article}
        events.append(ev)
    for ev, rec in zip(events, records, strict=True):
        if rec["parent_at"] is not None:
            ev.evidence["parent"] = events[rec["parent_at"]]
    return [ev for ev, rec in zip(events, records, strict=True) if not rec["extra"]]
