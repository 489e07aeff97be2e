"""Meeting events as first-class facts: participants, date, place, topics, status, and a citation per field."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class FieldCitation:
    """The sentence of one article that supports one field of an event."""

    field: str  # "participants", "date", "place", "topics", "status"; "event": a sentence referring back to it
    doc_id: str
    path: str
    quote: str

    def to_json(self) -> dict:
        return {"field": self.field, "doc_id": self.doc_id, "path": self.path, "quote": self.quote}


@dataclass
class Participant:
    name: str
    role: str | None = None
    country: str | None = None
    kind: str = "person"  # "person" | "country" | "organization" | "group"
    resolved_from: str | None = None  # "she": the name was read back from this pronoun (a citation names them)
    mention: str | None = None  # "Lord Coe": the words a cited sentence used, when not the resolved full name

    def to_json(self) -> dict:
        out = {"name": self.name, "role": self.role, "country": self.country, "kind": self.kind}
        out = {**out, "resolved_from": self.resolved_from} if self.resolved_from else out
        return {**out, "mention": self.mention} if self.mention else out


@dataclass
class MeetingEvent:
    """One meeting; `date_iso` is set only when the text (or a dated article about it) pins the day."""

    id: str
    participants: list[Participant] = field(default_factory=list)
    date_text: str | None = None
    date_iso: str | None = None
    place: str | None = None
    topics: list[str] = field(default_factory=list)
    status: str | None = None  # "planned" | "held"
    citations: list[FieldCitation] = field(default_factory=list)
    kind: str | None = None  # "two-plus-two meeting", "video conference", "talks", ...
    date_note: str | None = None  # how the date was resolved, e.g. pinned by another article
    reported: list[str] = field(default_factory=list)  # publication dates of the citing articles
    parent: str | None = None  # id of the larger meeting this one was held on the fringes of
    evidence: dict = field(default_factory=dict, repr=False, compare=False)  # index-time only, not saved

    def cited(self, field_name: str) -> list[FieldCitation]:
        return [c for c in self.citations if c.field == field_name]

    def add_citation(self, field_name: str, doc_id: str, path: str, quote: str) -> None:
        cit = FieldCitation(field_name, doc_id, path, quote)
        if cit not in self.citations:
            self.citations.append(cit)

    @property
    def doc_ids(self) -> list[str]:
        return list(dict.fromkeys(c.doc_id for c in self.citations))

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "kind": self.kind,
            "participants": [p.to_json() for p in self.participants],
            "date": {"text": self.date_text, "iso": self.date_iso, "note": self.date_note},
            "place": self.place,
            "topics": list(self.topics),
            "status": self.status,
            "citations": [c.to_json() for c in self.citations],
            "reported": list(self.reported),
            "parent": self.parent,
        }

    @classmethod
    def from_json(cls, obj: dict) -> MeetingEvent:
        date = obj.get("date") or {}
        return cls(
            id=str(obj["id"]),
            participants=[Participant(p["name"], p.get("role"), p.get("country"), p.get("kind") or "person",
                                      p.get("resolved_from"), p.get("mention"))
                          for p in obj.get("participants", [])],
            date_text=date.get("text"),
            date_iso=date.get("iso"),
            place=obj.get("place"),
            topics=list(obj.get("topics") or []),
            status=obj.get("status"),
            citations=[
                FieldCitation(c.get("field", "event"), c["doc_id"], c.get("path", c["doc_id"]), c["quote"])
                for c in obj.get("citations", [])
            ],
            kind=obj.get("kind"),
            date_note=date.get("note"),
            reported=list(obj.get("reported") or []),
            parent=obj.get("parent"),
        )


def with_evidence(events: list[MeetingEvent]) -> list[MeetingEvent]:
    """Events from any extractor, given the index-time evidence merging reads (empty where it gave none)."""
    for ev in events:
        ev.evidence = {"group": False, "dates": [], "windows": [], "area": set(), "parent": None, "relation": None,
                       **ev.evidence}
    return events
