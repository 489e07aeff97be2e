"""Meeting parties and places in slots the first rounds did not read (hand-made news sentences, invented names)."""

from __future__ import annotations

from tests.meetings.reading import events as _events
from tests.meetings.reading import who as _who


def test_the_speaker_is_not_on_someone_elses_trip():
    (ev,) = _events("Senator Maria Olsen said the agency told her it had not known of Peter Varga's trip to Austria "
                    "for talks with officials.")
    assert _who(ev) == {"Peter Varga": "person", "officials": "group"}
    assert ev.place == "Austria"


def test_a_trip_of_one_person_who_meets_no_one_is_no_meeting():
    assert _events("Senator Maria Olsen said the agency had not known of Peter Varga's trip to Austria.") == []
    assert _events("Minister Peter Varga said he will travel to Japan in May to seek new credits.") == []
    (ev,) = _events("Minister Peter Varga traveled to Japan to take part in the Asia Business Forum.")
    assert _who(ev) == {"Peter Varga": "person"}
    (ev,) = _events("Premier Lars Holm told visiting Minister Peter Varga that the plan was sound.")
    assert "Peter Varga" in _who(ev)


def test_a_speaker_on_her_own_visit_stays_its_party():
    (ev,) = _events("Chancellor Hilde Brandt said after visiting President Jonas Falk in Kyiv that aid would continue.")
    assert _who(ev) == {"Hilde Brandt": "person", "Jonas Falk": "person"}


def test_met_across_an_adverbial_reads_the_other_party():
    (ev,) = _events("Rebel commander Juan Ortega has met several times with Senator Luis Pardo in recent months.")
    assert set(_who(ev)) == {"Juan Ortega", "Luis Pardo"}


def test_a_meeting_with_a_plural_noun_of_people_has_them_as_a_group():
    (ev,) = _events("Governor Ana Ruiz said during a televised meeting with farmers and teachers of the northern "
                    "province on Saturday that the dam would be finished.")
    assert _who(ev) == {"Ana Ruiz": "person", "farmers and teachers": "group"}


def test_the_place_told_before_for_the_talks_wins_over_a_later_one():
    text = ("Peru has asked Chile to hand over the rebels, who were in Santiago for peace talks, after a car bombing "
            "in Lima was blamed on the group. Chile's foreign minister said on Friday that the country would respect "
            "the protocols of the negotiations it had been hosting and was consulting with both parties.")
    (ev,) = _events(text)
    assert ev.place == "Santiago"


def test_groups_that_began_talking_to_each_other_meet():
    (ev,) = _events("Several employees of the collapsed bank have begun talking to prosecutors.")
    assert _who(ev) == {"employees": "group", "prosecutors": "group"}
    (ev,) = _events("Governor Ana Ruiz began talking to the protesters on Monday.")
    assert _who(ev) == {"Ana Ruiz": "person", "protesters": "group"}


def test_starting_to_talk_about_something_is_no_meeting():
    assert _events("Analysts started talking about a recession.") == []
    assert _events("The company has started talking to reporters about its results.") == []


def test_a_place_where_someone_was_born_or_arrested_is_not_the_meetings():
    (ev,) = _events("Mayor Ana Ruiz, who was born in Ohio, met with Senator Luis Pardo on Monday.")
    assert set(_who(ev)) == {"Ana Ruiz", "Luis Pardo"}
    assert ev.place is None
    (ev,) = _events("Some of the suspects arrested in Latvia in May have begun talking to investigators.")
    assert ev.place is None


def test_who_reports_on_others_talks_with_a_group_is_not_their_party():
    (ev,) = _events("Deputy Minister Carl Munk said rapid progress was being made in talks with commercial banks.")
    assert _who(ev) == {"commercial banks": "group"}
    (ev,) = _events("Finance Minister Carl Munk said that in his talks with creditors he had tried to restore trust.")
    assert _who(ev) == {"Carl Munk": "person", "creditors": "group"}


def test_who_announced_something_after_a_visit_word_is_not_visited():
    assert _events("He is the first senior official to visit Peru since President Ana Ruiz announced new tariffs.") \
        == []


def test_an_elided_subject_of_a_second_verb_phrase_is_the_name_the_sentence_opens_with():
    (ev,) = _events("Arlo Corp reported a loss in the first quarter but is in talks with its creditors.")
    assert _who(ev) == {"Arlo Corp": "organization", "creditors": "group"}
    (ev,) = _events("Peru does not yet have the money to build the dam, although is actively negotiating for a loan.")
    assert (_who(ev), ev.kind) == ({"Peru": "country"}, "negotiations")
