"""Streamed drafts to Discord edits: pushed from the worker thread, shown from the event loop, one edit a second."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable

import discord

log = logging.getLogger(__name__)

EDIT_INTERVAL = 1.0  # seconds between two edits of one message (Discord rate-limits faster edits)


class DraftEditor:
    """`push` (from any thread) offers the newest draft; the loop shows it with `show` at most once per `interval`,
    skipping drafts that a newer one replaced. `finish` stops drafting and waits out the interval, so the caller's
    final edit keeps the pace too."""

    def __init__(self, loop: asyncio.AbstractEventLoop, show: Callable[[str], Awaitable[object]],
                 interval: float = EDIT_INTERVAL) -> None:
        self._loop = loop
        self._show = show
        self._interval = interval
        self._latest: str | None = None
        self._wake = asyncio.Event()
        self._task: asyncio.Task | None = None
        self._closed = False
        self._last_edit = float("-inf")
        self.shown = 0  # drafts actually shown

    def push(self, text: str) -> None:
        """Thread-safe: called by the engine on the worker thread as the checked answer grows."""
        with contextlib.suppress(RuntimeError):  # the loop is gone: the bot is shutting down
            self._loop.call_soon_threadsafe(self._offer, text)

    def _offer(self, text: str) -> None:
        if self._closed:
            return
        self._latest = text
        self._wake.set()
        if self._task is None:
            self._task = self._loop.create_task(self._run(), name="whomet-drafts")

    async def _run(self) -> None:
        while not self._closed:
            await self._wake.wait()
            self._wake.clear()
            await self.pace()
            if self._closed or self._latest is None:
                continue
            text, self._latest = self._latest, None
            try:
                await self._show(text)
                self.shown += 1
            except discord.HTTPException as exc:  # a draft is expendable; the final edit still comes
                log.info("draft edit failed (%s); waiting for the final answer", exc.status)
            self._last_edit = time.monotonic()

    async def pace(self) -> None:
        """Sleep until an edit is allowed again."""
        wait = self._last_edit + self._interval - time.monotonic()
        if wait > 0:
            await asyncio.sleep(wait)

    async def finish(self) -> bool:
        """No more drafts: let an edit in flight end, wait out the interval; True when a draft was shown."""
        self._closed = True
        self._wake.set()
        if self._task is not None:
            await self._task
        if self.shown:
            await self.pace()
        return self.shown > 0
