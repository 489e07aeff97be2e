"""Precision of meeting events: broken names, non-people, non-places and other senses of "meet" (hand-made text)."""

from __future__ import annotations

import pytest

from bot.meetings import wide
from bot.meetings.people import find_people
from tests.meetings.reading import events as _events
from tests.meetings.reading import who as _who


def _names(text: str) -> set[str]:
    return {p.name for ev in _events(text) for p in ev.participants}


def test_a_company_named_general_something_is_no_general():
    assert find_people("General Dynamics shares rose ahead of an investor meeting on Thursday.") == []
    assert find_people("Lindqvist said it broke off talks with General Turbine Corp last week.") == []
    assert find_people("A spokesman for the General Settlement on Shipping told a briefing.") == []
    assert [m.name for m in find_people("General Tomas Brandt met General Okafor in Lagos.")] == [
        "Tomas Brandt", "Okafor"]


def test_a_company_named_general_something_makes_no_participant():
    assert "Turbine" not in _names("Orvik Inc said it held talks with General Turbine Corp on a joint venture.")


def test_a_name_after_a_particle_or_with_a_spaced_hyphen_is_read_whole():
    (m,) = find_people("Sheikh Hamad bin Sultan al-Mansouri, chairman of a bank, told reporters.")
    assert m.name == "Hamad bin Sultan al-Mansouri"
    (m,) = find_people("Foreign Minister Jean - Luc Moreau arrived on Monday .")
    assert m.name == "Jean-Luc Moreau"


def _places(text: str) -> list[str | None]:
    return [ev.place for ev in _events(text)]


def test_a_demonym_a_person_or_a_company_is_no_place():
    assert _places("Deputy Minister Anna Berg held talks with Nordbank in Ruritanian debt negotiations.") == [None]
    assert _places("Minister Anna Berg will meet Chairman Per Lund tomorrow, an aide to Holm said.") == [None]
    assert _places("Minister Anna Berg met Chairman Lars Holm at KPXL on Monday.") == [None]
    assert _places("Minister Anna Berg met Chairman Lars Holm, who has a stake in Taft Shipping Co.") == [None]
    assert _places("Minister Anna Berg met Chairman Lars Holm at Lindholm House.") == ["Lindholm House"]


def test_a_place_where_a_party_is_based_or_a_destination_without_going_is_no_meeting_place():
    text = "Chairman Lars Holm of Orvik, a firm based in Hamburg, held talks with Minister Anna Berg."
    assert _places(text) == [None]
    assert _places("Minister Anna Berg met Chairman Lars Holm to discuss loans to Peru.") == [None]
    assert _places("Minister Anna Berg flew to Lima for talks with Chairman Lars Holm.") == ["Lima"]


def test_a_place_phrase_is_cut_to_the_known_place():
    assert _places("Minister Anna Berg met Ambassador Lars Holm in Oslo Tuesday.") == ["Oslo"]


def test_met_with_a_reaction_is_no_meeting():
    assert _events("Minister Anna Berg's tax plan met with a cool response from Chairman Lars Holm.") == []
    assert _events("Minister Anna Berg met with strong resistance in the northern provinces.") == []
    assert "Anna Berg" in _names("Minister Anna Berg met with opposition leaders in Bergen on Friday.")


def test_a_parliamentary_session_is_no_meeting():
    assert _events("Finance Minister Anna Berg told a parliamentary session that the krone was too strong.") == []
    assert _events("Finance Minister Anna Berg spoke at a session of the Diet on Tuesday.") == []


def test_a_meeting_word_inside_a_company_name_is_no_meeting():
    text = "Orvik Inc said its largest shareholder, Summit Lindqvist Holdings Inc, raised its stake to 15 pct."
    assert _events(text) == []


def test_a_spokesman_reporting_a_meeting_is_no_participant():
    text = "Spokesman Per Lund said President Anna Berg met with Chairman Lars Holm at the White House."
    assert _names(text) == {"Anna Berg", "Lars Holm"}
    text = "Trade Minister Per Lund has said a statement of support is part of a strategy for the farm talks."
    assert _events(text) == []


