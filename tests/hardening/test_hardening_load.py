"""The bot under load and faults, against the loopback fake Discord with the real discord.py client.

100 /ask at once from many users, with 429s (Via header), 5xx, a gateway drop (close 4000) and an owner's
/reindex in the middle: every interaction gets exactly one answer or one polite cooldown message, none is lost
or handled twice, and the client answers heartbeat requests well within the heartbeat interval throughout.
"""

# ruff: noqa: F811  (pytest fixtures imported from tests.discord.discord_support are redefined as parameters)
from __future__ import annotations

import asyncio
import logging
import shutil
import time
from dataclasses import dataclass, field

import pytest

from tests.conftest import SEED_CORPUS
from tests.discord.discord_support import FakeEngine, all_allowed_mentions_none
from tests.fake_discord import payloads, until

WEBHOOK = "/webhooks/{app_id}/{token}"
CALLBACK = "/interactions/{interaction_id}/{token}/callback"
NEW_ARTICLE = ("NAIROBI (Wire) -- Kenyan President Ruto met Ghanaian President Akufo-Addo in Nairobi on Monday. "
               "They discussed trade and regional security, officials said.\n")
QUESTIONS = ["Who did Kishi meet?", "Where did Blinken and Austin meet?", "When did Kishi meet Austin?",
             "@everyone who met <@123> and <@&456>?", "**Who** did [Kishi](https://evil.example) meet?",
             "岸信夫は誰と会ったか？", "../../etc/passwd", "What did Motegi and Blinken discuss?"]
# discord.py counts the heartbeats the server asks for against its 120-sends-a-minute gateway budget (and then
# stalls its reader for the rest of the minute), so probe every 250 ms, not faster.
PROBE_EVERY = 0.25


@dataclass
class Outcome:
    questions: int = 0
    answered: int = 0
    rate_limited: int = 0
    lost: list[str] = field(default_factory=list)
    duplicated: list[str] = field(default_factory=list)
    faults: dict[str, int] = field(default_factory=dict)
    max_probe_ms: float = 0.0
    probes: int = 0
    heartbeats: int = 0
    seconds: float = 0.0

    def line(self, label: str) -> str:
        return (f"{label}: {self.questions} questions in {self.seconds:.1f} s, {self.answered} answered, "
                f"{self.rate_limited} rate-limited, {len(self.lost)} lost, {len(self.duplicated)} duplicated; "
                f"faults hit {self.faults}; {self.probes} heartbeat probes, max ack latency "
                f"{self.max_probe_ms:.0f} ms; {self.heartbeats} heartbeats")


def _users(world, n: int) -> list[dict]:
    """`n` more members of the guild (interactions carry their member payload, as Discord sends it)."""
    users = []
    for i in range(n):
        u = payloads.user(None, f"member{i}")
        world.members[u["id"]] = payloads.member(u)
        users.append(u)
    return users


def _ok(fake, token: str) -> list:
    return [r for r in fake.requests if r.params.get("token") == token and 200 <= r.status < 300]


def _final(fake, token: str) -> str | None:
    """'answer', 'cooldown', or None while the interaction has no final reply yet."""
    ok = _ok(fake, token)
    if any(r.route == CALLBACK and r.json.get("type") == 4 for r in ok):
        return "cooldown"
    if any(r.route == WEBHOOK for r in ok):
        return "answer"
    return None


def _count_deliveries(bot) -> dict[str, int]:
    """How many times the bot received each interaction (a resume must not deliver one twice)."""
    seen: dict[str, int] = {}

    async def on_interaction(interaction) -> None:
        seen[interaction.token] = seen.get(interaction.token, 0) + 1

    bot.add_listener(on_interaction)
    return seen


async def _run_load(fake, world, users, *, n: int, reindex_at: int, on_reindex=None) -> tuple[list[dict], dict]:
    """Dispatch `n` /ask at once with faults injected as they go; return the interactions and the /reindex one."""
    interval = fake.heartbeat_interval_ms / 1000
    await fake.start_probing(PROBE_EVERY)
    inters: list[dict] = []
    reindex = None
    for i in range(n):
        if i == n // 5:
            fake.fail("POST", WEBHOOK, 429, times=6, retry_after=0.1, via=True)
            fake.fail("POST", CALLBACK, 429, times=3, retry_after=0.05, via=True)
        if i == 2 * n // 5:
            fake.fail("POST", WEBHOOK, 500, times=2)
            fake.fail("POST", CALLBACK, 502, times=1)
        if i == n // 2:
            await fake.close_gateway(4000)  # what comes next is queued and replayed on RESUME
        if i == reindex_at:
            reindex = await world.slash("reindex", world.owner)
            if on_reindex:
                on_reindex()
        inters.append(await world.slash("ask", users[i % len(users)], question=QUESTIONS[i % len(QUESTIONS)]))
    await until(lambda: all(_final(fake, x["token"]) for x in inters), 180, "a final reply to every /ask")
    await until(lambda: any(r.route == WEBHOOK for r in _ok(fake, reindex["token"])), 180, "the reindex result")
    await asyncio.sleep(2 * interval)  # a few more regular heartbeats after the load
    await fake.stop_probing()
    return inters, reindex


