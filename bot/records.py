"""Plain records that flow through the pipeline: articles, chunks, passages, citations, answers."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Article:
    """One news article, cleaned: `text` is the body that offsets and quotes refer to."""

    doc_id: str
    path: str
    title: str
    date: str | None  # ISO yyyy-mm-dd, None when the article carries no date
    source: str | None
    url: str | None
    text: str
    content_hash: str
    date_text: str | None = None  # the date as the article wrote it, when inferred from the text
    place: str | None = None  # the dateline's place ("TOKYO"), when there is one

    @property
    def label(self) -> str:
        """A short human name: the title, or the first words of the body."""
        if self.title:
            return self.title
        words = self.text.split()
        return " ".join(words[:8]) + ("…" if len(words) > 8 else "")


@dataclass(frozen=True)
class Chunk:
    """A run of whole sentences of one article, small enough for the embedding model."""

    chunk_id: str
    doc_id: str
    ordinal: int
    start: int  # character offsets into Article.text
    end: int
    text: str
    sentences: tuple[tuple[int, int], ...]  # sentence offsets into Article.text
    content_hash: str


@dataclass
class Passage:
    """A retrieved chunk with its fused score; `also_in` lists near-identical copies from other articles."""

    rank: int
    doc_id: str
    chunk_id: str
    text: str
    score: float
    also_in: list[str] = field(default_factory=list)


@dataclass
class Citation:
    """A numbered source for a claim: the article and the exact sentence quoted."""

    n: int
    doc_id: str
    path: str
    title: str
    date: str | None
    source: str | None
    quote: str
    score: float


@dataclass
class Answer:
    """What `ask` returns, for the CLI, the Discord bot and `--json` alike."""

    question: str
    answer: str
    abstained: bool
    citations: list[Citation]
    passages: list[Passage]
    timings_ms: dict[str, float] = field(default_factory=dict)
    resolved: str | None = None  # the self-contained question a follow-up was rewritten to, if it was
    generator: str | None = None  # which answer generator wrote it: meetings, openai, passages

    def to_json(self) -> dict:
        return {
            "question": self.question,
            "answer": self.answer,
            "abstained": self.abstained,
            "citations": [asdict(c) for c in self.citations],
            "passages": [
                {"rank": p.rank, "doc_id": p.doc_id, "chunk_id": p.chunk_id, "text": p.text,
                 "score": round(p.score, 6), "also_in": p.also_in}
                for p in self.passages
            ],
            "timings_ms": {k: round(v, 2) for k, v in self.timings_ms.items()},
            "generator": self.generator,
        }
