"""`whomet eval`: run a question file, follow-ups in their conversations, and score what can be scored."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from bot.chat import Conversation


class EvalError(ValueError):
    """A question file that cannot be used; names the file and line."""


@dataclass
class EvalItem:
    id: str
    question: str
    follow_up_of: str | None = None
    expect: dict = field(default_factory=dict)  # answer_contains, gold_doc_ids, should_abstain


EXPECTATION_KEYS = ("answer_contains", "gold_doc_ids", "should_abstain")


def load_questions(path: Path) -> list[EvalItem]:
    items: list[EvalItem] = []
    ids: set[str] = set()
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise EvalError(f"{path}:{lineno}: invalid JSON ({exc.msg})") from None
        if not isinstance(obj, dict) or not isinstance(obj.get("question"), str) or "id" not in obj:
            raise EvalError(f"{path}:{lineno}: each line needs \"id\" and a string \"question\"")
        item = EvalItem(str(obj["id"]), obj["question"], obj.get("follow_up_of"),
                        {k: obj[k] for k in EXPECTATION_KEYS if k in obj})
        if item.follow_up_of is not None and str(item.follow_up_of) not in ids:
            raise EvalError(f"{path}:{lineno}: follow_up_of {item.follow_up_of!r} does not name an earlier question")
        ids.add(item.id)
        items.append(item)
    return items


def run_eval(engine, items: list[EvalItem], k: int | None = None) -> tuple[list[dict], dict]:
    """Answer every item (follow-ups in their parent's conversation); return rows and metrics."""
    conversations: dict[str, Conversation] = {}
    rows: list[dict] = []
    scores: dict[str, list[float]] = {}
    for item in items:
        conv = conversations.get(str(item.follow_up_of)) if item.follow_up_of is not None else None
        conv = conv if conv is not None else Conversation()
        conversations[item.id] = conv
        answer = engine.ask(item.question, conversation=conv, k=k)
        row = {"id": item.id, **answer.to_json()}
        rows.append(row)
        for name, value in score(item, answer).items():
            scores.setdefault(name, []).append(value)
    metrics = {name: (sum(v) / len(v), len(v)) for name, v in scores.items()}
    return rows, metrics


def score(item: EvalItem, answer) -> dict[str, float]:
    exp = item.expect
    out: dict[str, float] = {}
    if "should_abstain" in exp:
        out["abstained_correctly"] = float(answer.abstained == bool(exp["should_abstain"]))
    if exp.get("answer_contains") and not exp.get("should_abstain"):
        wanted = exp["answer_contains"]
        wanted = [wanted] if isinstance(wanted, str) else wanted
        text = answer.answer.lower()
        out["answer_contains"] = float(all(str(w).lower() in text for w in wanted))
    if exp.get("gold_doc_ids"):
        gold = set(exp["gold_doc_ids"])
        out["gold_cited"] = float(any(c.doc_id in gold for c in answer.citations))
        ranks = [p.rank for p in answer.passages if p.doc_id in gold or gold & set(p.also_in)]
        out["hit@k"] = float(bool(ranks))
        out["mrr"] = 1.0 / min(ranks) if ranks else 0.0
    return out
