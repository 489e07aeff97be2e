"""Interviews and debates (bot/meetings/spoken.py), on hand-made sentences."""

from __future__ import annotations

import pytest

from tests.meetings.reading import events as _events
from tests.meetings.reading import who as _who


def test_interview_named_by_its_outlet_before_the_word_gives_the_speaker_and_the_outlet():
    (ev,) = _events("In his NRK interview, Varga brushed off the criticism from the mayors.")
    assert ev.kind == "interview"
    assert _who(ev) == {"Varga": "person", "NRK": "organization"}


def test_interview_on_a_station_and_told_an_outlet_in_an_interview():
    (ev,) = _events("In an interview on Radio Fjord, Governor Ilse Varga said the harbour plan was dead.")
    assert (ev.kind, ev.status) == ("interview", "held")
    assert _who(ev) == {"Ilse Varga": "person", "Radio Fjord": "organization"}
    (ev,) = _events("Mayor Piet Dorn told the Bergen Courier in an interview that he would not resign.")
    assert ev.kind == "interview"
    assert _who(ev) == {"Piet Dorn": "person", "Bergen Courier": "organization"}


def test_interview_with_a_pronoun_speaker_resolves_to_the_person_named_before():
    (ev,) = _events("Minister Oda Brekke landed in Tromso. In an interview with the Polar Times, she said little.")
    assert _who(ev) == {"Oda Brekke": "person", "Polar Times": "organization"}
    assert next(p for p in ev.participants if p.name == "Oda Brekke").resolved_from == "she"


def test_a_month_before_interview_is_no_outlet():
    (ev,) = _events("In a March interview, Dorn said the ferry would run.")
    assert _who(ev) == {"Dorn": "person"}


def test_debates_between_named_people_in_three_forms():
    (ev,) = _events("Millions watched the first Brekke - Lund debate on Sunday.")
    assert ev.kind == "debate"
    assert set(_who(ev)) == {"Brekke", "Lund"}
    (ev,) = _events("There will be a debate between Oda Brekke and Ivo Rask next week.")
    assert (ev.kind, ev.status, set(_who(ev))) == ("debate", "planned", {"Oda Brekke", "Ivo Rask"})
    (ev,) = _events("Oda Brekke and Ivo Rask debated for two hours in Bodo.")
    assert (ev.kind, set(_who(ev))) == ("debate", {"Oda Brekke", "Ivo Rask"})


def test_a_legislature_debating_a_bill_is_no_meeting_of_people():
    assert _events("The Senate debated the fishing bill for hours on Tuesday.") == []
    assert _events("Oda Brekke and Ivo Rask debated the fishing bill in parliament.") == []
    assert _events("Brekke and Rask will face off in the regional final.") == []


def test_the_debate_later_cites_the_debate_read_before_and_a_public_debate_does_not():
    text = ("Millions watched the first Brekke - Lund debate on Sunday. Pundits said the debate was dull. "
            "The debate over ferry fares goes on.")
    (ev,) = _events(text)
    assert [c.quote for c in ev.cited("event")] == ["Pundits said the debate was dull."]
    assert _events("Pundits said the debate was dull.") == []


def test_interview_published_by_an_outlet_and_told_outlet_one_word():
    (ev,) = _events("Oda Brekke said during a long interview published by the Arctic Herald that the port would close.")
    assert _who(ev) == {"Oda Brekke": "person", "Arctic Herald": "organization"}
    (ev,) = _events("Ivo Rask told Nordlys in an interview that he had no plans to run.")
    assert _who(ev) == {"Ivo Rask": "person", "Nordlys": "organization"}


