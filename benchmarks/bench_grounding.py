"""Grounding checks on planted model answers: how many unsupported sentences are dropped, supported ones kept,
and what the checks cost per answer.

A replay server on 127.0.0.1 speaks the OpenAI chat API (streamed, SSE) and answers every request with sentences
planted from the passages it was sent: supported ones (a passage sentence copied verbatim, citing that passage) and
unsupported ones (a supported sentence with a name, date or place no passage has, citing a passage never sent,
citing the wrong passage, or citing nothing). The seed questions are run `whomet eval`-style through the real
engine, the real `openai` client and the real grounding checks, with the model asked before the meeting events.
Usage: python -m benchmarks.bench_grounding [--index DIR] [--rounds N] [--seed S]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import re
import subprocess
import sys
import threading
from collections import Counter
from pathlib import Path

import numpy as np
from aiohttp import web

from benchmarks.common import ROOT, machine_note, table
from bot.config import DEFAULT_MODEL, Config, GeneratorConfig

QUESTIONS = ROOT / "tests" / "data" / "seed_questions.jsonl"
PASSAGE = re.compile(r'<passage n="(\d+)"[^>]*>\n(.*?)\n</passage>', re.S)
NAMES = ["Olaf Scholz", "Jacinda Ardern", "Cyril Ramaphosa", "Emmanuel Macron", "Narendra Modi", "Justin Trudeau"]
PLACES = ["Reykjavik", "Nairobi", "Lisbon", "Montevideo", "Helsinki", "Hanoi"]
DATES = ["14 February 1998", "July 4, 2005", "Saturday, 9 November 1989", "2011-10-30"]
KINDS = ["name", "date", "place", "marker not sent", "no marker", "wrong passage"]


def ensure_index(work: Path) -> Path:
    index = work / "index"
    if not (index / "CURRENT").exists():
        code = ("import sys; from pathlib import Path; from bot.index.build import build_index; "
                "build_index(Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3])")
        subprocess.run([sys.executable, "-c", code, str(ROOT / "corpus"), str(index), DEFAULT_MODEL], check=True)
    return index


def _sentences(text: str) -> list[str]:
    from bot.ingest.chunking import sentence_spans

    out = [text[a:b].strip() for a, b in sentence_spans(text)]
    return [s for s in out if len(s.split()) >= 6 and re.search(r"[.!?][\"”’)]?$", s)]


def _without_end(sentence: str) -> tuple[str, str]:
    m = re.search(r"[.!?][\"”’)]*$", sentence)
    return (sentence[: m.start()], sentence[m.start():]) if m else (sentence, ".")


def _absent(options: list[str], passages: dict[str, str], rng: random.Random) -> str:
    everything = " ".join(passages.values())
    free = [o for o in options if not any(w in everything for w in re.findall(r"\w+", o) if len(w) > 2)]
    return rng.choice(free)


def plant(passages: dict[str, str], rng: random.Random) -> tuple[str, list[tuple[str, str]]]:
    """A reply of two supported and two unsupported sentences (shuffled), and what was planted: (kind, text)."""
    pool = [(n, s) for n, text in passages.items() for s in _sentences(text)]
    rng.shuffle(pool)
    planted: list[tuple[str, str, str]] = []  # kind, sentence as the answer would show it, sentence with markers
    for n, s in pool[:2]:
        planted.append(("supported", s, f"{s} [{n}]"))
    rest = pool[2:]  # each unsupported sentence from a passage sentence not planted as supported
    for kind in rng.sample(KINDS, 2):
        n, s = rest.pop()
        body, end = _without_end(s)
        if kind == "name":
            found = re.search(r"(?<=\s)[A-Z][a-z]+(?: [A-Z][a-z]+)*", body)  # the first name after the opening word
            new = _absent(NAMES, passages, rng)
            text = f"{body[: found.start()]}{new}{body[found.end():]}{end}" if found else f"{body} with {new}{end}"
            planted.append((kind, text, f"{text} [{n}]"))
        elif kind == "date":
            text = f"{body} on {_absent(DATES, passages, rng)}{end}"
            planted.append((kind, text, f"{text} [{n}]"))
        elif kind == "place":
            text = f"{body} in {_absent(PLACES, passages, rng)}{end}"
            planted.append((kind, text, f"{text} [{n}]"))
        elif kind == "marker not sent":
            planted.append((kind, s, f"{s} [{len(passages) + 3}]"))
        elif kind == "no marker":
            planted.append((kind, s, s))
        else:  # cite a passage that lacks one of the sentence's capitalised words
            caps = set(re.findall(r"(?<=\s)[A-Z][a-z]{2,}", body))
            others = [m for m, t in passages.items() if m != n and any(c not in t for c in caps)]
            if not caps or not others:
                planted.append(("no marker", s, s))
                continue
            planted.append((kind, s, f"{s} [{rng.choice(others)}]"))
    rng.shuffle(planted)
    return " ".join(p[2] for p in planted), [(kind, text) for kind, text, _ in planted]


class ReplayServer:
    """/v1/chat/completions (SSE) answering with planted sentences; `log` keeps what each request was given."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.log: list[list[tuple[str, str]]] = []
        self.port = 0

    async def _completions(self, request: web.Request) -> web.StreamResponse:
        body = await request.json()
        passages = dict(PASSAGE.findall(body["messages"][-1]["content"]))
        text, planted = plant(passages, self.rng)
        self.log.append(planted)
        response = web.StreamResponse(headers={"Content-Type": "text/event-stream"})
        await response.prepare(request)
        for piece in re.findall(r"\S+\s*", text):
            chunk = {"id": "r", "object": "chat.completion.chunk", "created": 0, "model": "replay",
                     "choices": [{"index": 0, "delta": {"content": piece}, "finish_reason": None}]}
            await response.write(f"data: {json.dumps(chunk)}\n\n".encode())
        await response.write(b"data: [DONE]\n\n")
        await response.write_eof()
        return response

    def __enter__(self) -> ReplayServer:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()

        async def start() -> None:
            app = web.Application()
            app.router.add_post("/v1/chat/completions", self._completions)
            self.runner = web.AppRunner(app)
            await self.runner.setup()
            site = web.TCPSite(self.runner, "127.0.0.1", 0)
            await site.start()
            self.port = site._server.sockets[0].getsockname()[1]

        asyncio.run_coroutine_threadsafe(start(), self.loop).result(10)
        return self

    def __exit__(self, *exc) -> None:
        asyncio.run_coroutine_threadsafe(self.runner.cleanup(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)
        self.loop.close()


class Recorder:
    """An engine stand-in for run_eval that keeps each answer with the sentences planted for it."""

    def __init__(self, engine, server: ReplayServer | None) -> None:
        self.engine, self.server = engine, server
        self.answers: list[tuple[object, list[tuple[str, str]]]] = []

    def ask(self, question, conversation=None, k=None):
        before = len(self.server.log) if self.server else 0
        answer = self.engine.ask(question, conversation=conversation, k=k)
        planted = [p for request in self.server.log[before:] for p in request] if self.server else []
        self.answers.append((answer, planted))
        return answer


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--index", type=Path, help="an index of the seed corpus (default: build one under --work)")
    ap.add_argument("--work", type=Path, default=Path("/tmp/whomet-bench/grounding"))
    ap.add_argument("--rounds", type=int, default=5, help="passes over the seed questions (new plants each)")
    ap.add_argument("--seed", type=int, default=14)
    ap.add_argument("--misses", action="store_true", help="print each sentence the checks got wrong, and why")
    args = ap.parse_args()
    machine_note()
    index = args.index or ensure_index(args.work)
    from bot.cli.evaluate import load_questions, run_eval
    from bot.engine import Engine

    items = load_questions(QUESTIONS)
    extractive = Recorder(Engine(Config(index_dir=index), build_if_missing=False), None)
    _, ex_metrics = run_eval(extractive, items)
    kept: Counter[str] = Counter()
    planted_count: Counter[str] = Counter()
    grounding_ms, model_ms = [], []
    generated = fallbacks = 0
    flagged_generated = 0
    with ReplayServer(args.seed) as server:
        gen = GeneratorConfig(kind="openai", base_url=f"http://127.0.0.1:{server.port}/v1", after_meetings=False)
        engine = Recorder(Engine(Config(index_dir=index, generator=gen), build_if_missing=False), server)
        engine.ask(items[0].question)  # warm: the openai import, the stemmer, the GeoNames lookup
        engine.answers.clear()
        for _ in range(args.rounds):
            _, metrics = run_eval(engine, items)
            flagged_generated += metrics.get("ungrounded_answers", (0, 0))[0]
    for answer, planted in engine.answers:
        if not planted:
            continue
        if answer.generator == "openai":
            generated += 1
            grounding_ms.append(answer.timings_ms["grounding"])
            model_ms.append(answer.timings_ms["model"])
        else:
            fallbacks += 1
        shown = _norm(answer.answer) if answer.generator == "openai" else ""
        for kind, text in planted:
            planted_count[kind] += 1
            kept[kind] += _norm(text) in shown
            if args.misses and (_norm(text) in shown) != (kind == "supported"):
                print(f"MISS {kind}: {text!r}\n  answer: {answer.answer!r}")
    rows = []
    for kind in ["supported", *KINDS]:
        n = planted_count[kind]
        if n:
            share = kept[kind] / n if kind == "supported" else 1 - kept[kind] / n
            rows.append([kind, n, kept[kind], f"{100 * share:.1f}% {'kept' if kind == 'supported' else 'dropped'}"])
    unsupported = sum(planted_count[k] for k in KINDS)
    dropped = unsupported - sum(kept[k] for k in KINDS)
    table(f"Planted sentences over {args.rounds} x {len(items)} seed questions ({generated} generated answers, "
          f"{fallbacks} fell back to extractive)", ["planted", "n", "in the answer", "result"], rows)
    g = np.asarray(grounding_ms)
    table("Summary", ["measure", "value"], [
        ["unsupported sentences dropped", f"{100 * dropped / max(1, unsupported):.1f}% ({dropped}/{unsupported})"],
        ["supported sentences kept", f"{100 * kept['supported'] / max(1, planted_count['supported']):.1f}% "
                                     f"({kept['supported']}/{planted_count['supported']})"],
        ["grounding checks per answer, ms p50 / p95 / max",
         f"{np.percentile(g, 50):.2f} / {np.percentile(g, 95):.2f} / {g.max():.2f}"],
        ["model round trip (replay server, streamed), ms p50", f"{np.percentile(model_ms, 50):.1f}"],
        ["eval: generated answers flagged by the grounding metric", f"{flagged_generated}"],
        ["eval: extractive answers flagged (names/dates/places not in quotes)",
         f"{ex_metrics['ungrounded_answers'][0]} of {ex_metrics['ungrounded_answers'][1]}"],
    ])


if __name__ == "__main__":
    main()
