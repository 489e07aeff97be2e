"""Whole-command fuzzing: each `whomet` command run as users run it, on generated configs, corpora, indexes, questions.

Shared by tests/hardening/test_hardening_cli_fuzz.py and benchmarks/fuzz_cli.py. A case is a function of its seed alone
(`random.Random(seed)`; the command is COMMANDS[seed % 7]), so a failing seed reproduces with
`python -m benchmarks.fuzz_cli --seeds SEED --show`.

The oracle: the process exits 0, or exits 2 with exactly one sentence on stderr (one line, besides WARNING and
INFO log lines); never a traceback, never another exit code, never a hang, never a process left running.
`run` only ever talks to a closed port on 127.0.0.1, and only when the config it reads says so.
"""

from __future__ import annotations

import os
import random
import re
import signal
import socket
import subprocess
import sys
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.fuzz.inputs import (
    GOOD_QUESTIONS,
    KS,
    NON_UTF8,
    OPTION_LIKE,
    QUESTIONS,
    chat_input,
    config_text,
    discord_table,
    index_table,
    pick,
    write_config,
    write_corpus,
    write_index,
    write_questions,
)

COMMANDS = ["index build", "index stats", "ask", "chat", "meetings", "eval", "run"]
AXES = ["config", "corpus", "index", "input", "token"]  # each case makes one to three of them hostile
ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 180.0
_LOG_LINE = re.compile(r"^(WARNING|INFO) ")
_DROPPED_ENV = ("DISCORD_TOKEN", "WHOMET_CONFIG", "http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY",
                "HTTPS_PROXY", "ALL_PROXY")


@dataclass
class Case:
    seed: int
    command: str
    argv: list[str | bytes]
    cwd: Path
    env: dict[str, str] = field(default_factory=dict)  # added to (a cleaned copy of) this process's environment
    stdin: bytes = b""
    notes: list[str] = field(default_factory=list)

    def describe(self) -> str:
        argv = " ".join(repr(a)[:80] if isinstance(a, bytes) or not a.isprintable() or " " in a else a
                        for a in self.argv)
        env = " ".join(f"{k}={v.replace(str(self.cwd), '.')[:40]!r}" for k, v in self.env.items())
        stdin = f" < {self.stdin[:120]!r}" if self.command == "chat" else ""
        return f"seed {self.seed}: {env} whomet {argv}{stdin}\n    " + "\n    ".join(n[:300] for n in self.notes)


@dataclass
class Outcome:
    case: Case
    returncode: int | None
    stdout: str
    stderr: str
    seconds: float
    timed_out: bool = False
    left_running: bool = False
    timeout: float = TIMEOUT

    def problems(self) -> list[str]:
        """Every broken promise of the oracle (empty when the command behaved)."""
        out = []
        if self.timed_out:
            out.append(f"no exit within {self.timeout:.0f} s")
        elif self.returncode not in (0, 2):
            out.append(f"exit code {self.returncode}")
        if "Traceback (most recent call last)" in self.stderr:
            out.append("traceback on stderr")
        if "Fatal Python error" in self.stderr or "Exception ignored" in self.stderr:
            out.append("fatal error or ignored exception on stderr")
        if self.returncode == 2 and not self.timed_out and len(message_lines(self.stderr)) != 1:
            out.append(f"{len(message_lines(self.stderr))} lines on stderr besides log lines, not one sentence")
        if self.left_running:
            out.append("processes left running after the command exited")
        return out

    def failure_class(self) -> str:
        """command | exit | problems | the telling stderr line, with paths, numbers and quotes blanked out."""
        return " | ".join([self.case.command, f"exit {'timeout' if self.timed_out else self.returncode}",
                           ", ".join(p.split(" (")[0] for p in self.problems()), normalise(self.key_line())])

    def key_line(self) -> str:
        lines = [line for line in self.stderr.splitlines() if line.strip()]
        if "Traceback (most recent call last)" in self.stderr:
            tb = self.stderr.rsplit("Traceback (most recent call last)", 1)[1].splitlines()
            exc = [line for line in tb if line.strip() and not line.startswith((" ", "\t"))]
            return exc[-1] if exc else "(traceback)"
        for candidates in (message_lines(self.stderr), lines):
            if candidates:
                return candidates[-1]  # the failure sentence comes last, after any warnings
        return "(nothing on stderr)"

    def report(self) -> str:
        return (f"{self.case.describe()}\n  -> exit {self.returncode}{' (timed out)' if self.timed_out else ''} "
                f"in {self.seconds:.1f} s; problems: {self.problems()}\n  stderr:\n"
                + "\n".join("    " + line for line in self.stderr[-3000:].splitlines()))


def message_lines(stderr: str) -> list[str]:
    """The non-empty stderr lines that are not log records (the failure message should be the only one)."""
    return [line for line in stderr.splitlines() if line.strip() and not _LOG_LINE.match(line)]


