"""What a Qdrant point carries besides its vectors: the whole chunk and article metadata, and date-range filters."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict

from bot.records import Article, Chunk

Days = tuple[dt.date, dt.date]  # a date range, both ends included
TERMS = "terms"  # the chunk's BM25 term ids (sparse_bm25.term_id), indexed: the postings of exact-name matching


def payloads(chunks: list[Chunk], articles: list[Article], terms: list[list[int]] | None = None) -> list[dict]:
    """What a reader of the collection alone needs: the chunk (text, offsets, sentences, content hash), its
    article's doc_id, title, date (ISO, or None) and `day` (the date's proleptic ordinal, indexed for date-range
    filters; absent without a date), and the chunk's BM25 term ids when given."""
    by_id = {a.doc_id: a for a in articles}
    out = []
    for i, c in enumerate(chunks):
        article = by_id.get(c.doc_id)
        date = article.date if article is not None else None
        payload = {"doc_id": c.doc_id, "title": article.title if article is not None else None, "date": date,
                   "text": c.text, "chunk_id": c.chunk_id, "ordinal": c.ordinal, "start": c.start, "end": c.end,
                   "sentences": [list(s) for s in c.sentences], "content_hash": c.content_hash}
        day = _ordinal(date)
        if day is not None:
            payload["day"] = day
        if terms is not None:
            payload[TERMS] = list(terms[i])
        out.append(payload)
    return out


def chunk_of(payload: dict) -> Chunk:
    """The Chunk a point's payload describes (as the local store gives it)."""
    return Chunk(payload["chunk_id"], payload["doc_id"], int(payload["ordinal"]), int(payload["start"]),
                 int(payload["end"]), payload["text"], tuple(tuple(s) for s in payload["sentences"]),
                 payload["content_hash"])


def article_payload(article: Article) -> dict:
    return {"kind": "article", **asdict(article)}


def article_of(payload: dict) -> Article:
    return Article(**{k: v for k, v in payload.items() if k != "kind"})


def date_filter(days: Days | None):
    """A payload filter keeping chunks whose article is dated within `days` (None: no filter)."""
    if days is None:
        return None
    from qdrant_client import models

    return models.Filter(must=[models.FieldCondition(key="day", range=models.Range(
        gte=days[0].toordinal(), lte=days[1].toordinal()))])


def dated_within(article: Article | None, days: Days) -> bool:
    """Whether `article` is dated within `days` (the date_filter's test, for rows found outside Qdrant's lists)."""
    day = _ordinal(article.date) if article is not None else None
    return day is not None and days[0].toordinal() <= day <= days[1].toordinal()


def _ordinal(date: str | None) -> int | None:
    try:
        return dt.date.fromisoformat(date).toordinal() if date else None
    except ValueError:
        return None