def test_a_wire_agency_told_in_an_interview_is_the_outlet_and_the_medium_is_none():
    (ev,) = _events("Lena Vik told Reuters in a telephone interview that the mill would reopen.")
    assert _who(ev) == {"Lena Vik": "person", "Reuters": "organization"}
    (ev,) = _events("Trade Minister Lena Vik said in a TV interview that tariffs would stay.")
    assert _who(ev) == {"Lena Vik": "person"}
    (ev,) = _events("In a Radio Fjord interview, Lena Vik said the mill would reopen.")
    assert _who(ev) == {"Lena Vik": "person", "Radio Fjord": "organization"}


def test_gave_or_sat_down_for_an_interview_names_the_outlet_and_reads_a_pronoun():
    (ev,) = _events("Governor Ilse Varga gave an interview to the Polar Times on Monday.")
    assert (ev.status, _who(ev)) == ("held", {"Ilse Varga": "person", "Polar Times": "organization"})
    (ev,) = _events("Lena Vik sat down for an interview with NRK last week.")
    assert _who(ev) == {"Lena Vik": "person", "NRK": "organization"}
    (ev,) = _events("Minister Oda Brekke landed. She told NRK in an interview that the port would close.")
    assert _who(ev) == {"Oda Brekke": "person", "NRK": "organization"}
    assert _events("Lena Vik gave an interview.") == []


def test_a_possessive_debate_with_someone():
    (ev,) = _events("Oda Brekke's televised debate with Ivo Rask drew millions of viewers.")
    assert (ev.kind, set(_who(ev))) == ("debate", {"Oda Brekke", "Ivo Rask"})
    (ev,) = _events("Minister Oda Brekke flew in. Her debate against Ivo Rask is on Friday.")
    assert set(_who(ev)) == {"Oda Brekke", "Ivo Rask"}


def test_he_is_not_read_back_to_a_name_after_the():
    text = ('Karl Moen, who directs the Harbour Survey, said costs fell. "It works," he told Nordlys in an interview.')
    (ev,) = _events(text)
    assert _who(ev) == {"Karl Moen": "person", "Nordlys": "organization"}


def test_remarks_that_came_in_an_interview_are_the_last_named_speakers():
    text = ('Karl Moen criticised the port plan. "It will fail," he said.\n'
            "The remarks came in an interview with Nordlys.")
    (ev,) = _events(text)
    assert (ev.kind, _who(ev)) == ("interview", {"Karl Moen": "person", "Nordlys": "organization"})
    moen = next(p for p in ev.participants if p.name == "Karl Moen")
    assert moen.resolved_from == "the remarks"
    assert "Karl Moen criticised the port plan." in {c.quote for c in ev.cited("participants")}
    assert _events("The remarks came in an interview with Nordlys.") == []  # nobody named before


def test_an_interview_with_a_named_expert_reads_the_expert_not_the_country():
    (ev,) = _events("Ivo Rask, the former envoy to Peru, said in a 2012 interview with Peru expert Lena Vik that it "
                    "failed.")
    assert _who(ev) == {"Ivo Rask": "person", "Lena Vik": "person"}


def test_an_agency_telling_of_an_interview_is_not_the_one_who_gave_it():
    (ev,) = _events("Prime Minister Ivo Rask spoke to German journalists.\nNordlys said in the interview Rask "
                    "warned of unrest in the north.")
    assert _who(ev) == {"Ivo Rask": "person"}


def test_an_outlet_after_what_it_is_and_a_will_far_from_the_interview():
    (ev,) = _events("The forecast will be balanced by growth in exports, Minister Ilse Varga said in an interview with "
                    "the daily Bergen Courier.")
    assert (ev.kind, ev.status) == ("interview", "held")
    assert _who(ev) == {"Ilse Varga": "person", "Bergen Courier": "organization"}
    (ev,) = _events("Minister Piet Dorn told the French news agency AFP in an interview that rates would rise.")
    assert _who(ev) == {"Piet Dorn": "person", "AFP": "organization"}