def normalise(line: str) -> str:
    line = re.sub(r"\S*/\S*", "<path>", line)
    line = re.sub(r"'[^']*'|\"[^\"]*\"|`[^`]*`", "'…'", line)
    return re.sub(r"\d+", "N", line)[:160]


def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (bound, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# ------------------------------------------------------------------------------------------------ building cases
def make_case(seed: int, sandbox: Path, seed_index: Path, port: int, scale: float = 1.0) -> Case:
    """Write everything the case needs in sandbox/case (its working folder) and return the command to run.

    Generated paths reach at most one level above the working folder: nothing outside `sandbox` is touched.
    """
    rng = random.Random(seed)
    command = COMMANDS[seed % len(COMMANDS)]
    root = sandbox / "case"
    root.mkdir()
    case = Case(seed, command, [], root)
    axes = AXES if command == "run" else AXES[:-1]
    bad = set(rng.sample(axes, k=pick(rng, [1, 1, 1, 2, 2, 3])))
    case.notes.append(f"hostile: {', '.join(a for a in axes if a in bad)}")
    (root / "afile.txt").write_text("a file, not a folder\n")
    (root / "emptydir").mkdir()
    case.notes += write_corpus(rng, root, scale, "corpus" in bad)
    case.notes.append(write_index(rng, root, seed_index, "index" in bad))
    index_via = pick(rng, ["flag", "config", "default"])
    corpus_via = pick(rng, ["flag", "config", "default"] if command == "index build" else ["config", "default"])
    args = _command_args(rng, case, command, index_via, corpus_via, "input" in bad)
    token = _token(rng, case, "token" in bad) if command == "run" else None
    configs = _configs(rng, case, command, index_via == "config", corpus_via == "config", port, token,
                       "config" in bad)
    case.argv = configs.pop("global", []) + command.split() + configs.pop("run", []) + args
    if command == "run":
        _check_only_loopback(case, token)
    return case


def _path_flag(rng: random.Random, flag: str, good: str, bad: bool) -> list[str]:
    return [flag, pick(rng, ["afile.txt", "emptydir", "missing/x", ""]) if bad and rng.random() < 0.3 else good]


def _command_args(rng: random.Random, case: Case, command: str, index_via: str, corpus_via: str,
                  bad: bool) -> list[str | bytes]:
    """The command's own arguments (and its stdin or question file); hostile ones when `bad`."""
    args: list[str | bytes] = []
    if index_via == "flag" and command != "run":  # `run` reads the index folder from the config only
        args += _path_flag(rng, "--index", "index", bad)
    if command == "index build":
        args += _path_flag(rng, "--corpus", "corpus", bad) if corpus_via == "flag" else []
        args += ["--full"] * (rng.random() < 0.4) + ["--json"] * (rng.random() < 0.5)
    elif command == "index stats":
        args += ["--json"] * (rng.random() < 0.5)
    elif command == "ask":
        roll = rng.random() if bad else 1.0
        question = pick(rng, NON_UTF8) if roll < 0.1 else pick(rng, OPTION_LIKE) if roll < 0.15 else \
            pick(rng, QUESTIONS if bad else GOOD_QUESTIONS)
        args = [question, *args] + ["--json"] * (rng.random() < 0.5)
    elif command == "chat":
        case.stdin = chat_input(rng, bad)
    elif command == "meetings":
        if rng.random() < 0.5:
            people = ["Kishi", "kishi nobuo", "Austin", "Nobody", "Wang Yi"]
            args += ["--person", pick(rng, QUESTIONS + people) if bad else pick(rng, people)]
        args += ["--json"] * (rng.random() < 0.5)
    elif command == "eval":
        case.notes.append(write_questions(rng, case.cwd / "questions.jsonl", bad))
        args = ["questions.jsonl", *args] + ["--json"] * (rng.random() < 0.5)
    if command in ("ask", "chat", "eval") and rng.random() < 0.3:
        args += ["-k", pick(rng, KS) if bad and rng.random() < 0.3 else pick(rng, ["1", "5", "50"])]
    return args


def _token(rng: random.Random, case: Case, bad: bool) -> str:
    """Where `run` may find a bot token: nowhere, the environment, a token file; when `bad`, an unusable one."""
    token = pick(rng, ["env-blank", "file-empty", "file-missing", "file-folder", "file-binary"]) if bad else \
        pick(rng, ["none", "env", "file"], [30, 35, 35])
    if token == "env":
        case.env["DISCORD_TOKEN"] = pick(rng, ["fake.token.value", "tökén", "  padded  ", "x" * 500])
    elif token == "env-blank":
        case.env["DISCORD_TOKEN"] = "   "
    elif token in ("file", "file-empty", "file-binary"):
        (case.cwd / "token.txt").write_bytes({"file": b"fake.token.value\n", "file-empty": b"\n",
                                              "file-binary": b"\xff\xfe\x00\x81token"}[token])
    case.notes.append(f"token: {token}")
    return token


def _token_file_value(token: str) -> str | None:
    return {"file": '"../token.txt"', "file-empty": '"../token.txt"', "file-binary": '"../token.txt"',
            "file-missing": '"../missing-token.txt"', "file-folder": '"../emptydir"'}.get(token)


def _configs(rng: random.Random, case: Case, command: str, index_via_config: bool, corpus_via_config: bool,
             port: int, token: str | None, bad: bool) -> dict[str, list[str]]:
    """Write the config file(s) the case reads and return the --config arguments (global, and `run --config`)."""
    places = ["none", "flag", "env", "cwd", "env+flag"] + (["run-flag", "run-flag+env"] if command == "run" else [])
    place = pick(rng, places)
    if place == "none" and (index_via_config or corpus_via_config or token not in (None, "none", "env-blank")):
        place = "run-flag" if command == "run" else "flag"  # the paths (or the token file) have to be somewhere
    if place == "none":
        if rng.random() < 0.2:
            case.env["WHOMET_CONFIG"] = ""
        case.notes.append("config: none")
        return {}
    token_possible = token is not None and token not in ("none", "env-blank")
    written: dict[str, Path] = {}
    read_by_command = next(w for w in ("run-flag", "flag", "env", "cwd") if w in place.split("+"))
    for where in place.split("+"):
        path = case.cwd / "whomet.toml" if where == "cwd" else case.cwd / "conf" / f"{where}.toml"
        tables = {"index": index_table(rng, index_via_config, corpus_via_config, bad)}
        if command == "run":
            tables["discord"] = discord_table(rng, port, _token_file_value(token), bad)
        if where == "cwd":  # the values are written for conf/*.toml: "../index" is "index" from the working folder
            tables = {name: [line.replace('"../', '"') for line in lines] for name, lines in tables.items()}
        data, note = config_text(rng, tables, bad)
        effective = where == read_by_command
        if effective and token_possible:  # the config `run` reads must keep it on 127.0.0.1: no broken variants
            data = "".join(f"[{n}]\n" + "".join(x + "\n" for x in lines) for n, lines in tables.items()).encode()
            note = f"config: {tables}"
        placed = "config path: file" if effective and token_possible else write_config(rng, path, data, bad)
        if placed == "config path: file" and not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        case.notes.append(f"{where} {note}; {placed}")
        written[where] = path
    if "env" in written:
        case.env["WHOMET_CONFIG"] = str(written["env"])
    return {"global": ["--config", str(written["flag"].relative_to(case.cwd))] if "flag" in written else [],
            "run": ["--config", str(written["run-flag"].relative_to(case.cwd))] if "run-flag" in written else []}


def _check_only_loopback(case: Case, token: str | None) -> None:
    """Refuse to run a `run` case that could find a token while its config could point anywhere but 127.0.0.1."""
    if token in (None, "none", "env-blank"):
        return
    argv = [a for a in case.argv if isinstance(a, str)]
    flags = [argv[i + 1] for i, a in enumerate(argv[:-1]) if a == "--config"]
    path = case.cwd / flags[-1] if flags else Path(case.env.get("WHOMET_CONFIG") or case.cwd / "whomet.toml")
    table = tomllib.loads(path.read_text(encoding="utf-8")).get("discord", {})
    for key, scheme in (("api_base_url", "http"), ("gateway_url", "ws")):
        if not str(table.get(key, "")).startswith(f"{scheme}://127.0.0.1:"):
            raise RuntimeError(f"seed {case.seed}: unsafe run case, [discord] {key} is {table.get(key)!r}")


# ------------------------------------------------------------------------------------------------ running
def run_case(case: Case, timeout: float = TIMEOUT) -> Outcome:
    """Run the case's command in a fresh process group; kill the group if it hangs or leaves processes behind."""
    env = {k: v for k, v in os.environ.items() if k not in _DROPPED_ENV}
    env.update({"PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false", **case.env})
    started = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-m", "bot", *case.argv], cwd=case.cwd, env=env,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)
    timed_out = False
    try:
        out, err = proc.communicate(case.stdin, timeout=timeout)
    except subprocess.TimeoutExpired:
        timed_out = True
        os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
    seconds = time.monotonic() - started
    left_running = not timed_out and _group_alive(proc.pid)
    if left_running:  # the group outlived its leader: something was not joined
        os.killpg(proc.pid, signal.SIGKILL)
    return Outcome(case, proc.returncode, out.decode("utf-8", "replace"), err.decode("utf-8", "replace"), seconds,
                   timed_out, left_running, timeout)


def _group_alive(pgid: int) -> bool:
    """Whether a process of group `pgid` is still running (zombies waiting for a reaper do not count)."""
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            return True
    return False
