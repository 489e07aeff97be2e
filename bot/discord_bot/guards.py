"""Per-user cooldown and question-length checks, each giving a friendly sentence when they refuse."""

from __future__ import annotations

import time
from collections.abc import Callable


class Cooldown:
    """At most one question per user every `seconds`; `check` returns the wait left, 0 when allowed."""

    def __init__(self, seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.seconds = seconds
        self._clock = clock
        self._last: dict[int, float] = {}

    def check(self, user_id: int) -> float:
        """Record an attempt by `user_id`; return 0 if allowed, else the seconds still to wait."""
        if self.seconds <= 0:
            return 0.0
        now = self._clock()
        last = self._last.get(user_id)
        if last is not None and now - last < self.seconds:
            return self.seconds - (now - last)
        self._last[user_id] = now
        if len(self._last) > 10000:
            cutoff = now - self.seconds
            self._last = {u: t for u, t in self._last.items() if t >= cutoff}
        return 0.0


def cooldown_message(wait: float) -> str:
    return f"Easy there — you can ask again in {max(1, round(wait))} s."


def question_problem(question: str, max_chars: int) -> str | None:
    """A sentence saying what is wrong with `question`, or None when it can be asked."""
    if not question.strip():
        return "Ask me a question, e.g. “Who did Kishi meet?”"
    if len(question) > max_chars:
        return f"That question is {len(question)} characters long; please keep it under {max_chars}."
    return None