def test_a_speaker_who_tells_of_their_own_meeting_or_addresses_it_stays():
    assert "Per Lund" in _names("Minister Per Lund said he had met Chairman Lars Holm on Monday.")
    assert "Per Lund" in _names("Minister Per Lund said the talks with Chairman Lars Holm went well.")
    assert "Per Lund" in _names("Minister Per Lund told a meeting of bankers in Oslo that rates would fall.")
    assert "Per Lund" in _names("Minister Per Lund said rates will be discussed at next week's meeting of the "
                                "council.")
    assert "Per Lund" in _names("Prices will rise, Minister Per Lund told Reuters during the bank's annual meeting.")
    assert "Per Lund" in _names("Minister Per Lund told a news conference in Oslo at the end of a meeting of "
                                "finance ministers that rates would rise.")
    assert "Per Lund" in _names("Minister Per Lund said there was concern in yesterday's meetings about rates.")
    assert "Per Lund" in _names("Rates will fall, Chairman Per Lund told some 3,000 executives attending the "
                                "bankers' annual conference.")


def test_a_speaker_on_what_others_did_at_a_meeting_is_no_party():
    assert "Per Lund" not in _names("Minister Per Lund said the leadership of his own party repeated its support for "
                                    "the plan at a meeting this week.")


def test_a_body_then_a_role_then_a_name_is_that_person():
    assert _names("Finance Minister Anna Berg met Nordbank president Lars Holm in Oslo.") == {"Anna Berg",
                                                                                            "Lars Holm"}


def test_regions_provinces_and_bare_titles_are_no_participants():
    assert "Scandinavia" not in _names("Minister Anna Berg was scheduled to visit Scandinavia and Belgium.")
    assert "Otago" not in _names("Orvik, which is based in Dunedin, Otago, said it is still talking with two "
                                 "other companies.")
    assert "President" not in _names("Chairman Lars Holm will be meeting with the President on Monday.")


def test_an_organisation_name_holding_and_is_read_whole():
    text = "The union has been in negotiations with the Northern Association of Timber and Paper Merchants, a group."
    assert _names(text) == {"Northern Association of Timber and Paper Merchants"}
    text = "Orvik Inc held talks with the Coastal Savings and Loan Guarantee Corp on Monday."
    assert "Coastal Savings" not in _names(text)


def test_a_meeting_asked_about_opposed_or_only_sought_is_no_meeting():
    text = "The spokesman would not say whether Chairman Lars Holm will be meeting with Minister Anna Berg."
    assert _events(text) == []
    assert _events("Minister Anna Berg continued to oppose a budget summit with Chairman Lars Holm.") == []
    assert _events("Orvik Corp said it has requested a meeting with Chairman Lars Holm.") == []
    assert _events("Minister Anna Berg remains open to talks with Chairman Lars Holm, her office said.") == []


def test_speakers_with_others_and_speakers_naming_another_side_only_report():
    text = "Trade Minister Per Lund and other officials have said the U.S. and Japanese trade talks will not delay it."
    assert "Per Lund" not in _names(text)
    text = "President Anna Berg said Norway would offer a draft treaty at talks with the Soviet Union tomorrow."
    assert "Anna Berg" not in _names(text)


def test_the_parties_after_a_meeting_word_end_at_the_next_verb():
    text = ("The talks between the dock workers' union and the port authority were the first since Labor Minister "
            "Per Lund announced the appointment of a mediator.")
    assert "Per Lund" not in _names(text)


def test_a_clause_with_a_common_noun_subject_does_not_take_a_name_from_before():
    text = ("Minister Anna Berg said General Per Lund phoned him on Friday, and the king met Nordbank chief Lars Holm "
            "in Oslo.")
    assert "Per Lund" not in _names(text)


def test_a_trip_to_places_only_is_no_meeting():
    assert _events("Secretary Ana Ruiz will visit Peru next week.") == []
    assert _events("President Tomas Vidal visited Lima and Quito in November.") == []
    assert _events("Minister Ana Ruiz, during a brief visit to London on her way home from Oslo, told reporters "
                   "prices would rise.") == []


def test_an_organisation_before_and_then_a_stop_word_is_read_alone():
    from bot.meetings.actors import all_actors

    found = all_actors("Talks with the Union of Farmers and The Times ended.", [])
    assert [m.name for m in found][:1] == ["Union of Farmers"]


