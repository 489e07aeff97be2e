"""Meeting parties and places in slots the first rounds did not read (hand-made news sentences, invented names)."""

from __future__ import annotations

import pytest

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


def test_a_body_speaking_of_its_talks_with_another_is_one_side_of_them():
    (ev,) = _events("Orvik Corp said merger talks with Holm Industries Inc have been terminated.")
    assert _who(ev) == {"Orvik Corp": "organization", "Holm Industries Inc": "organization"}
    (ev,) = _events("Orvik Corp said the discussions with Holm Industries Inc were continuing.")
    assert _who(ev) == {"Orvik Corp": "organization", "Holm Industries Inc": "organization"}
    (ev,) = _events("Orvik Corp said progress was made in talks with its banks.")
    assert "Orvik Corp" not in _who(ev)


def test_a_union_named_for_its_workers_is_one_body():
    (ev,) = _events("Orvik Corp held talks with the United Auto Workers union on Monday.")
    assert _who(ev) == {"Orvik Corp": "organization", "United Auto Workers": "organization"}
    (ev,) = _events("Orvik Corp said contract negotiations with United Steelworkers of America concluded.")
    assert _who(ev) == {"Orvik Corp": "organization", "United Steelworkers of America": "organization"}


def test_who_addresses_a_meeting_is_at_it_and_the_speech_that_follows_is_not():
    (ev,) = _events("Orvik Corp governor Per Lund told last November's annual meeting that sales would rise.")
    assert _who(ev) == {"Per Lund": "person"}
    (ev,) = _events("Last week Minister Per Lund told the annual meeting Holm expected to post a profit.")
    assert _who(ev) == {"Per Lund": "person"}
    # telling reporters after the meeting is no speech to it, but who does so was at it (round seven)
    (ev,) = _events("Chairman Per Lund told reporters after the annual meeting that sales rose.")
    assert (_who(ev), ev.status) == ({"Per Lund": "person"}, "held")


def test_a_body_telling_of_its_own_annual_or_board_meeting_holds_it():
    (ev,) = _events("Orvik Corp said it has postponed its annual meeting to May 21 from April 28.")
    assert _who(ev) == {"Orvik Corp": "organization"}
    (ev,) = _events("Orvik Aviation Inc said its board meeting recessed today without taking action.")
    assert _who(ev) == {"Orvik Aviation Inc": "organization"}
    assert _events("Minister Per Lund said its annual meeting was a success.") == []


def test_a_title_inside_a_bodys_name_run_is_the_role_of_the_person_after_it():
    (ev,) = _events("Orvik Corp Chairman Per Lund told a meeting of analysts that the company may buy back shares.")
    assert _who(ev) == {"Per Lund": "person", "analysts": "group"}
    assert ev.participants[0].role == "Orvik Corp Chairman"


def test_a_body_named_before_the_meeting_word_is_the_one_meeting():
    (ev,) = _events("The OPEC conference ended this morning without an agreement.")
    assert _who(ev) == {"OPEC": "organization"}
    (ev,) = _events("Minister Per Lund attended the OPEC conference this morning.")
    assert _who(ev) == {"Per Lund": "person", "OPEC": "organization"}
    assert _events("The Orvik Summit on Trade opened in Oslo.") == []  # the word ends a name: nobody's meeting
    assert _events("The Tokyo summit ended.") == []  # a place is no party


def test_a_subject_holding_or_in_talks_takes_part_even_in_the_talks():
    (ev,) = _events("Iran and the EC will hold the talks in May.")
    assert _who(ev) == {"Iran": "country", "EC": "organization"}
    (ev,) = _events("Orvik Corp is in talks on the sale of its Geneva unit.")
    assert _who(ev) == {"Orvik Corp": "organization"}
    assert _events("Minister Per Lund said the talks would be held in May.") == []


def test_a_numbered_group_meets_on_its_own_and_not_again_at_the_meeting_it_precedes():
    (ev,) = _events("The Group of 10 met briefly on Monday.")
    assert _who(ev) == {"Group of 10": "organization"}
    first, second = _events("The G-10 met briefly before the Interim Committee meeting scheduled for today.")
    assert (_who(first), _who(second)) == ({"G-10": "organization"}, {"Interim Committee": "organization"})


def test_telling_a_house_of_parliament_is_no_meeting():
    assert _events("Minister Per Lund told an Upper House session that the budget would grow.") == []


def test_a_body_named_with_its_acronym_before_the_meeting_word():
    (ev,) = _events("Talks at the International Coffee Organization (ICO) special council session will resume today.")
    assert _who(ev) == {"International Coffee Organization": "organization"}


def test_talks_a_body_is_only_called_on_to_start_are_no_meeting_however_long_its_name():
    from bot.meetings.wide import negated

    for text in ("Producers will call for the International Coffee Organization (ICO) to start talks on prices.",
                 "Producers urged the International Coffee Organization (ICO) to start talks on prices."):
        assert negated(text, text.index("talks"))
    text = "Producers asked when the International Coffee Organization (ICO) talks would end."
    assert not negated(text, text.index("talks"))


@pytest.mark.parametrize("text,expect", [
    ("In a meeting with exporters this week, Agriculture Secretary Karl Lund refused to comment.",
     {"Karl Lund": "person"}),
    ("At a meeting with Holm Inc in Oslo, Orvik Corp agreed to sell the unit.",
     {"Orvik Corp": "organization", "Holm Inc": "organization"}),
    ("In talks with Finance Minister Per Holm yesterday, Karl Lund asked for lower tariffs.",
     {"Karl Lund": "person", "Per Holm": "person"}),
])
def test_a_new_meeting_opening_the_sentence_had_the_clauses_subject_in_it(text, expect):
    (ev,) = _events(text)
    assert {p.name: p.kind for p in ev.participants} == expect


