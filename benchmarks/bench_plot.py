"""Meetings pictures: time to plan and draw 200 synthetic meetings (timeline and ego graph), and matplotlib's import.

The target is under 2 s for 200 events on this 2-core machine, drawing included (the picture shows the top 30
meetings / 20 people). Usage: python -m benchmarks.bench_plot [--events 200] [--repeat 5]
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import time
from collections import Counter

from benchmarks.common import machine_note, table
from bot.answer.picture import plan_picture
from bot.answer.timeline import render_timeline
from bot.meetings.records import FieldCitation, MeetingEvent, Participant
from bot.plot import render

FIRST = ["Anna", "Boris", "Chen", "Dmitri", "Elena", "Farid", "Gita", "Hiro", "Ines", "Jamal", "Kofi", "Lena"]
LAST = ["Abernathy-Smythe", "Bianchi", "Castellanos", "Dubois", "Eriksson", "Fujimori", "Haddad"]
IMPORT = ("import time; t = time.perf_counter(); import matplotlib.figure, matplotlib.backends.backend_agg; "
          "print(time.perf_counter() - t)")


def meetings(n: int, seed: int = 7) -> list[MeetingEvent]:
    """`n` meetings of 2-5 of 60 people (a dozen of them busy), one in seven undated."""
    rng = random.Random(seed)
    names = [f"{f} {last}" for last in LAST for f in FIRST][:60]
    events = []
    for i in range(n):
        who = list(dict.fromkeys(rng.sample(names[:12], 1) + rng.sample(names, rng.randint(1, 4))))
        day = None if i % 7 == 0 else f"202{rng.randint(0, 3)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        events.append(MeetingEvent(f"e{i}", [Participant(x) for x in who], date_iso=day,
                                   status=rng.choice(["held", "planned", None]),
                                   citations=[FieldCitation("participants", f"d{i}", f"d{i}.txt", "They met.")]))
    return events


def timed(person: str | None, events: list[MeetingEvent], repeat: int) -> list:
    best_plan = best_draw = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        listed = render_timeline(events, person)
        plan = plan_picture(listed, {}, person)
        t1 = time.perf_counter()
        picture = render(plan)
        t2 = time.perf_counter()
        best_plan, best_draw = min(best_plan, t1 - t0), min(best_draw, t2 - t1)
    view = f"{picture.view} ({person})" if person else picture.view
    return [view, len(listed), len(picture.marks), len(picture.labels), f"{picture.width}x{picture.height}",
            len(picture.png) // 1024, best_plan * 1000, best_draw * 1000, (best_plan + best_draw) * 1000]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    machine_note()
    cold = float(subprocess.run([sys.executable, "-c", IMPORT], capture_output=True, text=True, check=True).stdout)
    events = meetings(args.events)
    busiest = Counter(p.name for e in events for p in e.participants).most_common(1)[0][0]
    t = time.perf_counter()
    timed(None, events, 1)
    first_call = time.perf_counter() - t
    rows = [timed(None, events, args.repeat), timed(busiest, events, args.repeat)]
    table(f"{args.events} synthetic meetings, best of {args.repeat} (ms); matplotlib import in a fresh process "
          f"{cold * 1000:.0f} ms; first picture in this process {first_call * 1000:.0f} ms",
          ["view", "listed", "marks", "people", "pixels", "KiB", "plan ms", "draw ms", "total ms"], rows)


if __name__ == "__main__":
    main()
