"""Control, bidi and zero-width characters: dropped from article text, never printed, ignored inside questions."""

from __future__ import annotations

import io
import re
from pathlib import Path

from rich.console import Console

from bot.answer.question import analyse
from bot.cli import render
from bot.engine import clean_question
from bot.ingest.corpus import read_corpus
from bot.records import Answer, Citation, Passage

ESCAPES = "\x1b[2J\x1b]0;owned\x07\x1bc"  # clear the screen, retitle the window, reset the terminal
HIDDEN = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]")


def test_article_text_loses_escapes_controls_bidi_and_zero_width_spaces(tmp_path: Path):
    (tmp_path / "a.txt").write_text(f"Kishi{ESCAPES} met\u202e Aus\u200btin\u2066 in\x01 Tokyo\ufeff on\x85Tuesday.\n")
    (tmp_path / "b.jsonl").write_text('{"text": "Kishi met Austin.", "title": "Talks\\u001b[31m in\\u202e Tokyo"}\n')
    arts = {a.doc_id: a for a in read_corpus(tmp_path)}
    assert arts["a.txt"].text == "Kishi met Austin in Tokyo on Tuesday."
    assert arts["b.jsonl#1"].title == "Talks in Tokyo"


def test_zero_width_joiners_stay_in_article_text(tmp_path: Path):
    """ZWNJ spells Persian (and ZWJ emoji sequences): kept in the index, dropped only from what is shown."""
    (tmp_path / "fa.txt").write_text("\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645 met Austin in Tokyo.\n")
    assert "\u200c" in next(iter(read_corpus(tmp_path))).text


def _printed(answer: Answer, monkeypatch) -> str:
    out = io.StringIO()
    monkeypatch.setattr(render, "console", Console(file=out, force_terminal=True, color_system=None, width=300))
    render.print_answer(answer)
    return out.getvalue()


def test_cli_never_prints_terminal_escapes_or_bidi_controls_from_articles(monkeypatch):
    evil = f"Kishi{ESCAPES} met\u202e Austin\u200b in\x08 Tokyo."
    cite = Citation(1, "d1", "a.txt", f"Talks{ESCAPES}", "2021-01-01", "Wire\x1b[5m", evil, 0.5)
    shown = _printed(Answer("q", f"{evil} [1]", False, [cite], []), monkeypatch)
    assert "\x1b" not in shown and not HIDDEN.search(shown)
    assert "Kishi met Austin in Tokyo." in shown and "Talks" in shown
    passages = _printed(Answer("q", "No answer.", True, [], [Passage(1, f"d{ESCAPES}", "c", evil, 0.1)]), monkeypatch)
    assert "\x1b" not in passages and "Kishi met Austin in Tokyo." in passages


def test_a_zero_width_space_inside_a_name_does_not_split_it():
    assert clean_question("Who did Ki\u200bshi meet?") == "Who did Kishi meet?"
    assert clean_question("Who did \u202eKishi\u2069 meet?") == "Who did Kishi meet?"
    assert analyse("Who did Ki\u200bshi meet?").names == ("Kishi",)
    assert analyse("Who did \uff2b\uff49\uff53\uff48\uff49 meet?").names == ("Kishi",)  # full-width letters (NFKC)
    assert clean_question("Who\x00did Kishi\nmeet?") == "Who did Kishi meet?"  # a control still separates words
