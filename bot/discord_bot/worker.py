"""Engine calls off the event loop: one question at a time on a single worker thread, rebuilds on another."""

from __future__ import annotations

import asyncio
import functools
import logging
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Protocol

from bot.records import Answer

log = logging.getLogger(__name__)


class EngineLike(Protocol):
    """What the bot needs from bot.engine.Engine (meetings() and meetings_picture() are optional)."""

    def ask(self, question: str, conversation: Any = None, k: int | None = None) -> Answer: ...

    def rebuild(self) -> object: ...


class ReindexInProgress(RuntimeError):
    """A rebuild was requested while another one is still running."""


class EngineWorker:
    """Runs blocking engine calls in worker threads so gateway heartbeats keep flowing.

    Questions share ONE thread (the box has two cores; the other stays free for the event loop and a rebuild).
    A rebuild runs on its own thread; the engine keeps serving the old index until it swaps the new one in.
    """

    def __init__(self, engine: EngineLike) -> None:
        self.engine = engine
        self._questions = ThreadPoolExecutor(max_workers=1, thread_name_prefix="whomet-ask")
        self._rebuilds = ThreadPoolExecutor(max_workers=1, thread_name_prefix="whomet-reindex")
        self._rebuild_task: asyncio.Task | None = None

    @property
    def streams(self) -> bool:
        """True when the engine can hand out drafts while it answers (a streaming language model)."""
        return bool(getattr(self.engine, "streams", False))

    @property
    def has_meetings(self) -> bool:
        return callable(getattr(self.engine, "meetings", None))

    async def _run(self, pool: ThreadPoolExecutor, fn, /, *args, **kwargs):
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(pool, functools.partial(fn, *args, **kwargs))

    async def ask(self, question: str, conversation: Any = None,
                  on_draft: Callable[[str], None] | None = None) -> Answer:
        """The engine's answer; `on_draft` (thread-safe) receives drafts from the worker thread meanwhile."""
        started = time.perf_counter()
        drafts = {"on_draft": on_draft} if on_draft is not None else {}
        answer = await self._run(self._questions, self.engine.ask, question, conversation, **drafts)
        log.info("answered in %.0f ms (%d citations)", (time.perf_counter() - started) * 1000, len(answer.citations))
        return answer

    @property
    def has_picture(self) -> bool:
        return callable(getattr(self.engine, "meetings_picture", None))

    async def meetings(self, person: str | None = None, since: str | None = None, until: str | None = None) -> list:
        dates = {key: value for key, value in (("since", since), ("until", until)) if value}
        return await self._run(self._questions, self.engine.meetings, person, **dates)

    async def meetings_picture(self, person: str | None = None, since: str | None = None,
                               until: str | None = None) -> tuple[list, Any]:
        """The meetings and their picture, drawn on the question thread: rendering never blocks the event loop."""
        return await self._run(self._questions, self.engine.meetings_picture, person, since, until)

    @property
    def rebuilding(self) -> bool:
        return self._rebuild_task is not None and not self._rebuild_task.done()

    def start_rebuild(self) -> asyncio.Task:
        """Start a background rebuild and return its task; raise ReindexInProgress if one is running."""
        if self.rebuilding:
            raise ReindexInProgress("a rebuild is already running")
        self._rebuild_task = asyncio.get_running_loop().create_task(self._rebuild(), name="whomet-reindex")
        return self._rebuild_task

    async def _rebuild(self) -> object:
        started = time.perf_counter()
        log.info("index rebuild started")
        try:
            result = await self._run(self._rebuilds, self.engine.rebuild)
        except Exception:
            log.exception("index rebuild failed; the old index keeps serving")
            raise
        log.info("index rebuild finished in %.1f s and was swapped in", time.perf_counter() - started)
        return result

    def close(self) -> None:
        self._questions.shutdown(wait=False, cancel_futures=True)
        self._rebuilds.shutdown(wait=False, cancel_futures=True)