@pytest.mark.parametrize("text,outlet", [
    ("Alexander Orvik, head of the Gulf desk, told Al-Rai al-Aam newspaper Moscow would answer back.", "Al-Rai al-Aam"),
    ("Finance Minister Karl Lund told the Tokyo Shimbun that he would try his best.", "Tokyo Shimbun"),
    ("Finance Minister Karl Lund told the daily Aftenbladet that taxes would fall.", "Aftenbladet"),
])
def test_a_statement_to_a_news_outlet_is_an_interview_with_it(text, outlet):
    (ev,) = _events(text)
    assert ev.kind == "interview" and outlet in {p.name for p in ev.participants}


def test_a_statement_to_the_articles_own_outlet_or_to_a_company_is_no_interview():
    from bot.meetings.extract import PatternMeetingExtractor
    from bot.records import Article
    own = Article("t", "t", "", "1987-05-02", "Reuters", None, "Karl Lund told Reuters that prices would rise.", "t")
    assert PatternMeetingExtractor().extract(own) == []
    assert _events("Karl Lund told Holm Inc that prices would rise.") == []


@pytest.mark.parametrize("text,body", [
    ("Exchange president Karl Lund told the Futures Industry Association that rules proposed were bad.",
     "Futures Industry Association"),
    ("Karl Lund told the board of directors for the National Association of Wheat Growers that prices would rise.",
     "National Association of Wheat Growers"),
    ("Finance Minister Karl Lund addressed the Commonwealth Club of California on Monday.",
     "Commonwealth Club of California"),
    ("Karl Lund told the Association of Harbour Pilots that rates would rise.", "Association of Harbour Pilots"),
    ("Karl Lund told the Council on Northern Trade in Oslo that rates would rise.", "Council on Northern Trade"),
])
def test_a_speech_to_a_named_association_or_club_is_a_meeting_with_it(text, body):
    (ev,) = _events(text)
    assert (ev.kind, ev.status) == ("meeting", "held")
    assert _who(ev) == {"Karl Lund": "person", body: "organization"}


@pytest.mark.parametrize("text", [
    "Fishing quotas will be cut, Chilean Fisheries Minister Karl Lund said. The cuts were needed, he told the "
    "Association of Harbour Pilots.",
    "Rates will rise slowly, Orvik Bank Vice-President Karl Lund said. The harbour plan was dead, he told the "
    "Association of Harbour Pilots.",
])
def test_he_after_a_comma_told_a_body_is_the_titled_person_named_before(text):
    (ev,) = _events(text)
    assert _who(ev) == {"Karl Lund": "person", "Association of Harbour Pilots": "organization"}
    assert next(p for p in ev.participants if p.name == "Karl Lund").resolved_from == "he"


@pytest.mark.parametrize("text", [
    "Karl Lund told the Senate Banking Committee that rates would rise.",  # a legislature's hearing
    "Financial Secretary Karl Lund told the Legislative Council that revenue rose.",  # a legislature's sitting
    "Energy Minister Karl Lund told the Association he was aware.",  # no body's name
])
def test_a_legislature_or_a_bare_word_is_no_body_addressed(text):
    assert _events(text) == []


@pytest.mark.parametrize("text, outlet", [
    ("In an interview with El Tiempo newspaper, Karl Lund said rates would fall.", "El Tiempo"),
    ("Orvik Corp chief executive Karl Lund said in an interview in the weekly Harbour Review newspaper that the "
     "merger was unsound.", "Harbour Review"),
    ("Karl Lund said in an interview published in the newspaper Die Zeitung that rates would fall.", "Die Zeitung"),
])
def test_the_outlet_of_an_interview_is_read_after_in_or_before_its_medium(text, outlet):
    (ev,) = _events(text)
    assert ev.kind == "interview" and _who(ev) == {"Karl Lund": "person", outlet: "organization"}


def test_an_interview_in_a_place_names_no_outlet():
    (ev,) = _events("Minister Karl Lund said in an interview in Tokyo that rates would fall.")
    assert _who(ev) == {"Karl Lund": "person"} and ev.place == "Tokyo"