def test_met_with_a_body_named_in_capitals_is_a_meeting_whatever_follows():
    from bot.meetings.frames import other_sense

    text = "Farmers met with NGB to express opposition to the quota."
    assert not other_sense(text, text.index("met"), text.index("met") + len("met with"))
    text = "The plan met with opposition to the quota."
    assert other_sense(text, text.index("met"), text.index("met") + len("met with"))


def test_a_meeting_someone_else_urges_asks_or_calls_for_is_none():
    assert _events("The senators urged President Ann Reyes to step up negotiations with Brazil on farm trade.") == []
    assert _events("The regulator asked the Orvik utility to meet with its bondholders to work out a plan.") == []
    assert _events("Finance Minister Paul Okafor called for a swift convening of a meeting of regional banks.") == []
    assert _events("Minister Paul Okafor called on Norway to engage in dialogue over the fishing dispute.") == []


def test_a_meeting_that_was_to_have_taken_place_is_none():
    assert _events("The cartel's pricing committee was to have met in Geneva on Monday, but it was put off.") == []


def test_a_meeting_called_for_a_day_is_set():
    events = _events("The employers wrote to the union asking it to reconsider, and a meeting of union members has "
                     "been called for tomorrow.")
    assert [sorted(p.name for p in e.participants) for e in events] == [["union members"]]


def test_meeting_demands_or_rules_written_with_capitals_is_no_meeting():
    assert _events("Finance Minister Ola Berg said Norway had taken steps to meet U.S. Demands for growth.") == []
    assert _events("The airline said more papers were needed to meet FAA rules by March.") == []


def test_he_or_she_met_a_named_person_gives_the_meeting_with_the_person_read_back():
    events = _events("Minister Ann Reyes arrived in Lima on Sunday. She met Trade Minister Tom Weber on Monday.")
    assert [sorted(p.name for p in e.participants) for e in events] == [["Ann Reyes", "Tom Weber"]]
    assert _events("Prices fell on Monday. The mill met Tuesday's deadline for its first shipments.") == []


def test_a_meeting_only_offered_or_that_someone_is_willing_to_hold_is_none():
    assert _events("Orvik Corp said it received an offer to enter into negotiations with Halden Holdings Inc.") == []
    assert _events("Minister Lena Dahl said Norway is willing to negotiate with Sweden about fishing quotas.") == []
    assert _events("Minister Lena Dahl offered to meet Finance Minister Ola Berg in Oslo.") == []


def test_summit_in_an_association_name_is_no_summit():
    assert _events("Shares of Summit Savings Association rose after Governor Ola Berg spoke on Monday.") == []


def test_meet_a_need_is_no_meeting_however_many_words_qualify_it_but_a_named_party_is_met():
    assert _events("Minister Anna Holm doubted the government would meet the fiscal year 1988 deficit reduction "
                   "target.") == []
    assert _events("Prime Minister Lars Berg said Japan would meet government pledges to expand imports.") == []
    assert _events("Minister Anna Holm doubted the target would be met.") == []
    (ev,) = _events("Minister Anna Holm will meet Lars Berg on targets for the fund.")
    assert {p.name for p in ev.participants} == {"Anna Holm", "Lars Berg"}


def test_a_meeting_someone_only_guesses_might_happen_is_no_meeting():
    assert _events("Anna Holm said she had no indication when the Orvik Commission might meet on the plan.") == []
    assert _events("Traders said OPEC might have to hold an extraordinary meeting in June.") == []
    (ev,) = _events("Anna Holm met Lars Berg in Oslo, who might become minister.")
    assert {p.name for p in ev.participants} == {"Anna Holm", "Lars Berg"}


def test_a_peoples_adjective_before_a_role_is_no_participant_and_the_role_holder_is():
    (ev,) = _events("The panel was agreed during talks between Trade Minister Anna Holm and Ruritanian minister "
                    "without portfolio Lars Berg.")
    assert _who(ev) == {"Anna Holm": "person", "Lars Berg": "person"}


