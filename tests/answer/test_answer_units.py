"""The answer layer on hand-made hits: no model, no index, milliseconds."""

from __future__ import annotations

import re

from bot.answer.chat import Conversation
from bot.answer.generators import Archive, MeetingsGenerator, PassagesGenerator, answer_chain, first_answer
from bot.answer.question import analyse, ask_for
from bot.meetings.records import FieldCitation, MeetingEvent, Participant
from bot.records import Article, Chunk
from bot.search.retriever import Hit


def article(doc_id: str, text: str, date: str | None = "2024-05-02") -> Article:
    return Article(doc_id, f"{doc_id}.txt", f"Title {doc_id}", date, "Wire", None, text, f"hash-{doc_id}")


def hit(art: Article, score: float = 1.0, dense: float = 0.6, also_in: list[str] | None = None) -> Hit:
    spans, start = [], 0
    for sentence in re.split(r"(?<=[.!?])\s+", art.text):
        begin = art.text.index(sentence, start)
        spans.append((begin, begin + len(sentence)))
        start = begin + len(sentence)
    chunk = Chunk(f"{art.doc_id}#0", art.doc_id, 0, 0, len(art.text), art.text, tuple(spans), f"c-{art.doc_id}")
    return Hit(0, chunk, score, dense, 1.0, list(also_in or []))


OSLO = article("oslo", "Foreign Minister Anna Berg met Trade Minister Lars Holm in Oslo on Tuesday. "
                       "The two ministers discussed fishing quotas and a new ferry link across the fjord.")
RAIN = article("rain", "Heavy rain flooded several streets of the harbour district on Monday night. "
                       "Residents were told to keep away from the river banks until the water recedes.")


def test_question_analysis_finds_kind_names_and_dates():
    q = analyse("When did Anna Berg meet Lars Holm in March 2024?")
    assert q.kind == "when"
    assert q.names == ("Anna Berg", "Lars Holm")
    assert q.years == ("2024",) and q.months == ("march",)
    assert analyse("What day will the summit open?").kind == "when"
    assert analyse("Which minister did Berg see?").kind == "what"


def test_ask_for_keeps_the_users_words_and_analyses_the_resolved_form():
    q = ask_for("And where?", "Where did Anna Berg meet Lars Holm?")
    assert q.kind == "where" and q.names == ("Anna Berg", "Lars Holm")
    assert q.shown == "And where?"
    assert ask_for("Who met Berg?").shown == "Who met Berg?"


def test_passage_answer_quotes_the_sentence_that_answers_and_cites_it():
    articles = {a.doc_id: a for a in (OSLO, RAIN)}
    answer = PassagesGenerator().generate(analyse("Where did Anna Berg meet Lars Holm?"),
                                          [hit(RAIN, score=0.5, dense=0.1), hit(OSLO)], Archive(articles))
    assert not answer.abstained
    assert answer.answer.startswith("Foreign Minister Anna Berg met Trade Minister Lars Holm in Oslo")
    assert answer.citations[0].doc_id == "oslo"
    assert answer.citations[0].quote in OSLO.text
    assert {int(n) for n in re.findall(r"\[(\d+)\]", answer.answer)} == {c.n for c in answer.citations}


def test_passage_answer_abstains_when_the_name_is_in_no_passage():
    answer = PassagesGenerator().generate(analyse("Who did Olaf Vik meet?"), [hit(OSLO), hit(RAIN)],
                                          Archive({"oslo": OSLO, "rain": RAIN}))
    assert answer.abstained and not answer.citations
    assert "Olaf Vik" in answer.answer and len(answer.passages) == 2


def test_syndicated_copies_are_cited_with_their_own_sentence():
    copy = article("copy", "OSLO (Wire) - Foreign Minister Anna Berg met Trade Minister Lars Holm in Oslo on "
                           "Tuesday. The two ministers discussed fishing quotas and a new ferry link.")
    answer = PassagesGenerator().generate(analyse("Where did Anna Berg meet Lars Holm?"),
                                          [hit(OSLO, also_in=["copy"])], Archive({"oslo": OSLO, "copy": copy}))
    assert [c.doc_id for c in answer.citations] == ["oslo", "copy"]
    assert answer.citations[1].quote.startswith("OSLO (Wire) - Foreign Minister Anna Berg met")
    assert answer.citations[1].quote in copy.text and answer.citations[1].quote != answer.citations[0].quote


