"""The timeline: one row per person, one column per meeting in date order, undated meetings in their own strip."""

from __future__ import annotations

from itertools import groupby

from matplotlib.patches import Rectangle

from bot.answer.picture import Mark, PicturePlan
from bot.plot.legend import draw_legend, legend_height
from bot.plot.sheet import Sheet
from bot.plot.style import (
    BACKGROUND,
    GUIDE,
    MUTED,
    NAME_PT,
    SMALL_PT,
    STATUS_COLOUR,
    STATUS_FILLED,
    STATUS_MARKER,
    STRIP,
    TITLE_PT,
)

UNDATED = "undated"


def _columns(marks: list[Mark], unit: float) -> list[float]:
    """x offsets of the meetings: a little air between dates, a whole column before the undated strip."""
    xs, x, previous = [], 0.0, None
    for m in marks:
        day = m.event.date_iso or UNDATED
        if previous is not None and day != previous:
            x += unit * (1.0 if day == UNDATED else 0.35)
        xs.append(x + unit / 2)
        x += unit
        previous = day
    return xs


def _units(marks: list[Mark]) -> float:
    days = [m.event.date_iso or UNDATED for m in marks]
    gaps = sum(1.0 if b == UNDATED else 0.35 for a, b in zip(days, days[1:], strict=False) if a != b)
    return len(marks) + gaps


def _numbers(s: Sheet, marks: list[Mark], pitch: float) -> tuple[int, int, float]:
    """Rotation and number of staggered levels for the [n] labels, and the height of their band."""
    widest = max(s.measure(f"[{mk.n}]", SMALL_PT)[0] for mk in marks)
    thick = s.measure("[0]", SMALL_PT)[1]
    if widest <= pitch * 0.9:
        return 0, 1, thick
    levels = 1 if thick <= pitch * 0.9 else 2
    return 90, levels, widest * levels + s.px(4) * (levels - 1)


def _dates(s: Sheet, groups: list[tuple[str, list[float]]]) -> tuple[int, list[tuple[float, str]]]:
    """Date labels under the columns: all of them flat if they fit, else upright and as many as stand clear."""
    centres = [((gx[0] + gx[-1]) / 2, day) for day, gx in groups]
    widths = [s.measure(day, SMALL_PT)[0] + s.px(6) for _, day in centres]
    if all((wa + wb) / 2 <= b[0] - a[0] for a, b, wa, wb in zip(centres, centres[1:], widths, widths[1:],
                                                                   strict=False)):
        return 0, centres
    need = s.measure("0", SMALL_PT)[1] + s.px(3)
    undated = [c for c in centres if c[1] == UNDATED]
    kept: list[tuple[float, str]] = []
    for x, day in centres:
        if day != UNDATED and all(abs(x - k[0]) >= need for k in kept + undated):
            kept.append((x, day))
    return 90, kept + undated


def draw_timeline(plan: PicturePlan, sheet: Sheet) -> None:
    s, m = sheet, sheet.margin
    names = {p: s.fit(p, NAME_PT, s.width * 0.3) for p in plan.people}
    left = m + max(s.measure(n, NAME_PT)[0] for n in names.values()) + s.px(8)
    unit = min((s.width - m - left) / _units(plan.marks), s.px(30))
    xs = [left + x for x in _columns(plan.marks, unit)]
    days = [mk.event.date_iso or UNDATED for mk in plan.marks]
    groups = [(day, [x for _, x in g]) for day, g in groupby(zip(days, xs, strict=True), key=lambda item: item[0])]
    number_rotation, levels, number_h = _numbers(s, plan.marks, unit)
    date_rotation, date_labels = _dates(s, groups)
    date_h = max(s.measure(day, SMALL_PT)[0 if date_rotation else 1] for _, day in date_labels)
    row_h = s.line_height(NAME_PT) * 1.45
    top = m + s.line_height(TITLE_PT) * 1.4 + number_h + s.px(8)
    rows_bottom = top + row_h * len(plan.people)
    bottom = rows_bottom + s.px(8) + date_h + s.px(12)
    s.start(bottom + legend_height(s) + s.px(6) + s.caption_height(plan.caption) + m)

    s.text(m, m, s.fit(plan.title, TITLE_PT, s.width - 2 * m, "bold"), TITLE_PT, gid="title", weight="bold",
           va="top")
    for day, gx in groups:
        if day == UNDATED:
            s.ax.add_patch(Rectangle((gx[0] - unit / 2, top), gx[-1] - gx[0] + unit, rows_bottom - top,
                                     facecolor=STRIP, edgecolor="none", zorder=0))
    row_y = {p: top + row_h * (i + 0.5) for i, p in enumerate(plan.people)}
    for p, y in row_y.items():
        s.text(left - s.px(8), y, names[p], NAME_PT, gid="person", ha="right", va="center")
        s.ax.plot([left, xs[-1] + unit / 2], [y, y], color=GUIDE, lw=0.6, zorder=1)
    marker_size = min(s.px(7.5), unit * 0.8) * 72 / s.dpi
    level_h = (number_h - s.px(4) * (levels - 1)) / levels
    for i, (mk, x) in enumerate(zip(plan.marks, xs, strict=True)):
        colour = STATUS_COLOUR[mk.status]
        ys = sorted(row_y[p] for p in mk.people)
        if len(ys) > 1:
            s.ax.plot([x, x], [ys[0], ys[-1]], color=colour, lw=2.2, alpha=0.85, zorder=2)
        s.ax.plot([x] * len(ys), ys, ls="none", marker=STATUS_MARKER[mk.status], ms=marker_size, mew=1.8,
                  mec=colour, mfc=colour if STATUS_FILLED[mk.status] else BACKGROUND, zorder=3, gid=f"dot:{mk.n}")
        s.ax.plot([x, x], [rows_bottom, rows_bottom + s.px(4)], color=MUTED, lw=0.8)
        lift = (level_h + s.px(4)) * (i % levels)
        s.text(x, top - s.px(6) - lift, f"[{mk.n}]", SMALL_PT, gid="mark", ha="center", va="bottom",
               rotation=number_rotation)
    for x, day in date_labels:
        s.text(x, rows_bottom + s.px(8), day, SMALL_PT, gid="date", color=MUTED, ha="center", va="top",
               rotation=date_rotation, style="italic" if day == UNDATED else "normal")
    draw_legend(s, bottom, list(dict.fromkeys(mk.status for mk in plan.marks)))
    s.caption(bottom + legend_height(s) + s.px(6), plan.caption)
