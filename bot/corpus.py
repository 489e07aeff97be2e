"""Reads a corpus directory tree (.txt, .md, .html, .jsonl) into Articles, skipping broken files loudly."""

from __future__ import annotations

import hashlib
import json
import logging
import reprlib
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date as _date
from pathlib import Path

from bot import cleaning, metadata
from bot.records import Article
from bot.source_cache import SourceCache

log = logging.getLogger(__name__)
_warned = threading.local()  # warnings given while reading, per thread: a file read with one is never cached


def _warn(msg: str, *args: object) -> None:
    _warned.count = _warnings() + 1
    log.warning(msg, *args)


def _warnings() -> int:
    return getattr(_warned, "count", 0)

SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm", ".jsonl"}
MAX_FILE_BYTES = 50 * 1024 * 1024
_WESTERN = ("cp1252", "latin_1", "iso8859_15", "utf_16", "utf_16_le", "utf_16_be")


class ArticleError(ValueError):
    """An article that cannot be read; the message names the file and what is wrong."""


@dataclass
class CorpusReport:
    files_seen: int = 0
    articles: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)

    def skip(self, where: str, reason: str) -> None:
        self.skipped.append((where, reason))
        log.warning("skipped %s: %s", where, reason)


def read_corpus(root: Path, report: CorpusReport | None = None, cache: SourceCache | None = None) -> Iterator[Article]:
    """Yield every readable article under `root` in a stable order; record and log what is skipped.

    With a `cache`, a file whose bytes are unchanged since the last build gives its articles unparsed.
    """
    report = report if report is not None else CorpusReport()
    root = Path(root)
    if not root.is_dir():
        raise FileNotFoundError(f"corpus directory not found: {root}")
    seen: set[str] = set()
    for path in sorted(p for p in root.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES):
        rel = path.relative_to(root).as_posix()
        if any(part.startswith(".") for part in Path(rel).parts):
            continue
        report.files_seen += 1
        if not _utf8(rel):  # an undecodable file name would break the store and every message naming it
            report.skip(rel.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace"),
                        "file name is not valid UTF-8")
            continue
        if path.is_symlink() and not path.resolve().is_relative_to(root.resolve()):
            report.skip(rel, "symbolic link to a file outside the corpus folder")
            continue
        try:
            raw = _read_bytes(path)
            sha, articles = cache.lookup(rel, raw) if cache is not None else ("", None)
            if articles is None:
                before = (len(report.skipped), _warnings())
                articles = list(parse_file(raw, path.suffix, rel, report))
                if cache is not None and before == (len(report.skipped), _warnings()):
                    cache.remember(rel, sha, articles)  # read cleanly: safe to reuse while its bytes stay the same
        except ArticleError as exc:
            report.skip(rel, str(exc))
            continue
        for article in articles:
            if article.doc_id in seen:
                report.skip(article.path, f"duplicate article id {reprlib.repr(article.doc_id)}")
                if cache is not None:
                    cache.forget(rel)
                continue
            seen.add(article.doc_id)
            report.articles += 1
            yield article


def parse_file(raw: bytes, suffix: str, rel: str, report: CorpusReport) -> Iterator[Article]:
    suffix = suffix.lower()
    if suffix == ".jsonl":
        yield from _read_jsonl(decode(raw, rel), rel, report)
    elif suffix in {".html", ".htm"}:
        yield _from_html(decode(raw, rel), rel)
    else:
        yield _from_text(decode(raw, rel), rel)


def _read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size == 0:
            raise ArticleError("empty file")
        if size > MAX_FILE_BYTES:
            raise ArticleError(f"file is {size} bytes, over the {MAX_FILE_BYTES}-byte limit")
        return path.read_bytes()
    except OSError as exc:
        raise ArticleError(f"cannot read the file ({exc.strerror or exc.__class__.__name__})") from None


