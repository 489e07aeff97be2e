"""A generation's companion collection in Qdrant: its manifest, article table and meeting events, so a bot reads
nothing from its own disk. Named after the chunk collection (`<collection>-meta`), created and dropped with it."""

from __future__ import annotations

import json
import logging
import warnings
from dataclasses import dataclass
from pathlib import Path

from bot.index.qdrant import BATCH, Client, QdrantUnavailable, companion_for
from bot.index.qdrant_payload import article_of, article_payload
from bot.records import Article

log = logging.getLogger(__name__)

@dataclass
class Companion:
    """What a generation's companion collection holds."""

    manifest: dict
    articles: dict[str, Article]
    meetings: list  # MeetingEvent


def write(client: Client, collection: str, manifest: dict, articles: list[Article], meetings_file: Path) -> None:
    """Create `collection`'s companion: point 0 the manifest, then one point per article, then per meeting event.

    Points carry a one-dimensional placeholder vector (a collection needs one); nothing searches them.
    """
    from qdrant_client import models

    events = json.loads(meetings_file.read_text(encoding="utf-8")) if meetings_file.is_file() else []
    payloads = [{"kind": "manifest", "manifest": manifest}, *map(article_payload, articles),
                *({"kind": "meeting", "event": e} for e in events)]
    name = companion_for(collection)
    with client.calling(f"creating collection {name}") as qdrant:
        if qdrant.collection_exists(name):
            qdrant.delete_collection(name)
        qdrant.create_collection(name, vectors_config=models.VectorParams(size=1, distance=models.Distance.DOT))
        with warnings.catch_warnings():  # local mode ignores payload indexes (and says so)
            warnings.simplefilter("ignore")
            qdrant.create_payload_index(name, "kind", models.PayloadSchemaType.KEYWORD)
        for start in range(0, len(payloads), BATCH):
            qdrant.upsert(name, wait=True, points=[models.PointStruct(id=start + i, vector=[1.0], payload=p)
                                                   for i, p in enumerate(payloads[start : start + BATCH])])


def read(client: Client, collection: str) -> Companion:
    """The companion of `collection`; QdrantUnavailable (one sentence) when it is missing or has no manifest."""
    from bot.meetings.records import MeetingEvent

    name = companion_for(collection)
    points, offset = [], None
    with client.calling(f"reading collection {name}") as qdrant:
        if not qdrant.collection_exists(name):
            raise QdrantUnavailable(f"Qdrant at {client.where} has no collection {name} (the article table of "
                                    f"{collection}); rebuild the index with `whomet index build --full`")
        while True:
            page, offset = qdrant.scroll(name, limit=BATCH, offset=offset, with_payload=True, with_vectors=False)
            points.extend(page)
            if offset is None:
                break
    points.sort(key=lambda p: int(p.id))
    manifest = [p.payload["manifest"] for p in points if p.payload.get("kind") == "manifest"]
    if not manifest:
        raise QdrantUnavailable(f"Qdrant collection {name} has no manifest; rebuild the index with "
                                "`whomet index build --full`")
    articles = [article_of(p.payload) for p in points if p.payload.get("kind") == "article"]
    meetings = [MeetingEvent.from_json(p.payload["event"]) for p in points if p.payload.get("kind") == "meeting"]
    return Companion(manifest[0], {a.doc_id: a for a in articles}, meetings)
