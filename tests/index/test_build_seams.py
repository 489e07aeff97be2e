"""The build's extension points: a MeetingExtractor handed to build_index, cache keys derived from whole folders."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from bot.config import DEFAULT_MODEL
from bot.index import build_cache
from bot.index.build import build_index
from bot.index.generations import current
from bot.index.source_cache import reader_version
from bot.meetings.records import FieldCitation, MeetingEvent, Participant

BOT = Path(build_cache.__file__).resolve().parents[1]


class FirstSentenceExtractor:
    """A stand-in learned extractor: one event per article, naming two fixed participants."""

    name = "first-sentence-test"

    def __init__(self) -> None:
        self.calls = 0

    def extract(self, article):
        self.calls += 1
        quote = article.text.split(".")[0] + "."
        return [MeetingEvent(id=f"t-{article.doc_id}", participants=[Participant("Ada Ray"), Participant("Bo Lin")],
                             status="held", citations=[FieldCitation("participants", article.doc_id, article.path,
                                                                     quote)])]


def test_build_index_uses_the_extractor_it_is_handed_and_never_reuses_another_ones_events(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Trade ministers gathered in Lima on Friday to talk about copper exports.\n")
    custom = FirstSentenceExtractor()
    build_index(corpus, tmp_path / "ix", DEFAULT_MODEL, extractor=custom)
    events = json.loads((current(tmp_path / "ix") / "meetings.json").read_text())
    assert custom.calls == 1 and [p["name"] for p in events[0]["participants"]] == ["Ada Ray", "Bo Lin"]
    (corpus / "b.txt").write_text("Farmers in the valley expect a late harvest this year.\n")
    build_index(corpus, tmp_path / "ix", DEFAULT_MODEL)  # the default pattern extractor: nothing cached applies
    events = json.loads((current(tmp_path / "ix") / "meetings.json").read_text())
    assert all("Ada Ray" not in json.dumps(e) for e in events)


def test_cache_keys_cover_whole_layer_folders():
    extraction = set(build_cache.extractor_files())
    for layer in ("text", "meetings", "ingest"):
        assert set((BOT / layer).rglob("*.py")) <= extraction, layer
    assert not any(part in {"answer", "index", "search", "cli"} for p in extraction for part in p.parts[-2:-1])


def test_changing_any_text_file_changes_the_meeting_cache_key(tmp_path):
    copies = []
    for path in build_cache.extractor_files():
        copy = tmp_path / path.relative_to(BOT)
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, copy)
        copies.append(copy)
    base = build_cache.code_version(copies, build_cache.EXTRACTOR_LIBRARIES)
    for copy in [c for c in copies if c.parent.name == "text"]:
        original = copy.read_bytes()
        copy.write_bytes(original + b"\n# changed\n")
        assert build_cache.code_version(copies, build_cache.EXTRACTOR_LIBRARIES) != base, copy.name
        copy.write_bytes(original)
    assert build_cache.code_version(copies, build_cache.EXTRACTOR_LIBRARIES) == base
    assert len(reader_version()) == 16
