"""What a meetings picture shows: the listing's [n] numbers, merged spellings, the ego centre, the top-N cap."""

from __future__ import annotations

from collections import Counter

from bot.answer.picture import plan_picture
from bot.answer.timeline import render_timeline
from bot.meetings.records import FieldCitation
from bot.records import Article
from tests.plot.plot_support import event, synthetic

ARTICLES = {"a.txt": Article("a.txt", "a.txt", "Ministers meet", "2021-03-05", "Kyodo", None, "…", "h")}


def three_meetings():
    return [event("1", ["Toshimitsu Motegi", "Antony Blinken"], "2021-03-16"),
            event("2", ["Hayashi Yoshimasa", "Antony Blinken", "Lloyd Austin"], "2023-01-11", "planned"),
            event("3", ["Yoshimasa Hayashi", "Antony Blinken"], None, None)]


def test_timeline_marks_carry_the_listing_numbers_and_sources_name_the_article():
    events = three_meetings()
    events[0].citations.insert(0, FieldCitation("date", "a.txt", "a.txt", "On Tuesday."))
    plan = plan_picture(events, ARTICLES)
    assert plan.view == "timeline" and [m.n for m in plan.marks] == [1, 2, 3]
    assert [m.status for m in plan.marks] == ["held", "planned", "unknown"]
    assert plan.people == ["Toshimitsu Motegi", "Antony Blinken", "Hayashi Yoshimasa", "Lloyd Austin"]
    first = plan.sources[0]
    assert (first.n, first.title, first.date) == (1, "Ministers meet", "2021-03-05")
    assert first.quote == "Toshimitsu Motegi and Antony Blinken met."  # who met, not the date sentence
    assert plan.caption == "3 meeting(s), 4 people; numbers match the sources."


def test_spellings_of_one_person_are_one_row():
    plan = plan_picture(three_meetings(), ARTICLES)
    assert plan.marks[2].people == ["Hayashi Yoshimasa", "Antony Blinken"]
    assert plan.counts["Hayashi Yoshimasa"] == 2


def test_ego_view_for_a_person_puts_them_in_the_centre_and_ranks_who_they_met():
    events = render_timeline(three_meetings() + [event("4", ["Lloyd Austin", "Nobuo Kishi"], "2021-03-16")],
                             "Blinken")
    plan = plan_picture(events, ARTICLES, "Blinken", since=None, until="2023-12")
    assert plan.view == "ego" and plan.centre == "Antony Blinken"
    assert plan.people == ["Hayashi Yoshimasa", "Toshimitsu Motegi", "Lloyd Austin"]
    assert plan.title == "Meetings of Antony Blinken, until 2023-12"
    assert "Nobuo Kishi" not in plan.people


def test_beyond_thirty_meetings_and_twenty_people_the_busiest_are_shown_and_the_caption_says_so():
    events = render_timeline(synthetic(200))
    plan = plan_picture(events, {})
    assert len(plan.marks) == 30 and len(plan.people) <= 20
    assert [m.n for m in plan.marks] == sorted(m.n for m in plan.marks)
    assert all(events[m.n - 1] is m.event for m in plan.marks)  # [n] is the meeting's place in the listing
    assert plan.caption.startswith("Showing the 30 of 200 meetings and") and "with the most meetings" in plan.caption
    busiest = max(plan.counts.values())
    assert all(set(m.people) <= set(plan.people) for m in plan.marks) and busiest >= 3


def test_ego_cap_keeps_the_centre_and_the_people_they_met_most():
    events = synthetic(200)
    busiest = Counter(p.name for e in events for p in e.participants).most_common(1)[0][0]
    theirs = render_timeline(events, busiest)
    plan = plan_picture(theirs, {}, busiest, max_events=10, max_people=5)
    assert plan.centre == busiest and len(plan.people) <= 4 and len(plan.marks) == 10
    assert all(busiest in m.people for m in plan.marks)
    assert plan.caption.startswith(f"Showing the 10 of {len(theirs)} meetings and")
    met = Counter(p for e in theirs for p in {q.name for q in e.participants} - {busiest})
    assert met[plan.people[0]] == max(met.values())


def test_meetings_without_named_participants_give_no_marks():
    assert plan_picture([event("1", [], "2021-03-16")], ARTICLES).marks == []