def _event() -> MeetingEvent:
    quote = "Foreign Minister Anna Berg met Trade Minister Lars Holm in Oslo on Tuesday."
    return MeetingEvent(
        id="e1", participants=[Participant("Anna Berg", "Foreign Minister", None, "person"),
                                     Participant("Lars Holm", "Trade Minister", None, "person")],
        date_iso="2024-04-30", date_text="Tuesday", place="Oslo", topics=[], status="held",
        citations=[FieldCitation(f, "oslo", "oslo.txt", quote) for f in ("participants", "status", "place", "date")],
        kind="meeting")


def test_meetings_generator_answers_who_from_the_event_and_falls_through_otherwise():
    archive = Archive({"oslo": OSLO}, [_event()])
    answer = MeetingsGenerator().generate(analyse("Who did Anna Berg meet?"), [hit(OSLO)], archive)
    assert answer is not None and "Lars Holm" in answer.answer and "Oslo" in answer.answer
    assert answer.citations[0].doc_id == "oslo" and answer.passages[0].doc_id == "oslo"
    assert MeetingsGenerator().generate(analyse("Is it raining in the harbour?"), [hit(RAIN)], archive) is None


def test_the_chain_tries_meetings_first_and_can_be_configured_without_them():
    archive = Archive({"oslo": OSLO}, [_event()])
    q = analyse("Who did Anna Berg meet?")
    with_events = first_answer(answer_chain(use_meetings=True), q, [hit(OSLO)], archive)
    passages_only = first_answer(answer_chain(use_meetings=False), q, [hit(OSLO)], archive)
    assert [g.name for g in answer_chain(use_meetings=False)] == ["passages"]
    assert with_events.answer != passages_only.answer
    assert with_events.answer.startswith("Foreign Minister Anna Berg [1] and Trade Minister Lars Holm [1] met")


def test_follow_ups_are_rewritten_to_stand_alone():
    chat = Conversation()
    first = "Who did Anna Berg meet?"
    chat.record(first, first, "Lars Holm [1]")
    assert chat.resolve("And when?") == "When did Anna Berg meet?"
    assert chat.resolve("What did they discuss?") == "What did Anna Berg discuss?"
    assert chat.resolve("What about Lars Holm?") == "Who did Lars Holm meet?"
    assert chat.resolve("Who is Olaf Vik?") == "Who is Olaf Vik?"


def test_nothing_about_a_name_only_when_the_whole_index_lacks_it():
    archive = {"oslo": OSLO, "rain": RAIN}
    q = analyse("Who did Olaf Vik meet?")
    in_index = PassagesGenerator().generate(q, [hit(OSLO), hit(RAIN)], Archive(archive, mentions=lambda n: 3))
    assert in_index.abstained and not in_index.citations and len(in_index.passages) == 2
    assert "nothing about" not in in_index.answer
    assert in_index.answer.startswith("The archive mentions Olaf Vik in 3 passages")
    absent = PassagesGenerator().generate(q, [hit(OSLO), hit(RAIN)], Archive(archive, mentions=lambda n: 0))
    assert absent.answer.startswith("The archive has nothing about Olaf Vik.") and absent.abstained
    unknown = PassagesGenerator().generate(q, [hit(OSLO)], Archive(archive))  # no index to ask: no such claim
    assert "nothing about" not in unknown.answer and "Olaf Vik" in unknown.answer and unknown.abstained


def test_only_the_names_the_index_lacks_are_said_to_be_missing():
    asked = []
    q = analyse("Did Olaf Vik meet Ingrid Strand?")
    answer = PassagesGenerator().generate(q, [hit(RAIN)], Archive({"rain": RAIN},
                                          mentions=lambda n: asked.append(n) or (2 if n == "Olaf Vik" else 0)))
    assert answer.answer.startswith("The archive has nothing about Ingrid Strand.")
    assert sorted(asked) == ["Ingrid Strand", "Olaf Vik"]


