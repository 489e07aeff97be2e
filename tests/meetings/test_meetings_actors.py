"""Untitled names, countries and organisations as meeting participants, on wire-style sentences written for this."""

from __future__ import annotations

import pytest

from bot.meetings import extract_meetings
from bot.meetings.extract import PatternMeetingExtractor
from bot.meetings.records import MeetingEvent, Participant
from bot.records import Article


def _events(text: str, date: str | None = "1994-05-10") -> list:
    return PatternMeetingExtractor().extract(Article("t", "t", "", date, None, None, text, "t"))


def _who(text: str) -> set[tuple[str, str]]:
    return {(p.name, p.kind) for e in _events(text) for p in e.participants}


@pytest.mark.parametrize("text,expect", [
    ("Rolf Hansen met Carla Mendes in Oslo on Tuesday to discuss fishing quotas.",
     {("Rolf Hansen", "person"), ("Carla Mendes", "person")}),
    ("Hansen and Lindqvist met for two hours on Tuesday.", {("Hansen", "person"), ("Lindqvist", "person")}),
    ("Talks between Norway and Iceland resumed in Reykjavik on Monday.",
     {("Norway", "country"), ("Iceland", "country")}),
    ("Brazilian negotiators held talks with the IMF on the country's foreign debt.",
     {("Brazil", "country"), ("IMF", "organization")}),
    ("The rebels said they met with Colombian officials last week.", {("Colombia", "country")}),
    ("Peru and Chile discussed a new border treaty on Friday.", {("Peru", "country"), ("Chile", "country")}),
    ("Marta Oliveira received the Kenyan delegation at her office in Lisbon.",
     {("Marta Oliveira", "person"), ("Kenya", "country")}),
])
def test_participants_without_titles(text, expect):
    assert _who(text) == expect


def test_countries_beside_two_people_are_context():
    got = _who("Japan and Canada held talks in Tokyo on Monday, where Foreign Minister Kenji Sato met "
               "Foreign Minister Anne Roy.")
    assert {n for n, k in got if k == "person"} == {"Kenji Sato", "Anne Roy"}


@pytest.mark.parametrize("text", [
    "The company said it would meet its debt obligations in full.",
    "Output rose to meet strong demand from Asian buyers.",
    "The secret Harbour Talks were later described as a failure.",
    "According to the Financial Times, Acme Holdings negotiated the sale on its own.",
    "Officials said the drought had eased in the southern provinces.",
])
def test_not_meetings(text):
    assert not any(len(e.participants) >= 2 for e in _events(text))


def test_place_and_date_from_the_sentence():
    art = Article("t", "t", "", "1994-05-13", None, None, "Greek and Turkish officials met in Geneva on Thursday.", "t")
    [ev] = extract_meetings([art])
    assert {p.name for p in ev.participants} == {"Greece", "Turkey"}
    assert ev.place == "Geneva" and ev.date_iso == "1994-05-12" and ev.status == "held"


def test_kind_in_json_and_back():
    ev = MeetingEvent("m1", participants=[Participant("Norway", None, "Norway", "country")])
    obj = ev.to_json()
    assert obj["participants"][0] == {"name": "Norway", "role": None, "country": "Norway", "kind": "country"}
    assert MeetingEvent.from_json(obj).participants[0].kind == "country"
    obj["participants"][0].pop("kind")
    assert MeetingEvent.from_json(obj).participants[0].kind == "person"


@pytest.mark.parametrize("text,other", [
    ("Orvik Corp held talks with Japanese carmaker Toyota Motor Corp.", ("Toyota Motor Corp", "organization")),
    ("Orvik Corp held talks with U.S. regional carrier Air Atlanta Inc.", ("Air Atlanta Inc", "organization")),
    ("Orvik Corp held talks with British bank Barclays.", ("Barclays", "organization")),
    ("Orvik Corp held talks with joint venture partner Holm Inc.", ("Holm Inc", "organization")),
    ("Orvik Corp held talks with British Petroleum Co PLC.", ("British Petroleum Co PLC", "organization")),
    ("Orvik Corp will hold talks next week with Holm Inc.", ("Holm Inc", "organization")),
])
def test_the_company_a_description_or_a_time_stands_before(text, other):
    assert _who(text) == {("Orvik Corp", "organization"), other}


def test_a_country_before_officials_is_still_the_country():
    assert _who("Orvik Corp held talks with U.S. officials.") == {("Orvik Corp", "organization"),
                                                                   ("United States", "country")}


@pytest.mark.parametrize("text", [
    "Chilean and Peruvian fisheries officials held a meeting in Lima on Monday.",  # lower-case words before the noun
    "Chilean Treasury officials met Peruvian officials on Monday.",  # a ministry's word before the noun
    "Chilean officials tomorrow open talks with Peruvian negotiators.",  # "tomorrow" and "open" before the phrase
])
def test_a_country_with_words_before_its_group_noun_is_the_country(text):
    assert _who(text) == {("Chile", "country"), ("Peru", "country")}


def test_a_capitalised_noun_after_a_country_is_nobody():
    from bot.meetings.actors import all_actors
    assert all_actors("Lima rejected the Chilean Proposal to open talks.", []) == []


def test_a_read_over_a_titled_person_gives_the_person():
    from bot.meetings.actors import all_actors
    from bot.meetings.people import find_people
    sent = "Quotas will be cut, Chilean Fisheries Minister Ana Soto said."
    assert [(m.name, m.role) for m in all_actors(sent, find_people(sent))][-1:] == [("Ana Soto", "Minister")]
    sent = "Rates will rise, Orvik Bank Vice-President Karl Lund said."
    assert [(m.name, m.role) for m in all_actors(sent, find_people(sent))][-1:] == [
        ("Karl Lund", "Orvik Bank Vice-President")]


def test_the_first_of_a_meeting_held():
    assert _who("Orvik Corp and Holm Inc held the first round of talks on Monday.") == {
        ("Orvik Corp", "organization"), ("Holm Inc", "organization")}


def test_an_envoy_to_a_body_is_a_titled_person():
    from bot.meetings.people import find_people
    assert [(m.name, m.role) for m in find_people("U.S. Ambassador to GATT Karl Lund met Per Orvik.")] == [
        ("Karl Lund", "Ambassador to GATT")]


def test_a_name_and_co_is_one_company():
    assert _who("Orvik Corp held talks with Pesch and Co about its offer.") == {
        ("Orvik Corp", "organization"), ("Pesch and Co", "organization")}
