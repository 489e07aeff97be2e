"""Answer generators: one Protocol, the meetings and passages generators, and the configured chain of them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from bot.answer.question import Question
from bot.records import Answer, Article
from bot.search.retriever import Hit


@dataclass
class Archive:
    """What an answer may draw on besides the passages: every article's metadata, the meeting events, and
    `mentions(name)`: how many chunks of the whole index mention a name (None: unknown, so never "nothing about")."""

    articles: dict[str, Article]
    meetings: list = field(default_factory=list)
    mentions: Callable[[str], int] | None = None


class AnswerGenerator(Protocol):
    name: str

    def generate(self, question: Question, hits: list[Hit], archive: Archive) -> Answer | None:
        """An answer in which every claim cites its source, or None to let the next generator try."""
        ...


class MeetingsGenerator:
    """Who/when/where answers from the meeting events found at index time; None when no event fits."""

    name = "meetings"

    def generate(self, question: Question, hits: list[Hit], archive: Archive) -> Answer | None:
        if not archive.meetings:
            return None
        from bot.answer.meetings import answer_from_meetings
        from bot.answer.passages import to_passages

        answer = answer_from_meetings(question, archive.meetings, archive.articles)
        if answer is not None:
            answer.passages = to_passages(hits)
        return answer


class PassagesGenerator:
    """The best-supported sentences of the retrieved passages, quoted, or an honest abstention (never None)."""

    name = "passages"

    def generate(self, question: Question, hits: list[Hit], archive: Archive) -> Answer:
        from bot.answer.passages import compose

        return compose(question, hits, archive.articles, archive.mentions)


def answer_chain(use_meetings: bool = True) -> list[AnswerGenerator]:
    """The generators tried in order for each question; the last one always answers."""
    chain: list[AnswerGenerator] = [MeetingsGenerator()] if use_meetings else []
    return [*chain, PassagesGenerator()]


def first_answer(chain: list[AnswerGenerator], question: Question, hits: list[Hit], archive: Archive) -> Answer:
    for generator in chain:
        answer = generator.generate(question, hits, archive)
        if answer is not None:
            return answer
    raise RuntimeError("no answer generator answered; the chain must end with one that always does")
