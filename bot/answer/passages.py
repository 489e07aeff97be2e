"""Composes a short cited answer from retrieved passages, or says the archive does not say."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from bot.answer.constraints import constraints_of, passage_fits
from bot.answer.patterns import stemmer as _stem
from bot.answer.patterns import stems as _stems
from bot.answer.question import Question
from bot.answer.selection import SentenceScorer, default_scorer, scores, sentence_rows
from bot.records import Answer, Article, Citation, Passage
from bot.search.exact import phrase_pattern
from bot.search.retriever import Hit
from bot.text.names import name_in

MIN_DENSE = 0.2
# Words of meeting and asking that say nothing about *what* is asked: they need not appear in the evidence.
GENERIC = frozenset("""meet met meeting meetings talk talks discuss discussed discussion hold held holding visit visited
    visits go went travel traveled travelled take place happen happened attend attended say said tell expected plan
    planned will country countries people person someone whom last next first previous
    see sees seeing saw seen receive receives received host hosts hosted hosting sit sits sat confer conferred
    convene convened negotiate negotiated speak spoke call called greet greeted welcome welcomed join joined""".split())

_LEAD = re.compile(r"^(In addition|Additionally|Meanwhile|Furthermore|Moreover|Also|Likewise|Besides),\s+", re.I)


@dataclass
class Candidate:
    hit: Hit
    text: str
    score: float


def candidates(q: Question, hits: list[Hit], embed: Callable[[list[str]], np.ndarray] | None = None,
               scorer: SentenceScorer | None = None) -> list[Candidate]:
    """Every quotable sentence of the passages, best first, scored by `scorer` (default: the learned one)."""
    rows = sentence_rows(hits)
    if not rows:
        return []
    scored = scores(q, rows, hits, scorer or default_scorer(), embed)
    out = [Candidate(r.hit, r.text, float(s)) for r, s in zip(rows, scored, strict=True)]
    return sorted(out, key=lambda c: -c.score)


def _date_ok(q: Question, article: Article | None, sent: str) -> bool:
    """A question that names a year must be answered from that year's news (or a sentence naming it)."""
    if not q.years:
        return True
    in_article = article is not None and article.date is not None and article.date[:4] in q.years
    return in_article or any(y in sent for y in q.years)


def to_passages(hits: list[Hit]) -> list[Passage]:
    """The retrieved passages as shown with an answer (rank, ids, text, fused score, syndicated copies)."""
    return [Passage(i + 1, h.chunk.doc_id, h.chunk.chunk_id, h.chunk.text, h.score, list(h.also_in))
            for i, h in enumerate(hits)]


def compose(q: Question, hits: list[Hit], articles: dict[str, Article],
            mentions: Callable[[str], int] | None = None, embed: Callable[[list[str]], np.ndarray] | None = None,
            scorer: SentenceScorer | None = None) -> Answer:
    """The best-supported sentence (and a close second) with citations, or an abstention with the passages.

    "The archive has nothing about X" is said only when `mentions` (the whole index) finds X nowhere. `embed` (the
    query model) gives the question-sentence cosines; `scorer` defaults to the learned sentence scorer.
    """
    question = q.shown
    passages = to_passages(hits)
    missing = [n for n in q.names if not any(name_in(n, h.chunk.text) for h in hits)]
    if missing:
        return _abstain_missing(question, passages, missing, mentions)
    scorer = scorer or default_scorer()
    pool = [c for c in candidates(q, hits, embed, scorer) if _date_ok(q, articles.get(c.hit.chunk.doc_id), c.text)]
    # the answer comes from a passage naming who was asked about (all of them: not from separate stories)
    pool = [c for c in pool if all(name_in(n, c.hit.chunk.text) for n in q.names)]
    # a multi-word name some passage holds whole ("James Sowell") is not answered by "James" of another story
    whole = [phrase_pattern(n) for n in q.names if " " in n]
    whole = [p for p in whole if any(p.search(h.chunk.text) for h in hits)]
    pool = [c for c in pool if all(p.search(c.hit.chunk.text) for p in whole)]
    specific = [t for t in q.terms if t not in GENERIC and not any(t in n.lower().split() for n in q.names)]
    if specific:  # what is asked about ("population") must be in the passage, not just the names around it
        stem = _stem()
        pool = [c for c in pool if _stems(c.hit.chunk.text) & {stem(t) for t in specific}]
    wanted = constraints_of(q)  # the slot asked filled, the people described (nationality, role) present
    pool = [c for c in pool if passage_fits(wanted, c.text, c.hit.chunk.text, q.text)]
    if not pool or pool[0].score < scorer.threshold or max(h.dense for h in hits) < MIN_DENSE:
        if q.names:
            return _abstain_named(question, passages, q.names, hits, mentions)
        return _abstain(question, passages, "that")
    chosen = [pool[0]]
    for cand in pool[1:6]:
        if cand.score >= 0.85 * pool[0].score and not _same_text(cand.text, chosen[0].text):
            chosen.append(cand)
            break
    citations: list[Citation] = []
    parts = []
    for cand in chosen:
        refs = []
        for doc_id in [cand.hit.chunk.doc_id, *cand.hit.also_in]:
            citations.append(_citation(len(citations) + 1, doc_id, articles, cand))
            refs.append(f"[{len(citations)}]")
        parts.append(f"{_tidy(cand.text)} {''.join(refs)}")
    return Answer(question, " ".join(parts), False, citations, passages)