def test_a_speaker_who_only_gives_a_view_of_a_meeting_is_no_participant_but_one_who_hopes_to_meet_is():
    (ev,) = _events("Minister Anna Holm said she hopes Prime Minister Lars Berg will make proposals at a meeting with "
                    "President Ivo Rask this week.")
    assert _who(ev) == {"Lars Berg": "person", "Ivo Rask": "person"}
    assert all("Anna Holm" not in _who(e) for e in _events(
        "Minister Anna Holm said she welcomed the outcome of last week's summit of leaders in Oslo."))
    assert all("Anna Holm" not in _who(e) for e in _events(
        "Minister Anna Holm said she hoped steps could be agreed at forthcoming international meetings in Oslo."))
    (ev,) = _events("Minister Anna Holm said she hoped to meet Lars Berg in Oslo.")
    assert _who(ev) == {"Anna Holm": "person", "Lars Berg": "person"}
    (ev,) = _events("Minister Anna Holm said she expected a good outcome at next week's meeting with Lars Berg.")
    assert _who(ev) == {"Anna Holm": "person", "Lars Berg": "person"}


def test_a_proposed_meeting_an_idea_of_one_or_a_willingness_to_negotiate_is_no_meeting():
    assert _events("Ruritania proposed a meeting of prime ministers to improve relations with Orvania.") == []
    assert _events("Aides said Lars Berg, who has been pushing the idea of a budget summit with Anna Holm, is "
                   "anxious.") == []
    assert _events("Orvik Corp also reiterated its willingness to negotiate with Holm Industries Inc.") == []


def test_an_owner_or_a_seat_of_incorporation_is_no_place_of_the_meeting():
    (ev,) = _events("Minister Lars Berg said he backed the decisions at OPEC's December conference.")
    assert ev.place is None
    (ev,) = _events("Orvik Corp said shareholders at a special meeting approved its reincorporation in Delaware.")
    assert ev.place is None


def test_receiving_a_bodys_approval_is_no_meeting_but_receiving_a_person_is():
    assert _events("Orvik Corp said it received U.S. Food and Drug Administration approval to market its test.") == []
    (ev,) = _events("President Anna Holm received Prime Minister Lars Berg warmly.")
    assert _who(ev) == {"Anna Holm": "person", "Lars Berg": "person"}


def test_no_plans_slim_prospects_and_a_bare_willing_tell_no_meeting():
    assert _events("Minister Ali Sabah said there were no plans for an emergency OPEC meeting to review prices.") == []
    assert _events("Prospects appear slim for a summer meeting between U.S. and Soviet officials, they said.") == []
    assert _events("Undersecretary Dan Amstutz said the United States is willing talk with Kuwait about prices.") == []
    (ev,) = _events("Oil Minister Ali Sabah said OPEC plans to hold an emergency meeting in Vienna.")
    assert (ev.status, ev.place) == ("planned", "Vienna")


def test_a_capitalised_word_with_a_number_is_a_unit_not_a_person():
    (ev,) = _events("Union chief Lena Vik met with officials of Local 594 in Bergen this morning.")
    assert _who(ev) == {"Lena Vik": "person", "Local 594": "organization"}


def test_a_speaker_back_from_a_meeting_took_part_and_a_nations_people_are_a_group():
    text = ("Minister Per Lund spoke on Monday. Lund told Reuters on his return from a World Bank sponsored donors' "
            "conference in Rome that the aid would help.")
    (ev,) = _events(text)
    assert set(_who(ev)) == {"Per Lund"}
    (ev,) = _events("Orvik Corp said it is holding talks with the Soviets.")
    assert _who(ev) == {"Orvik Corp": "organization", "Soviets": "group"}


def test_a_travel_warning_is_no_visit_and_opposition_is_no_opposed_meeting():
    assert _events("The State Department renewed its warning to Americans not to travel to Peru.") == []
    text = "Lund denied opposition charges that his visit to Lima had failed."
    assert not wide.negated(text, text.index("visit"))  # "opposition" opposes no visit
    text = "Lund opposes a summit with Peru."
    assert wide.negated(text, text.index("summit"))


def test_a_peoples_adjective_is_no_place_but_a_countrys_short_form_is():
    from bot.meetings.geo import is_place_name

    for adjective in ("Soviet", "Czechoslovak", "Slovak", "Icelandic", "Cypriot", "Tajik", "Turkmen", "Russian"):
        assert not is_place_name(adjective), adjective
    for short in ("USSR", "U.S.", "Britain", "Kuwait", "Soviet Union"):
        assert is_place_name(short), short


