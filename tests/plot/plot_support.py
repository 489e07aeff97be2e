"""Hand-made meeting events for picture tests: a few named ones, and many random ones with a fixed seed."""

from __future__ import annotations

import random
import struct

from bot.meetings.records import FieldCitation, MeetingEvent, Participant

FIRST = ["Anna", "Boris", "Chen", "Dmitri", "Elena", "Farid", "Gita", "Hiro", "Ines", "Jamal", "Kofi", "Lena"]
LAST = ["Abernathy-Smythe", "Bianchi", "Castellanos", "Dubois", "Eriksson", "Fujimori", "Haddad"]


def event(eid: str, names: list[str], day: str | None = None, status: str | None = "held",
          doc: str = "a.txt") -> MeetingEvent:
    quote = " and ".join(names) + " met."
    return MeetingEvent(eid, [Participant(n) for n in names], date_iso=day, status=status,
                        citations=[FieldCitation("participants", doc, doc, quote)])


def synthetic(n: int, people: int = 60, seed: int = 7) -> list[MeetingEvent]:
    """`n` meetings of 2-5 of `people` names (a dozen of them busy), one in seven undated."""
    rng = random.Random(seed)
    names = [f"{f} {last}" for last in LAST for f in FIRST][:people]
    events = []
    for i in range(n):
        who = list(dict.fromkeys(rng.sample(names[:12], 1) + rng.sample(names, rng.randint(1, 4))))
        day = None if i % 7 == 0 else f"202{rng.randint(0, 3)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        events.append(event(f"e{i}", who, day, rng.choice(["held", "planned", None]), f"d{i}.txt"))
    return events


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">II", data[16:24])
