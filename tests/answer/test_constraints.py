"""Every constraint of a question checked against meeting events and passages; every claim cites its source."""

from __future__ import annotations

from bot.answer.constraints import constraints_of, event_fits, fills_slot, passage_fits, place_fits, slot_of
from bot.answer.generators import Archive, MeetingsGenerator, PassagesGenerator
from bot.answer.grounding import audit, citation_evidence, missing_terms
from bot.answer.meetings import answer_from_meetings
from bot.answer.question import analyse, checked_names
from bot.meetings.records import FieldCitation, MeetingEvent, Participant
from tests.answer.test_answer_units import article, hit

TALKS = "Foreign Minister Anna Berg will hold talks with Chinese Foreign Minister Li Wen in Oslo on Thursday."
CABINET = "Prime Minister Olaf Dahl of Norway will receive Foreign Minister Anna Berg of Sweden in Oslo."


def person(name: str, role: str | None, country: str | None) -> Participant:
    return Participant(name, role, country, "person")


def event(eid: str, people: list[Participant], quote: str, doc: str = "talks", **fields) -> MeetingEvent:
    cites = [FieldCitation(f, doc, f"{doc}.txt", quote) for f in ("participants", "status", "place", "date")]
    return MeetingEvent(id=eid, participants=people, citations=cites, status="planned", **fields)


BERG = person("Anna Berg", "Foreign Minister", "Sweden")
CHINESE = event("e-cn", [BERG, person("Li Wen", "Foreign Minister", "China")], TALKS, place="Oslo",
                date_text="Thursday")
NORWAY = event("e-no", [BERG, person("Olaf Dahl", "Prime Minister", "Norway")], CABINET, doc="cabinet", place="Oslo")
ARTICLES = {"talks": article("talks", TALKS, None), "cabinet": article("cabinet", CABINET, None)}


def test_a_nationality_descriptor_keeps_only_events_with_someone_of_that_country():
    wanted = constraints_of(analyse("Which Chinese officials will Anna Berg sit down with?"))
    assert wanted.slot == "who" and wanted.names == ("Anna Berg",)
    assert event_fits(CHINESE, wanted) and not event_fits(NORWAY, wanted)
    answer = answer_from_meetings(analyse("Which Chinese officials will Anna Berg sit down with?"),
                                  [NORWAY, CHINESE], ARTICLES)
    assert answer is not None and "Li Wen" in answer.answer and "Olaf Dahl" not in answer.answer


def test_a_described_role_must_be_that_role_of_that_country():
    q = analyse("Which Swedish ministers will the Norwegian Prime Minister receive?")
    wanted = constraints_of(q)
    assert not wanted.names and event_fits(NORWAY, wanted) and not event_fits(CHINESE, wanted)
    answer = answer_from_meetings(q, [CHINESE, NORWAY], ARTICLES)
    assert answer is not None and "Olaf Dahl" in answer.answer and "Li Wen" not in answer.answer
    assert not event_fits(NORWAY, constraints_of(analyse("Which ministers will the Danish Prime Minister receive?")))


def test_a_city_inside_an_asked_country_counts_and_one_outside_does_not():
    assert place_fits("Norway", "Oslo") and not place_fits("Norway", "Stockholm")
    assert event_fits(NORWAY, constraints_of(analyse("Who will Anna Berg meet in Norway?")))
    assert not event_fits(NORWAY, constraints_of(analyse("Who will Anna Berg meet in Sweden?")))


def test_year_and_month_of_the_question_pick_the_event():
    may = event("e-may", [BERG, person("Olaf Dahl", "Prime Minister", "Norway")], CABINET, doc="cabinet",
                date_iso="2024-05-07")
    june = event("e-june", [BERG, person("Li Wen", "Foreign Minister", "China")], TALKS, date_iso="2024-06-04")
    answer = answer_from_meetings(analyse("Who did Anna Berg meet in June 2024?"), [may, june], ARTICLES)
    assert answer is not None and "Li Wen" in answer.answer and "Olaf Dahl" not in answer.answer
    assert answer_from_meetings(analyse("Who did Anna Berg meet in 2023?"), [may, june], ARTICLES) is None


