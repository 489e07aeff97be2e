"""Answer quality on the seed question set, follow-ups in conversations, abstention and citations."""

from __future__ import annotations

import re

from bot.answer.chat import Conversation
from bot.cli.evaluate import load_questions, run_eval
from tests.conftest import ROOT

QUESTIONS = ROOT / "tests" / "data" / "seed_questions.jsonl"

# Thresholds: the set has 38 questions (29 answerable with an expected phrase, 9 the archive can't answer).
# Measured at the time of writing: abstained_correctly 1.00, answer_contains 1.00, gold_cited 1.00, hit@k 1.00,
# grounded 1.00 (issue #12: no answer names a person, date or place its cited quotes do not).
# The bars sit one or two questions below that so a real regression fails while one borderline question does not.
THRESHOLDS = {"abstained_correctly": 0.94, "answer_contains": 0.9, "gold_cited": 0.93, "hit@k": 0.95, "mrr": 0.85,
              "grounded": 0.96}


def test_seed_question_set_meets_thresholds(backend_engine):
    items = load_questions(QUESTIONS)
    assert len(items) >= 30
    rows, metrics = run_eval(backend_engine, items)
    report = {name: round(value, 3) for name, (value, _) in metrics.items()}
    for name, bar in THRESHOLDS.items():
        assert metrics[name][0] >= bar, f"{name} {report[name]} below {bar}; all: {report}"
    for row in rows:  # the contract holds for every answer
        numbers = {int(n) for n in re.findall(r"\[(\d+)\]", row["answer"])}
        assert numbers == {c["n"] for c in row["citations"]}
        assert row["abstained"] == (not row["citations"])


def test_follow_up_keeps_the_conversation(backend_engine):
    conv = Conversation()
    first = backend_engine.ask("When will Blinken meet Wang Yi?", conversation=conv)
    assert "Thursday" in first.answer
    second = backend_engine.ask("And where?", conversation=conv)
    assert "Alaska" in second.answer and not second.abstained
    alone = backend_engine.ask("And where?")  # without the conversation there is nothing to go on
    assert "Alaska" not in alone.answer or alone.abstained


def test_names_never_in_the_archive_get_an_honest_abstention(backend_engine):
    answer = backend_engine.ask("What did Macron and Xi discuss?")
    assert answer.abstained and "Macron" in answer.answer and answer.citations == []
    assert answer.passages  # the closest passages are still shown


def test_names_that_never_appear_together_are_not_paired(backend_engine):
    answer = backend_engine.ask("Where did Motegi meet Wang Yi?")
    assert answer.abstained


def test_meetings_timeline_from_the_index(backend_engine):
    events = backend_engine.meetings("Anthony Blinken")  # a spelling variant finds the same person
    assert events and all(any("Blinken" in p.name for p in e.participants) for e in events)
    dated = [e.date_iso for e in events if e.date_iso]
    assert dated == sorted(dated) and events[: len(dated)] == [e for e in events if e.date_iso]  # undated last
    tokyo = [e for e in events if e.place == "Tokyo" and len(e.participants) == 4]
    assert tokyo and tokyo[0].date_iso == "2021-03-16"


def test_meeting_answer_cites_shown_passages_with_titles(backend_engine):
    answer = backend_engine.ask("What did Austin and Hamada discuss?")
    assert "deterrence" in answer.answer and not answer.abstained
    numbers = {int(n) for n in re.findall(r"\[(\d+)\]", answer.answer)}
    assert numbers == {c.n for c in answer.citations}
    assert all(c.title and c.date == "2023-01-11" for c in answer.citations)


def test_nothing_about_is_said_only_of_what_the_index_lacks(backend_engine):
    assert backend_engine.retriever.mentions("Hamada") > 0 and backend_engine.retriever.mentions("Macron") == 0
    answer = backend_engine.ask("What did the World Cup organisers say?")  # "World" is in the archive, "World Cup" not
    assert answer.abstained and answer.answer.startswith("The archive has nothing about World Cup.")
    found = backend_engine.ask("What is the favourite colour of Hamada?")
    assert found.abstained and "nothing about" not in found.answer and "Hamada" in found.answer


def test_issue_12_questions_meet_every_constraint_and_cite_what_they_state(backend_engine):
    from bot.answer.grounding import audit, citation_evidence

    chinese = backend_engine.ask("Which Chinese officials will Blinken sit down with?")
    assert "Wang Yi" in chinese.answer and "Alaska" in chinese.answer and "Motegi" not in chinese.answer
    date = backend_engine.ask("What is the date of the two-plus-two talks in Tokyo?")
    assert "Tuesday, 2021-03-16" in date.answer and "mid-March" not in date.answer
    dated = [c for c in date.citations if c.date]  # the dated report the weekday was counted from is cited
    assert dated and f"the report of {dated[0].date} [{dated[0].n}]" in date.answer
    cabinet = backend_engine.ask("Which American cabinet members will the Japanese Prime Minister receive?")
    assert "Suga" in cabinet.answer and "Blinken" in cabinet.answer and "Austin" in cabinet.answer
    after = backend_engine.ask("After Tokyo, where do the two U.S. secretaries travel next?")
    assert not after.abstained and "Korea" in after.answer.split("[")[0]
    talk = backend_engine.ask("What did Motegi and Blinken talk about?")
    assert "topics:" in talk.answer or talk.generator == "passages"
    for answer in (chinese, date, cabinet, after, talk):
        assert all(v.ok for v in audit(answer.answer, citation_evidence(answer.citations))), answer.answer


def test_a_city_the_archive_never_names_is_asked_of_its_country_and_said_so(seed_engine):
    from bot.answer.grounding import audit, citation_evidence

    assert seed_engine.retriever.mentions("New Delhi") == 0 and seed_engine.retriever.mentions("India") > 0
    answer = seed_engine.ask("Who will Austin see in New Delhi?")
    assert not answer.abstained and answer.question == "Who will Austin see in New Delhi?"
    assert answer.answer.startswith("The archive does not mention New Delhi; about India it says:")
    assert "Rajnath Singh" in answer.answer and "India" in answer.citations[0].quote
    quoted = answer.answer.split(" it says: ", 1)[1]
    assert all(v.ok for v in audit(quoted, citation_evidence(answer.citations))), answer.answer
    seen = seed_engine.ask("Who will Austin see in India?")  # "see" is a meeting verb: no passage need say it
    assert not seen.abstained and "Rajnath Singh" in seen.answer
    nowhere = seed_engine.ask("Who will Austin see in Kabul?")  # Afghanistan is nowhere in the archive either
    assert nowhere.abstained and nowhere.answer.startswith("The archive has nothing about Kabul.")
