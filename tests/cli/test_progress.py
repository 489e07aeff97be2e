"""A build whose stderr is a file or pipe (cron, CI) writes plain progress lines: stage, done/total, rate, time left."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys

import pytest

from bot.cli.progress import PlainProgress, build_progress
from bot.config import DEFAULT_MODEL
from bot.index.build import build_index
from tests.conftest import ROOT, SEED_CORPUS
from tests.hash_embedder import HashEmbedder

FINAL = re.compile(r"^(?P<label>[A-Za-z ]+): (?P<done>\d+)/(?P=done) \(100%\)(, [\d.]+/s)?, done( in .+)?$")


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_lines_come_every_interval_and_at_the_end_with_rate_and_time_left():
    out, clock = io.StringIO(), FakeClock()
    report = PlainProgress(out, interval=10, clock=clock)
    report("embed", 0, 750)  # the stage starts
    for second in range(1, 16):  # 50 chunks a second for 15 seconds, reported every second
        clock.now = 1000 + second
        report("embed", 50 * second, 750)
    report("embed", 750, 750)  # a repeated end writes nothing more
    assert out.getvalue().splitlines() == [
        "Embedding new chunks: 500/750 (66%), 50.0/s, about 5 s left",
        "Embedding new chunks: 750/750 (100%), 50.0/s, done in 15 s",
    ]


def test_stages_are_timed_apart_and_long_waits_read_in_minutes():
    out, clock = io.StringIO(), FakeClock()
    report = PlainProgress(out, interval=10, clock=clock)
    report("chunk", 0, 2230)
    clock.now += 4
    report("meetings", 0, 2230)  # another stage starting does not make the first one write
    clock.now += 8
    report("chunk", 24, 2230)  # 2 articles a second: the rest takes 18 min 23 s
    report("meetings", 2230, 2230)
    report("custom", 3, 3)  # a stage whose first report is its end: no rate to give
    assert out.getvalue().splitlines() == [
        "Reading and chunking articles: 24/2230 (1%), 2.0/s, about 18 min 23 s left",
        "Extracting meetings: 2230/2230 (100%), 278.8/s, done in 8 s",
        "custom: 3/3 (100%), done",
    ]


def test_a_terminal_gets_rich_bars_and_anything_else_plain_lines(monkeypatch):
    class Stream(io.StringIO):
        def __init__(self, tty: bool) -> None:
            super().__init__()
            self.tty = tty

        def isatty(self) -> bool:
            return self.tty

    monkeypatch.setattr(sys, "stderr", Stream(tty=False))
    with build_progress(interval=3) as report:
        assert isinstance(report, PlainProgress) and report.interval == 3 and report.stream is sys.stderr
    with build_progress(disable=True) as report:
        report("embed", 1, 1)
    assert sys.stderr.getvalue() == ""
    monkeypatch.setattr(sys, "stderr", Stream(tty=True))
    with build_progress() as report:
        assert not isinstance(report, PlainProgress)


def test_a_first_build_reports_the_end_of_each_stage(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(SEED_CORPUS, corpus)
    out = io.StringIO()
    report = build_index(corpus, tmp_path / "ix", DEFAULT_MODEL, "fp32", progress=PlainProgress(out),
                         embedder_factory=HashEmbedder)
    ends = {m["label"]: int(m["done"]) for m in map(FINAL.match, out.getvalue().splitlines()) if m}
    assert ends == {"Reading and chunking articles": report.articles, "Embedding new chunks": report.chunks,
                    "Extracting meetings": report.articles}, out.getvalue()


@pytest.mark.slow
def test_cli_build_with_stderr_to_a_file_writes_a_final_line_per_stage(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(SEED_CORPUS, corpus)
    log = tmp_path / "build.log"
    with log.open("w") as stderr:
        run = subprocess.run([sys.executable, "-m", "bot", "index", "build", "--corpus", str(corpus), "--index",
                              str(tmp_path / "ix")], cwd=ROOT, stdout=subprocess.PIPE, stderr=stderr, text=True,
                             timeout=600)
    lines = log.read_text().splitlines()
    assert run.returncode == 0, lines[-20:]
    ended = {m["label"] for m in map(FINAL.match, lines) if m}
    assert ended == {"Reading and chunking articles", "Embedding new chunks", "Extracting meetings"}, lines