def test_names_found_without_an_answer_are_said_to_be_found():
    answer = PassagesGenerator().generate(analyse("How tall is Lars Holm?"), [hit(OSLO)],
                                          Archive({"oslo": OSLO}, mentions=lambda n: 1))
    assert answer.abstained and not answer.citations and answer.passages[0].doc_id == "oslo"
    assert answer.answer.startswith("The archive mentions Lars Holm, but the passages found do not answer")


def test_an_answer_about_a_name_comes_from_a_passage_naming_it():
    harbour = article("harbour", "The harbour office made the announcement in Bergen on Monday, officials said.")
    answer = PassagesGenerator().generate(analyse("Where did Lars Holm make the announcement?"),
                                          [hit(harbour), hit(OSLO, score=0.5)],
                                          Archive({"harbour": harbour, "oslo": OSLO}, mentions=lambda n: 1))
    assert answer.abstained and "Bergen" not in answer.answer
    assert answer.answer.startswith("The archive mentions Lars Holm, but the passages found do not answer")


def test_descriptors_and_openers_are_not_names():
    q = analyse("What did the Japanese Prime Minister Hayato Ikeda say?")
    assert q.names == ("Hayato Ikeda",) and q.descriptors == ("Japanese", "Prime", "Minister")
    assert q.spans == ("Japanese Prime Minister Hayato Ikeda",)
    q = analyse("According to the ministry, what did American officials say after Vik left?")
    assert q.names == ("Vik",) and set(q.descriptors) == {"According", "American"}
    assert analyse("Did the Chrysler chairman meet American Motors?").names == ("Chrysler", "American Motors")
    assert analyse("What did the Federal Reserve Board decide?").names == ("Federal Reserve Board",)
    assert analyse("Who met Brazil's finance minister?").names == ("Brazil",)  # a country is a name, strictly
    assert analyse("When did the Group of Seven finance ministers meet?").names == ("Group of Seven",)
    q = analyse("What did Secretary of State Ola Dahl say?")
    assert q.names == ("Ola Dahl",) and q.descriptors == ("Secretary", "State")
    assert q.spans == ("Secretary", "State Ola Dahl")  # runs as written, for meetings and follow-ups


def test_a_descriptor_missing_from_the_passages_does_not_block_the_answer():
    tariff = article("tariff", "U.S. officials said on Monday the tariff on imported microchips would stay until May.")
    answer = PassagesGenerator().generate(analyse("What did American officials say about the tariff?"),
                                          [hit(tariff)], Archive({"tariff": tariff}, mentions=lambda n: 0))
    assert not answer.abstained and "tariff on imported microchips" in answer.answer


def test_a_name_matched_only_in_part_is_not_said_to_be_found():
    fjord = article("fjord", "The Oslo Fjord ferry will run twice a day from June, the operator said on Friday.")
    q = analyse("How much does the Oslo Ferry Company charge?")
    lacking = PassagesGenerator().generate(q, [hit(fjord)], Archive({"fjord": fjord}, mentions=lambda n: 0))
    assert lacking.answer.startswith("The archive has nothing about Oslo Ferry Company.") and lacking.abstained
    unknown = PassagesGenerator().generate(q, [hit(fjord)], Archive({"fjord": fjord}))
    assert unknown.abstained and "mentions" not in unknown.answer and "nothing about" not in unknown.answer


def test_a_whole_name_in_the_passages_is_not_answered_from_a_first_name_elsewhere():
    other = article("other", "Lars Berg, the harbour master, said the ferry link opened on Monday in Bergen.")
    holm = article("holm", "Lars Holm was named chairman of the fisheries board on Friday, the board said.")
    answer = PassagesGenerator().generate(analyse("When did Lars Holm open the ferry link?"),
                                          [hit(other), hit(holm, score=0.5)],
                                          Archive({"other": other, "holm": holm}, mentions=lambda n: 1))
    assert "Bergen" not in answer.answer and "Lars Berg" not in answer.answer
