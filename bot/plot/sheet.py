"""A matplotlib figure in pixels (y down) whose text the Agg renderer measures, so labels are placed, not guessed."""

from __future__ import annotations

import io
from itertools import combinations

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.text import Text

from bot.plot.style import BACKGROUND, DPI, MARGIN, MUTED, SMALL_PT, TEXT, WIDTH_PX, px


class Sheet:
    """One figure and one axes covering it, in pixels of the final PNG; no pyplot, so no global state."""

    def __init__(self, dpi: int = DPI) -> None:
        self.dpi = dpi
        self.scale = dpi / DPI
        self.width = round(WIDTH_PX * self.scale)
        self.margin = MARGIN * self.scale
        self.height = 0
        self.fig = Figure(figsize=(self.width / dpi, 1), dpi=dpi, facecolor=BACKGROUND)
        self.canvas = FigureCanvasAgg(self.fig)
        self._renderer = self.canvas.get_renderer()
        self.ax = None

    def px(self, points: float) -> float:
        return px(points, self.dpi)

    def measure(self, text: str, points: float, weight: str = "normal", style: str = "normal") -> tuple[float, float]:
        """Width and height in pixels of one line of `text`."""
        prop = FontProperties(size=points, weight=weight, style=style)
        w, h, _ = self._renderer.get_text_width_height_descent(text or " ", prop, ismath=False)
        return w, h

    def line_height(self, points: float) -> float:
        return self.px(points) * 1.3

    def fit(self, text: str, points: float, width: float, weight: str = "normal") -> str:
        """`text` cut with an ellipsis to at most `width` pixels."""
        if self.measure(text, points, weight)[0] <= width:
            return text
        while len(text) > 1 and self.measure(text + "…", points, weight)[0] > width:
            text = text[:-1]
        return text.rstrip() + "…"

    def wrap(self, text: str, points: float, width: float, sep: str = " ") -> list[str]:
        """Greedy word wrap to `width` pixels; a single piece wider than that is cut to fit."""
        return self._fill(text.split(sep), points, width, sep, lambda piece: [self.fit(piece, points, width)])

    def pack(self, pieces: list[str], points: float, width: float, sep: str = " · ") -> list[str]:
        """Whole pieces joined by `sep` into lines of at most `width` pixels; a too-wide piece is word-wrapped."""
        return self._fill(pieces, points, width, sep, lambda piece: self.wrap(piece, points, width))

    def _fill(self, pieces, points: float, width: float, sep: str, alone) -> list[str]:
        """Each piece joins the last line while that still fits `width`; else `alone(piece)` gives its own lines."""
        lines: list[str] = []
        for piece in pieces:
            joined = f"{lines[-1]}{sep}{piece}" if lines else piece
            if lines and self.measure(joined, points)[0] <= width:
                lines[-1] = joined
            else:
                lines.extend(alone(piece))
        return lines

    def start(self, height: float) -> None:
        """Fix the height and open the pixel axes; draw after this."""
        self.height = int(round(height))
        self.fig.set_size_inches(self.width / self.dpi, self.height / self.dpi)
        self.ax = self.fig.add_axes((0, 0, 1, 1))
        self.ax.set_xlim(0, self.width)
        self.ax.set_ylim(self.height, 0)
        self.ax.set_axis_off()

    def text(self, x: float, y: float, s: str, points: float = SMALL_PT, *, gid: str | None = None,
             color: str = TEXT, **kwargs) -> Text:
        return self.ax.text(x, y, s, fontsize=points, color=color, gid=gid, parse_math=False, **kwargs)

    def caption(self, y: float, text: str) -> float:
        """The caption wrapped at the bottom from `y`; returns the y below it."""
        for line in self.wrap(text, SMALL_PT, self.width - 2 * self.margin):
            self.text(self.margin, y, line, SMALL_PT, gid="caption", color=MUTED, va="top")
            y += self.line_height(SMALL_PT)
        return y

    def caption_height(self, text: str) -> float:
        return len(self.wrap(text, SMALL_PT, self.width - 2 * self.margin)) * self.line_height(SMALL_PT)

    def png(self) -> bytes:
        buf = io.BytesIO()
        self.fig.savefig(buf, format="png", dpi=self.dpi, facecolor=BACKGROUND, metadata={"Software": None})
        return buf.getvalue()


def drawn_texts(fig: Figure) -> list[Text]:
    return [t for t in fig.findobj(Text) if t.get_text().strip() and t.get_visible()]


def overlapping_labels(fig: Figure) -> list[tuple[str, str]]:
    """Pairs of drawn texts whose boxes overlap (empty when every label stands clear)."""
    renderer = fig.canvas.get_renderer()
    boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in drawn_texts(fig)]
    return [(a, b) for (a, box_a), (b, box_b) in combinations(boxes, 2) if box_a.overlaps(box_b)]
