"""Companies named in full and then by a short name, on invented wire-style sentences."""

from __future__ import annotations

import pytest

from bot.meetings.bodies import Bodies
from tests.meetings.reading import events, who


def _shorts(sentence: str) -> dict[str, str]:
    bodies = Bodies()
    bodies.learn(sentence)
    return bodies.short


@pytest.mark.parametrize("sentence,expect", [
    ("Orvik Shipping Co said profits rose.", {"Orvik Shipping": "Orvik Shipping Co", "Orvik": "Orvik Shipping Co"}),
    ("Talks with Holm Protection Group Inc ended.",
     {"Holm Protection Group": "Holm Protection Group Inc", "Holm Protection": "Holm Protection Group Inc",
      "Holm": "Holm Protection Group Inc"}),
    ("Lindqvist International Ltd <LIN.L> said so.",
     {"Lindqvist International": "Lindqvist International Ltd", "Lindqvist": "Lindqvist International Ltd"}),
    ("Brask Marine Co PLC said so.", {"Brask Marine": "Brask Marine Co PLC", "Brask": "Brask Marine Co PLC"}),
    ("Tarn Pirie Scott and Co said so.",
     {"Tarn Pirie Scott": "Tarn Pirie Scott and Co", "Tarn": "Tarn Pirie Scott and Co"}),
])
def test_short_names_of_a_registered_name(sentence, expect):
    assert _shorts(sentence) == expect


@pytest.mark.parametrize("sentence", [
    "General Dynamo Corp said so.",  # "General" alone names no company
    "British Tallow Co PLC said so.",  # nor does a people's adjective
    "Oslo Brewing AB said so.",  # nor a town
])
def test_first_words_that_name_no_company(sentence):
    shorts = _shorts(sentence)
    assert shorts and all(" " in short for short in shorts)


def test_a_short_name_is_read_only_as_a_whole_run_and_not_as_a_possessive():
    bodies = Bodies()
    bodies.learn("Orvik Shipping Co said profits rose.")
    found = bodies.read("Orvik said Orvik Shipping Line and Orvik's banks agreed; Orvik officials met.", [])
    assert [(m.name, m.surface, m.kind) for m in found] == [
        ("Orvik Shipping Co", "Orvik", "organization"), ("Orvik Shipping Co", "Orvik", "organization")]
    assert found[1].end == found[1].start + len("Orvik officials")  # the body's officials, as one actor


def test_the_short_name_of_a_company_named_before_is_that_company_in_its_talks():
    got = events("Tarnby Shipping Co <TRN> said first-quarter profits rose.\n\n"
                 "Tarnby said discussions with Holm Inc concerning the tender were continuing.")
    assert [who(e) for e in got] == [{"Tarnby Shipping Co": "organization", "Holm Inc": "organization"}]
    assert got[0].participants[0].mention == "Tarnby"


def test_a_short_name_before_its_company_is_named_stays_unknown():
    got = events("Tarnby said discussions with Holm Inc were continuing.\n\nTarnby Shipping Co said profits rose.")
    assert [who(e) for e in got] == [{"Holm Inc": "organization"}]


def test_company_officials_addressing_a_meeting_by_the_short_name():
    got = events("Vesper Restaurant Corp said it began an exchange offer.\n\n"
                 "Vesper officials told an analysts meeting that investors will receive ten shares.")
    assert [who(e) for e in got] == [{"Vesper Restaurant Corp": "organization"}]


@pytest.mark.parametrize("text,name", [
    ("Orvik NV held talks with Holm Inc on the sale.", "Orvik NV"),
    ("Orvik AB held talks with Holm Inc on the sale.", "Orvik AB"),
    ("Orvik SpA held talks with Holm Inc on the sale.", "Orvik SpA"),
])
def test_european_legal_forms_end_a_company_name(text, name):
    assert who(events(text)[0]) == {name: "organization", "Holm Inc": "organization"}


@pytest.mark.parametrize("text,expect", [
    ("Orvik Corp chairman Per Lund said the company had ended talks with Holm Inc about the sale.",
     {"Orvik Corp": "organization", "Holm Inc": "organization"}),
    ("Orvik Corp said the company will hold talks with Holm Inc.",
     {"Orvik Corp": "organization", "Holm Inc": "organization"}),
])
def test_the_company_the_speaker_speaks_for(text, expect):
    (ev,) = events(text)
    assert who(ev) == expect
    assert any(p.mention == "the company" for p in ev.participants)


def test_the_company_after_a_speaker_of_no_body_is_nobody():
    (ev,) = events("Finance Minister Per Lund said the company had ended talks with Holm Inc.")
    assert "organization" not in {k for n, k in who(ev).items() if n != "Holm Inc"}


@pytest.mark.parametrize("text,expect", [
    ("Orvik Corp said it will ask shareholders at the May 7 annual meeting to approve a doubling of shares.",
     {"Orvik Corp": "organization"}),
    ("Tarn Pirie Scott and Co said it plans to mail proxy materials to stockholders in connection to a November 16 "
     "special meeting at which holders will vote.", {"Tarn Pirie Scott and Co": "organization"}),
    ("Orvik Corp said Holm Inc will hold its annual meeting in May.", {"Holm Inc": "organization"}),
    ("Orvik Corp said the annual meeting of Holm Inc would be in May.", {"Holm Inc": "organization"}),
])
def test_a_company_telling_of_the_annual_meeting_holds_it_unless_another_is_named(text, expect):
    (ev,) = events(text)
    assert who(ev) == expect


def test_stock_tickers_do_not_part_a_company_from_its_verb():
    (ev,) = events("Orvik Corp <ORV> held talks with Holm Inc (HLM.N) on Monday.")
    assert who(ev) == {"Orvik Corp": "organization", "Holm Inc": "organization"}
    (ev,) = events("Orvik Corp (NYSE: ORV) is discussing a merger with Holm Inc.")
    assert who(ev) == {"Orvik Corp": "organization", "Holm Inc": "organization"}


def test_an_annual_meeting_another_owns_is_not_the_speakers():
    got = events("Dynamics Corp, which owns 27.5 pct of Holm Inc stock, said it agreed to limit its stake for a year "
                 "following the company's 1987 annual meeting.")
    assert all("Dynamics Corp" not in who(e) for e in got)
