"""benchmarks/judge_sample.py: sample printouts become judgement rows, verdicts carry over, bad files are named."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks import judge_sample

PRINTOUT = """RAMS dev: 2 events from 924 windows; 2 drawn

doc1#0 [meeting, held, place=Oslo, date=None] Ann Reyes (person); Tom Weber (person)
    participants: Ann Reyes met Tom Weber in Oslo.
    place: Ann Reyes met Tom Weber in Oslo.

doc2#0 [talks, None, place=None, date=None] Orvik Corp (organization)
    participants: Orvik Corp is in talks with its banks.
"""


def test_a_printout_becomes_one_row_per_event_with_its_cited_sentences():
    rows = judge_sample.parse(PRINTOUT)
    assert [r["id"] for r in rows] == ["doc1#0", "doc2#0"]
    assert rows[0]["cited"] == ["participants: Ann Reyes met Tom Weber in Oslo.",
                                "place: Ann Reyes met Tom Weber in Oslo."]


def test_an_event_judged_before_carries_its_verdict(tmp_path: Path, monkeypatch):
    judged = dict(judge_sample.parse(PRINTOUT)[0], verdict="correct", reason="they met")
    (tmp_path / "old.jsonl").write_text(json.dumps(judged) + "\n", encoding="utf-8")
    monkeypatch.setattr(judge_sample, "FOLDER", tmp_path)
    known = judge_sample.earlier_verdicts()
    rows = judge_sample.parse(PRINTOUT)
    assert [known.get(judge_sample._key(r)) for r in rows] == [("correct", "they met"), None]


def test_a_file_that_is_no_judgement_file_is_named_with_its_line(tmp_path: Path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"event": "x", "cited": [], "verdict": "correct"}\n{"x": 1}\n', encoding="utf-8")
    with pytest.raises(SystemExit, match=r"bad\.jsonl line 2 is no judgement row"):
        judge_sample._rows(bad)
    with pytest.raises(SystemExit, match=r"cannot read .*missing\.jsonl"):
        judge_sample._rows(tmp_path / "missing.jsonl")


def test_wilson_interval_brackets_the_share():
    lo, hi = judge_sample.wilson(81, 100)
    assert (round(lo, 2), round(hi, 2)) == (0.72, 0.87)
