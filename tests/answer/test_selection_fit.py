"""The RAMS question generator on hand-made annotations, and the sentence-selection fit script on a tiny sample."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from benchmarks.generated_questions import answer_right, rams_questions, window_name, write_windows
from bot.answer.selection import SentenceScorer
from tests.conftest import ROOT

NAMES = ["Arlen Voss", "Mirela Tond", "Kasper Lunde", "Odile Marchetti", "Tomas Brevik", "Ines Varga"]
PLACES = ["Kestrel Bay", "Northam", "Port Ellis", "Varden", "Lowmoor", "Castell"]


def window(i: int, future: bool = False) -> dict:
    """A RAMS-style row: five tokenised sentences, a meeting trigger in the third, participant and place roles."""
    a, b, place = NAMES[i], NAMES[(i + 1) % len(NAMES)], PLACES[i]
    verb = ["will", "meet"] if future else ["met"]
    sents = [f"The council published its annual report on roads number {i} .".split(),
             f"Officials said the budget for schools grew by {i + 3} percent .".split(),
             [*a.split(), *verb, *b.split(), "in", *place.split(), "to", "discuss", "fishing", "quotas", "."],
             f"Weather delayed several trains on line {i} during the morning .".split(),
             "Local papers carried photographs of the new bridge .".split()]
    offset = len(sents[0]) + len(sents[1])
    s2 = sents[2]
    a_end = offset + len(a.split()) - 1
    b_start = offset + len(a.split()) + len(verb)
    p_start = b_start + len(b.split()) + 1
    trigger = offset + len(a.split()) + len(verb) - 1
    assert s2[trigger - offset] == verb[-1]
    return {"doc_key": f"doc{i}", "source_url": f"http://example.org/{i}", "sentences": sents,
            "evt_triggers": [[trigger, trigger, [["contact.collaborate.meet", 1.0]]]],
            "gold_evt_links": [[[trigger, trigger], [offset, a_end], "evt001arg01participant"],
                               [[trigger, trigger], [b_start, b_start + len(b.split()) - 1], "evt001arg01participant"],
                               [[trigger, trigger], [p_start, p_start + len(place.split()) - 1], "evt001arg03place"],
                               [[trigger, trigger], [offset, offset], "evt001arg02participant"]]}


def write_rams(folder, rows) -> None:
    (folder / "data/rams").mkdir(parents=True)
    with open(folder / "data/rams/dev.jsonlines", "w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row) + "\n")


def test_questions_come_from_roles_with_gold_spans(tmp_path):
    rows = [window(0), window(1, future=True)]
    rows[0]["gold_evt_links"].append([[0, 0], [0, 0], "evt001arg04artifact"])  # "The": skipped, not a usable span
    rows[0]["sentences"][0][0] = "It"
    write_rams(tmp_path, rows)
    qs = rams_questions(tmp_path / "data/rams/dev.jsonlines")
    first = [q for q in qs if q.group == "http://example.org/0"]
    assert {q.question for q in first} == {
        'Who was the participant in the "met" event involving Mirela Tond?',
        'Who was the participant in the "met" event involving Arlen Voss?',
        'Where did the "met" event involving Arlen Voss take place?'}
    where = next(q for q in first if q.kind == "where")
    assert where.answer == "Kestrel Bay" and "Kestrel Bay" in where.sentence
    assert where.doc == window_name([" ".join(s) for s in rows[0]["sentences"]])
    future = [q.question for q in qs if q.group == "http://example.org/1"]
    assert 'Where will the "meet" event involving Mirela Tond take place?' in future
    assert answer_right("in  kestrel BAY to discuss", "Kestrel Bay") and not answer_right("Kestrel", "Kestrel Bay")
    assert write_windows(tmp_path / "data/rams/dev.jsonlines", tmp_path / "corpus") == 2


@pytest.mark.slow
def test_fit_script_runs_on_a_tiny_sample(tmp_path):
    write_rams(tmp_path / "shared", [window(i, future=i % 2 == 1) for i in range(len(NAMES))])
    out = tmp_path / "weights.json"
    run = subprocess.run([sys.executable, "benchmarks/fit_sentence_selection.py", "--shared", str(tmp_path / "shared"),
                          "--build", str(tmp_path / "work"), "--folds", "2", "--write", "--out", str(out)],
                         cwd=ROOT, capture_output=True, text=True, timeout=600,
                         env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert run.returncode == 0, run.stderr[-2000:]
    assert "hand-set weights (before)" in run.stdout and "learned, 2-fold by article (after)" in run.stdout
    scorer = SentenceScorer.load(out)
    assert scorer.logistic and json.loads(out.read_text())["questions"] == 24  # four roles in each of six windows
