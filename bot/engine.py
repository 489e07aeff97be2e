"""The answer API shared by the CLI and the Discord bot: load the index, ask, rebuild and swap."""

from __future__ import annotations

import datetime as dt
import logging
import re
import threading
import time
from collections.abc import Callable
from pathlib import Path

from bot.answer.chat import Conversation
from bot.answer.constraints import country_for_city, the
from bot.answer.generators import Archive, answer_chain, first_answer
from bot.answer.question import Question, ask_for, checked_names
from bot.config import Config
from bot.index import generations
from bot.index.manifest import IndexUnusable
from bot.index.reader import Index, current_generation
from bot.records import Answer
from bot.search.retriever import Retriever
from bot.text.invisible import normalise

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


def dated_docs(q: Question, index: Index) -> set[str] | None:
    """Articles published in the year (and month) a question asks about, e.g. "in January 2023"."""
    from bot.answer.question import MONTHS

    if not q.years:
        return None
    prefixes = {f"{y}-{MONTHS.index(m) + 1:02d}" for y in q.years for m in q.months} or set(q.years)
    return {d for d, a in index.store.articles.items() if a.date and any(a.date.startswith(p) for p in prefixes)}


def asked_days(q: Question) -> tuple[dt.date, dt.date] | None:
    """The dates a question's year (and month) span, first to last day: "in January 2023" -> Jan 1-31 2023."""
    from bot.answer.question import MONTHS

    if not q.years:
        return None
    months = sorted(MONTHS.index(m) + 1 for m in q.months) or [1, 12]
    years = sorted(int(y) for y in q.years)
    last = dt.date(years[-1] + months[-1] // 12, months[-1] % 12 + 1, 1) - dt.timedelta(days=1)
    return dt.date(years[0], months[0], 1), last


class Engine:
    """One loaded index and the query embedder; ask() is thread-safe, rebuild() swaps atomically.

    Before each question the engine checks CURRENT (one small read) and switches to a generation published since,
    by this process or another; the generation it leaves is closed once no question uses it, so a build can delete it.
    """

    def __init__(self, config: Config, build_if_missing: bool = True,
                 progress: Callable[[str, int, int], None] | None = None) -> None:
        self.config = config
        self._lock = threading.Lock()  # guards the swap and the count of questions per index, not the reads
        self._rebuild_lock = threading.Lock()
        self._reload_lock = threading.Lock()
        index_dir = Path(config.index_dir)
        if build_if_missing and self._current() is None and not generations.listing(index_dir):
            log.info("no index at %s yet; building it from %s", config.index_dir, config.corpus_dir)
            self._build(progress=progress)
        # CURRENT gone but generations there: refused
        self.index = Index.open(index_dir, model=config.model, qdrant=config.qdrant)
        self._embedder = None
        self._last_query: tuple[str, object] | None = None  # the question retrieval embedded; the answer reuses it
        self.retriever = Retriever(self.index, self._embed)
        self.generators = answer_chain(use_meetings=config.use_meetings, generator=config.generator)
        self._asking: dict[int, int] = {}  # id(index) -> questions using it now
        self._unusable: Path | None = None  # a published generation that failed to open; not retried

    @property
    def streams(self) -> bool:
        """True when answers may arrive as drafts first (a streaming language model is configured)."""
        return self.config.generator.kind == "openai" and self.config.generator.stream

    def _embed(self, texts: list[str]):
        if self._embedder is None:
            self._embedder = self.index.query_embedder()
        last = self._last_query
        if len(texts) == 1 and last is not None and last[0] == texts[0]:
            return last[1]
        vecs = self._embedder.encode(texts)
        if len(texts) == 1:
            self._last_query = (texts[0], vecs)
        return vecs

    def ask(self, question: str, conversation: Conversation | None = None, k: int | None = None,
            on_draft: Callable[[str], None] | None = None) -> Answer:
        """Answer `question`; `on_draft` receives a streaming model's checked text as it grows (same thread)."""
        t0 = time.perf_counter()
        question = clean_question(question)
        self.refresh()
        retriever, index = self._hold()  # one consistent snapshot even if a swap happens now
        try:
            return self._answer(question, conversation, k, retriever, index, t0, on_draft)
        finally:
            self._let_go(index)

    def _answer(self, question: str, conversation: Conversation | None, k: int | None, retriever: Retriever,
                index: Index, t0: float, on_draft: Callable[[str], None] | None) -> Answer:
        resolved = conversation.resolve(question) if conversation else question
        q = checked_names(ask_for(question, resolved), retriever.capitalised_share)  # analysed once, passed down
        filtered = self.config.qdrant is not None and self.config.qdrant.date_filter
        hits = retriever.search(resolved, k=k or self.config.k, boost_docs=dated_docs(q, index), names=q.names,
                                days=asked_days(q) if filtered else None)
        t1 = time.perf_counter()
        turns = list(conversation.turns) if conversation else []
        archive = Archive(index.store.articles, index.meetings, turns, on_draft, mentions=retriever.mentions,
                          embed=self._embed)
        answer = first_answer(self.generators, q, hits, archive)
        wider = country_for_city(q, retriever.mentions) if answer.abstained else None
        if wider is not None:  # "in New Delhi" asked, the archive only says India: say so, then answer for India
            asked_of, city, country = wider
            hits_of = retriever.search(asked_of.text, k=k or self.config.k, boost_docs=dated_docs(asked_of, index),
                                       names=asked_of.names, days=asked_days(asked_of) if filtered else None)
            # the passages only: a meetings answer may put a party of the country for the place asked
            found = first_answer([g for g in self.generators if g.name == "passages"], asked_of, hits_of, archive)
            if not found.abstained:
                found.question = answer.question
                found.answer = f"The archive does not mention {city}; about {the(country)} it says: {found.answer}"
                answer, hits = found, hits_of
        t2 = time.perf_counter()
        answer.timings_ms = {**answer.timings_ms, "retrieve": (t1 - t0) * 1000, "compose": (t2 - t1) * 1000,
                             "total": (t2 - t0) * 1000}
        if resolved != question:
            answer.resolved = resolved
        if conversation is not None:
            conversation.record(question, resolved, answer.answer)
        return answer

    def _build(self, full: bool = False, progress=None):
        from bot.index.build import build_index

        cfg = self.config
        return build_index(cfg.corpus_dir, cfg.index_dir, cfg.model, cfg.build_precision, cfg.ann,
                           full=full, progress=progress, qdrant=cfg.qdrant)

    def rebuild(self, full: bool = False, progress=None):
        """Rebuild from the corpus, then swap the new index in; questions use the old one until then."""
        with self._rebuild_lock:
            report = self._build(full=full, progress=progress)
            self.reload()
            return report

    def reload(self) -> None:
        """Switch to the generation CURRENT names, if it is not the loaded one; raise IndexUnusable if it is bad."""
        with self._reload_lock:
            if self._current() == self.index.folder:
                return
            new_index = Index.open(Path(self.config.index_dir), model=self.config.model, qdrant=self.config.qdrant)
            new_retriever = Retriever(new_index, self._embed)
            with self._lock:
                old, self.index, self.retriever = self.index, new_index, new_retriever
                idle = not self._asking.get(id(old))
            if idle:
                old.close()  # else the last question using it closes it
            log.info("switched to index generation %s", new_index.folder.name)

    def refresh(self) -> None:
        """Follow CURRENT to a newer generation (a rebuild by `whomet index build` or /reindex); cheap when unmoved."""
        target = self._current()
        if target is None or target == self.index.folder or target == self._unusable:
            return
        try:
            self.reload()
        except IndexUnusable as exc:
            self._unusable = target
            log.warning("not switching to the new index generation (%s); still answering from %s",
                        exc, self.index.folder.name)

    def _current(self) -> Path | None:
        """The published generation: CURRENT's, or the Qdrant alias's with that backend (one small read)."""
        return current_generation(Path(self.config.index_dir), self.config.qdrant)

    def _hold(self) -> tuple[Retriever, Index]:
        with self._lock:
            index = self.index
            self._asking[id(index)] = self._asking.get(id(index), 0) + 1
            return self.retriever, index

    def _let_go(self, index: Index) -> None:
        with self._lock:
            left = self._asking.pop(id(index)) - 1
            if left:
                self._asking[id(index)] = left
            retired = not left and index is not self.index
        if retired:
            index.close()

    def close(self) -> None:
        """Release the loaded index (its files and its lease)."""
        self.index.close()

    def meetings(self, person: str | None = None, since: str | None = None, until: str | None = None) -> list:
        from bot.answer.timeline import render_timeline

        self.refresh()
        return render_timeline(self.index.meetings, person, since, until)

    def meetings_picture(self, person: str | None = None, since: str | None = None, until: str | None = None):
        """The listed meetings and their picture (None when none can be drawn); PlotUnavailable without matplotlib."""
        from bot.answer.picture import plan_picture
        from bot.answer.timeline import render_timeline
        from bot.plot import render

        self.refresh()
        _, index = self._hold()  # one snapshot for the events and the articles they cite, kept open while drawn
        try:
            events = render_timeline(index.meetings, person, since, until)
            plan = plan_picture(events, index.store.articles, person, since=since, until=until)
            return events, render(plan) if plan.marks else None  # no marks: none of them names a participant
        finally:
            self._let_go(index)