def test_the_event_must_fill_the_asked_slot():
    undated = event("e-x", [BERG, person("Li Wen", "Foreign Minister", "China")], TALKS)
    assert fills_slot(undated, constraints_of(analyse("Who will Anna Berg meet?")))
    assert not fills_slot(undated, constraints_of(analyse("When will Anna Berg meet Li Wen?")))
    assert not fills_slot(undated, constraints_of(analyse("Where will Anna Berg meet Li Wen?")))
    assert fills_slot(CHINESE, constraints_of(analyse("Where will Anna Berg meet Li Wen?")))
    assert not fills_slot(CHINESE, constraints_of(analyse("Where will Anna Berg meet Li Wen in Oslo?")))
    assert answer_from_meetings(analyse("When will Anna Berg meet Li Wen?"), [undated], ARTICLES) is None
    assert slot_of(analyse("What is the date of the talks in Oslo?")) == "when"
    assert slot_of(analyse("Which countries will Anna Berg visit?")) == "where"


def test_what_they_discussed_comes_from_the_cited_topics_or_from_the_passages():
    q = analyse("What did Anna Berg and Li Wen talk about?")
    assert constraints_of(q).slot == "topics"
    assert answer_from_meetings(q, [CHINESE], ARTICLES) is None  # no topics: the passages answer
    said = "Anna Berg and Li Wen will discuss fishing quotas in the Barents Sea, officials said."
    with_topics = event("e-t", CHINESE.participants, TALKS, place="Oslo", date_text="Thursday",
                        topics=["fishing quotas in the Barents Sea"])
    with_topics.add_citation("topics", "talks", "talks.txt", said)
    answer = answer_from_meetings(q, [with_topics], {"talks": article("talks", TALKS + " " + said, None)})
    assert answer is not None and "topics: fishing quotas in the Barents Sea [" in answer.answer
    assert any(c.quote == said for c in answer.citations)


def test_a_date_resolved_from_a_weekday_cites_the_report_and_the_dated_article_it_was_counted_from():
    undated = "Anna Berg and Li Wen will meet in Oslo next Tuesday, officials said."
    dated = "Li Wen will travel to Norway the following week, the ministry said on Friday."
    ev = event("e-d", [person("Anna Berg", None, None), person("Li Wen", None, None)], undated, doc="u",
               place="Oslo", date_iso="2024-05-14", date_text="next Tuesday (article undated)",
               date_note="next Tuesday in undated reports, pinned to 2024-05-14 by dated article(s) d")
    ev.add_citation("date", "d", "d.txt", dated)
    articles = {"u": article("u", undated, None), "d": article("d", dated, "2024-05-10")}
    answer = answer_from_meetings(analyse("When will Anna Berg meet Li Wen?"), [ev], articles)
    assert answer is not None and "Tuesday, 2024-05-14" in answer.answer
    pinned = next(c for c in answer.citations if c.doc_id == "d")
    assert pinned.quote == dated and f"the report of 2024-05-10 [{pinned.n}]" in answer.answer
    assert all(v.ok for v in audit(answer.answer, citation_evidence(answer.citations)))


def test_a_full_name_and_role_are_stated_only_with_the_sentence_that_gives_them():
    text = "Foreign Minister Anna Berg arrived on Monday. Berg will meet Li Wen in Oslo."
    ev = event("e-n", [BERG, person("Li Wen", None, None)], "Berg will meet Li Wen in Oslo.", doc="n", place="Oslo")
    answer = answer_from_meetings(analyse("Who will Berg meet?"), [ev], {"n": article("n", text, None)})
    assert answer is not None and "Foreign Minister Anna Berg [" in answer.answer and "Sweden" not in answer.answer
    assert any(c.quote == "Foreign Minister Anna Berg arrived on Monday." for c in answer.citations)
    assert all(v.ok for v in audit(answer.answer, citation_evidence(answer.citations)))


def test_grounding_accepts_a_day_counted_from_a_cited_weekday_and_article_date_only_nearby():
    assert not missing_terms("They meet on Tuesday, 2024-05-14.", "They meet next Tuesday.\n2024-05-10")
    assert missing_terms("They meet on Tuesday, 2024-05-14.", "They meet next Tuesday.\n2024-03-10")
    assert missing_terms("They meet on 2024-05-15.", "They meet next Tuesday.\n2024-05-10")  # a Wednesday


