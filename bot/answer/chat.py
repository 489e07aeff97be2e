"""Conversation memory: rewrites a follow-up ("And where?") into a self-contained question."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.answer.question import analyse

_PRONOUNS = re.compile(r"\b(they|them|he|him|she|her|their|his|the two|both)\b", re.I)
_OPENERS = re.compile(r"^\s*(and|also|so|ok|okay|then|but)\b[,\s]*", re.I)
_WH = re.compile(r"^\s*(who|whom|when|where|what|which|why|how)\b\s*", re.I)


@dataclass
class Turn:
    question: str
    resolved: str
    answer: str


@dataclass
class Conversation:
    """The turns so far; pass the same object to every ask() of one conversation."""

    turns: list[Turn] = field(default_factory=list)
    max_turns: int = 20

    def resolve(self, question: str) -> str:
        if not self.turns:
            return question
        prev = self.turns[-1].resolved
        prev_names = list(analyse(prev).spans)
        text = _OPENERS.sub("", question.strip())
        about = re.match(r"^(what|how) about (.+?)[?.!]*$", text, re.I)
        if about and prev_names:  # "What about Austin?": the previous question about someone else
            return prev.replace(prev_names[0], about.group(2), 1)
        q = analyse(question)
        if not prev_names or (q.spans and not _PRONOUNS.search(question)):
            return question
        if _PRONOUNS.search(text):
            joined = prev_names[0] if len(prev_names) == 1 else " and ".join(prev_names)
            return _PRONOUNS.sub(joined, text)
        if len(text.rstrip("?.! ").split()) <= 3 and _WH.match(text):  # "And where?"
            rest = _WH.sub("", prev, count=1)
            head = text.rstrip("?.! ")
            return f"{head[:1].upper()}{head[1:]} {rest}".strip()
        return f"{text.rstrip('?.! ')} ({', '.join(prev_names)})?"

    def record(self, question: str, resolved: str, answer: str) -> None:
        self.turns.append(Turn(question, resolved, answer))
        del self.turns[: -self.max_turns]