def _citation(n: int, doc_id: str, articles: dict[str, Article], cand: Candidate) -> Citation:
    art = articles.get(doc_id)
    quote = cand.text if doc_id == cand.hit.chunk.doc_id or art is None else _find_quote(art.text, cand.text)
    return Citation(n, doc_id, art.path if art else doc_id, art.label if art else doc_id,
                    art.date if art else None, art.source if art else None, quote, round(cand.score, 4))


def _find_quote(text: str, like: str) -> str:
    """The sentence of a syndicated copy that best matches `like` (its own words, quoted exactly)."""
    from bot.text.sentences import sentence_spans

    target = _stems(like)
    best = max(sentence_spans(text), key=lambda sp: len(_stems(text[sp[0] : sp[1]]) & target), default=None)
    return text[best[0] : best[1]] if best else like


def _tidy(sentence: str) -> str:
    out = _LEAD.sub("", sentence.strip())
    out = re.sub(r"\s*\[\d{1,3}\]", "", out)  # the article's own "[3]" would pass for one of our citation markers
    return out[:1].upper() + out[1:]


def _same_text(a: str, b: str) -> bool:
    sa, sb = _stems(a), _stems(b)
    return len(sa & sb) / max(1, len(sa | sb)) > 0.6


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _abstain_missing(question: str, passages: list[Passage], missing: list[str],
                     mentions: Callable[[str], int] | None) -> Answer:
    """Names asked about that no passage found holds: "nothing about" only for those the whole index lacks."""
    if mentions is None:
        return Answer(question, f"None of the passages found mentions {_join(missing)}. Here are the closest "
                      "passages.", True, [], passages)
    counts = {n: mentions(n) for n in missing}
    absent = [n for n in missing if counts[n] == 0]
    if absent:
        return _abstain(question, passages, f"nothing about {_join(absent)}")
    found = "; ".join(f"{n} in {c} passage{'s' if c != 1 else ''}" for n, c in counts.items())
    return Answer(question, f"The archive mentions {found}, but not in the passages closest to this question, "
                  "which do not answer it. Here they are.", True, [], passages)


def _abstain_named(question: str, passages: list[Passage], names: tuple[str, ...], hits: list[Hit],
                   mentions: Callable[[str], int] | None) -> Answer:
    """No answer, though the passages hold (part of) every name: say which names the archive has, and which not."""
    shown = [n for n in names if any(phrase_pattern(n).search(h.chunk.text) for h in hits)]
    absent = [n for n in names if n not in shown and mentions is not None and mentions(n) == 0]
    if absent:  # "World Cup" asked, only "World" found
        return _abstain(question, passages, f"nothing about {_join(absent)}")
    if not shown:
        return _abstain(question, passages, "that")
    return Answer(question, f"The archive mentions {_join(shown)}, but the passages found do not answer this "
                  "question. Here they are.", True, [], passages)


def _abstain(question: str, passages: list[Passage], what: str) -> Answer:
    text = f"The archive doesn't say {what}." if what != "that" else "The archive doesn't say."
    if what.startswith("nothing"):
        text = f"The archive has {what}."
    return Answer(question, text + " Here are the closest passages.", True, [], passages)
