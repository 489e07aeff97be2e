"""Every `whomet` command, fed generated configs, corpora, indexes and question files, exits 0 or 2 with one sentence.

The cases and the oracle live in benchmarks/fuzz/ (cli_cases.py, inputs.py). One seed is one subprocess:
0.2-1 s, a few seconds when it builds an index. The test runs the seeds WHOMET_CLI_FUZZ_FIRST.. (default 0) for
WHOMET_CLI_FUZZ_CASES seeds (default 42: 6 per command), plus REGRESSION: seeds that long runs of
`python -m benchmarks.fuzz_cli` found breaking the oracle, one per kind of failure.

Every seed must pass: the failures the fuzz found (REGRESSION) are fixed and stay as guards.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from benchmarks.fuzz.cli_cases import COMMANDS, Case, Outcome, closed_port, make_case, message_lines, run_case

CASES = int(os.environ.get("WHOMET_CLI_FUZZ_CASES", "42"))
FIRST = int(os.environ.get("WHOMET_CLI_FUZZ_FIRST", "0"))

# Seeds beyond the first CASES that once broke the oracle, each a different failure; all fixed, kept as guards.
REGRESSION = {
    13: "run, Discord unreachable (closed port on 127.0.0.1): exit 4 (fixed: exit 2)",
    20: "run, index file missing from the generation: exit 5 (fixed: exit 2)",
    126: "index build, model = \"../x\": ImportError traceback from find_spec (fixed: ModelNotFound)",
    139: "run, binary [discord] token_file: UnicodeDecodeError traceback (fixed: one sentence)",
    52: "chat --config naming a folder: click usage error, 3 lines",
    69: "run, WHOMET_CONFIG naming a folder: IsADirectoryError traceback from Config.load",
    75: "eval, question file not UTF-8: UnicodeDecodeError traceback from load_questions",
    110: "eval, a question that is empty after cleaning: QuestionError traceback from run_eval",
    191: "ask -k 0: click usage error, 3 lines",
    384: "run, model name holding a newline: the error message is 2 lines",
    497: "index build, every file skipped: sometimes exit -6 (terminate called without an active exception)",
    537: "eval, a line of 100000 '[': RecursionError traceback from json.loads",
    959: "index build, corpus folder absent: the one sentence, then sometimes exit -6 (terminate called ...)",
    754: "eval, gold_doc_ids holding a dict: TypeError traceback from score",
    1006: "eval, no index and model not found: ModelNotFound traceback from the build on first use",
    1001: "index build, an HTML file with no text: trafilatura's own ERROR log lines around the one sentence",
    1042: "run, an index built on first use from an article-less corpus: the HTML library's log lines",
}


def _seeds() -> list:
    seeds = sorted(set(range(FIRST, FIRST + CASES)) | set(REGRESSION))
    return seeds


@pytest.mark.slow
@pytest.mark.parametrize("seed", _seeds())
def test_command_exits_0_or_2_with_one_sentence(seed, seed_index_dir, tmp_path):
    outcome = run_case(make_case(seed, tmp_path, seed_index_dir, closed_port()))
    assert not outcome.problems(), outcome.report()


# ------------------------------------------------------------------------------------------------ the harness itself
def _outcome(code: int | None, stderr: str, timed_out: bool = False) -> Outcome:
    return Outcome(Case(0, "ask", ["ask", "x"], Path(".")), code, "", stderr, 0.1, timed_out)


def test_oracle_accepts_success_and_one_sentence_after_warnings():
    assert _outcome(0, "WARNING skipped a.txt: empty file\n").problems() == []
    assert _outcome(2, "WARNING skipped a.txt: empty file\nError: the question is empty\n").problems() == []


@pytest.mark.parametrize("code, stderr, expected", [
    (1, "Traceback (most recent call last):\n  File \"x\"\nValueError: boom\n", ["exit code 1", "traceback"]),
    (-6, "Error: corpus directory not found: x\nterminate called without an active exception\n", ["exit code -6"]),
    (134, "Fatal Python error: Aborted\n", ["exit code 134", "fatal error"]),
    (2, "Usage: whomet ask [OPTIONS]\nTry 'whomet ask -h' for help.\n\nError: No such option\n", ["3 lines"]),
    (2, "Error: no index at two\nlines; build it\n", ["2 lines"]),
    (2, "", ["0 lines"]),
    (0, "Exception ignored in: <function X.__del__>\n", ["fatal error or ignored exception"]),
    (4, "whomet run: cannot reach Discord (ClientConnectorError).\n", ["exit code 4"]),
])
def test_oracle_flags_every_broken_promise(code, stderr, expected):
    problems = _outcome(code, stderr).problems()
    assert len(problems) == len(expected) and all(p.startswith(e) for p, e in zip(problems, expected, strict=True))


def test_oracle_flags_a_hang():
    assert _outcome(None, "", timed_out=True).problems() == ["no exit within 180 s"]


def test_failure_class_names_the_exception_and_blanks_out_details():
    tb = "Traceback (most recent call last):\n  File \"/x/y.py\", line 3\nFileExistsError: [Errno 17] 'conf/../index'\n"
    assert _outcome(1, tb).failure_class() == \
        "ask | exit 1 | exit code 1, traceback on stderr | FileExistsError: [Errno N] <path>"
    assert message_lines("INFO x\nWARNING y\n\nError: z\n") == ["Error: z"]


@pytest.fixture
def fake_seed_index(tmp_path) -> Path:
    """The layout write_index copies and damages, without building anything."""
    index = tmp_path / "seed-index"
    gen = index / "gen-1"
    (gen / "bm25").mkdir(parents=True)
    (index / "CURRENT").write_text("gen-1\n")
    (gen / "manifest.json").write_text(json.dumps({"format_version": 2, "model": "m", "files": {}}))
    for name in ("store.sqlite", "vectors.faiss", "embeddings.npy", "bm25/vocab.index.json", "meetings.json"):
        (gen / name).write_bytes(b"data")
    return index


def _snapshot(root: Path) -> dict[str, bytes | str]:
    out: dict[str, bytes | str] = {}
    for p in sorted(root.rglob("*")):
        rel = p.relative_to(root).as_posix()
        out[rel] = ("link->" + os.readlink(p)) if p.is_symlink() else p.read_bytes() if p.is_file() else "dir"
    return out


def test_a_seed_always_makes_the_same_case(tmp_path, fake_seed_index):
    for seed in range(21):
        cases = []
        for run in ("a", "b"):
            root = tmp_path / f"{seed}-{run}"
            root.mkdir()
            case = make_case(seed, root, fake_seed_index, 9)
            snap = {k: v.replace(str(root).encode(), b"<root>") if isinstance(v, bytes) else v.replace(str(root), "")
                    for k, v in _snapshot(root).items()}
            cases.append((case.command, case.argv, case.stdin, case.notes, snap, {k: v.replace(str(root), "")
                                                                                  for k, v in case.env.items()}))
        assert cases[0] == cases[1], f"seed {seed} is not reproducible"
        assert cases[0][0] == COMMANDS[seed % len(COMMANDS)]


def test_run_cases_that_can_find_a_token_only_ever_point_at_127_0_0_1(tmp_path, fake_seed_index):
    """The safety net of `run`: a token plus a config pointing anywhere else would try to reach Discord itself."""
    port = closed_port()
    with_token = 0
    for seed in range(6, 6 + 7 * 120, 7):  # every `run` seed among the first 840
        (tmp_path / str(seed)).mkdir()
        case = make_case(seed, tmp_path / str(seed), fake_seed_index, port)
        root = case.cwd
        flags = [case.argv[i + 1] for i, a in enumerate(case.argv[:-1]) if a == "--config"]
        token_in_env = case.env.get("DISCORD_TOKEN", "").strip()
        token_file = (root / "token.txt").is_file()
        if not (token_in_env or token_file):
            continue
        with_token += 1
        read = root / flags[-1] if flags else Path(case.env.get("WHOMET_CONFIG") or root / "whomet.toml")
        discord = tomllib.loads(read.read_text(encoding="utf-8"))["discord"]
        assert discord["api_base_url"] == f"http://127.0.0.1:{port}/api/v10", case.describe()
        assert discord["gateway_url"] == f"ws://127.0.0.1:{port}", case.describe()
    assert with_token > 30


def test_run_case_reports_the_outcome_of_a_real_command(tmp_path):
    case = Case(0, "index stats", ["index", "stats", "--index", "nowhere"], tmp_path)
    outcome = run_case(case, timeout=120)
    assert outcome.returncode == 2 and outcome.problems() == [], outcome.report()
    assert "no index at nowhere" in outcome.key_line()


def test_run_case_kills_a_hung_command(tmp_path, monkeypatch):
    case = Case(0, "chat", ["chat", "--index", "nowhere"], tmp_path)
    hung = subprocess.Popen  # a stand-in for a command that never ends: python sleeping, in its own group

    def sleeper(argv, **kwargs):
        return hung([sys.executable, "-c", "import time; time.sleep(60)"], **kwargs)

    monkeypatch.setattr(subprocess, "Popen", sleeper)
    outcome = run_case(case, timeout=1)
    assert outcome.timed_out and outcome.problems() == ["no exit within 1 s"]


def test_paths_in_generated_configs_stay_inside_the_sandbox(tmp_path, fake_seed_index):
    """A config path like "../index" must not reach a folder shared with other cases (or anything else)."""
    checked = 0
    for seed in range(140):
        sandbox = tmp_path / str(seed)
        sandbox.mkdir()
        make_case(seed, sandbox, fake_seed_index, 9)
        for config in [*sandbox.rglob("*.toml")]:
            try:
                data = tomllib.loads(config.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
                continue
            values = [data.get(t, {}).get(k) for t, k in (("index", "dir"), ("index", "corpus"),
                                                          ("discord", "token_file"))]
            for value in values:
                if isinstance(value, str) and "\x00" not in value:
                    checked += 1
                    target = (config.parent / value).resolve()
                    assert target.is_relative_to(sandbox.resolve()), f"seed {seed}: {config.name} names {value!r}"
    assert checked > 100


def test_generated_inputs_cover_every_kind_listed_in_the_issue(tmp_path, fake_seed_index):
    """Over the default seeds, every command runs and every family of hostile input shows up at least once."""
    notes, commands = [], set()
    for seed in sorted(set(range(FIRST, FIRST + CASES)) | set(REGRESSION)):
        root = tmp_path / str(seed)
        root.mkdir()
        case = make_case(seed, root, fake_seed_index, 9)
        commands.add(case.command)
        notes.append(" ".join(case.notes) + " " + " ".join(map(repr, case.argv)) + repr(case.env))
    text = "\n".join(notes)
    assert commands == set(COMMANDS)
    for kind in ("WHOMET_CONFIG", "--config", "config: broken TOML", "config path: folder", "corpus: absent",
                 "binary", "giant line", "front-matter", "jsonl", "encoded", "index: no-CURRENT", "damaged-file",
                 "questions:", "token: none"):
        assert kind in text, f"no case with {kind!r}"
