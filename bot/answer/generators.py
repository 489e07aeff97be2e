"""Answer generators: one Protocol, the meetings and passages generators, and the configured chain of them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

import numpy as np

from bot.answer.question import Question
from bot.records import Answer, Article
from bot.search.retriever import Hit

if TYPE_CHECKING:
    from bot.answer.chat import Turn
    from bot.config import GeneratorConfig


@dataclass
class Archive:
    """What an answer may draw on besides the passages: every article's metadata, the meeting events, the
    conversation so far, and `mentions(name)`: how many chunks of the whole index mention a name (None: unknown, so
    never "nothing about"); `on_draft` (when set) receives a streaming generator's checked text as it grows;
    `embed` (the query model, when set) embeds candidate sentences for the passages answer."""

    articles: dict[str, Article]
    meetings: list = field(default_factory=list)
    turns: list[Turn] = field(default_factory=list)
    on_draft: Callable[[str], None] | None = None
    mentions: Callable[[str], int] | None = None
    embed: Callable[[list[str]], np.ndarray] | None = None


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

        return compose(question, hits, archive.articles, archive.mentions, archive.embed)


def answer_chain(use_meetings: bool = True, generator: GeneratorConfig | None = None) -> list[AnswerGenerator]:
    """The generators tried in order for each question; the last one always answers.

    With a language model ([generator] kind = "openai") it comes before the passages, and after the meetings
    unless `after_meetings` is off; when it fails or nothing it wrote is grounded, the next generator answers."""
    chain: list[AnswerGenerator] = [MeetingsGenerator()] if use_meetings else []
    if generator is not None and generator.kind == "openai":
        from bot.answer.llm import LanguageModelGenerator

        model = LanguageModelGenerator(generator)
        chain = [*chain, model] if generator.after_meetings else [model, *chain]
    return [*chain, PassagesGenerator()]


def first_answer(chain: list[AnswerGenerator], question: Question, hits: list[Hit], archive: Archive) -> Answer:
    for generator in chain:
        answer = generator.generate(question, hits, archive)
        if answer is not None:
            answer.generator = generator.name
            return answer
    raise RuntimeError("no answer generator answered; the chain must end with one that always does")
