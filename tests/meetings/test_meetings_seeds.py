"""The seed articles' meetings, as users rely on them: participants, dates, places, merging, answers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.answer.meetings import answer_from_meetings
from bot.answer.question import analyse
from bot.answer.timeline import render_timeline
from bot.ingest.corpus import read_corpus
from bot.meetings import extract_meetings, load_meetings, save_meetings

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


@pytest.fixture(scope="module")
def world():
    articles = list(read_corpus(CORPUS))
    return extract_meetings(articles), {a.doc_id: a for a in articles}


def _find(events, *surnames):
    want = set(surnames)
    return [e for e in events if {p.name.split()[-1] for p in e.participants} | {
        p.name.split()[0] for p in e.participants} >= want]


def _exact(events, *surnames):
    return [e for e in _find(events, *surnames) if len(e.participants) == len(surnames)]


def test_tokyo_two_plus_two_merges_four_articles_and_pins_the_date(world):
    events, _ = world
    [ev] = [e for e in _find(events, "Blinken", "Austin", "Motegi", "Kishi") if e.place == "Tokyo"
            and len(e.participants) == 4]
    assert ev.date_iso == "2021-03-16"
    assert "pinned" in ev.date_note and "002_12006795119c08ed.txt" in ev.date_note
    assert set(ev.doc_ids) >= {"000_b70c64233ddf4c26.txt", "001_d6defc6c37087f43.txt", "002_12006795119c08ed.txt"}
    assert "two-plus-two" in ev.kind
    assert any("North Korea" in t for t in ev.topics)
    blinken = next(p for p in ev.participants if p.name.endswith("Blinken"))
    assert blinken.name == "Antony Blinken" and blinken.role == "Secretary of State"
    assert blinken.country == "United States"
    assert any(c.field == "date" and c.doc_id.startswith("002") for c in ev.citations)


@pytest.mark.parametrize("pair", [("Motegi", "Blinken"), ("Kishi", "Austin")])
def test_bilateral_talks_on_the_fringes_take_place_and_date(world, pair):
    events, _ = world
    [ev] = _exact(events, *pair)
    assert ev.place == "Tokyo" and ev.date_iso == "2021-03-16" and ev.parent


def test_alaska_meeting_keeps_the_weekday_as_written(world):
    events, _ = world
    [ev] = _find(events, "Blinken", "Yang", "Wang")
    assert ev.place == "Alaska"
    assert ev.date_iso is None and ev.date_text == "Thursday (article undated)"
    assert {p.name for p in ev.participants} == {"Antony Blinken", "Yang Jiechi", "Wang Yi"}


def test_2023_meeting_is_separate_from_2021(world):
    events, _ = world
    [ev] = [e for e in _find(events, "Hayashi", "Hamada") if len(e.participants) == 4]
    assert ev.doc_ids == ["004_3440a27cfb3bedc1.txt"] and ev.reported == ["2023-01-11"]
    assert ev.date_iso is None  # the article never says the day
    countries = {p.name: p.country for p in ev.participants}
    assert countries["Hayashi Yoshimasa"] == "Japan" and countries["Antony Blinken"] == "United States"
    [pair] = _exact(events, "Austin", "Hamada")
    assert any("deterrence" in t for t in pair.topics)


def test_preparatory_video_conference(world):
    events, _ = world
    [ev] = [e for e in events if e.kind == "video conference"]
    assert ev.status == "held" and ev.date_iso == "2021-03-04"
    people = {p.name: (p.role, p.country) for p in ev.participants}
    assert set(people) == {"Marc Knapper", "Mary Beth Morgan", "Yutaka Arima", "Taro Yamato"}
    assert people["Marc Knapper"] == ("Deputy Assistant Secretary of State for Japan and Korea", "United States")
    assert people["Taro Yamato"][1] == "Japan"


def test_every_citation_quotes_its_article(world):
    events, articles = world
    for ev in events:
        for c in ev.citations:
            assert c.quote in articles[c.doc_id].text, c


def test_save_load_roundtrip_and_timeline(world, tmp_path):
    events, _ = world
    save_meetings(events, tmp_path / "meetings.json")
    back = load_meetings(tmp_path / "meetings.json")
    assert [e.to_json() for e in back] == [e.to_json() for e in events]
    line = json.loads(json.dumps(back[0].to_json()))
    assert {"id", "participants", "date", "place", "topics", "status", "citations"} <= set(line)
    timeline = render_timeline(back, "Anthony Blinken")
    dated = [e.date_iso for e in timeline if e.date_iso]
    assert dated == sorted(dated) and timeline[-1].date_iso is None
    assert all(any(p.name == "Antony Blinken" for p in e.participants) for e in timeline)


@pytest.mark.parametrize("question,expect", [
    ("Who did Kishi meet?", "Lloyd Austin"),
    ("When did Blinken meet Yang Jiechi?", "Thursday"),
    ("What did Austin and Hamada discuss?", "deterrence"),
    ("Who met whom in January 2023?", "Hayashi Yoshimasa"),
])
def test_answers(world, question, expect):
    events, articles = world
    ans = answer_from_meetings(analyse(question), events, articles)
    assert ans is not None and expect in ans.answer
    numbers = {c.n for c in ans.citations}
    import re

    marks = {int(n) for n in re.findall(r"\[(\d+)\]", ans.answer)}
    assert marks and marks <= numbers


def test_non_meeting_question_falls_back(world):
    events, articles = world
    assert answer_from_meetings(analyse("What is the Senkaku dispute?"), events, articles) is None
    assert answer_from_meetings(analyse("Who did Zelensky meet?"), events, articles) is None
