"""Reuters-21578 SGML loader for the benchmarks: <REUTERS> records to a JSONL corpus whomet can index."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "shared" / "data" / "reuters21578" / "sgm-data"
_RECORD = re.compile(r"<REUTERS\b([^>]*)>(.*?)</REUTERS>", re.S)
_FIELD = {name: re.compile(rf"<{name}>(.*?)</{name}>", re.S) for name in ("DATE", "TITLE", "BODY")}
_NEWID = re.compile(r'NEWID="(\d+)"')


def _field(name: str, record: str) -> str:
    m = _FIELD[name].search(record)
    return html.unescape(m.group(1)) if m else ""


def _body(raw: str) -> str:
    """Paragraphs start with an indent in the wire text; lines inside a paragraph are hard-wrapped."""
    raw = re.sub(r"[\x00-\x08\x0b-\x1f]", "", raw)
    raw = re.sub(r"\s*Reuter\s*$", "", raw.strip())
    paras = re.split(r"\n\s{2,}|\n\s*\n", raw)
    return "\n\n".join(" ".join(p.split()) for p in paras if p.strip())


def _date(raw: str) -> str | None:
    try:
        return datetime.strptime(raw.strip().split(".")[0], "%d-%b-%Y %H:%M:%S").date().isoformat()
    except ValueError:
        return None


def read_reuters(sgm_dir: Path = DEFAULT_DIR) -> Iterator[dict]:
    """Every record with a body, as {id, title, date, source, text}; files are latin-1."""
    for path in sorted(Path(sgm_dir).glob("*.sgm")):
        for m in _RECORD.finditer(path.read_text(encoding="latin-1")):
            body = _body(_field("BODY", m.group(2)))
            if not body:
                continue
            newid = _NEWID.search(m.group(1))
            yield {"id": f"reuters-{newid.group(1) if newid else path.stem}", "title": " ".join(
                _field("TITLE", m.group(2)).split()).title(), "date": _date(_field("DATE", m.group(2))),
                "source": "Reuters", "text": body}


def write_corpus(out_dir: Path, sgm_dir: Path = DEFAULT_DIR, limit: int | None = None) -> int:
    """Write the records as JSONL files of 1,000 articles each; returns the article count."""
    out_dir.mkdir(parents=True, exist_ok=True)
    records = list(read_reuters(sgm_dir))[:limit]
    for start in range(0, len(records), 1000):
        with (out_dir / f"reuters-{start // 1000:03d}.jsonl").open("w", encoding="utf-8") as fh:
            for rec in records[start : start + 1000]:
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return len(records)


def as_article(record: dict):
    """One read_reuters record as the bot.records.Article the extractor and the index read (source "Reuters")."""
    from bot.records import Article

    return Article(record["id"], record["id"], record["title"], record["date"], "Reuters", None, record["text"],
                   record["id"])
