"""Finds date expressions in a sentence and resolves them against the article's date, as dateparser would."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from bot.ingest.metadata import DATE_WITH_YEAR, parse_date
from bot.text.lexicon import MONTH_ABBR, MONTHS, WEEKDAYS

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


_WEEKDAY = re.compile(rf"(?:(next|this|coming|last|until|till|from|by)\s+){{0,2}}({_DAY})", re.I)


@dataclass
class DateFact:
    """What one date expression says: an exact day, a window of days, or only a weekday / month-day."""

    text: str
    iso: str | None = None
    window: tuple[str, str] | None = None
    weekday: int | None = None  # 0 = Monday
    month_day: tuple[int, int] | None = None


@lru_cache(maxsize=64)
def find_dates(sentence: str) -> tuple[tuple[str, int, int], ...]:
    return tuple((m.group(0), m.start(), m.end()) for m in DATE_EXPR.finditer(sentence))


def _month(word: str) -> int:
    return MONTH_ABBR[word.strip(".").title()[:4] if word.lower().startswith("sept") else word.strip(".").title()[:3]]


def resolve(text: str, article_date: str | None, status: str | None = None) -> DateFact:
    """Resolve `text` against `article_date`; never fills in a year or a day the text and date don't give."""
    fact = DateFact(text=text)
    base = date.fromisoformat(article_date) if article_date else None
    t = " ".join(text.split())
    if DATE_WITH_YEAR.fullmatch(t):
        fact.iso = absolute_date(t)
        return fact
    m = _WEEKDAY.fullmatch(t)
    if m:
        fact.weekday = WEEKDAYS.index(m.group(2).title())
        if base:
            prefer = "past" if (status == "held" or (m.group(1) or "").lower() == "last") else "future"
            fact.iso = weekday_date(re.sub(r"^(?:until|till|from|by)\s+", "", t, flags=re.I), base, prefer)
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


_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})([a-z]{2})? ([a-z]+)\.?,? (\d{4})")
_MONTH_DAY_YEAR = re.compile(r"([a-z]+)\.? (\d{1,2})([a-z]{2})?,? (\d{4})")
_MONTH_NUMBER = {name.lower(): n for name, n in MONTH_ABBR.items()}  # "jan": 1, ..., "sept": 9


@lru_cache(maxsize=4096)
def absolute_date(text: str) -> str | None:
    """metadata.parse_date (dateparser) for a DATE_WITH_YEAR text with single spaces, without dateparser for the
    plain forms: a day of month 1-12 in years 1000-9999, no ordinal or the right one (the tests compare them)."""
    parts = _plain_parts(text.lower()) if text.isascii() else None
    if parts is None:
        return parse_date(text)  # dateparser reads "2021-13-05" as 13 May, and has its own view of odd ordinals
    year, month, day = parts
    return date(year, month, day).isoformat() if day <= calendar.monthrange(year, month)[1] else None


def _plain_parts(low: str) -> tuple[int, int, int] | None:
    if m := _ISO.fullmatch(low):
        year, month, day, suffix = int(m.group(1)), int(m.group(2)), int(m.group(3)), None
    elif m := _DAY_MONTH_YEAR.fullmatch(low) or _MONTH_DAY_YEAR.fullmatch(low):
        day, suffix, name, year = (m.group(2), m.group(3), m.group(1), m.group(4)) if m.re is _MONTH_DAY_YEAR \
            else m.groups()
        day, month, year = int(day), _MONTH_NUMBER.get(name[:4] if name.startswith("sept") else name[:3], 0), int(year)
    else:
        return None
    if 1000 <= year <= 9999 and 1 <= month <= 12 and 1 <= day <= 31 and suffix in (None, _ordinal(day)):
        return year, month, day
    return None


def _ordinal(day: int) -> str:
    return "th" if 10 <= day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")


def weekday_date(when: str, base: date, prefer: str) -> str | None:
    """The day "Tuesday" / "next Tuesday" / "this ..." / "last ..." names seen from `base`, as dateparser.parse
    gives it with that RELATIVE_BASE and PREFER_DATES_FROM (checked against it in the tests); None where it gives
    none ("coming Tuesday", two qualifiers)."""
    if not when.isascii():  # letters that only dateparser's own folding would read
        return _dateparser_day(when, base, prefer)
    *quals, day = when.lower().split()
    ahead = (WEEKDAYS.index(day.title()) - base.weekday()) % 7  # 0..6 days to that weekday
    after, before = ahead or 7, -((7 - ahead) % 7 or 7)  # strictly after / strictly before `base`
    if quals in ([], ["by"], ["from"]):
        offset = after if prefer == "future" else before
    else:
        offset = {("next",): after, ("this",): ahead, ("last",): before}.get(tuple(quals))
    return None if offset is None else (base + timedelta(days=offset)).isoformat()


def _dateparser_day(when: str, base: date, prefer: str) -> str | None:
    import dateparser

    parsed = dateparser.parse(when, languages=["en"], settings={
        "RELATIVE_BASE": datetime.combine(base, datetime.min.time()), "PREFER_DATES_FROM": prefer})
    return parsed.date().isoformat() if parsed else None


def _month_window(year: int, month: int, lo: int, hi: int) -> tuple[str, str]:
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(lo, last)).isoformat(), date(year, month, min(hi, last)).isoformat()


def month_name(n: int) -> str:
    return MONTHS[n - 1]
