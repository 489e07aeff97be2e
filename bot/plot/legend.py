"""The key under a picture: what the marks or lines mean, drawn with the same markers and dashes."""

from __future__ import annotations

from bot.plot.sheet import Sheet
from bot.plot.style import (
    BACKGROUND,
    MUTED,
    SMALL_PT,
    STATUS_COLOUR,
    STATUS_FILLED,
    STATUS_LINE,
    STATUS_MARKER,
    STATUS_NAME,
)


def legend_height(s: Sheet) -> float:
    return s.line_height(SMALL_PT) * 1.3


def draw_legend(s: Sheet, y: float, statuses: list[str], *, lines: bool = False, note: str | None = None) -> None:
    """One row from the left margin: a sample mark (or line) and its name per status, then `note`."""
    x, cy = s.margin, y + legend_height(s) / 2
    for status in ("held", "planned", "unknown"):
        if status not in statuses:
            continue
        colour = STATUS_COLOUR[status]
        if lines:
            s.ax.plot([x, x + s.px(20)], [cy, cy], color=colour, ls=STATUS_LINE[status], lw=2.5)
            x += s.px(24)
        else:
            s.ax.plot([x + s.px(4)], [cy], ls="none", marker=STATUS_MARKER[status], ms=7, mew=1.8,
                      mec=colour, mfc=colour if STATUS_FILLED[status] else BACKGROUND)
            x += s.px(12)
        s.text(x, cy, STATUS_NAME[status], SMALL_PT, gid="legend", color=MUTED, va="center")
        x += s.measure(STATUS_NAME[status], SMALL_PT)[0] + s.px(14)
    if note:
        s.text(x, cy, s.fit(note, SMALL_PT, s.width - s.margin - x), SMALL_PT, gid="legend", color=MUTED,
               va="center")
