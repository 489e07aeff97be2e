"""Meetings pictures (timeline or ego graph) as PNG bytes; matplotlib is imported only when one is drawn."""

from __future__ import annotations

import importlib.util
import logging
import re
from dataclasses import dataclass, field

from bot.answer.picture import PicturePlan, Source

log = logging.getLogger(__name__)

INSTALL_HINT = "Drawing pictures needs matplotlib: install it with pip install 'whomet[plot]'."


class PlotUnavailable(RuntimeError):
    """matplotlib is not installed; the message says how to install it."""


@dataclass
class Picture:
    """A rendered PNG and what it shows, read back from the figure: the [n] marks and the people's names."""

    png: bytes
    width: int
    height: int
    view: str
    title: str
    caption: str
    marks: list[int]
    labels: list[str]
    sources: list[Source]
    overlaps: list[tuple[str, str]] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"view": self.view, "title": self.title, "caption": self.caption, "width": self.width,
                "height": self.height, "bytes": len(self.png), "marks": self.marks, "labels": self.labels,
                "sources": [s.to_json() for s in self.sources]}


def available() -> bool:
    """Whether matplotlib is installed, found without importing it."""
    return importlib.util.find_spec("matplotlib") is not None


def draw_figure(plan: PicturePlan, dpi: int | None = None):
    """The drawn Sheet (its `fig` is a matplotlib Figure) for `plan`; raises PlotUnavailable without matplotlib."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        raise PlotUnavailable(INSTALL_HINT) from None
    from bot.plot.ego import draw_ego
    from bot.plot.sheet import Sheet
    from bot.plot.style import DPI
    from bot.plot.timeline import draw_timeline

    sheet = Sheet(dpi or DPI)
    (draw_ego if plan.view == "ego" else draw_timeline)(plan, sheet)
    return sheet


def render(plan: PicturePlan) -> Picture:
    """The PNG within Discord's limits (drawn smaller if it would not fit) and its report."""
    from bot.plot.sheet import drawn_texts, overlapping_labels
    from bot.plot.style import DPI, MAX_BYTES, MAX_PX

    if not plan.marks:
        raise ValueError("a picture needs at least one meeting")
    dpi = DPI
    while True:
        sheet = draw_figure(plan, dpi)
        png = sheet.png()
        too_big = max(sheet.width, sheet.height) / MAX_PX
        if (too_big <= 1 and len(png) <= MAX_BYTES) or dpi <= 50:
            break
        dpi = int(dpi / max(too_big, 1.25))
    texts = drawn_texts(sheet.fig)
    marks = sorted({int(n) for t in texts if t.get_gid() == "mark" for n in re.findall(r"\[(\d+)\]", t.get_text())})
    labels = [t.get_text() for t in texts if t.get_gid() in ("centre", "person")]
    overlaps = overlapping_labels(sheet.fig)
    if overlaps:
        log.warning("%d overlapping label pair(s) in the meetings picture", len(overlaps))
    return Picture(png, sheet.width, sheet.height, plan.view, plan.title, plan.caption, marks, labels, plan.sources,
                   overlaps)
