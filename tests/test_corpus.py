"""Corpus reading: seed metadata, furniture removal, formats, stable ids and broken files."""

from __future__ import annotations

import json
import logging
from pathlib import Path

from bot.corpus import CorpusReport, read_corpus
from tests.conftest import SEED_CORPUS


def _seeds() -> dict:
    return {a.doc_id[:3]: a for a in read_corpus(SEED_CORPUS)}


def test_seed_dates_sources_and_undated_articles():
    seeds = _seeds()
    assert seeds["002"].date == "2021-03-12"  # leading " date 2021-03-12 (@handle)" line
    assert seeds["002"].source == "UrduPoint News / Sputnik"  # "TOKYO (UrduPoint News / Sputnik - 12th March, 2021)"
    assert seeds["002"].place == "TOKYO"
    assert seeds["003"].date == "2021-03-05"
    assert seeds["004"].date == "2023-01-11"  # "Washington DC, 11 January 2023 (TDI):"
    assert seeds["004"].source == "TDI"
    assert seeds["000"].date is None and seeds["001"].date is None  # never an invented date
    assert seeds["001"].place == "TOKYO"


def test_datelines_and_date_lines_are_not_body_text():
    seeds = _seeds()
    assert seeds["002"].text.startswith("Japan and the United States will discuss")
    assert seeds["003"].text.startswith("Washington and Tokyo have begun")
    assert seeds["004"].text.startswith("The United States (US) and Japan")
    assert "@ChaudhryMAli88" not in seeds["002"].text


def test_link_lists_read_also_and_captions_are_removed_but_article_kept():
    seeds = _seeds()
    assert "Related coverage" not in seeds["000"].text
    assert "eye visit to Japan from March 15" not in seeds["000"].text
    assert seeds["000"].text.rstrip().endswith("the Defense Department said.")
    assert "Related coverage" not in seeds["001"].text and "FOCUS: Uncertainties" not in seeds["001"].text
    assert "From left:" not in seeds["001"].text  # photo caption
    assert "Read Also" not in seeds["004"].text
    assert "Jose Fernandez" in seeds["004"].text  # body after the read-also line is kept


def test_every_quote_is_an_exact_substring_of_the_source_file():
    for article in read_corpus(SEED_CORPUS):
        raw = (SEED_CORPUS / article.path).read_text(encoding="utf-8")
        for paragraph in article.text.split("\n\n"):
            assert paragraph in raw


def test_ids_are_relative_paths_so_same_names_in_subfolders_differ(tmp_path: Path):
    for sub in ("politics", "sport"):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "001.txt").write_text(f"The {sub} desk reported that leaders met on Monday.\n")
    ids = sorted(a.doc_id for a in read_corpus(tmp_path))
    assert ids == ["politics/001.txt", "sport/001.txt"]


def test_markdown_front_matter_jsonl_and_html(tmp_path: Path):
    (tmp_path / "a.md").write_text("---\ntitle: Leaders meet\ndate: 2024-05-02\nsource: Wire\nurl: http://x/a\n---\n"
                                   "The two leaders met in Paris on Thursday.\n")
    lines = [{"id": "j1", "text": "Ministers held talks in Rome.", "title": "Rome talks", "date": "2022-01-05"},
             {"text": "An article without id or date."}]
    (tmp_path / "b.jsonl").write_text("\n".join(json.dumps(x) for x in lines) + "\n")
    (tmp_path / "c.html").write_text(
        "<html><head><title>Summit in Oslo</title></head><body><nav>Home | World</nav><article><h1>Summit in Oslo"
        "</h1><p>The prime ministers of Norway and Sweden met in Oslo on Friday to discuss energy cooperation and "
        "border security, officials said.</p><p>They agreed to meet again next year in Stockholm, according to a "
        "joint statement released after the talks.</p></article><footer>Copyright</footer></body></html>")
    arts = {a.doc_id: a for a in read_corpus(tmp_path)}
    assert arts["a.md"].title == "Leaders meet" and arts["a.md"].date == "2024-05-02" and arts["a.md"].source == "Wire"
    assert arts["a.md"].text == "The two leaders met in Paris on Thursday."
    assert arts["j1"].title == "Rome talks" and arts["j1"].date == "2022-01-05"
    assert arts["b.jsonl#2"].date is None
    assert "met in Oslo on Friday" in arts["c.html"].text and "Copyright" not in arts["c.html"].text


def test_broken_files_are_skipped_with_a_warning_naming_them(tmp_path: Path, caplog):
    (tmp_path / "good.txt").write_text("Leaders met in Berlin on Monday to discuss trade.\n")
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "blank.md").write_text("   \n\n  ")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02PNG\x00" * 100)
    (tmp_path / "bad.jsonl").write_text('{"text": "Ministers met in Rome."}\n{not json}\n{"title": "no text"}\n')
    report = CorpusReport()
    with caplog.at_level(logging.WARNING):
        arts = list(read_corpus(tmp_path, report))
    assert sorted(a.doc_id for a in arts) == ["bad.jsonl#1", "good.txt"]
    skipped = dict(report.skipped)
    assert set(skipped) == {"empty.txt", "blank.md", "binary.txt", "bad.jsonl:2", "bad.jsonl:3"}
    assert "empty" in skipped["empty.txt"] and "binary" in skipped["binary.txt"]
    for where in skipped:
        assert where in caplog.text


def test_legacy_encoding_is_read_with_a_warning(tmp_path: Path, caplog):
    text = "Le ministre français a rencontré son homologue à Genève pour discuter de la sécurité régionale. " * 3
    (tmp_path / "latin.txt").write_bytes(text.encode("cp1252"))
    with caplog.at_level(logging.WARNING):
        arts = list(read_corpus(tmp_path))
    assert len(arts) == 1 and "Genève" in arts[0].text
    assert "latin.txt" in caplog.text
