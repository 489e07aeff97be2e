"""Reads a corpus directory tree (.txt, .md, .html, .jsonl) into Articles, skipping broken files loudly."""

from __future__ import annotations

import codecs
import hashlib
import json
import logging
import os
import reprlib
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date as _date
from pathlib import Path
from typing import Protocol

from bot.ingest import cleaning, metadata
from bot.records import Article
from bot.text import invisible

log = logging.getLogger(__name__)
_warned = threading.local()  # warnings given while reading, per thread: a file read with one is never cached


def _warn(msg: str, *args: object) -> None:
    _warned.count = _warnings() + 1
    log.warning(msg, *args)


def _warnings() -> int:
    return getattr(_warned, "count", 0)

SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm", ".jsonl"}
MAX_FILE_BYTES = 50 * 1024 * 1024


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


class ArticleCache(Protocol):
    """What an earlier build read from each file, so unchanged bytes are not parsed again (see bot.index)."""

    def lookup(self, rel: str, raw: bytes) -> tuple[str, list[Article] | None]:
        """(sha256 of `raw`, the articles it gave last time or None when the bytes are new or changed)."""
        ...

    def remember(self, rel: str, sha: str, articles: list[Article]) -> None: ...

    def forget(self, rel: str) -> None: ...


def read_corpus(root: Path, report: CorpusReport | None = None, cache: ArticleCache | None = None) -> Iterator[Article]:
    """Yield every readable article under `root` in a stable order; record and log what is skipped.

    With a `cache`, a file whose bytes are unchanged since the last build gives its articles unparsed.
    """
    report = report if report is not None else CorpusReport()
    root = Path(root)
    if not root.is_dir():
        raise FileNotFoundError(f"corpus directory not found: {root}")
    seen: set[str] = set()
    for path in _corpus_files(root, report):
        rel = path.relative_to(root).as_posix()
        report.files_seen += 1
        if not _utf8(rel):  # an undecodable file name would break the store and every message naming it
            report.skip(_printable(rel), "file name is not valid UTF-8")
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


def _corpus_files(root: Path, report: CorpusReport) -> list[Path]:
    """Article files under `root` (hidden ones left out), sorted; unreadable folders and broken links reported."""

    def unreadable(exc: OSError) -> None:
        rel = Path(exc.filename).relative_to(root).as_posix() if exc.filename else "."
        if not any(part.startswith(".") for part in Path(rel).parts):
            report.skip(_printable(f"{rel}/"), f"cannot read the folder ({exc.strerror or exc.__class__.__name__})")

    found: list[Path] = []
    for folder, dirs, files in os.walk(root, onerror=unreadable):
        dirs[:] = [d for d in dirs if not d.startswith(".")]  # hidden folders are not the corpus (.git, caches)
        for name in files:
            path = Path(folder, name)
            if name.startswith(".") or path.suffix.lower() not in SUFFIXES:
                continue
            try:
                regular, broken_link = path.is_file(), path.is_symlink() and not path.exists()
            except OSError as exc:  # a folder that can be listed but not entered
                report.skip(_printable(path.relative_to(root).as_posix()),
                            f"cannot read the file ({exc.strerror or exc.__class__.__name__})")
                continue
            if regular:
                found.append(path)
            else:
                report.skip(_printable(path.relative_to(root).as_posix()),
                            "broken symbolic link (no such file)" if broken_link else "not a regular file")
    return sorted(found)