def _utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def decode(raw: bytes, where: str) -> str:
    """UTF-8 (with or without BOM); otherwise a confidently detected legacy encoding; else an error."""
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):  # UTF-16 with a byte-order mark: text, despite its NUL bytes
        try:
            raw = raw.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError:
            raise ArticleError("starts with a UTF-16 byte-order mark but is not valid UTF-16") from None
    if b"\x00" in raw[:8192]:
        raise ArticleError("binary file (contains NUL bytes)")
    raw = raw.removeprefix(b"\xef\xbb\xbf")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A half-written file cut inside its last character: read the complete part.
        if exc.reason == "unexpected end of data" and exc.start >= len(raw) - 3:
            _warn("%s ends in the middle of a character (half-written?); reading the rest", where)
            return decode(raw[: exc.start], where)
        from charset_normalizer import from_bytes

        results = list(from_bytes(raw))
        best = min(results, key=lambda r: r.chaos, default=None)
        if best is not None:  # among equally plausible readings prefer the Western ones news archives mostly use
            western = [r for r in results if r.encoding in _WESTERN and r.chaos <= best.chaos + 0.02]
            best = western[0] if western else best
        if best is None or best.chaos > 0.2:
            raise ArticleError("not valid UTF-8 and no plausible text encoding detected") from None
        _warn("%s is not UTF-8; read it as %s", where, best.encoding)
        text = str(best)
    controls = sum(1 for ch in text[:8192] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > max(8, len(text[:8192]) // 50):
        raise ArticleError("binary file (too many control characters)")
    if not text.strip():
        raise ArticleError("no text (only whitespace)")
    return text


def _from_text(text: str, rel: str, meta: dict | None = None, doc_id: str | None = None) -> Article:
    """Build an Article from plain text; `meta` given means the caller already has metadata (JSONL, HTML)."""
    if meta is None and text.lstrip().startswith("---"):
        text, fm = _front_matter(text, rel)
        meta = fm
    meta = dict(meta or {})
    inferred = metadata.infer(text)
    body, _removed = cleaning.clean_body(text[inferred.body_start :])
    if not body.strip():
        raise ArticleError("no article text after removing front matter, datelines and link lists")
    date = metadata.iso_or_none(meta.get("date")) if meta.get("date") is not None else None
    if meta.get("date") is not None and date is None:
        _warn("%s: front-matter date %s is not a full date; ignoring it", rel, reprlib.repr(meta.get("date")))
    date_text = str(meta["date"]) if date else None
    if date is None and inferred.date:
        date, date_text = inferred.date, inferred.date_text
    title = _text_field(meta.get("title"))
    source = _text_field(meta.get("source")) or inferred.source
    url = _text_field(meta.get("url"))
    doc_id = doc_id or rel
    digest = hashlib.sha256(json.dumps([doc_id, title, date, source, url, body]).encode()).hexdigest()
    return Article(doc_id, rel, title or "", date, source, url, body, digest, date_text, inferred.place)


def _text_field(value: object) -> str | None:
    """A metadata value as one line of text; lists, mappings and other non-scalars are ignored, not stringified."""
    if isinstance(value, bool) or not isinstance(value, str | int | float | _date):
        if value is not None:
            _warn("ignoring a metadata field that is not text: %s", reprlib.repr(value))
        return None
    return " ".join(str(value).split()) or None


def _front_matter(text: str, rel: str) -> tuple[str, dict]:
    import frontmatter
    import yaml

    try:
        post = frontmatter.loads(text)
    except (yaml.YAMLError, ValueError, TypeError) as exc:
        _warn("%s: front matter is not valid YAML (%s); reading the file as plain text", rel, exc)
        return text, {}
    if not isinstance(post.metadata, dict):
        _warn("%s: front matter is not a mapping; ignoring it", rel)
        return post.content, {}
    return post.content, {str(k).lower(): v for k, v in post.metadata.items()}


def _from_html(html: str, rel: str) -> Article:
    import trafilatura

    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, include_tables=False)
    data = doc.as_dict() if hasattr(doc, "as_dict") else (doc or {})
    text = data.get("text") or ""
    if not text.strip():
        raise ArticleError("no article text found in the HTML")
    meta = {k: data.get(k) for k in ("title", "date", "url") if data.get(k)}
    if data.get("sitename"):
        meta["source"] = data["sitename"]
    return _from_text(text.replace("\n", "\n\n"), rel, meta)


def _read_jsonl(text: str, rel: str, report: CorpusReport) -> Iterator[Article]:
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{rel}:{lineno}"
        try:
            obj = _no_surrogates(json.loads(line))
        except json.JSONDecodeError as exc:
            report.skip(where, f"invalid JSON ({exc.msg})")
            continue
        except (ValueError, RecursionError) as exc:  # 5000-digit numbers, [[[[...]]]] nested past the stack
            report.skip(where, f"invalid JSON ({exc.__class__.__name__})")
            continue
        if not isinstance(obj, dict) or not isinstance(obj.get("text"), str) or not obj["text"].strip():
            report.skip(where, "a JSONL article needs a non-empty string field 'text'")
            continue
        meta = {k: obj.get(k) for k in ("title", "date", "source", "url") if obj.get(k) not in (None, "")}
        given = obj.get("id")
        scalar = isinstance(given, str | int | float) and not isinstance(given, bool) and str(given).strip()
        doc_id = str(given) if scalar else f"{rel}#{lineno}"  # a list or mapping is no id
        try:
            yield _from_text(obj["text"], f"{rel}#{lineno}", meta, doc_id=doc_id)
        except ArticleError as exc:
            report.skip(where, str(exc))


def _no_surrogates(obj: object) -> object:
    """JSON strings may hold lone surrogates ("\\ud800"), which cannot be stored or shown: replace them."""
    if isinstance(obj, str):
        return obj if _utf8(obj) else obj.encode("utf-8", "replace").decode("utf-8")
    if isinstance(obj, dict):
        return {_no_surrogates(k): _no_surrogates(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_no_surrogates(v) for v in obj]
    return obj
