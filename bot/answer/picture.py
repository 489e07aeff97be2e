"""What a meetings picture shows: which meetings and people (the most-met first, capped), numbered like the table."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from bot.answer.timeline import names_person, period_label
from bot.meetings.records import FieldCitation, MeetingEvent
from bot.records import Article
from bot.text.names import same_person

MAX_EVENTS = 30
MAX_PEOPLE = 20
QUOTE_ORDER = ("participants", "status", "date")  # which sentence backs a mark: who met, then that they met


@dataclass(frozen=True)
class Source:
    """The citation behind mark [n]: the article, its date and the quoted sentence."""

    n: int
    title: str
    path: str
    date: str | None
    quote: str

    def to_json(self) -> dict:
        return {"n": self.n, "title": self.title, "path": self.path, "date": self.date, "quote": self.quote}


@dataclass
class Mark:
    """One meeting in the picture: its [n] from the listing, and the shown people who took part."""

    n: int
    event: MeetingEvent
    people: list[str]

    @property
    def status(self) -> str:
        return self.event.status if self.event.status in ("held", "planned") else "unknown"


@dataclass
class PicturePlan:
    """A timeline (rows = people) or, for one person, an ego graph; `caption` says what was left out."""

    view: str  # "timeline" | "ego"
    title: str
    marks: list[Mark]
    people: list[str]  # rows or nodes: most meetings first for the ego graph, first met first for the timeline
    sources: list[Source]
    caption: str
    centre: str | None = None
    counts: dict[str, int] = field(default_factory=dict)  # meetings per shown person (with the centre, for ego)


def source_for(n: int, event: MeetingEvent, articles: dict[str, Article]) -> Source | None:
    cites: list[FieldCitation] = [c for f in QUOTE_ORDER for c in event.cited(f)] + event.citations
    if not cites:
        return None
    c = cites[0]
    article = articles.get(c.doc_id)
    return Source(n, article.label if article else c.path, c.path, article.date if article else None, c.quote)


def canonical_names(events: list[MeetingEvent]) -> dict[str, str]:
    """Every spelling of a participant -> the spelling used most ("Hayashi Yoshimasa" -> "Yoshimasa Hayashi")."""
    groups: list[Counter[str]] = []
    for ev in events:
        for p in ev.participants:
            group = next((g for g in groups if any(same_person(p.name, k) for k in g)), None)
            if group is None:
                group = Counter()
                groups.append(group)
            group[p.name] += 1
    return {name: g.most_common(1)[0][0] for g in groups for name in g}


def _people_of(event: MeetingEvent, canon: dict[str, str]) -> list[str]:
    return list(dict.fromkeys(canon[p.name] for p in event.participants))


def _caption(kept: int, total: int, people: int, all_people: int, what: str) -> str:
    if kept < total or people < all_people:
        return (f"Showing the {kept} of {total} meetings and {people} of {all_people} {what} with the most "
                f"meetings; numbers match the sources.")
    return f"{total} meeting(s), {people} {what}; numbers match the sources."


def plan_picture(events: list[MeetingEvent], articles: dict[str, Article], person: str | None = None, *,
                 since: str | None = None, until: str | None = None, max_events: int = MAX_EVENTS,
                 max_people: int = MAX_PEOPLE) -> PicturePlan:
    """`events` in listing order (their [n] is their position); for `person`, the ego graph around them."""
    period = period_label(since, until)
    canon = canonical_names(events)
    who = {n: _people_of(ev, canon) for n, ev in enumerate(events, 1)}
    centre = None
    if person:
        matching = {canon[raw] for raw in canon if names_person(raw, person)}
        centre = max(matching, key=lambda name: (sum(name in w for w in who.values()), name), default=None)
    if centre is not None:  # only the centre's meetings; the others ranked by meetings with the centre
        who = {n: w for n, w in who.items() if centre in w}
    first_seen = {name: i for i, name in enumerate(dict.fromkeys(p for w in who.values() for p in w if p != centre))}
    met = Counter(p for w in who.values() for p in w if p != centre)
    ranked = sorted(first_seen, key=lambda name: (-met[name], first_seen[name]))
    kept = set(ranked[: max_people - (centre is not None)])
    candidates = [n for n, w in who.items() if kept & set(w) or (centre is not None and set(w) == {centre})]
    weight = {n: sum(met[p] for p in who[n] if p in kept) for n in candidates}
    chosen = sorted(sorted(candidates, key=lambda n: (-weight[n], n))[:max_events])
    marks = [Mark(n, events[n - 1], [p for p in who[n] if p in kept or p == centre]) for n in chosen]
    shown = [p for p in (ranked if centre else first_seen) if any(p in m.people for m in marks)]
    counts = {p: sum(p in m.people for m in marks) for p in shown}
    sources = [s for m in marks if (s := source_for(m.n, m.event, articles)) is not None]
    total = len(who)
    if centre is not None:
        counts[centre] = len(marks)
        caption = _caption(len(marks), total, len(shown), len(first_seen), "people they met")
        title = f"Meetings of {centre}" + (f", {period}" if period else "")
        return PicturePlan("ego", title, marks, shown, sources, caption, centre, counts)
    caption = _caption(len(marks), total, len(shown), len(first_seen), "people")
    title = "Meetings in the archive" + (f", {period}" if period else "")
    return PicturePlan("timeline", title, marks, shown, sources, caption, None, counts)