def test_a_place_after_after_is_an_anchor_and_no_where_answer():
    q = analyse("After Oslo, where do the two ministers travel next?")
    assert q.names == () and q.anchors == ("Oslo",)
    wanted = constraints_of(q)
    assert not passage_fits(wanted, "The ministers will hold talks in Oslo on Tuesday.", "", q.text)
    assert not passage_fits(wanted, "The ministers will then fly home to Norway.", "", q.text)
    assert passage_fits(wanted, "The ministers will then travel to Stockholm for two days.", "", q.text)


def test_passages_must_fill_the_slot_and_hold_the_described_country():
    when = constraints_of(analyse("When will Anna Berg meet Li Wen?"))
    assert not passage_fits(when, "Anna Berg will meet Li Wen to discuss fishing.", TALKS, "")
    assert passage_fits(when, "Anna Berg will meet Li Wen next week.", TALKS, "")
    chinese = constraints_of(analyse("Which Chinese officials will Anna Berg meet?"))
    assert passage_fits(chinese, TALKS, TALKS, "") and not passage_fits(chinese, CABINET, CABINET, "")
    rain = article("rain", "Anna Berg said the rain in Oslo would stop soon, according to the forecast office.")
    answer = PassagesGenerator().generate(analyse("When will Anna Berg visit Oslo?"), [hit(rain)],
                                          Archive({"rain": rain}))
    assert answer.abstained  # no sentence gives a date: no answer to a different question


def test_a_name_the_archive_holds_as_a_person_is_no_place():
    q = analyse("What did Anna Berg and Austin discuss?")
    assert "Austin" in constraints_of(q).places  # GeoNames knows a town of that name
    assert "Austin" not in constraints_of(q, ["Lloyd Austin"]).places
    assert MeetingsGenerator().generate(q, [], Archive({}, [CHINESE])) is None


def test_a_capitalised_word_the_index_writes_in_lower_case_is_a_word_not_a_name():
    written = {"Harbour": 0.05, "Berg": 0.98, "Zirconium": None}.get
    q = checked_names(analyse("What did Harbour officials tell Anna Berg?"), written)
    assert q.names == ("Anna Berg",) and "Harbour" in q.descriptors
    assert checked_names(analyse("What did Zirconium say?"), written).names == ("Zirconium",)  # unknown: a name
    assert constraints_of(analyse("What did Anna Berg and Li Wen discuss?")).slot == "topics"
    assert constraints_of(analyse("What did the harbour officials discuss with Li Wen?")).slot == "topics"


def test_a_city_no_chunk_names_widens_to_its_one_country_only_when_the_archive_has_that_country():
    from bot.answer.constraints import country_for_city, the

    q = analyse("Who will Austin see in New Delhi?")
    counts = {"Austin": 4, "New Delhi": 0, "India": 2}
    wider = country_for_city(q, lambda n: counts.get(n, 0))
    assert wider is not None
    asked_of, city, country = wider
    assert (city, country) == ("New Delhi", "India")
    assert asked_of.text == "Who will Austin see in India?" and asked_of.shown == q.text
    assert "India" in asked_of.names and "New Delhi" not in asked_of.names and "delhi" not in asked_of.terms
    assert country_for_city(q, lambda n: counts.get(n, 0) if n != "India" else 0) is None  # no India either
    assert country_for_city(q, lambda n: 1) is None  # the archive names the city: nothing to widen
    assert country_for_city(analyse("Who did Macron see in New Delhi?"), lambda n: counts.get(n, 0)) is None
    assert country_for_city(analyse("Who will Austin see in Paris?"), lambda n: 0 if n == "Paris" else 3) is None
    assert (the("United States"), the("Philippines"), the("India")) == ("the United States", "the Philippines",
                                                                        "India")


def test_people_described_answer_who_and_places_described_answer_where():
    asked = "Who arrested the Lisbon attacker?"
    who = constraints_of(analyse(asked))
    assert passage_fits(who, "Eventually the police were able to subdue and arrest him.", "", asked)
    assert not passage_fits(who, "It happened quickly and without warning.", "", asked)
    asked = "Where were the Lisbon prisoners held?"
    where = constraints_of(analyse(asked))
    assert passage_fits(where, "They were held at a military base for a week.", "", asked)
    assert not passage_fits(where, "The prisoners were held for a week.", "", asked)  # "prisoners" is no place
