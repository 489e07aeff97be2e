"""Hybrid retrieval: syndicated copies fold into one hit that keeps every source; both rankers contribute."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import Config
from bot.engine import Engine

STORY = ("The foreign ministers of Norway and Chile met in Oslo on Monday to discuss fisheries cooperation "
         "and a new trade agreement, officials said. The talks lasted three hours and ended with a joint "
         "statement on sustainable fishing quotas in the South Pacific.")


@pytest.fixture(scope="module")
def engine(tmp_path_factory) -> Engine:
    root = tmp_path_factory.mktemp("synd")
    corpus = root / "corpus"
    (corpus / "wire").mkdir(parents=True)
    (corpus / "wire" / "original.md").write_text(f"---\ntitle: Norway, Chile talk fish\ndate: 2024-02-05\n"
                                                 f"source: Wire A\n---\n{STORY}\n")
    (corpus / "paper").mkdir()
    (corpus / "paper" / "copy.md").write_text(f"---\ntitle: Oslo talks\ndate: 2024-02-06\nsource: Paper B\n---\n"
                                              f"OSLO - {STORY}\n")
    (corpus / "other.txt").write_text("Finance ministers of Peru and Kenya held talks in Lima on trade credit "
                                      "lines for small exporters, according to a statement on Friday.\n")
    return Engine(Config(index_dir=root / "index", corpus_dir=corpus))


def test_syndicated_copies_collapse_into_one_passage_citing_both(engine: Engine):
    answer = engine.ask("Where did the foreign ministers of Norway and Chile meet?")
    assert not answer.abstained and "Oslo" in answer.answer
    top = answer.passages[0]
    assert {top.doc_id, *top.also_in} == {"wire/original.md", "paper/copy.md"}
    assert len([p for p in answer.passages if p.doc_id in ("wire/original.md", "paper/copy.md")]) == 1
    cited = {c.doc_id for c in answer.citations}
    assert cited >= {"wire/original.md", "paper/copy.md"}  # the one claim cites both outlets
    for c in answer.citations:
        assert c.quote in (Path(engine.config.corpus_dir) / c.path).read_text()


def test_lexical_and_dense_rankers_both_find_evidence(engine: Engine):
    retriever = engine.retriever
    lexical_only = retriever.search("fishing quotas South Pacific", k=3, dense_weight=0.0)
    dense_only = retriever.search("agreement about catching fish in the ocean", k=3, lexical_weight=0.0)
    assert lexical_only[0].chunk.doc_id in ("wire/original.md", "paper/copy.md")
    assert dense_only[0].chunk.doc_id in ("wire/original.md", "paper/copy.md")
    assert lexical_only[0].lexical > 0 and dense_only[0].dense > 0.3
