"""Infers an article's date, source and dateline from its first lines, never inventing a date."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date

log = logging.getLogger(__name__)

_MONTHS = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
# Absolute dates with a year: 2021-03-12, 12th March, 2021, March 12, 2021, 12 March 2021.
DATE_WITH_YEAR = re.compile(
    rf"\b(\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTHS},?\s+\d{{4}}|"
    rf"{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}})\b",
    re.IGNORECASE,
)
# " date 2021-03-12 (@handle)" as the first thing in a file.
_DATE_LINE = re.compile(r"^\s*date\s*:?\s+(\d{4}-\d{2}-\d{2})\b[ \t]*(\(@[\w.]+\))?[ \t]*", re.IGNORECASE)
# "Washington DC, 11 January 2023 (TDI):"
_DATELINE_DATE_SOURCE = re.compile(
    r"^(?P<place>[A-Z][\w.' ]{1,40}?),\s*(?P<date>[^()\n]{6,40}?)\s*\((?P<source>[^()\n]{1,60})\)\s*[:\-–—]\s*"
)
# "TOKYO (UrduPoint News / Sputnik - 12th March, 2021)" or "LONDON (Reuters) -"
_DATELINE_PAREN = re.compile(r"^(?P<place>[A-Z][A-Z.' ]{1,40}?)\s*\((?P<inner>[^()\n]{1,120})\)\s*(?:--|[:\-–—])?\s*")
# "TOKYO -- " or "TOKYO - "
_DATELINE_PLACE = re.compile(r"^(?P<place>[A-Z][A-Z.' ]{1,40}?)\s*(?:--|-|–|—)\s+")


@dataclass
class Inferred:
    date: str | None = None
    date_text: str | None = None
    source: str | None = None
    place: str | None = None
    body_start: int = 0  # characters of furniture (date line, dateline) before the body


def parse_date(text: str) -> str | None:
    """An ISO date for an absolute date expression, or None. Never fills in a missing year or day."""
    if not DATE_WITH_YEAR.fullmatch(text.strip()):
        return None
    import dateparser

    parsed = dateparser.parse(
        text, languages=["en"], settings={"STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"]}
    )
    return parsed.date().isoformat() if parsed else None


def iso_or_none(value: object) -> str | None:
    """Normalise a metadata date (date object or string) to ISO, or None when it is not a full date."""
    if isinstance(value, date):
        return value.isoformat()[:10]
    if isinstance(value, str) and value.strip():
        text = value.strip()
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}([T ].*)?", text):
            try:
                return date.fromisoformat(text[:10]).isoformat()
            except ValueError:
                return None
        return parse_date(text)
    return None


def infer(text: str) -> Inferred:
    """Read the date line and dateline at the top of `text`."""
    out = Inferred()
    pos = 0
    m = _DATE_LINE.match(text)
    if m:
        out.date = iso_or_none(m.group(1))
        out.date_text = m.group(1)
        pos = m.end()
    while pos < len(text) and text[pos].isspace():
        pos += 1
    head = text[pos : pos + 300]
    m = _DATELINE_DATE_SOURCE.match(head)
    if m and DATE_WITH_YEAR.search(m.group("date")):
        out.place = m.group("place").strip()
        out.source = out.source or m.group("source").strip()
        _take_date(out, m.group("date"))
        out.body_start = pos + m.end()
        return out
    m = _DATELINE_PAREN.match(head)
    if m:
        out.place = m.group("place").strip()
        inner = m.group("inner")
        dm = DATE_WITH_YEAR.search(inner)
        if dm:
            _take_date(out, dm.group(0))
            inner = inner[: dm.start()]
        out.source = inner.strip(" -–—,/") or None
        out.body_start = pos + m.end()
        return out
    m = _DATELINE_PLACE.match(head)
    if m:
        out.place = m.group("place").strip()
        out.body_start = pos + m.end()
        return out
    out.body_start = pos
    return out


def _take_date(out: Inferred, text: str) -> None:
    iso = parse_date(DATE_WITH_YEAR.search(text).group(0))
    if iso and out.date and iso != out.date:
        log.debug("dateline date %s disagrees with date line %s; keeping the date line", iso, out.date)
    if iso and not out.date:
        out.date, out.date_text = iso, text.strip()
