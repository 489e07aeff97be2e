"""The ego graph: one person in the centre, the people they met on an arc either side, one line per pair."""

from __future__ import annotations

import math
from dataclasses import dataclass

from bot.answer.picture import Mark, PicturePlan
from bot.plot.legend import draw_legend, legend_height
from bot.plot.sheet import Sheet
from bot.plot.style import (
    BACKGROUND,
    MUTED,
    NAME_PT,
    SMALL_PT,
    STATUS_COLOUR,
    STATUS_FILLED,
    STATUS_LINE,
    TITLE_PT,
    YELLOW,
)

INK = "#1E1F22"  # text on the yellow centre box


@dataclass
class Node:
    """A person the centre met: their name, the edge's label lines ("2021-03-16 [2] [3]") and where they sit."""

    name: str
    marks: list[Mark]
    lines: list[str]
    right: bool
    y: float = 0.0
    x: float = 0.0

    @property
    def status(self) -> str:
        statuses = {m.status for m in self.marks}
        return next(s for s in ("held", "planned", "unknown") if s in statuses)


def edge_label(marks: list[Mark]) -> list[str]:
    """Date groups in date order, each with its meetings' numbers: "2021-03-16 [2] [3]", "undated [7]"."""
    groups: dict[str, list[int]] = {}
    for m in marks:
        groups.setdefault(m.event.date_iso or "undated", []).append(m.n)
    return [day + " " + " ".join(f"[{n}]" for n in ns) for day, ns in groups.items()]


def dashes(status: str, width: float):
    """The status's dash pattern at the same length on every line (matplotlib scales dashes with the width)."""
    style = STATUS_LINE[status]
    if isinstance(style, str):
        return style
    offset, pattern = style
    return offset, tuple(v * 2.5 / width for v in pattern)


def draw_ego(plan: PicturePlan, sheet: Sheet) -> None:
    s, m = sheet, sheet.margin
    centre = s.fit(plan.centre or "", NAME_PT, s.width * 0.4, weight="bold")
    centre_half = s.measure(centre, NAME_PT, "bold")[0] / 2 + s.px(8)
    band = min(s.width / 2 - m - s.px(12) - centre_half - 80 * s.scale, s.width * 0.36)
    nodes: list[Node] = []
    widest = 0.0  # the widest name or label line, up to the band: the room kept outside the arc
    for i, person in enumerate(plan.people):
        marks = [mk for mk in plan.marks if person in mk.people]
        pieces = edge_label(marks)
        nodes.append(Node(s.fit(person, NAME_PT, band), marks, s.pack(pieces, SMALL_PT, band), i % 2 == 0))
        natural = max([s.measure(person, NAME_PT)[0]] + [s.measure(p, SMALL_PT)[0] for p in pieces])
        widest = max(widest, min(natural, band))
    name_h, small_h, gap = s.line_height(NAME_PT), s.line_height(SMALL_PT), s.px(9)
    height = {id(n): name_h + small_h * len(n.lines) + gap for n in nodes}
    sides = [[n for n in nodes if n.right], [n for n in nodes if not n.right]]
    area_h = max([sum(height[id(n)] for n in side) for side in sides] + [s.px(100)])
    top = m + s.line_height(TITLE_PT) * 1.4 + s.px(8)
    cx, cy = s.width / 2, top + area_h / 2
    rx = s.width / 2 - m - widest - s.px(12)
    for side in sides:
        y = cy - sum(height[id(n)] for n in side) / 2
        for n in side:
            n.y, y = y + name_h / 2, y + height[id(n)]
    ry = max([abs(n.y - cy) / math.sin(math.radians(60)) for n in nodes] + [300 * s.scale])
    for n in nodes:
        offset = rx * math.sqrt(max(0.0, 1 - ((n.y - cy) / ry) ** 2))
        n.x = cx + offset if n.right else cx - offset
    solo = [mk.n for mk in plan.marks if not set(mk.people) - {plan.centre}]
    note = ("Also " + " ".join(f"[{n}]" for n in solo) + ": no one else named.") if solo else ""
    below = top + area_h + s.px(10)
    note_h = small_h * 1.3 if note else 0.0
    s.start(below + note_h + legend_height(s) + s.px(6) + s.caption_height(plan.caption) + m)

    s.text(m, m, s.fit(plan.title, TITLE_PT, s.width - 2 * m, "bold"), TITLE_PT, gid="title", weight="bold",
           va="top")
    for n in nodes:
        colour, count = STATUS_COLOUR[n.status], len(n.marks)
        width = 1.5 + 1.8 * min(count - 1, 4)
        s.ax.plot([cx, n.x], [cy, n.y], color=colour, ls=dashes(n.status, width), lw=width, alpha=0.9, zorder=1,
                  solid_capstyle="round", gid=f"edge:{count}")
        s.ax.plot([n.x], [n.y], ls="none", marker="o", ms=8, mew=2, mec=colour,
                  mfc=colour if STATUS_FILLED[n.status] else BACKGROUND, zorder=3)
        tx, ha = (n.x + s.px(10), "left") if n.right else (n.x - s.px(10), "right")
        s.text(tx, n.y, n.name, NAME_PT, gid="person", ha=ha, va="center")
        for j, line in enumerate(n.lines):
            s.text(tx, n.y + name_h / 2 + j * small_h, line, SMALL_PT, gid="mark", color=MUTED, ha=ha, va="top")
    s.text(cx, cy, centre, NAME_PT, gid="centre", weight="bold", color=INK, ha="center", va="center", zorder=5,
           bbox={"boxstyle": "round,pad=0.5", "facecolor": YELLOW, "edgecolor": "none"})
    if note:
        s.text(m, below, note, SMALL_PT, gid="mark", color=MUTED, va="top")
    statuses = list(dict.fromkeys(n.status for n in nodes))
    draw_legend(s, below + note_h, statuses, lines=True, note="thicker line: more meetings")
    s.caption(below + note_h + legend_height(s) + s.px(6), plan.caption)
