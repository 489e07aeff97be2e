"""SQLite store of articles and chunk text/metadata; chunk rows are numbered as the vector ids."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from bot.records import Article, Chunk

SCHEMA = """
CREATE TABLE articles (doc_id TEXT PRIMARY KEY, path TEXT, title TEXT, date TEXT, date_text TEXT, source TEXT,
                       url TEXT, place TEXT, text TEXT, content_hash TEXT);
CREATE TABLE chunks (row INTEGER PRIMARY KEY, chunk_id TEXT UNIQUE, doc_id TEXT, ordinal INTEGER, start INTEGER,
                     end_ INTEGER, text TEXT, sentences TEXT, content_hash TEXT);
CREATE INDEX chunks_doc ON chunks(doc_id);
"""
_ARTICLE_COLS = "doc_id, path, title, date, source, url, text, content_hash, date_text, place"


def write_store(path: Path, articles: list[Article], chunks: list[Chunk]) -> None:
    """Write a new store; chunk i gets row i (its vector id)."""
    con = sqlite3.connect(path)
    try:
        con.executescript(SCHEMA)
        con.executemany(
            f"INSERT INTO articles ({_ARTICLE_COLS}) VALUES (?,?,?,?,?,?,?,?,?,?)",
            [(a.doc_id, a.path, a.title, a.date, a.source, a.url, a.text, a.content_hash, a.date_text, a.place)
             for a in articles],
        )
        con.executemany(
            "INSERT INTO chunks VALUES (?,?,?,?,?,?,?,?,?)",
            [(i, c.chunk_id, c.doc_id, c.ordinal, c.start, c.end, c.text, json.dumps(c.sentences), c.content_hash)
             for i, c in enumerate(chunks)],
        )
        con.commit()
    finally:
        con.close()


class Store:
    """Read-only access to a store file; safe to share across threads."""

    def __init__(self, path: Path) -> None:
        self.con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        self.con.execute("PRAGMA query_only = 1")
        self.articles: dict[str, Article] = {
            row[0]: Article(*row) for row in self.con.execute(f"SELECT {_ARTICLE_COLS} FROM articles")
        }

    def chunks(self, rows: list[int]) -> dict[int, Chunk]:
        if not rows:
            return {}
        marks = ",".join("?" * len(rows))
        cur = self.con.execute(f"SELECT * FROM chunks WHERE row IN ({marks})", [int(r) for r in rows])
        return {r[0]: _chunk(r) for r in cur}

    def all_chunks(self) -> list[Chunk]:
        return [_chunk(r) for r in self.con.execute("SELECT * FROM chunks ORDER BY row")]

    def count(self) -> int:
        return self.con.execute("SELECT COUNT(*) FROM chunks").fetchone()[0]

    def close(self) -> None:
        self.con.close()


def _chunk(r: tuple) -> Chunk:
    return Chunk(r[1], r[2], r[3], r[4], r[5], r[6], tuple(tuple(s) for s in json.loads(r[7])), r[8])
