"""People named only by their office, and the subject of a participle meeting phrase (hand-made sentences)."""

from __future__ import annotations

from bot.meetings.offices import office_at
from tests.meetings.reading import events as _events
from tests.meetings.reading import who as _who


def test_met_an_office_of_a_named_country_is_a_person_named_by_the_office():
    (ev,) = _events("Minister Anna Holm met the Prime Minister of Japan on Friday.")
    assert _who(ev) == {"Anna Holm": "person", "Prime Minister of Japan": "person"}
    (ev,) = _events("Governor Ilse Varga held talks with the Chilean foreign minister in Oslo.")
    assert _who(ev) == {"Ilse Varga": "person", "Chilean foreign minister": "person"}


def test_an_office_without_a_country_or_body_names_no_one():
    assert office_at("with the president on Friday.", 0) is None
    assert office_at("with the Danish ambassador.", 0).name == "Danish ambassador"
    assert office_at("the Prime Minister of Japan", 0).country == "Japan"


def test_a_participle_after_a_called_off_meeting_meets_the_other_side():
    (ev,) = _events("The mayor canceled her meeting with Lars Berg, conferring instead with the Danish ambassador.")
    assert _who(ev) == {"Danish ambassador": "person"}


def test_a_participle_takes_the_people_opening_the_sentence_as_its_subject():
    (ev,) = _events("Anna Holm flew home on Sunday, meeting with President Lars Berg on the way.")
    assert _who(ev) == {"Anna Holm": "person", "Lars Berg": "person"}
    assert _events("The team lost its opener, meeting with little success.") == []


def test_a_participle_after_a_pronoun_reads_the_pronoun_and_after_a_guess_reads_nothing():
    (ev,) = _events("Minister Oda Brekke left Oslo. She flew home on Sunday, meeting with President Lars Berg.")
    assert _who(ev) == {"Oda Brekke": "person", "Lars Berg": "person"}
    assert _events("He could be placed in Bergen that week, meeting with Mayor Ivo Rask.") == []


def test_an_office_ending_the_sentence_leaves_the_full_stop_out_but_keeps_an_abbreviation():
    (ev,) = _events("Minister Anna Holm met the President of South Korea.")
    assert _who(ev) == {"Anna Holm": "person", "President of South Korea": "person"}
    assert office_at("with the President of the U.S.", 0).name == "President of the U.S."


def test_an_institution_that_called_off_a_meeting_is_the_participle_subject_and_the_called_off_side_is_not():
    (ev,) = _events("The White House later canceled his meeting with Lars Berg, conferring instead with the "
                    "President of South Korea.")
    assert _who(ev) == {"White House": "organization", "President of South Korea": "person"}
    (ev,) = _events("Orvik Corp canceled its meeting with Lars Berg, conferring instead with Mayor Ivo Rask.")
    assert "Lars Berg" not in _who(ev) and "Ivo Rask" in _who(ev)