def _printable(rel: str) -> str:
    """A relative path fit for a message even when the file name is not valid UTF-8."""
    return rel.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


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
    """UTF-8 (with or without BOM); otherwise cp1252 or a confidently detected legacy encoding; else an error."""
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
        text = _legacy(raw, where)
    controls = sum(1 for ch in text[:8192] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > max(8, len(text[:8192]) // 50):
        raise ArticleError("binary file (too many control characters)")
    if not text.strip():
        raise ArticleError("no text (only whitespace)")
    return text


def _legacy(raw: bytes, where: str) -> str:
    """Bytes that are not UTF-8: Western (cp1252) unless the detector is confident of something else.

    News archives that are not UTF-8 are mostly cp1252 or Latin-1; a detector asked to guess from a few accented
    letters and a stray byte (0x81 is undefined in cp1252) picks Baltic, Arabic or Mac encodings just as readily,
    turning "Genève" into "GenĶve". Another encoding wins only when it reads much cleaner than cp1252.
    """
    from charset_normalizer import from_bytes
    from charset_normalizer.md import mess_ratio

    western = raw.decode("cp1252", errors="latin1_fallback")  # its five undefined bytes: C1 controls, dropped later
    western_mess = mess_ratio(invisible.for_index(western[:_MESS_SAMPLE]), maximum_threshold=1.0)
    undefined = sum(raw.count(byte) for byte in _CP1252_UNDEFINED)  # stray in cp1252; letters in Mac Roman
    plausible = western_mess <= _MAX_MESS and undefined <= max(2, len(raw) // 2000)
    best = min(from_bytes(raw), key=lambda r: r.chaos, default=None)
    confident = best is not None and best.chaos <= _MAX_MESS and best.chaos + _CLEARLY_CLEANER <= western_mess
    if best is not None and best.chaos <= _MAX_MESS and (confident or not plausible):
        _warn("%s is not UTF-8; read it as %s", where, best.encoding)
        return str(best)
    if not plausible:
        raise ArticleError("not valid UTF-8 and no plausible text encoding detected")
    _warn("%s is not UTF-8; read it as cp1252 (Western)", where)
    return western


def _latin1_fallback(exc: UnicodeDecodeError) -> tuple[str, int]:
    return exc.object[exc.start : exc.end].decode("latin-1"), exc.end


codecs.register_error("latin1_fallback", _latin1_fallback)
_CP1252_UNDEFINED = (b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d")
_MESS_SAMPLE = 100_000  # characters of the cp1252 reading that charset-normalizer's mess measure looks at
_MAX_MESS = 0.2  # more mess than this is not text
_CLEARLY_CLEANER = 0.03  # how much less mess another encoding must show to beat cp1252 (Cyrillic, CJK: 1-3)


def _from_text(text: str, rel: str, meta: dict | None = None, doc_id: str | None = None) -> Article:
    """Build an Article from plain text; `meta` given means the caller already has metadata (JSONL, HTML)."""
    text = invisible.for_index(text)  # no escape sequences, bidi controls or zero-width spaces in the index
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
    title = _text_field(meta.get("title"), rel, "title")
    source = _text_field(meta.get("source"), rel, "source") or inferred.source
    url = _text_field(meta.get("url"), rel, "url")
    doc_id = doc_id or rel
    digest = hashlib.sha256(json.dumps([doc_id, title, date, source, url, body]).encode()).hexdigest()
    return Article(doc_id, rel, title or "", date, source, url, body, digest, date_text, inferred.place)


def _text_field(value: object, rel: str, name: str) -> str | None:
    """A metadata value as one line of text; lists, mappings and other non-scalars are ignored, not stringified."""
    if isinstance(value, bool) or not isinstance(value, str | int | float | _date):
        if value is not None:
            _warn("%s: ignoring the %s field, which is not text: %s", rel, name, reprlib.repr(value))
        return None
    return " ".join(invisible.for_index(str(value)).split()) or None


def _front_matter(text: str, rel: str) -> tuple[str, dict]:
    """(the text after the front matter, its fields); front matter that is not a YAML mapping is dropped, warned of.

    Text that opens with a "---" line but has no closing one has no front matter: it is all article text.
    """
    import yaml
    from frontmatter.default_handlers import YAMLHandler

    handler = YAMLHandler()
    text = text.strip()
    if not handler.detect(text):
        return text, {}
    try:
        block, content = handler.split(text)
    except ValueError:  # no closing "---" line
        return text, {}
    content = content.strip()
    try:
        fields = handler.load(block)
    except (yaml.YAMLError, ValueError, TypeError, RecursionError) as exc:
        lines = str(exc).splitlines()
        problem = getattr(exc, "problem", None) or (lines[0] if lines else exc.__class__.__name__)
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1} of the file" if mark is not None else ""  # the block starts on line 1
        _warn("%s: front matter is not valid YAML (%s%s); ignoring it, reading the text after it", rel, problem, where)
        return content, {}
    if fields is None:
        return content, {}
    if not isinstance(fields, dict):
        _warn("%s: front matter is not a mapping of fields (it is a %s); ignoring it", rel, type(fields).__name__)
        return content, {}
    return content, {str(k).lower(): v for k, v in fields.items()}


# Text a reader never sees as the article: frame and plugin fallbacks, <noscript> notices, inert templates.
# trafilatura drops them itself, except in the fallback it uses for short pages, which reads every text node.
_NOT_ARTICLE = [f"//{tag}" for tag in ("iframe", "frame", "frameset", "noscript", "object", "embed", "applet",
                                       "template")]


def _from_html(html: str, rel: str) -> Article:
    import trafilatura

    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, include_tables=False,
                                      prune_xpath=_NOT_ARTICLE)
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
