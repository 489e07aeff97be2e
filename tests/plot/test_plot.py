"""The pictures, checked through the figure: marks, names, sizes, legible text, no label on another."""

from __future__ import annotations

import sys

import pytest
from matplotlib.lines import Line2D

from bot.answer.picture import plan_picture
from bot.answer.timeline import render_timeline
from bot.plot import INSTALL_HINT, PlotUnavailable, draw_figure, render
from bot.plot.sheet import drawn_texts, overlapping_labels
from bot.plot.style import MAX_BYTES, MAX_PX, STATUS_COLOUR
from tests.plot.plot_support import FIRST, LAST, event, png_size, synthetic

PREVIEW_PX = 550  # Discord's preview width on a phone
OKABE_ITO = {"#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#BBBBBB"}


def few():
    return [event("1", ["Toshimitsu Motegi", "Antony Blinken"], "2021-03-16"),
            event("2", ["Nobuo Kishi", "Lloyd Austin"], "2021-03-16", "planned"),
            event("3", ["Antony Blinken", "Lloyd Austin", "Hamada Yasukazu"], None, "planned"),
            event("4", ["Antony Blinken", "Wang Yi"], "2021-03-18")]


def smallest_preview_px(sheet) -> float:
    return min(t.get_fontsize() * sheet.dpi / 72 for t in drawn_texts(sheet.fig)) * PREVIEW_PX / sheet.width


def test_timeline_shows_every_meeting_numbered_and_every_participant_by_name():
    events = render_timeline(few())
    picture = render(plan_picture(events, {}))
    assert picture.view == "timeline" and picture.marks == [1, 2, 3, 4]
    assert sorted(picture.labels) == sorted({p.name for e in events for p in e.participants})
    assert png_size(picture.png) == (picture.width, picture.height) and max(png_size(picture.png)) <= MAX_PX
    assert len(picture.png) <= MAX_BYTES and picture.overlaps == []


def test_timeline_has_an_undated_strip_and_markers_per_status():
    sheet = draw_figure(plan_picture(render_timeline(few()), {}))
    dates = [t.get_text() for t in drawn_texts(sheet.fig) if t.get_gid() == "date"]
    assert dates == ["2021-03-16", "2021-03-18", "undated"]
    dots = {line.get_gid(): line for line in sheet.fig.findobj(Line2D) if str(line.get_gid()).startswith("dot:")}
    assert set(dots) == {"dot:1", "dot:2", "dot:3", "dot:4"}
    assert len(dots["dot:4"].get_xdata()) == 3  # the undated meeting: one dot per participant
    assert dots["dot:1"].get_marker() != dots["dot:2"].get_marker()  # held and planned differ in shape too
    assert {dots[k].get_markeredgecolor().upper() for k in dots} <= OKABE_ITO
    assert set(STATUS_COLOUR.values()) <= OKABE_ITO


def test_ego_graph_puts_the_person_in_the_centre_with_one_line_per_person_met():
    events = render_timeline(few(), "Blinken")
    sheet = draw_figure(plan_picture(events, {}, "Blinken"))
    texts = drawn_texts(sheet.fig)
    assert [t.get_text() for t in texts if t.get_gid() == "centre"] == ["Antony Blinken"]
    people = sorted(t.get_text() for t in texts if t.get_gid() == "person")
    assert people == ["Hamada Yasukazu", "Lloyd Austin", "Toshimitsu Motegi", "Wang Yi"]
    edges = [line for line in sheet.fig.findobj(Line2D) if str(line.get_gid()).startswith("edge:")]
    assert len(edges) == 4 and all(line.get_gid() == "edge:1" for line in edges)
    labels = " ".join(t.get_text() for t in texts if t.get_gid() == "mark")
    assert labels.count("2021-03-16 [1]") == 1 and labels.count("2021-03-18 [2]") == 1
    assert labels.count("undated [3]") == 2  # one meeting with two others: on both lines
    assert overlapping_labels(sheet.fig) == []


def test_edge_width_grows_with_the_number_of_meetings():
    events = render_timeline([event(str(i), ["Ann Lee", "Bo Kim"], f"2021-0{i}-01") for i in range(1, 4)]
                             + [event("9", ["Ann Lee", "Cy Park"], "2021-05-01")], "Ann Lee")
    sheet = draw_figure(plan_picture(events, {}, "Ann Lee"))
    widths = {line.get_gid(): line.get_linewidth() for line in sheet.fig.findobj(Line2D)
              if str(line.get_gid()).startswith("edge:")}
    assert widths["edge:3"] > widths["edge:1"]


@pytest.mark.parametrize("person", [None, "busiest"])
def test_200_meetings_render_capped_without_overlaps_and_legible_on_a_phone(person):
    events = synthetic(200)
    if person:
        person = max({p.name for e in events for p in e.participants},
                     key=lambda n: sum(n in {p.name for p in e.participants} for e in events))
    listed = render_timeline(events, person)
    plan = plan_picture(listed, {}, person)
    picture = render(plan)
    assert len(picture.marks) == len(plan.marks) == min(30, len(listed)) and len(picture.labels) <= 20
    if len(listed) > 30:
        assert picture.caption.startswith(f"Showing the 30 of {len(listed)} meetings")
    assert picture.overlaps == [] and max(picture.width, picture.height) <= MAX_PX
    assert smallest_preview_px(draw_figure(plan)) >= 10


def test_thirty_meetings_of_twenty_people_label_clear():
    names = [f"{first} {last}" for first in FIRST[:10] for last in LAST[:2]]
    events = [event(str(i), [names[i % 20], names[(i * 7 + 3) % 20]], f"2021-{i % 12 + 1:02d}-{i % 27 + 1:02d}")
              for i in range(26)] + [event(f"u{i}", [names[i], names[i + 1]], None) for i in range(4)]
    plan = plan_picture(render_timeline(events), {})
    assert len(plan.marks) == 30 and len(plan.people) == 20
    picture = render(plan)
    assert picture.overlaps == [] and picture.marks == list(range(1, 31)) and sorted(picture.labels) == names


def test_without_matplotlib_drawing_says_how_to_install_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib now raises ImportError
    with pytest.raises(PlotUnavailable) as err:
        draw_figure(plan_picture(few(), {}))
    assert str(err.value) == INSTALL_HINT and "whomet[plot]" in INSTALL_HINT


def test_a_plan_without_meetings_is_refused():
    with pytest.raises(ValueError):
        render(plan_picture([], {}))
