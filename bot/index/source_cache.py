"""Reuses the previous build's articles for corpus files whose bytes are unchanged (no re-parsing)."""

from __future__ import annotations

import hashlib
import json
import logging
from functools import lru_cache
from pathlib import Path

from bot.records import Article

log = logging.getLogger(__name__)

FILE = "sources.json"  # {"reader": code version, "files": {relative path: [sha256 of the bytes, [doc ids]]}}
READER_LIBRARIES = ("dateparser", "python-frontmatter", "trafilatura", "charset-normalizer", "PyYAML")


@lru_cache(maxsize=8)
def reader_version() -> str:
    """Changes with the reader's code or the libraries it parses with, so a new reader re-reads every file."""
    from bot.index.build_cache import code_version, package_files

    return code_version(package_files("ingest", "text", "records.py"), READER_LIBRARIES)


class SourceCache:
    """`lookup(rel, raw)` gives the articles a file held last build if its bytes are the same; `remember` records.

    Only files read without any warning or skip are remembered, so a problem file is re-read (and reported)
    on every build, never silenced by the cache.
    """

    def __init__(self, files: dict[str, tuple[str, list[Article]]] | None = None) -> None:
        self.previous = files or {}
        self.files: dict[str, tuple[str, list[str]]] = {}

    @classmethod
    def load(cls, previous: Path | None, articles: dict[str, Article] | None) -> SourceCache:
        """From the previous generation's sources.json and its store's articles; anything amiss: an empty cache."""
        if previous is None or articles is None:
            return cls()
        try:
            data = json.loads((previous / FILE).read_text(encoding="utf-8"))
            if data.get("reader") != reader_version():
                return cls()
            files = {rel: (sha, [articles[d] for d in ids]) for rel, (sha, ids) in data["files"].items()
                     if all(d in articles and _belongs(articles[d], rel) for d in ids)}
        except FileNotFoundError:
            return cls()
        except (OSError, ValueError, KeyError, TypeError) as exc:
            log.warning("%s is unusable (%s); reading every file", previous / FILE, exc)
            return cls()
        return cls(files)

    def lookup(self, rel: str, raw: bytes) -> tuple[str, list[Article] | None]:
        """The file's SHA-256, and its articles from last time if its bytes are the same (then kept for next time)."""
        sha = hashlib.sha256(raw).hexdigest()
        hit = self.previous.get(rel)
        if hit is None or hit[0] != sha:
            return sha, None
        self.files[rel] = (sha, [a.doc_id for a in hit[1]])
        return sha, hit[1]

    def remember(self, rel: str, sha: str, articles: list[Article]) -> None:
        self.files[rel] = (sha, [a.doc_id for a in articles])

    def forget(self, rel: str) -> None:
        """A file whose articles were not all kept (a duplicate id) is re-read next time."""
        self.files.pop(rel, None)

    def write(self, folder: Path) -> None:
        payload = {"reader": reader_version(), "files": {rel: [sha, ids] for rel, (sha, ids) in self.files.items()}}
        (folder / FILE).write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")


def _belongs(article: Article, rel: str) -> bool:
    return article.path == rel or article.path.startswith(rel + "#")