def test_an_opening_meeting_phrase_with_no_subject_after_it_names_no_one():
    assert _events("In a meeting last week, prices rose.") == []


@pytest.mark.parametrize("text,expect", [
    ("Agriculture Minister Karl Lund told reporters after a cabinet meeting that all topics were open.",
     {"Karl Lund": "person"}),
    ('"We made headway," Karl Lund told reporters following a six-hour meeting with provincial ministers.',
     {"Karl Lund": "person", "provincial ministers": "group"}),
    ("Chairman Karl Lund said after the company's annual meeting that sales would rise.", {"Karl Lund": "person"}),
])
def test_who_speaks_right_after_a_meeting_was_in_it(text, expect):
    (ev,) = _events(text)
    assert (_who(ev), ev.status) == (expect, "held")


def test_who_reports_that_others_met_is_not_in_their_meeting():
    (ev,) = _events("Chairman Karl Nissen said that following a meeting between Orvik Corp and Holm Inc on March 3, "
                    "Orvik Corp submitted a note.")
    assert "Karl Nissen" not in _who(ev)


@pytest.mark.parametrize("text,expect", [
    ("Orvik Corp <ORV> said it agreed to buy Holm Inc for 20 dlrs a share.\n\nThe two companies had been holding "
     "exploratory discussions since May.", {"Orvik Corp": "organization", "Holm Inc": "organization"}),
    ("Norway and Iceland disagree on fishing quotas.\n\nThe two countries will meet in Oslo next week.",
     {"Norway": "country", "Iceland": "country"}),
])
def test_the_two_parties_named_before_hold_the_meeting(text, expect):
    (ev,) = _events(text)
    assert _who(ev) == expect
    assert all(p.resolved_from in ("the two companies", "the two countries") for p in ev.participants)


def test_the_two_with_only_one_party_named_before_names_no_one():
    assert _events("Orvik Corp said profits rose.\n\nThe two companies held talks on Monday.") == []


@pytest.mark.parametrize("text, expected", [
    ("Portugal has secured agreement to defer payments on a syndicated loan following five months of negotiations "
     "with creditor banks.", {"Portugal": "country", "creditor banks": "group"}),
    ("Karl Lund was reacting to a statement following his talks with Per Holm.",
     {"Karl Lund": "person", "Per Holm": "person"}),
    ("Orvik Corp said it reached agreement after lengthy talks with Holm Inc.",
     {"Orvik Corp": "organization", "Holm Inc": "organization"}),
])
def test_the_subject_acting_after_talks_with_someone_was_in_them(text, expected):
    (ev,) = _events(text)
    assert _who(ev) == expected


@pytest.mark.parametrize("text, expected", [
    ("Following talks with Holm Inc, Orvik Corp said it would cut jobs.",
     {"Orvik Corp": "organization", "Holm Inc": "organization"}),
    ("At its annual meeting, Orvik Corp said shareholders approved the merger.", {"Orvik Corp": "organization"}),
])
def test_the_subject_after_a_meeting_phrase_opening_the_sentence_was_in_it(text, expected):
    (ev,) = _events(text)
    assert _who(ev) == expected


def test_a_speaker_after_a_clause_following_a_fronted_meeting_is_not_in_it():
    (ev,) = _events("After the OPEC meeting, prices rose, Karl Lund said.")
    assert _who(ev) == {"OPEC": "organization"}


def test_who_speaks_of_others_acting_after_talks_is_not_in_them():
    (ev,) = _events("Analyst Karl Lund said the shares rose following talks with Holm Inc.")
    assert _who(ev) == {"Holm Inc": "organization"}


def test_talking_to_or_with_a_party_is_a_meeting_with_it():
    (ev,) = _events("Orvik Corp is talking to Holm Inc about a merger, Karl Lund said.")
    assert _who(ev) == {"Orvik Corp": "organization", "Holm Inc": "organization"}
    (ev,) = _events("Orvik Corp said it was talking with Holm Inc about selling its business.")
    assert _who(ev) == {"Orvik Corp": "organization", "Holm Inc": "organization"}


def test_the_company_is_the_one_the_story_opens_with():
    got = _events("Orvik Corp said it was considering a unit in Europe.\n\nBorduvia and Ruritania are candidates, and "
                  "Holm Inc runs a plant there.\n\nThe company is negotiating with Tarn Ltd, a spokesman said.")
    (ev,) = [e for e in got if "Tarn Ltd" in _who(e)]
    assert _who(ev) == {"Orvik Corp": "organization", "Tarn Ltd": "organization"}
    (p,) = [p for p in ev.participants if p.name == "Orvik Corp"]
    assert p.resolved_from == "the company"
    assert any(c.quote.startswith("Orvik Corp said") for c in ev.cited("participants"))


def test_it_said_it_is_in_talks_names_the_company_before():
    got = _events("Orvik Corp reported higher profits.\n\nIt said it was talking with other parties about selling "
                  "its business.")
    assert [_who(e) for e in got] == [{"Orvik Corp": "organization", "other parties": "group"}]


def test_the_union_is_the_union_named_before():
    got = _events("The Harbour Workers Union rejected the offer.\n\nThe union is negotiating with Orvik Corp on pay.")
    assert [_who(e) for e in got] == [{"Harbour Workers Union": "organization", "Orvik Corp": "organization"}]


def test_who_said_he_would_talk_to_a_group_is_in_the_meeting():
    (ev,) = _events("Karl Lund said he met with farmers on Monday.")
    assert _who(ev) == {"Karl Lund": "person", "farmers": "group"}
