"""Corpus reading: seed metadata, furniture removal, formats, stable ids and broken files."""

from __future__ import annotations

import json
import logging
from pathlib import Path

from bot.ingest.corpus import CorpusReport, read_corpus
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


def test_unreadable_folders_and_broken_links_are_skipped_with_a_warning_naming_them(tmp_path: Path, monkeypatch,
                                                                                    caplog):
    """Tests run as root, who reads any folder: os.scandir is made to refuse one folder as it would a normal user."""
    import errno
    import os

    (tmp_path / "good.txt").write_text("Leaders met in Berlin on Monday to discuss trade.\n")
    locked = tmp_path / "desk" / "locked"
    locked.mkdir(parents=True)
    (locked / "hidden-from-us.txt").write_text("Ministers met in Rome.\n")
    os.symlink(tmp_path / "moved-away.txt", tmp_path / "gone.txt")
    real_scandir = os.scandir

    def scandir(path="."):
        if Path(path) == locked:
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    report = CorpusReport()
    with caplog.at_level(logging.WARNING):
        assert [a.doc_id for a in read_corpus(tmp_path, report)] == ["good.txt"]
    skipped = dict(report.skipped)
    assert skipped["desk/locked/"] == "cannot read the folder (Permission denied)"
    assert "broken symbolic link" in skipped["gone.txt"]
    assert "desk/locked/" in caplog.text and "gone.txt" in caplog.text


def test_broken_front_matter_is_named_and_not_read_as_article_text(tmp_path: Path, caplog):
    (tmp_path / "broken.md").write_text('---\ntitle: "Unclosed quote\ndate: [2021\n---\nKishi met Austin in Tokyo.\n')
    (tmp_path / "list.md").write_text("---\ntitle: [a, b]\nsource: Wire\n---\nKishi met Austin in Tokyo.\n")
    with caplog.at_level(logging.WARNING):
        arts = {a.doc_id: a for a in read_corpus(tmp_path)}
    assert arts["broken.md"].text == "Kishi met Austin in Tokyo." and arts["broken.md"].title == ""
    warnings = [r.getMessage() for r in caplog.records]
    assert any(w.startswith("broken.md: front matter is not valid YAML") and "\n" not in w for w in warnings)
    assert any(w.startswith("list.md: ignoring the title field") for w in warnings)
    assert arts["list.md"].source == "Wire"


def test_latin1_with_a_stray_byte_is_read_as_western_not_baltic(tmp_path: Path, caplog):
    raw = "Café owners met the mayor of São Paulo on Monday in Genève.".encode("latin-1")
    (tmp_path / "stray.txt").write_bytes(raw[:20] + b"\x81" + raw[20:])  # 0x81 is undefined in cp1252
    with caplog.at_level(logging.WARNING):
        (article,) = read_corpus(tmp_path)
    assert article.text == "Café owners met the mayor of São Paulo on Monday in Genève."
    assert "stray.txt is not UTF-8; read it as cp1252" in caplog.text


def test_legacy_encodings_of_other_scripts_are_still_detected(tmp_path: Path):
    russian = "Президент России встретился с министром иностранных дел Германии в Москве. " * 2
    greek = "Ο πρωθυπουργός συναντήθηκε με τον υπουργό Εξωτερικών στην Αθήνα. " * 2
    (tmp_path / "ru.txt").write_bytes(russian.encode("cp1251"))
    (tmp_path / "koi8.txt").write_bytes(russian.encode("koi8-r"))
    (tmp_path / "el.txt").write_bytes(greek.encode("cp1253"))
    arts = {a.doc_id: a.text for a in read_corpus(tmp_path)}
    assert arts == {"ru.txt": russian.strip(), "koi8.txt": russian.strip(), "el.txt": greek.strip()}


def test_iframe_and_noscript_text_is_not_article_text(tmp_path: Path):
    (tmp_path / "short.html").write_text(
        "<html><head><title>Talks</title></head><body><article><p>Kishida met Biden in Tokyo on Monday to discuss "
        "the alliance.</p><iframe>Iframe fallback: Putin met Xi in Moscow.</iframe><noscript>Enable JavaScript: "
        "Lula met Modi in Delhi.</noscript><p>They agreed to meet again next year.</p></article></body></html>")
    (text,) = [a.text for a in read_corpus(tmp_path)]
    assert "Kishida met Biden" in text and "meet again next year" in text
    assert "Putin" not in text and "Lula" not in text
