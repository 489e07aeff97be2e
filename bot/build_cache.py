"""What an incremental build reuses besides vectors: which articles the meeting extractor found nothing in."""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path

log = logging.getLogger(__name__)

FILE = "meetings_none.json"  # {"extractor": code hash, "articles": [content hashes that gave no meeting]}


def extractor_version() -> str:
    """Changes whenever the extractor's code does, so a changed extractor re-reads every article."""
    import bot.meetings

    digest = hashlib.sha256()
    for path in sorted(Path(bot.meetings.__file__).parent.rglob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


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


def write_meetings(articles, folder: Path, previous: Path | None) -> None:
    """meetings.json for the generation being built in `folder`; merging always sees every article's events."""
    try:
        from bot.meetings import extract_meetings, save_meetings
        from bot.meetings.extract import PatternMeetingExtractor
    except ImportError:
        return
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
    (folder / FILE).write_text(json.dumps({"extractor": version, "articles": sorted(extractor.empty)}),
                               encoding="utf-8")
