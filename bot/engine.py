"""The answer API shared by the CLI and the Discord bot: load the index, ask, rebuild and swap."""

from __future__ import annotations

import logging
import os
import re
import threading
import time
from collections.abc import Callable
from pathlib import Path

from bot.answer import compose, to_passages
from bot.chat import Conversation
from bot.config import Config
from bot.index import Index
from bot.question import normalise
from bot.records import Answer
from bot.retriever import Retriever

log = logging.getLogger(__name__)

MAX_QUESTION_CHARS = 2000

__all__ = ["Conversation", "Engine", "QuestionError"]


class QuestionError(ValueError):
    """A question that cannot be asked (empty, too long); the message says why."""


def clean_question(question: str) -> str:
    """Normalise (NFKC, no invisible characters) and collapse whitespace; refuse empty or over-long questions."""
    if not isinstance(question, str):
        raise QuestionError("the question must be text")
    text = re.sub(r"\s+", " ", normalise(question)).strip()
    if not text:
        raise QuestionError("the question is empty")
    if len(text) > MAX_QUESTION_CHARS:
        raise QuestionError(f"the question is {len(text)} characters long; the limit is {MAX_QUESTION_CHARS}")
    return text


def dated_docs(question: str, index: Index) -> set[str] | None:
    """Articles published in the year (and month) a question asks about, e.g. "in January 2023"."""
    from bot.question import MONTHS, analyse

    q = analyse(question)
    if not q.years:
        return None
    prefixes = {f"{y}-{MONTHS.index(m) + 1:02d}" for y in q.years for m in q.months} or set(q.years)
    return {d for d, a in index.store.articles.items() if a.date and any(a.date.startswith(p) for p in prefixes)}


class Engine:
    """One loaded index and the query embedder; ask() is thread-safe, rebuild() swaps atomically."""

    def __init__(self, config: Config, build_if_missing: bool = True,
                 progress: Callable[[str, int, int], None] | None = None) -> None:
        self.config = config
        self._lock = threading.Lock()  # guards the swap, not the reads
        self._rebuild_lock = threading.Lock()
        if build_if_missing and not (Path(config.index_dir) / "CURRENT").exists():
            log.info("no index at %s yet; building it from %s", config.index_dir, config.corpus_dir)
            self._build(progress=progress)
        self.index = Index.open(Path(config.index_dir), model=config.model)
        self._embedder = None
        self.retriever = Retriever(self.index, self._embed)

    def _embed(self, texts: list[str]):
        if self._embedder is None:
            from bot.query_embedder import load_query_embedder

            self._embedder = load_query_embedder(self.index.folder, self.index.manifest)
        return self._embedder.encode(texts)

    def ask(self, question: str, conversation: Conversation | None = None, k: int | None = None) -> Answer:
        t0 = time.perf_counter()
        question = clean_question(question)
        resolved = conversation.resolve(question) if conversation else question
        retriever, index = self.retriever, self.index  # one consistent snapshot even if a swap happens now
        hits = retriever.search(resolved, k=k or self.config.k, boost_docs=dated_docs(resolved, index))
        t1 = time.perf_counter()
        answer = None
        if index.meetings and os.environ.get("WHOMET_NO_MEETINGS") != "1":
            from bot.meetings.answer import answer_from_meetings

            answer = answer_from_meetings(resolved, index.meetings, index.store.articles)
            if answer is not None:
                answer.question = question
                answer.passages = to_passages(hits)
        if answer is None:
            answer = compose(question, hits, index.store.articles, resolved)
        t2 = time.perf_counter()
        answer.timings_ms = {"retrieve": (t1 - t0) * 1000, "compose": (t2 - t1) * 1000, "total": (t2 - t0) * 1000}
        if resolved != question:
            answer.resolved = resolved  # type: ignore[attr-defined]
        if conversation is not None:
            conversation.record(question, resolved, answer.answer)
        return answer

    def _build(self, full: bool = False, progress=None):
        from bot.build import build_index

        cfg = self.config
        return build_index(cfg.corpus_dir, cfg.index_dir, cfg.model, cfg.build_precision, cfg.ann,
                           full=full, progress=progress)

    def rebuild(self, full: bool = False, progress=None):
        """Rebuild from the corpus, then swap the new index in; questions use the old one until then."""
        with self._rebuild_lock:
            report = self._build(full=full, progress=progress)
            self.reload()
            return report

    def reload(self) -> None:
        new_index = Index.open(Path(self.config.index_dir), model=self.config.model)
        new_retriever = Retriever(new_index, self._embed)
        with self._lock:
            self.index, self.retriever = new_index, new_retriever

    def meetings(self, person: str | None = None) -> list:
        from bot.meetings.timeline import render_timeline

        return render_timeline(self.index.meetings, person)
