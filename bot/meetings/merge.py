"""Merges the same meeting told by several articles into one event, and pins undated weekdays across articles."""

from __future__ import annotations

from datetime import date, timedelta

from bot.meetings.records import MeetingEvent
from bot.text.names import name_tokens, same_person

GENERIC = {"meeting", "meetings", "talks", "visit", "security talks", "discussions", "dialogue"}


def _keys(ev: MeetingEvent) -> list[str]:
    return [p.name for p in ev.participants]


def _overlap(a: MeetingEvent, b: MeetingEvent) -> int:
    kb = _keys(b)  # once, not once per participant of a
    return sum(1 for x in _keys(a) if any(same_person(x, y) or x == y for y in kb))


def _area(ev: MeetingEvent) -> set[str]:
    from bot.meetings.geo import countries_of

    names = set(ev.evidence.get("area", set())) | ({ev.place} if ev.place else set())
    return set().union(*(countries_of(n) for n in names)) if names else set()


def _days(ev: MeetingEvent) -> set[str] | None:
    """Possible days given the dated evidence; None when nothing constrains it."""
    isos = {f.iso for f, *_ in ev.evidence["dates"] if f.iso}
    if isos:
        return isos
    windows = [f.window for f, *_ in ev.evidence["dates"] if f.window] + [w for w, *_ in ev.evidence["windows"]]
    if not windows:
        return None
    lo, hi = max(w[0] for w in windows), min(w[1] for w in windows)
    return {"window"} if lo <= hi else set()


def compatible(a: MeetingEvent, b: MeetingEvent) -> bool:
    # The overlap n counts a's participants (n <= len(a)), so the checks on it below fail for these two cases:
    # return before computing it, which costs len(a) * len(b) name comparisons.
    la, lb = len(a.participants), len(b.participants)
    if not a.evidence["group"] and not b.evidence["group"] and la != lb:
        return False
    if a.evidence["group"] != b.evidence["group"] and la < lb:
        return False
    n = _overlap(a, b)
    small = min(len(a.participants), len(b.participants))
    if n < 2 and not (n == small == 1):
        return False
    if a.evidence["group"] != b.evidence["group"] and n < max(len(a.participants), len(b.participants)):
        return False
    if not a.evidence["group"] and not b.evidence["group"] and n != len(a.participants) or (
            not a.evidence["group"] and not b.evidence["group"] and n != len(b.participants)):
        return False
    aa, ab = _area(a), _area(b)
    if aa and ab and not aa & ab:
        return False
    if a.kind not in GENERIC and b.kind not in GENERIC and a.kind.split()[0] != b.kind.split()[0]:
        return False
    da, db = _days(a), _days(b)
    if da and db and "window" not in da | db and not da & db:
        return False
    if a.reported and b.reported and abs((date.fromisoformat(min(a.reported)) - date.fromisoformat(
            min(b.reported))).days) > _SPAN:
        return False
    dated = lambda e: bool(e.evidence["dates"] or e.evidence["windows"])  # noqa: E731
    if bool(a.reported) != bool(b.reported) and not (dated(a) and dated(b)) and n != max(
            len(a.participants), len(b.participants)):
        return False  # an undated report and a dated one with nothing to check the day against
    wa = {f.weekday for f, *_ in a.evidence["dates"] if f.weekday is not None}
    wb = {f.weekday for f, *_ in b.evidence["dates"] if f.weekday is not None}
    return not (wa and wb and not wa & wb)


def absorb(into: MeetingEvent, other: MeetingEvent) -> None:
    for p in other.participants:
        have = next((q for q in into.participants if same_person(q.name, p.name) or q.name == p.name), None)
        if have is None:
            into.participants.append(p)
        else:
            have.role, have.country = have.role or p.role, have.country or p.country
            have.mention = have.mention or p.mention
    for c in other.citations:
        if c not in into.citations:
            into.citations.append(c)
    into.topics += [t for t in other.topics if t.lower() not in {x.lower() for x in into.topics}]
    into.place = into.place or other.place
    into.status = "held" if "held" in (into.status, other.status) else into.status or other.status
    if into.kind in GENERIC and other.kind not in GENERIC:
        into.kind = other.kind
    for key in ("dates", "windows"):
        into.evidence[key] += other.evidence[key]
    into.evidence["area"] = set(into.evidence["area"]) | set(other.evidence["area"])
    into.evidence["group"] = into.evidence["group"] or other.evidence["group"]
    into.evidence.setdefault("members", [into]).append(other)
    into.reported = sorted(set(into.reported) | set(other.reported))


def _blocks(ev: MeetingEvent) -> set[str]:
    """Keys two events share whenever a participant of one may be a participant of the other (see same_person)."""
    return {key for p in ev.participants for key in (*name_tokens(p.name), "=" + p.name)}


_SPAN = 45  # compatible(): two reports more than this many days apart never tell the same meeting