def _outcome(fake, inters: list[dict], started: float) -> Outcome:
    out = Outcome(questions=len(inters), seconds=time.monotonic() - started)
    for x in inters:
        kind = _final(fake, x["token"])
        if kind is None:
            out.lost.append(x["data"]["options"][0]["value"])
        elif kind == "cooldown":
            out.rate_limited += 1
        else:
            out.answered += 1
        replies = [r for r in _ok(fake, x["token"])
                   if r.route == WEBHOOK or r.route == CALLBACK and r.json.get("type") == 4]
        if len(replies) != 1:
            out.duplicated.append(x["token"])
    for r in fake.requests:
        if r.status >= 400 and r.at >= started:
            key = f"{r.status} {r.route.split('/')[1]}"
            out.faults[key] = out.faults.get(key, 0) + 1
    out.max_probe_ms = max(fake.probe_rtts) * 1000
    out.probes = len(fake.probe_rtts)
    out.heartbeats = len([b for b in fake.heartbeats if b >= started])
    return out


def _check(fake, out: Outcome, inters: list[dict], reindex: dict, deliveries: dict, caplog) -> None:
    interval = fake.heartbeat_interval_ms / 1000
    assert out.lost == [] and out.duplicated == []
    assert out.answered + out.rate_limited == out.questions
    assert {t: c for t, c in deliveries.items() if c != 1} == {}, "an interaction was delivered twice"
    assert len(deliveries) == out.questions + 1  # and the /reindex
    assert all(f.remaining == 0 for f in fake.faults), "every injected fault was hit"
    assert out.faults == {"429 webhooks": 6, "500 webhooks": 2, "429 interactions": 3, "502 interactions": 1}, \
        "nothing but the injected faults failed"
    assert len(fake.resumes) == 1 and fake.connections == 2, "the gateway drop was resumed"
    assert out.probes >= 10 and out.max_probe_ms / 1000 < interval, out.line("heartbeat too slow")
    assert "Can't keep up" not in caplog.text and "heartbeat blocked" not in caplog.text
    assert "Ignoring exception" not in caplog.text and "is ratelimited, waiting" not in caplog.text
    for x in inters:
        ok = _ok(fake, x["token"])
        if _final(fake, x["token"]) == "cooldown":
            (msg,) = [r for r in ok if r.route == CALLBACK]
            assert msg.json["data"]["content"].startswith("Easy there") and msg.json["data"]["flags"] & 64
        else:
            (msg,) = [r for r in ok if r.route == WEBHOOK]
            assert msg.json["embeds"][0]["description"].strip()
    ack, done = _ok(fake, reindex["token"])
    assert "background" in ack.json["data"]["content"] and "new index is in use" in done.json["content"]
    assert all_allowed_mentions_none(fake) == []


async def test_100_questions_from_100_users_under_faults_and_reindex_none_lost(fake, world, runner, caplog):
    """A CPU-bound fake engine (30 ms a question), no cooldown: all 100 are answered despite the faults."""
    caplog.set_level(logging.WARNING)
    fake.heartbeat_interval_ms = 1000
    engine = FakeEngine(work_seconds=0.03)
    bot = await runner.start(engine)
    deliveries = _count_deliveries(bot)
    users = _users(world, 100)
    started = time.monotonic()
    inters, reindex = await _run_load(fake, world, users, n=100, reindex_at=60,
                                      on_reindex=lambda: asyncio.get_running_loop().call_later(
                                          0.5, engine.release_rebuild.set))
    out = _outcome(fake, inters, started)
    print("\n" + out.line("fake engine"))
    _check(fake, out, inters, reindex, deliveries, caplog)
    assert out.answered == 100 and engine.rebuilds == 1 and engine.max_active == 1
    texts = [r.json["embeds"][0]["description"] for x in inters for r in _ok(fake, x["token"]) if r.route == WEBHOOK]
    assert any("(index v1)" in t for t in texts) and any("(index v2)" in t for t in texts)


@pytest.fixture()
def real_engine_copy(seed_index_dir, tmp_path):
    """The real engine on a private copy of the seed index, over a corpus with one more article to reindex."""
    from bot.config import Config
    from bot.engine import Engine

    index = tmp_path / "index"
    shutil.copytree(seed_index_dir, index)
    corpus = tmp_path / "corpus"
    shutil.copytree(SEED_CORPUS, corpus)
    (corpus / "new.txt").write_text(NEW_ARTICLE)
    return Engine(Config(index_dir=index, corpus_dir=corpus), build_if_missing=False)


async def test_real_engine_100_questions_from_50_users_with_cooldown_faults_and_reindex(
        fake, world, runner, caplog, real_engine_copy):
    """The real engine on the seed index: 50 users ask twice within the cooldown, so 50 answers and 50 polite
    refusals; an owner's /reindex (a real incremental rebuild) swaps in an index with one more article."""
    from bot.engine import Conversation

    caplog.set_level(logging.WARNING)
    fake.heartbeat_interval_ms = 1000
    engine = real_engine_copy
    bot = await runner.start(engine, conversation_factory=Conversation, cooldown_seconds=600)
    deliveries = _count_deliveries(bot)
    users = _users(world, 50)
    started = time.monotonic()
    inters, reindex = await _run_load(fake, world, users, n=100, reindex_at=50)
    out = _outcome(fake, inters, started)
    print("\n" + out.line("real engine"))
    _check(fake, out, inters, reindex, deliveries, caplog)
    assert out.answered == 50 and out.rate_limited == 50
    kishi = [r for x in inters if x["data"]["options"][0]["value"] == QUESTIONS[0]
             for r in _ok(fake, x["token"]) if r.route == WEBHOOK]
    assert kishi and all("Austin" in r.json["embeds"][0]["description"] for r in kishi)
    assert engine.index.manifest.articles == 6, "the reindex swapped in the new index"
    late = await world.slash("ask", world.alice, question="Who did Ruto meet?")
    await until(lambda: _final(fake, late["token"]) == "answer", 30, "an answer from the new index")
    (msg,) = [r for r in _ok(fake, late["token"]) if r.route == WEBHOOK]
    assert "Akufo-Addo" in msg.json["embeds"][0]["description"]
