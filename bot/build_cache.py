"""What an incremental build reuses besides vectors: unchanged articles' chunks, and articles with no meeting."""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path

log = logging.getLogger(__name__)

FILE = "build_cache.json"  # {"extractor": code hash, "articles": [hashes that gave no meeting], "chunker": hash}


def extractor_version() -> str:
    """Changes whenever the extractor's code does, so a changed extractor re-reads every article."""
    import bot.meetings

    digest = hashlib.sha256()
    for path in sorted(Path(bot.meetings.__file__).parent.rglob("*.py")):
        if path.name not in ANSWER_TIME:
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def chunker_version(model: str) -> str:
    """Changes with the chunker's code or the model (its tokenizer counts the tokens)."""
    import bot.chunking

    return hashlib.sha256(Path(bot.chunking.__file__).read_bytes() + model.encode()).hexdigest()[:16]


def previous_chunks(previous: Path | None, articles, version: str) -> dict[str, list]:
    """doc_id -> its chunks in the previous generation, for articles whose content hash is unchanged."""
    from bot.store import Store

    try:
        if previous is None or json.loads((previous / FILE).read_text(encoding="utf-8")).get("chunker") != version:
            return {}
        store = Store(previous / "store.sqlite")
        try:
            same = {a.doc_id for a in articles if getattr(store.articles.get(a.doc_id), "content_hash", None)
                    == a.content_hash}
            out: dict[str, list] = {}
            for chunk in store.all_chunks():
                if chunk.doc_id in same:
                    out.setdefault(chunk.doc_id, []).append(chunk)
            return out
        finally:
            store.close()
    except Exception as exc:  # a damaged previous index only costs re-chunking
        log.warning("previous chunks unusable (%s); chunking everything", exc)
        return {}


ANSWER_TIME = {"answer.py", "timeline.py"}  # bot.meetings modules that extraction never runs


class SkipKnownEmpty:
    """Wraps the extractor: an unchanged article that gave no meeting last time gives none now, unread."""

    def __init__(self, inner, empty: set[str]) -> None:
        self.inner, self.known, self.empty, self.read = inner, empty, set(), 0

    def extract(self, article) -> list:
        if article.content_hash in self.known:
            self.empty.add(article.content_hash)
            return []
        self.read += 1
        events = self.inner.extract(article)
        if not events:
            self.empty.add(article.content_hash)
        return events


def write_meetings(articles, folder: Path, previous: Path | None, chunker: str) -> None:
    """meetings.json for the generation being built in `folder`; merging always sees every article's events."""
    from bot.meetings import extract_meetings, save_meetings
    from bot.meetings.extract import PatternMeetingExtractor

    version = extractor_version()
    known: set[str] = set()
    if previous is not None:
        try:
            data = json.loads((previous / FILE).read_text(encoding="utf-8"))
            known = set(data["articles"]) if data.get("extractor") == version else set()
        except (OSError, ValueError, KeyError, TypeError):
            known = set()
    extractor = SkipKnownEmpty(PatternMeetingExtractor(), known)
    save_meetings(extract_meetings(articles, extractor), folder / "meetings.json")
    log.info("meetings: read %d articles, skipped %d known to have none", extractor.read,
             len(articles) - extractor.read)
    payload = {"extractor": version, "articles": sorted(extractor.empty), "chunker": chunker}
    (folder / FILE).write_text(json.dumps(payload), encoding="utf-8")
