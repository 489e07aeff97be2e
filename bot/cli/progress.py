"""Build progress: rich bars on a terminal, plain timed lines when stderr is a file or a pipe (cron, CI)."""

from __future__ import annotations

import contextlib
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TextIO

LABELS = {"chunk": "Reading and chunking articles", "embed": "Embedding new chunks", "meetings": "Extracting meetings"}
INTERVAL = 10.0  # seconds between two plain lines of one stage


@dataclass
class _Stage:
    started: float  # clock at the stage's first report
    first_done: int  # what was done at that report (0 when the stage announces its start)
    last_line: float
    ended: bool = False


class PlainProgress:
    """A (stage, done, total) callback writing one line per stage about every `interval` seconds, and one at its end.

    Lines give the stage, done/total, the rate and the time left. Safe to call from several threads (the embedding
    stage reports from its own); `clock` is injectable so tests need not sleep.
    """

    def __init__(self, stream: TextIO, interval: float = INTERVAL,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.stream, self.interval, self.clock = stream, interval, clock
        self.stages: dict[str, _Stage] = {}
        self.lock = threading.Lock()

    def __call__(self, stage: str, done: int, total: int) -> None:
        with self.lock:
            now = self.clock()
            state = self.stages.get(stage)
            if state is None:
                state = self.stages[stage] = _Stage(started=now, first_done=done, last_line=now)
            if state.ended:
                return
            ended = done >= total
            if not ended and now - state.last_line < self.interval:
                return
            state.last_line, state.ended = now, ended
            self.stream.write(self._line(stage, done, total, now - state.started, done - state.first_done) + "\n")
            self.stream.flush()

    @staticmethod
    def _line(stage: str, done: int, total: int, elapsed: float, progressed: int) -> str:
        share = f" ({100 * done // total}%)" if total else ""
        line = f"{LABELS.get(stage, stage)}: {done}/{total}{share}"
        rate = progressed / elapsed if elapsed > 0 and progressed > 0 else None
        if rate is not None:
            line += f", {rate:.1f}/s"
        if done >= total:
            return line + (f", done in {_duration(elapsed)}" if elapsed > 0 else ", done")
        return line + (f", about {_duration((total - done) / rate)} left" if rate is not None else "")


def _duration(seconds: float) -> str:
    """'7 s', '2 min 05 s', '1 h 02 min': short enough for a log line, exact enough to plan by."""
    s = round(seconds)
    if s < 60:
        return f"{s} s"
    if s < 3600:
        return f"{s // 60} min {s % 60:02d} s"
    return f"{s // 3600} h {s % 3600 // 60:02d} min"


@contextlib.contextmanager
def build_progress(disable: bool = False, interval: float = INTERVAL) -> Iterator:
    """Yields a callback (stage, done, total): rich bars on a terminal, else plain lines every `interval` seconds."""
    if disable:
        yield lambda stage, done, total: None
        return
    if not sys.stderr.isatty():  # a log file or a pipe: lines, not a redrawn bar, and no rich import
        yield PlainProgress(sys.stderr, interval)
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  console=Console(stderr=True), transient=False) as bar:
        tasks: dict[str, int] = {}

        def update(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(LABELS.get(stage, stage), total=total)
            bar.update(tasks[stage], completed=done, total=total)

        yield update
