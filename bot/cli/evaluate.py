"""`whomet eval`: run a question file, follow-ups in their conversations, and score what can be scored."""

from __future__ import annotations

import difflib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bot.answer.chat import Conversation
from bot.answer.grounding import audit, citation_evidence


class EvalError(ValueError):
    """A question file that cannot be used; names the file and line."""


@dataclass
class EvalItem:
    id: str
    question: str
    follow_up_of: str | None = None
    expect: dict = field(default_factory=dict)  # answer_contains, gold_doc_ids, should_abstain


EXPECTATION_KEYS = ("answer_contains", "gold_doc_ids", "should_abstain")
KEYS = ("id", "question", "follow_up_of", *EXPECTATION_KEYS)


def load_questions(path: Path) -> list[EvalItem]:
    """Every line checked before anything is answered; the first bad one is named by its number, in one sentence."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise EvalError(f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise EvalError(f"{path}:{line}: the file is not UTF-8 text (byte {raw[exc.start]:#04x})") from None
    items: list[EvalItem] = []
    ids: set[str] = set()
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            items.append(_item(line, ids))
        except EvalError as exc:
            raise EvalError(f"{path}:{lineno}: {exc}") from None
        ids.add(items[-1].id)
    if not items:
        raise EvalError(f"{path} holds no questions")
    return items


def _item(line: str, earlier: set[str]) -> EvalItem:
    from bot.engine import QuestionError, clean_question

    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        raise EvalError(f"invalid JSON ({exc.msg})") from None
    if not isinstance(obj, dict):
        raise EvalError("each line must be a JSON object with \"id\" and \"question\"")
    unknown = sorted(set(obj) - set(KEYS))
    if unknown:
        close = difflib.get_close_matches(unknown[0], KEYS, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else f"; the keys are {', '.join(KEYS)}"
        raise EvalError(f"unknown key {unknown[0]!r}{hint}")
    if "id" not in obj or not _is_id(obj["id"]):
        raise EvalError("\"id\" must be a string or an integer")
    qid = str(obj["id"])
    if qid in earlier:
        raise EvalError(f"id {qid!r} is used by an earlier line")
    question = obj.get("question")
    if not isinstance(question, str):
        raise EvalError("\"question\" must be a string")
    try:
        clean_question(question)  # the engine's own rules: not empty, not over its length limit
    except QuestionError as exc:
        raise EvalError(str(exc)) from None
    parent = obj.get("follow_up_of")
    if parent is not None and (not _is_id(parent) or str(parent) not in earlier):
        raise EvalError(f"follow_up_of {parent!r} does not name an earlier question")
    if "should_abstain" in obj and not isinstance(obj["should_abstain"], bool):
        raise EvalError("\"should_abstain\" must be true or false (JSON booleans, not strings)")
    for key in ("answer_contains", "gold_doc_ids"):
        value = obj.get(key)
        if key in obj and not (isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value)):
            raise EvalError(f"{key!r} must be a list of non-empty strings")
    return EvalItem(qid, question, None if parent is None else str(parent),
                    {k: obj[k] for k in EXPECTATION_KEYS if k in obj})


def _is_id(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip()) or isinstance(value, int) and not isinstance(value, bool)


def run_eval(engine, items: list[EvalItem], k: int | None = None,
             on_row: Callable[[dict], None] | None = None) -> tuple[list[dict], dict]:
    """Answer every item (follow-ups in their parent's conversation); return rows and metrics.

    `on_row` gets each row as soon as it is answered, so a failure later loses none of them.
    """
    conversations: dict[str, Conversation] = {}
    rows: list[dict] = []
    scores: dict[str, list[float]] = {}
    for item in items:
        conv = conversations.get(item.follow_up_of) if item.follow_up_of is not None else None
        conv = conv if conv is not None else Conversation()
        conversations[item.id] = conv
        answer = engine.ask(item.question, conversation=conv, k=k)
        row = {"id": item.id, **answer.to_json()}
        problems = grounding_problems(answer)
        if problems is not None:
            row["grounding_problems"] = problems
            scores.setdefault("grounded", []).append(float(not problems))
        rows.append(row)
        if on_row is not None:
            on_row(row)
        for name, value in score(item, answer).items():
            scores.setdefault(name, []).append(value)
    metrics = {name: (sum(v) / len(v), len(v)) for name, v in scores.items()}
    if "grounded" in scores:  # how many answers say a name, date or place their cited quotes do not
        metrics["ungrounded_answers"] = (scores["grounded"].count(0.0), len(scores["grounded"]))
    return rows, metrics


def grounding_problems(answer) -> list[str] | None:
    """For an answer that is not an abstention: each sentence whose names, dates or places are not in the quotes
    (and titles and dates) it cites, as the grounding checker words it; None for abstentions."""
    if answer.abstained:
        return None
    return [v.problem for v in audit(answer.answer, citation_evidence(answer.citations)) if not v.ok]


def score(item: EvalItem, answer) -> dict[str, float]:
    exp = item.expect
    out: dict[str, float] = {}
    if "should_abstain" in exp:
        out["abstained_correctly"] = float(answer.abstained == exp["should_abstain"])
    if exp.get("answer_contains") and not exp.get("should_abstain"):
        text = answer.answer.lower()
        out["answer_contains"] = float(all(w.lower() in text for w in exp["answer_contains"]))
    if exp.get("gold_doc_ids"):
        gold = set(exp["gold_doc_ids"])
        out["gold_cited"] = float(any(c.doc_id in gold for c in answer.citations))
        ranks = [p.rank for p in answer.passages if p.doc_id in gold or gold & set(p.also_in)]
        out["hit@k"] = float(bool(ranks))
        out["mrr"] = 1.0 / min(ranks) if ranks else 0.0
    return out
