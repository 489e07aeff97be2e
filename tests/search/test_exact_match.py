"""The exact-match guarantee on a hand-made index: a chunk naming who was asked about is never fused away."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from bot.index.lexical import LexicalIndex, build_bm25
from bot.index.store import Store, write_store
from bot.records import Article, Chunk
from bot.search.exact import capitalised_share, mentions
from bot.search.retriever import Hit, Retriever, keep_exact

PLACES = "Bergen Tromso Alesund Bodo Narvik Molde Kristiansund Hammerfest".split()
TOPICS = "cod herring mackerel".split()
FILLER = [f"Fishing quotas for {TOPICS[i % 3]} were argued over in {PLACES[i % 8]} harbour, meeting {i} of the "
          f"{['spring', 'summer', 'autumn'][i // 8]} season." for i in range(24)]
NAMED = "Olaf Vik told reporters the zirconium plant would reopen."  # the one chunk naming Olaf Vik
SPLIT = "Olaf Sand and Per Vik spoke about the harbour."  # both words of the name, but not the name
TEXTS = [*FILLER[:10], SPLIT, *FILLER[10:], NAMED]
NAMED_ROW, SPLIT_ROW = len(TEXTS) - 1, 10


class FixedDense:
    """A dense ranker that ranks the filler chunks first and never finds the named one (as MiniLM may not)."""

    dim, size = 4, len(TEXTS)

    def search(self, vector: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        rows = [r for r in range(len(TEXTS)) if r not in (NAMED_ROW, SPLIT_ROW)][:k]
        return np.array(rows, dtype=np.int64), np.linspace(0.6, 0.3, len(rows)).astype(np.float32)


@dataclass
class SmallIndex:
    store: Store
    lexical: LexicalIndex
    dense: FixedDense

    def embeddings_rows(self, rows: list[int]) -> np.ndarray:
        return np.full((len(rows), 4), 0.1, dtype=np.float32)


@pytest.fixture(scope="module")
def index(tmp_path_factory) -> SmallIndex:
    folder: Path = tmp_path_factory.mktemp("exact")
    chunks = [Chunk(f"d{i}#0", f"d{i}", 0, 0, len(t), t, ((0, len(t)),), f"h{i}") for i, t in enumerate(TEXTS)]
    articles = [Article(f"d{i}", f"d{i}.txt", f"T{i}", "1987-03-02", "Wire", None, t, f"a{i}")
                for i, t in enumerate(TEXTS)]
    write_store(folder / "store.sqlite", articles, chunks)
    build_bm25(TEXTS, folder / "bm25")
    return SmallIndex(Store(folder / "store.sqlite"), LexicalIndex(folder / "bm25"), FixedDense())


def retriever(index: SmallIndex) -> Retriever:
    return Retriever(index, lambda texts: np.full((len(texts), 4), 0.5, dtype=np.float32))  # type: ignore[arg-type]


def test_fusion_alone_drops_the_one_chunk_with_the_name(index):
    hits = retriever(index).search("What did Olaf Vik say about fishing quotas?", k=5, exact=False)
    assert NAMED_ROW not in [h.row for h in hits]  # the failure the guarantee exists for


def test_a_chunk_holding_every_name_of_the_question_reaches_the_top_k(index):
    hits = retriever(index).search("What did Olaf Vik say about fishing quotas?", k=5, names=("Olaf Vik",))
    rows = [h.row for h in hits]
    assert len(rows) == 5 and NAMED_ROW in rows
    assert SPLIT_ROW not in rows  # "Olaf Sand and Per Vik" has the words but not the name
    assert rows[:4] == [h.row for h in retriever(index).search("What did Olaf Vik say about fishing quotas?",
                                                               k=5, exact=False)][:4]


def test_a_rare_word_of_the_question_is_matched_without_any_name(index):
    hits = retriever(index).search("what about the zirconium plant and fishing quotas", k=3)
    assert NAMED_ROW in [h.row for h in hits]


def test_mentions_counts_the_name_as_a_phrase_over_the_whole_index(index):
    assert mentions(index, "Olaf Vik") == 1
    assert mentions(index, "Vik Olaf") == 0  # the words are in the index, never as this name
    assert mentions(index, "Ingrid Strand") == 0  # words in no chunk at all
    assert mentions(index, "Olaf") == 2


def test_how_the_index_writes_a_word_inside_sentences(index):
    assert capitalised_share(index, "Harbour") == 0.0  # "harbour" every time: an ordinary word
    assert capitalised_share(index, "vik") == 1.0  # "Vik" every time: a name
    assert capitalised_share(index, "Fishing") is None  # only ever opens a sentence: the index cannot tell
    assert capitalised_share(index, "Ingrid") is None  # not in the index


def _hit(row: int, score: float) -> Hit:
    chunk = Chunk(f"c{row}", f"d{row}", 0, 0, 1, "x", ((0, 1),), "h")
    return Hit(row, chunk, score, 0.5, 0.5)


def test_keep_exact_gives_up_the_lowest_hits_and_keeps_fused_order():
    hits = [_hit(r, 1.0 - r / 10) for r in range(8)]
    assert [h.row for h in keep_exact(hits, 5, [6, 2])] == [0, 1, 2, 3, 6]
    assert [h.row for h in keep_exact(hits, 5, [1])] == [0, 1, 2, 3, 4]  # already in: nothing moves
    assert [h.row for h in keep_exact(hits, 3, [7, 6])] == [0, 6, 7]
