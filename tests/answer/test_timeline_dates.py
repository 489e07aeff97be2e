"""--since/--until: yyyy-mm-dd or yyyy-mm, inclusive, undated meetings left out; bad dates are one sentence."""

from __future__ import annotations

import pytest

from bot.answer.timeline import DateError, date_range, parse_bound, period_label, render_timeline
from tests.plot.plot_support import event

EVENTS = [event("a", ["Ann Lee", "Bo Kim"], "2021-02-28"), event("b", ["Ann Lee", "Cy Park"], "2021-03-01"),
          event("c", ["Bo Kim", "Cy Park"], "2021-03-31"), event("d", ["Ann Lee", "Dee Ray"], "2021-04-01"),
          event("e", ["Ann Lee", "Bo Kim"], None)]


def ids(events) -> list[str]:
    return [e.id for e in events]


def test_month_and_day_bounds_are_inclusive():
    assert ids(render_timeline(EVENTS, since="2021-03", until="2021-03")) == ["b", "c"]
    assert ids(render_timeline(EVENTS, since="2021-03-01", until="2021-03-31")) == ["b", "c"]
    assert ids(render_timeline(EVENTS, since="2021-03-02")) == ["c", "d"]
    assert ids(render_timeline(EVENTS, until="2021-02")) == ["a"]
    assert ids(render_timeline(EVENTS, "Bo Kim", since="2021-03")) == ["c"]


def test_without_bounds_nothing_changes_and_with_one_undated_meetings_are_left_out():
    assert ids(render_timeline(EVENTS)) == ["a", "b", "c", "d", "e"]
    assert "e" not in ids(render_timeline(EVENTS, since="2000-01"))


@pytest.mark.parametrize("bad", ["2021", "2021-13", "2021-02-30", "march", "2021/03/01", "21-03-01", "2021-3"])
def test_bad_dates_are_refused_with_one_sentence(bad):
    with pytest.raises(DateError) as err:
        render_timeline(EVENTS, since=bad)
    message = str(err.value)
    assert message.startswith("the since date") and "2021-03-16 or 2021-03" in message and "\n" not in message


def test_a_range_that_ends_before_it_starts_is_refused_but_a_day_inside_the_end_month_is_not():
    with pytest.raises(DateError, match="after the until date"):
        date_range("2021-04", "2021-03-31")
    assert date_range("2021-03-16", "2021-03") == ("2021-03-16", "2021-03")
    assert date_range(" 2021-03 ", "") == ("2021-03", None) and parse_bound(None) is None


def test_period_label():
    assert period_label("2021-03", "2021-12") == "2021-03 to 2021-12"
    assert period_label("2021-03", None) == "since 2021-03" and period_label(None, "2021") == "until 2021"
    assert period_label(None, None) == ""
