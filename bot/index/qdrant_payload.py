"""What a Qdrant point carries besides its vectors: the chunk text and article metadata, and date-range filters."""

from __future__ import annotations

import datetime as dt

from bot.records import Article, Chunk

Days = tuple[dt.date, dt.date]  # a date range, both ends included


def payloads(chunks: list[Chunk], articles: list[Article]) -> list[dict]:
    """What a reader of the collection alone needs: the chunk's text and its article's doc_id, title, date (ISO,
    or None) and `day` (the date's proleptic ordinal, indexed for date-range filters; absent without a date)."""
    by_id = {a.doc_id: a for a in articles}
    out = []
    for c in chunks:
        article = by_id.get(c.doc_id)
        date = article.date if article is not None else None
        payload = {"doc_id": c.doc_id, "title": article.title if article is not None else None, "date": date,
                   "text": c.text}
        day = _ordinal(date)
        if day is not None:
            payload["day"] = day
        out.append(payload)
    return out


def date_filter(days: Days | None):
    """A payload filter keeping chunks whose article is dated within `days` (None: no filter)."""
    if days is None:
        return None
    from qdrant_client import models

    return models.Filter(must=[models.FieldCondition(key="day", range=models.Range(
        gte=days[0].toordinal(), lte=days[1].toordinal()))])


def _ordinal(date: str | None) -> int | None:
    try:
        return dt.date.fromisoformat(date).toordinal() if date else None
    except ValueError:
        return None
