"""Meetings told by a noun phrase or by a group of people (hand-made news sentences, invented names)."""

from __future__ import annotations

from tests.meetings.reading import events as _events
from tests.meetings.reading import who as _who


def test_possessive_visit_makes_the_owner_the_visitor_and_the_destination_the_place():
    (ev,) = _events("During the OSCE's visit to Moldova, local officials promised to open the archives.")
    assert _who(ev) == {"OSCE": "organization"}
    assert (ev.kind, ev.place) == ("visit", "Moldova")


def test_possessive_talks_with_a_body_name_both_sides():
    (ev,) = _events("Tomas Reinholt's talks with Nordvik bankers ended without a deal on Friday.")
    assert set(_who(ev)) == {"Tomas Reinholt", "Nordvik"}


def test_counted_parties_talks_are_a_group_meeting():
    (ev,) = _events("There have been two rounds of four-party talks in Vienna since March.")
    assert _who(ev) == {"four parties": "group"}
    assert ev.place == "Vienna"


def test_plural_owner_of_a_conference_is_the_group_that_met():
    (ev,) = _events("At the annual mayors' conference on housing, the host city unveiled a new plan.")
    assert _who(ev) == {"mayors": "group"}
    assert ev.kind == "conference"


def test_group_at_a_conference_attended_it():
    (ev,) = _events("The warning came from energy experts at a two-day conference on grid safety.")
    assert _who(ev) == {"energy experts": "group"}
    (ev,) = _events("Arlo Corp said shareholders at the annual meeting approved the merger.")
    # "said" is no modifier of the group; the company telling of the annual meeting holds it (its holders' meeting)
    assert _who(ev) == {"Arlo Corp": "organization", "shareholders": "group"}


def test_members_of_a_named_body_gathered():
    (ev,) = _events("The members of the Dock Workers Union were meeting in Lisbon to choose a new chairman.")
    assert _who(ev) == {"Dock Workers Union": "organization"}  # the union, now read whole as a body's name
    assert ev.place == "Lisbon"


def test_host_and_guests_of_a_delegation_from_a_country():
    (ev,) = _events("Since 2019, Portugal has hosted three delegations from Chile.")
    assert set(_who(ev)) == {"Portugal", "Chile"}


def test_denied_or_asked_group_meetings_make_no_event():
    assert _events("The members of the Harbour Guild have not gathered since the vote.") == []
    assert _events("Was the mayors' conference on housing a success?") == []


def test_in_talks_with_a_group_across_an_appositive():
    (ev,) = _events("Arlo Freight, the country's second-largest haulier, is in negotiations with its creditors.")
    assert set(_who(ev)) == {"Arlo Freight", "creditors"}
    assert _who(ev)["creditors"] == "group"
    assert ev.kind == "negotiations"


def test_in_talks_with_a_coordinated_group():
    (ev,) = _events("Kestrel Biotech, a small vaccine maker, is involved in talks with foreign and local companies.")
    assert _who(ev)["foreign and local companies"] == "group"


def test_a_named_party_negotiated_a_deal():
    (ev,) = _events("According to court papers, Ostrava Mining negotiated the contract on behalf of the state.")
    assert set(_who(ev)) == {"Ostrava Mining"}
    assert ev.kind == "negotiations"
    assert _events("The new contract was negotiated last year.") == []


def test_two_countries_joined_by_a_hyphen_are_the_parties_of_the_talks():
    (ev,) = _events("The Chile-Peru talks resumed in Quito on Monday after a month's pause.")
    assert _who(ev) == {"Chile": "country", "Peru": "country"}
    assert ev.place == "Quito"


def test_a_meeting_of_a_named_body_or_of_a_group():
    (ev,) = _events("An emergency meeting of the Harbour Board was held in Gdansk on Tuesday.")
    assert _who(ev) == {"Harbour Board": "organization"}
    (ev,) = _events("A session of the regional governors will open in Tartu next week.")
    assert _who(ev) == {"regional governors": "group"}
    assert _events("The spring session of Parliament opens on Monday.") == []
    assert _events("The spring session of the congress opens on Monday.") == []


def test_speaker_of_an_opening_clause_at_a_meeting_takes_part_in_it():
    (ev,) = _events("Addressing a meeting of regional bankers in Lyon, Finance Minister Tomas Weber warned of slower "
                    "growth.")
    assert _who(ev) == {"Tomas Weber": "person", "regional bankers": "group"}
    assert ev.place == "Lyon"
    (ev,) = _events("Speaking at a conference in Tokyo, Governor Sara Novak said rates would stay low.")
    assert _who(ev) == {"Sara Novak": "person"}
    assert _events("Speaking to reporters after the vote, Sara Novak said nothing.") == []
    assert _events("Speaking at a news conference in Tokyo, Governor Sara Novak said rates would stay low.") == []
