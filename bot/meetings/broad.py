"""The broad meeting path: a sentence the learned gate passes gives a meeting of the names in its trigger's clause."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bot.meetings import actors, frames, wide
from bot.meetings.geo import is_place
from bot.meetings.people import Mention

GATE = Path(__file__).with_name("broad_gate.json")
# Words that may tell a meeting; a sentence holding none never reaches the detector (so few sentences are embedded).
LEXICON = re.compile(
    r"\b(?P<meet>meet|meets|met|meeting|meetings|summit|summits|conference|conferences|convene\w*|confer|conferred|"
    r"gathering)\b|\b(?P<talk>talks|talked|talking|spoke|speaks|conversation|(?:tele)?phone\s+call|call\s+with)\b|"
    r"\b(?P<negotiate>negotiat\w+)\b|\b(?P<discuss>discuss\w*|dialogue|consult\w*|debate\w*)\b|"
    r"\b(?P<interview>interview\w*)\b", re.IGNORECASE)
FAMILIES = ("meet", "talk", "negotiate", "discuss", "interview")
GATE_FEATURES = ("detector_logit", *FAMILIES, "with_between", "two_or_more")
_CLAUSE_EDGE = re.compile(r"[;:()\"“”—]|\s[-–]\s|,\s+(?:but|while|which|who|although|whereas)\b|\b(?:said|says|"
                          r"told|added|according\s+to)\b", re.I)
_ATTRIBUTION_AFTER = re.compile(r"^\W{0,3}(?:\s*\w+){0,2}?\s*(?:said|says|told|added|reported|stated)\b", re.I)
_ACCORDING = re.compile(r"\b(?i:according)\s+to\s+(?:(?i:the)\s+)?(?:[A-Z][\w.'-]*\s+){0,3}$")
# "declined to discuss", "canceled his meeting with", "tried to meet": a meeting not held, nor set.
_NOT_HELD = re.compile(r"\b(?:declin\w*|fail\w*|cancel\w*|call\w*\s+off|scrap\w*|postpon\w*|tried|try|trying|"
                       r"attempt\w*|wants?|wanted|hop\w+|would|could|might|if)\b(?:\s+[\w'’-]+){0,3}\s*$", re.I)
_PLACE_BEFORE = re.compile(r"\b(?:in|at|from|to|near|outside|inside|across)\s+(?:the\s+)?$", re.I)
_WITH = re.compile(r"\b(?:with|between|among)\b", re.I)
_ADJECTIVE = re.compile(r"-(?:based|led|owned|backed|born|run|made|controlled|dominated)$")


def candidate(masked: str) -> re.Match | None:
    """The first meeting word of a sentence (quotes masked) in its meeting sense (frames.other_sense), or None."""
    return next((m for m in LEXICON.finditer(masked) if not frames.other_sense(masked, m.start(), m.end())), None)


def not_held(masked: str, at: int) -> bool:
    """Whether the sentence asks, or the few words before the meeting word at `at` say it did not or may not
    happen ("no talks", "declined to discuss", "tried to meet")."""
    return (wide.negated(masked, at) or bool(_NOT_HELD.search(masked, max(0, at - 50), at))
            or masked.rstrip(" \"'”’)").endswith("?"))


def clause(masked: str, at: int, end: int) -> tuple[int, int]:
    """The span of the clause holding the trigger [at, end): from the last edge before it to the first after."""
    lo = max((m.end() for m in _CLAUSE_EDGE.finditer(masked, 0, at)), default=0)
    nxt = _CLAUSE_EDGE.search(masked, end)
    return lo, nxt.start() if nxt else len(masked)


def participants(sent: str, masked: str, trigger: re.Match, people: list[Mention]) -> list[Mention]:
    """The named actors in the trigger's clause, speakers ("X said", "according to X") and places left out."""
    lo, hi = clause(masked, trigger.start(), trigger.end())
    out, seen = [], set()
    for m in actors.all_actors(sent, people):
        if not (lo <= m.start and m.end <= hi) or m.possessive or m.name in seen:
            continue
        if _ADJECTIVE.search(m.name):
            continue  # "the Dallas-based company": a word describing a party, not one
        if m.start == 0 and m.kind == "person" and " " not in m.name:
            continue  # "Informal meeting ...", "Desperate to ...": a capitalised first word is no name by itself
        before = masked[max(0, m.start - 50) : m.start]
        if _ATTRIBUTION_AFTER.match(masked[m.end : m.end + 40]) or _ACCORDING.search(before):
            continue
        if m.kind != "person" and _PLACE_BEFORE.search(masked[max(0, m.start - 12) : m.start]) and is_place(m.name):
            continue  # "talks in Geneva": the place, not a party
        seen.add(m.name)
        out.append(m)
    return out


def gate_features(masked: str, probability: float, trigger: re.Match, who: Sequence[Mention]) -> np.ndarray:
    """GATE_FEATURES of one candidate sentence: the detector's log-odds, which word families it holds, whether a
    "with"/"between" stands in it, and whether two or more names were read."""
    p = min(max(probability, 1e-6), 1 - 1e-6)
    fams = {k for m in LEXICON.finditer(masked) for k in FAMILIES if m.group(k)}
    return np.array([np.log(p / (1 - p)), *(k in fams for k in FAMILIES), bool(_WITH.search(masked)),
                     len(who) >= 2], dtype=np.float64)


@dataclass(frozen=True)
class BroadGate:
    """Logistic regression over GATE_FEATURES; a candidate passes when its score reaches `threshold`."""

    coef: np.ndarray
    intercept: float
    threshold: float

    @classmethod
    def load(cls, path: Path = GATE) -> BroadGate:
        """Read the gate written by benchmarks/fit_meeting_gate.py; ValueError names what is wrong."""
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
            gate = cls(np.asarray(data["coef"], dtype=np.float64), float(data["intercept"]), float(data["threshold"]))
            names = tuple(data["features"])
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ValueError(f"meeting gate {path} cannot be read: {exc}") from exc
        if names != GATE_FEATURES or gate.coef.shape != (len(GATE_FEATURES),) or not np.all(np.isfinite(gate.coef)):
            raise ValueError(f"meeting gate {path} does not hold weights for {GATE_FEATURES}; refit it with "
                             "benchmarks/fit_meeting_gate.py")
        return gate

    def score(self, features: np.ndarray) -> float:
        z = float(features @ self.coef + self.intercept)
        return 1.0 / (1.0 + np.exp(-np.clip(z, -40.0, 40.0)))

    def passes(self, features: np.ndarray) -> bool:
        return self.score(features) >= self.threshold

    def may_pass(self, features_at_bound: np.ndarray) -> bool:
        """Whether a candidate could pass, given its features with the detector's log-odds set to their upper bound
        (the score rises with that log-odds when its weight is not negative; otherwise no bound is drawn)."""
        return self.coef[0] < 0 or self.passes(features_at_bound)


Encoder = Callable[[list[str]], np.ndarray]  # sentence texts -> one embedding row each
