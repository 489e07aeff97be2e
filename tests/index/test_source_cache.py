"""Incremental builds re-parse only corpus files whose bytes changed, and never hide a file's problems."""

from __future__ import annotations

import json
import logging

import pytest

from bot.config import DEFAULT_MODEL
from bot.index import source_cache
from bot.index.build import build_index
from bot.index.generations import current
from bot.index.reader import Index
from bot.ingest import corpus as corpus_module

FILES = {
    "a.txt": "Foreign ministers of France and Germany met in Berlin on Monday to discuss energy security.",
    "b.md": "---\ntitle: Trade talks\ndate: 2024-05-02\n---\nKenyan President William Ruto met the prime minister.",
    "c.txt": "Central bankers gathered in Basel to review capital rules for large lenders.",
}


@pytest.fixture
def parsed(monkeypatch) -> list[str]:
    """The files the reader actually parses (a spy around the real parser)."""
    seen: list[str] = []
    real = corpus_module.parse_file

    def spy(raw, suffix, rel, report):
        seen.append(rel)
        return real(raw, suffix, rel, report)

    monkeypatch.setattr(corpus_module, "parse_file", spy)
    return seen


def _write(folder, files) -> None:
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        (folder / name).write_bytes(text.encode("utf-8") if isinstance(text, str) else text)


def _articles(index_dir) -> dict:
    ix = Index.open(index_dir)
    try:
        return {d: (a.path, a.title, a.date, a.text, a.content_hash) for d, a in ix.store.articles.items()}
    finally:
        ix.close()


@pytest.mark.slow
def test_only_changed_files_are_parsed_and_the_result_equals_a_full_read(tmp_path, parsed):
    corpus = tmp_path / "corpus"
    _write(corpus, FILES)
    build_index(corpus, tmp_path / "ix", DEFAULT_MODEL)
    assert sorted(parsed) == sorted(FILES)
    parsed.clear()
    _write(corpus, {"b.md": FILES["b.md"].replace("2024-05-02", "2024-05-03"), "d.txt": "Leaders met in Lima."})
    build_index(corpus, tmp_path / "ix", DEFAULT_MODEL)
    assert sorted(parsed) == ["b.md", "d.txt"]
    build_index(corpus, tmp_path / "full", DEFAULT_MODEL, full=True)
    assert _articles(tmp_path / "ix") == _articles(tmp_path / "full")
    assert _articles(tmp_path / "ix")["b.md"][2] == "2024-05-03"


def test_a_file_read_with_a_warning_is_read_and_warned_about_on_every_build(tmp_path, parsed, caplog):
    corpus = tmp_path / "corpus"
    _write(corpus, {**FILES, "legacy.txt": "Caf\xe9 owners met the mayor of S\xe3o Paulo on Monday.".encode("cp1252")})
    for _ in range(2):
        parsed.clear()
        caplog.clear()
        with caplog.at_level(logging.WARNING, logger="bot.ingest.corpus"):
            build_index(corpus, tmp_path / "ix", DEFAULT_MODEL)
        assert "legacy.txt" in parsed
        assert any("legacy.txt is not UTF-8" in r.getMessage() for r in caplog.records)
    assert parsed == ["legacy.txt"]  # the clean files came from the cache the second time


@pytest.mark.slow
def test_a_duplicate_id_is_not_served_from_the_cache_once_the_original_is_gone(tmp_path):
    corpus = tmp_path / "corpus"
    first = json.dumps({"id": "story-1", "text": "The first version: ministers met in Oslo."})
    second = json.dumps({"id": "story-1", "text": "The second version: ministers met in Bergen."})
    _write(corpus, {"1.jsonl": first + "\n", "2.jsonl": second + "\n"})
    build_index(corpus, tmp_path / "ix", DEFAULT_MODEL)
    assert "Oslo" in _articles(tmp_path / "ix")["story-1"][3]
    (corpus / "1.jsonl").unlink()
    build_index(corpus, tmp_path / "ix", DEFAULT_MODEL)
    assert "Bergen" in _articles(tmp_path / "ix")["story-1"][3]


def test_a_new_reader_or_a_damaged_file_list_reads_everything_again(tmp_path, parsed, monkeypatch, caplog):
    corpus = tmp_path / "corpus"
    _write(corpus, FILES)
    build_index(corpus, tmp_path / "ix", DEFAULT_MODEL)
    monkeypatch.setattr(source_cache, "reader_version", lambda: "another reader")
    parsed.clear()
    build_index(corpus, tmp_path / "ix", DEFAULT_MODEL)
    assert sorted(parsed) == sorted(FILES)
    (current(tmp_path / "ix") / source_cache.FILE).write_text("{not json", encoding="utf-8")
    parsed.clear()
    with caplog.at_level(logging.WARNING):
        report = build_index(corpus, tmp_path / "ix", DEFAULT_MODEL)
    assert sorted(parsed) == sorted(FILES) and report.articles == len(FILES)
    # the file no longer matches the manifest's checksum: nothing of that generation is reused, and the log says why
    assert any("sources.json is damaged" in r.getMessage() and "reusing nothing" in r.getMessage()
               for r in caplog.records)