def _period(ev: MeetingEvent) -> int | None:
    """The _SPAN-day period of an event's first report (None when undated): events whose periods differ by two or
    more were first reported over _SPAN days apart."""
    return date.fromisoformat(min(ev.reported)).toordinal() // _SPAN if ev.reported else None


def merge(events: list[MeetingEvent]) -> list[MeetingEvent]:
    out: list[MeetingEvent] = []
    owner: dict[int, MeetingEvent] = {}
    # block key -> report period -> positions in `out`: events sharing no key never merge, and a dated event is only
    # checked against those of its own and the neighbouring periods (and undated ones), so a name in thousands of
    # meetings over the years costs the meetings near in time, not all of them.
    index: dict[str, dict[int | None, set[int]]] = {}
    keys_of: list[set[str]] = []  # the block keys each merged event is indexed under
    period_of: list[int | None] = []  # and the period it is indexed in now
    for ev in events:
        keys, period = _blocks(ev), _period(ev)
        near: set[int] = set()
        for k in keys:
            by_period = index.get(k, {})
            if period is None:
                near.update(*by_period.values())
            else:
                for p in (period - 1, period, period + 1, None):
                    near.update(by_period.get(p, ()))
        at = next((i for i in sorted(near) if compatible(out[i], ev)), None)
        if at is None:
            at = len(out)
            out.append(ev)
            owner[id(ev)] = ev
            keys_of.append(set())
            period_of.append(period)
        else:
            absorb(out[at], ev)
            owner[id(ev)] = out[at]
        keys_of[at] |= keys
        now = _period(out[at])  # an earlier report absorbed moves the merged event back: index all its keys there
        for k in keys_of[at] if now != period_of[at] else keys:
            index.setdefault(k, {}).setdefault(now, set()).add(at)
        period_of[at] = now
    known: dict[str, tuple[str | None, str | None]] = {}
    for ev in out:
        resolve_date(ev)
        for p in ev.participants:
            r, c = known.get(p.name, (None, None))
            known[p.name] = (r or p.role, c or p.country)
    for ev in out:  # a title or country one article gives fills the gap another leaves
        for p in ev.participants:
            p.role, p.country = p.role or known[p.name][0], p.country or known[p.name][1]
    for n, ev in enumerate(sorted(out, key=lambda e: (e.date_iso or "9999", e.id))):
        ev.id = f"m{n + 1:04d}"
    for ev in out:
        _inherit(ev, owner)
    return out


def resolve_date(ev: MeetingEvent) -> None:
    facts = ev.evidence["dates"]
    exact = [(f, s, a) for f, s, a in facts if f.iso and a.date]
    if exact:
        f, s, a = exact[0]
        ev.date_text, ev.date_iso = f.text, f.iso
        return
    if not facts:
        return
    f0, _s, a0 = facts[0]
    ev.date_text = f0.text + ("" if a0.date else " (article undated)")
    weekdays = {f.weekday for f, *_ in facts if f.weekday is not None}
    windows = [(f.window, s, a) for f, s, a in facts if f.window] + list(ev.evidence["windows"])
    if len(weekdays) != 1 or not windows:
        return
    lo, hi, used = None, None, []
    for (wlo, whi), s, a in sorted(windows, key=lambda w: (date.fromisoformat(w[0][1]) - date.fromisoformat(
            w[0][0])).days):
        nlo, nhi = max(lo or wlo, wlo), min(hi or whi, whi)
        if nlo <= nhi:
            lo, hi = nlo, nhi
            used.append((s, a))
    day, end = date.fromisoformat(lo), date.fromisoformat(hi)
    hits = [day + timedelta(n) for n in range((end - day).days + 1) if (day + timedelta(n)).weekday() in weekdays]
    if len(hits) == 1:
        ev.date_iso = hits[0].isoformat()
        srcs = sorted({a.doc_id for _s, a in used})
        ev.date_note = f"{f0.text} in undated reports, pinned to {ev.date_iso} by dated article(s) {', '.join(srcs)}"
        for s, a in used:
            ev.add_citation("date", a.doc_id, a.path, s)


def _inherit(ev: MeetingEvent, owner: dict[int, MeetingEvent]) -> None:
    """Talks on the fringes of a larger meeting take its place and date, citing it."""
    for member in ev.evidence.get("members", [ev]):
        parent = member.evidence.get("parent")
        if parent is None or member.evidence.get("relation") != "fringe":
            continue
        parent = owner.get(id(parent), parent)
        ev.parent = parent.id
        if ev.place is None and parent.place:
            ev.place = parent.place
            for c in parent.cited("place"):
                ev.add_citation("place", c.doc_id, c.path, c.quote)
        if ev.date_text is None and parent.date_text:
            ev.date_text, ev.date_iso, ev.date_note = parent.date_text, parent.date_iso, parent.date_note
            for c in parent.cited("date"):
                ev.add_citation("date", c.doc_id, c.path, c.quote)
