"""benchmarks/reuters_recall.py: label files are read whole, and a bad file or line is named in one sentence."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks import reuters_recall


def test_labelled_stories_are_read_and_blank_lines_skipped(tmp_path: Path):
    good = tmp_path / "good.jsonl"
    row = {"id": "reuters-1", "meetings": [{"quote": "A met B.", "participants": ["A", "B"], "status": "held"}]}
    good.write_text(json.dumps(row) + "\n\n" + json.dumps({"id": "reuters-2", "meetings": []}) + "\n",
                    encoding="utf-8")
    assert [r["id"] for r in reuters_recall.load_labels(good)] == ["reuters-1", "reuters-2"]


def test_a_bad_label_file_is_named_with_its_line(tmp_path: Path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "reuters-1", "meetings": []}\n{"id": "reuters-2", "meetings": [{"quote": 3}]}\n',
                   encoding="utf-8")
    with pytest.raises(SystemExit, match=r"bad\.jsonl line 2 is no labelled story: a meeting needs a quote"):
        reuters_recall.load_labels(bad)
    bad.write_text("not json\n", encoding="utf-8")
    with pytest.raises(SystemExit, match=r"bad\.jsonl line 1 is no labelled story"):
        reuters_recall.load_labels(bad)
    with pytest.raises(SystemExit, match=r"cannot read .*missing\.jsonl"):
        reuters_recall.load_labels(tmp_path / "missing.jsonl")
