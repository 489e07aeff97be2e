"""The look of the pictures: dark like Discord, Okabe–Ito colours, sizes legible in a ~550 px phone preview."""

from __future__ import annotations

# Rendered 1100 px wide at 200 dpi, Discord's ~550 px preview halves it: 8 pt = 22 px here = 11 px there.
DPI = 200
WIDTH_PX = 1100
MAX_PX = 4096  # Discord's largest image side
MAX_BYTES = 8 * 1024 * 1024  # Discord's attachment limit without boosts
MARGIN = 32

TITLE_PT = 11.0
NAME_PT = 9.0
SMALL_PT = 8.0  # the smallest text: 11 px after the preview's downscaling

BACKGROUND = "#2B2D31"  # Discord's dark embed background
STRIP = "#383A40"  # the "undated" strip behind undated meetings
GUIDE = "#4E5058"
TEXT = "#F2F3F5"
MUTED = "#B5BAC1"

# Okabe–Ito: distinguishable with every common colour-vision deficiency, and bright enough on dark grey.
SKY_BLUE = "#56B4E9"
ORANGE = "#E69F00"
VERMILLION = "#D55E00"
YELLOW = "#F0E442"
GREY = "#BBBBBB"

STATUS_COLOUR = {"held": SKY_BLUE, "planned": ORANGE, "unknown": GREY}
STATUS_MARKER = {"held": "o", "planned": "D", "unknown": "s"}  # shape and fill tell the status without colour
STATUS_FILLED = {"held": True, "planned": False, "unknown": False}
STATUS_LINE = {"held": "-", "planned": (0, (4, 2)), "unknown": (0, (1, 2))}
STATUS_NAME = {"held": "held", "planned": "planned", "unknown": "status not given"}


def px(points: float, dpi: float = DPI) -> float:
    """Points to pixels at `dpi`."""
    return points * dpi / 72