def test_a_speaker_reporting_what_a_country_did_at_a_meeting_is_not_shown_there():
    assert "Per Lund" not in _names("Minister Per Lund said Norway expected a good response at last weekend's "
                                    "meeting.")
    assert "Per Lund" not in _names("Minister Per Lund said Norway and Sweden would press the point at the meeting.")


@pytest.mark.parametrize("text", [
    "Orvik Corp said it had tried unsuccessfully to open merger discussions with Holm Inc.",
    "Orvik Corp said it wanted to discuss with the Holm Inc board key roles for its managers.",
    "Orvik Corp said it would still prefer to negotiate with Holm Inc.",
    "Tarn Holdings Plc suggested talks with Holm Inc but was rebuffed.",
    "Orvik Corp said it has deferred the annual meeting it had scheduled for March 31.",
    "Lund declined to say whether Orvik Corp and Holm Inc had held any recent settlement talks.",
])
def test_a_meeting_tried_for_wanted_suggested_put_off_or_asked_about_is_no_meeting(text):
    assert _events(text) == []


def test_a_meeting_put_off_to_a_new_date_is_still_set():
    (ev,) = _events("Orvik Corp said it postponed its annual meeting to May 21.")
    assert _who(ev) == {"Orvik Corp": "organization"}


def test_the_object_of_one_meeting_phrase_is_no_side_of_the_next():
    got = _events("Tarnby Shipping Co said so.\n\nDome responded by suspending discussions with Tarnby in order to "
                  "pursue talks with other unidentified parties.")
    assert [_who(e) for e in got] == [{"Tarnby Shipping Co": "organization"},
                                      {"other unidentified parties": "group"}]


def test_he_telling_the_conference_may_be_the_press_conference_told_before():
    assert _events("The chairman told a press conference that firms will diversify.\n\nKarl Lund said investment is "
                   "decreasing.\n\nInsurers are placing funds elsewhere, he told the conference.") == []


def test_he_after_what_he_said_is_the_person_named_last_before():
    got = _events("A cut would stabilize Bass Straits oil output, resources analyst Karl Lund said here.\n\nA "
                  "reduction would keep output, he told the Petroleum Exploration Association annual conference.")
    assert [_who(e) for e in got] == [{"Karl Lund": "person"}]


def test_meeting_a_pattern_or_seeking_talks_is_no_meeting():
    assert _events("The union will strike unless Orvik Motors of Canada Ltd meets the pattern and settles.") == []
    assert _events("Karl Lund said he will seek further talks with Trade Representative Per Holm.") == []


@pytest.mark.parametrize("text", [
    "Ruritania still seems willing to talk to the Fund under its annual consultations, Per Holm said.",
    "Their attempts to enlist Borduvia and Ruritania had been met with advice to talk first to banks.",
    "President Karl Lund rejected calls from creditors and some businessmen that the government talk to the Fund.",
    "Finance Minister Per Holm said he will advise Ruritania to take up discussions with its bank creditors.",
])
def test_a_meeting_one_only_seems_willing_to_hold_or_is_advised_to_hold_is_no_meeting(text):
    assert _events(text) == []


def test_talking_to_reporters_is_no_meeting():
    assert _events("Karl Lund, talking to reporters, said the bid had failed.") == []
    assert _events("Orvik Corp chairman Karl Lund talked to journalists after the vote.") == []


@pytest.mark.parametrize("text", [
    "Karl Lund met with reporters after the vote.",
    "Karl Lund said he would consider talks with Holm Inc.",
    "Karl Lund recommends that new meetings be scheduled with Holm Inc.",
    "Buyers would be given the opportunity to talk with Holm Inc managers.",
    "Orvik Corp said the loan may be drawn if the company has met certain performance levels.",
])
def test_the_press_a_weighed_or_recommended_meeting_and_a_level_met_are_no_meeting(text):
    assert _events(text) == []


def test_a_real_meeting_at_which_something_is_recommended_or_considered_stays():
    (ev,) = _events("Orvik Corp said chairman Karl Lund intends to recommend to the board at its next regular meeting "
                    "on October 27 that the dividend be raised.")
    assert "board" in _who(ev)
