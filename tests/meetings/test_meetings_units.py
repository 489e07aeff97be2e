"""Relative dates, alias folding and title parsing, independent of the seed corpus."""

from __future__ import annotations

from bot.meetings.dates import resolve
from bot.meetings.people import find_people
from bot.text.names import same_person, surname_match


def test_relative_dates_against_article_date():
    assert resolve("next Monday", "2021-03-12").iso == "2021-03-15"
    assert resolve("until Wednesday", "2021-03-12").iso == "2021-03-17"
    assert resolve("Thursday", "2021-03-05", "held").iso == "2021-03-04"
    assert resolve("the following week", "2021-03-12").window == ("2021-03-15", "2021-03-21")
    assert resolve("mid-March", "2021-03-05").window == ("2021-03-11", "2021-03-20")


def test_undated_weekday_is_never_invented():
    fact = resolve("Tuesday", None)
    assert fact.iso is None and fact.weekday == 1
    assert resolve("March 18", None).iso is None


def test_aliases():
    assert same_person("Antony Blinken", "Anthony Blinken")
    assert same_person("Hayashi Yoshimasa", "Yoshimasa Hayashi")
    assert not same_person("Kim Jong Un", "Kim Jong Il")
    assert not same_person("Lloyd Austin", "Antony Blinken")
    assert surname_match("Blinken", "Antony Blinken") and not surname_match("Austin", "Antony Blinken")


def test_titles_roles_and_countries():
    people = find_people("German Chancellor Olaf Scholz met French President Emmanuel Macron's envoy and "
                         "Under Secretary of State for Political Affairs Victoria Nuland on Friday.")
    got = {p.name: (p.role, p.country, p.possessive) for p in people}
    assert got["Olaf Scholz"] == ("Chancellor", "Germany", False)
    assert got["Emmanuel Macron"] == ("President", "France", True)
    assert got["Victoria Nuland"][0] == "Under Secretary of State for Political Affairs"


def test_meeting_answer_never_carries_an_articles_own_citation_marker():
    from bot.answer.cited_event import _plain

    assert _plain("the Senkaku Islands [3] and trade [12]") == "the Senkaku Islands and trade"


def test_meeting_answers_respect_the_year_asked_about():
    from bot.answer.meetings import answer_from_meetings
    from bot.answer.question import analyse
    from bot.meetings.records import FieldCitation, MeetingEvent, Participant

    def event(eid: str, year: str) -> MeetingEvent:
        cite = FieldCitation(f"d{year}", f"d{year}.txt", f"The ministers met in Oslo in {year}.", "participants")
        return MeetingEvent(id=eid, participants=[Participant("Anna Berg", "Foreign Minister", "Norway"),
                                                  Participant("Luis Soto", "Foreign Minister", "Chile")],
                            date_iso=f"{year}-05-02", place="Oslo", citations=[cite])

    events = [event("m1", "1987"), event("m2", "2023")]
    answer = answer_from_meetings(analyse("Who did Anna Berg meet in 2023?"), events, {})
    assert answer is not None and "2023-05-02" in answer.answer and "1987" not in answer.answer
    assert answer_from_meetings(analyse("Who did Anna Berg meet in 1999?"), events, {}) is None
