"""Finds date expressions in a sentence and resolves them against the article's date with dateparser."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from bot.meetings.lexicon import MONTH_ABBR, MONTHS, WEEKDAYS
from bot.metadata import DATE_WITH_YEAR, parse_date

_MON = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|" \
       r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
_DAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
DATE_EXPR = re.compile(
    rf"{DATE_WITH_YEAR.pattern}"
    rf"|\b(?:(?:next|this|coming|last|until|till|from|by)\s+){{0,2}}{_DAY}\b"
    rf"|\b{_MON}\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?!,?\s+\d{{4}})|\b\d{{1,2}}(?:st|nd|rd|th)?\s+{_MON}(?!,?\s+\d{{4}})"
    rf"|\b(?:the\s+)?(?:following|next|this|coming|last)\s+(?:week|month)\b"
    rf"|\b(?:(?:early|mid|late)[- ]|(?:in\s+)?the\s+(?:first|second)\s+half\s+of\s+|in\s+)"
    rf"(?:{_MON})(?:\s+\d{{4}})?\b",
    re.IGNORECASE,
)


@dataclass
class DateFact:
    """What one date expression says: an exact day, a window of days, or only a weekday / month-day."""

    text: str
    iso: str | None = None
    window: tuple[str, str] | None = None
    weekday: int | None = None  # 0 = Monday
    month_day: tuple[int, int] | None = None


def find_dates(sentence: str) -> list[tuple[str, int, int]]:
    return [(m.group(0), m.start(), m.end()) for m in DATE_EXPR.finditer(sentence)]


def _month(word: str) -> int:
    return MONTH_ABBR[word.strip(".").title()[:4] if word.lower().startswith("sept") else word.strip(".").title()[:3]]


def resolve(text: str, article_date: str | None, status: str | None = None) -> DateFact:
    """Resolve `text` against `article_date`; never fills in a year or a day the text and date don't give."""
    fact = DateFact(text=text)
    base = date.fromisoformat(article_date) if article_date else None
    t = " ".join(text.split())
    if DATE_WITH_YEAR.fullmatch(t):
        fact.iso = parse_date(t)
        return fact
    m = re.fullmatch(rf"(?:(next|this|coming|last|until|till|from|by)\s+){{0,2}}({_DAY})", t, re.I)
    if m:
        fact.weekday = WEEKDAYS.index(m.group(2).title())
        if base:
            import dateparser

            prefer = "past" if (status == "held" or (m.group(1) or "").lower() == "last") else "future"
            when = re.sub(r"^(?:until|till|from|by)\s+", "", t, flags=re.I)
            parsed = dateparser.parse(when, languages=["en"], settings={
                "RELATIVE_BASE": datetime.combine(base, datetime.min.time()), "PREFER_DATES_FROM": prefer})
            fact.iso = parsed.date().isoformat() if parsed else None
        return fact
    m = re.fullmatch(rf"({_MON})\s+(\d{{1,2}})(?:st|nd|rd|th)?|(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MON})", t, re.I)
    if m:
        month, day = _month(m.group(1) or m.group(4)), int(m.group(2) or m.group(3))
        fact.month_day = (month, day)
        if base:
            candidates = [date(y, month, day) for y in (base.year - 1, base.year, base.year + 1)
                          if day <= calendar.monthrange(y, month)[1]]
            fact.iso = min(candidates, key=lambda d: abs((d - base).days)).isoformat() if candidates else None
        return fact
    m = re.fullmatch(r"(?:the\s+)?(following|next|this|coming|last)\s+(week|month)", t, re.I)
    if m and base:
        shift = {"this": 0, "last": -1}.get(m.group(1).lower(), 1)
        if m.group(2).lower() == "week":
            start = base - timedelta(days=base.weekday()) + timedelta(weeks=shift)
            fact.window = (start.isoformat(), (start + timedelta(days=6)).isoformat())
        else:
            y, mo = divmod(base.year * 12 + base.month - 1 + shift, 12)
            fact.window = _month_window(y, mo + 1, 1, 31)
        return fact
    m = re.fullmatch(rf"(?:(early|mid|late)[- ]|(?:in\s+)?the\s+(first|second)\s+half\s+of\s+|in\s+)({_MON})"
                     rf"(?:\s+(\d{{4}}))?", t, re.I)
    if m:
        month = _month(m.group(3))
        part = (m.group(1) or m.group(2) or "").lower()
        lo, hi = {"early": (1, 10), "mid": (11, 20), "late": (21, 31), "first": (1, 15), "second": (16, 31)}.get(
            part, (1, 31))
        year = int(m.group(4)) if m.group(4) else None
        if year is None and base:
            year = min((base.year - 1, base.year, base.year + 1), key=lambda y: abs(date(y, month, 15) - base))
        if year:
            fact.window = _month_window(year, month, lo, hi)
    return fact


def _month_window(year: int, month: int, lo: int, hi: int) -> tuple[str, str]:
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(lo, last)).isoformat(), date(year, month, min(hi, last)).isoformat()


def month_name(n: int) -> str:
    return MONTHS[n - 1]
