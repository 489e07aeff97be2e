"""The bot over the real engine and a real index of the seed corpus, still against the fake Discord."""

# ruff: noqa: F811  (pytest fixtures imported from tests.discord.discord_support are redefined as parameters)
from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.discord.discord_support import all_allowed_mentions_none, embed_of

WEBHOOK = "/webhooks/{app_id}/{token}"
CALLBACK = "/interactions/{interaction_id}/{token}/callback"
MESSAGES = "/channels/{channel_id}/messages"
CORPUS = Path(__file__).resolve().parents[2] / "corpus"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="session")
def real_engine(tmp_path_factory):
    """One real index of the seed corpus per test session (about 10 s to build)."""
    from bot.config import Config
    from bot.engine import Engine

    return Engine(Config(index_dir=tmp_path_factory.mktemp("discord-index") / "index", corpus_dir=CORPUS))


async def test_real_engine_answers_with_citations_and_follow_up(fake, world, runner, real_engine):
    from bot.engine import Conversation

    await runner.start(real_engine, conversation_factory=Conversation)
    await fake.start_probing(0.025)
    started = time.monotonic()
    await world.slash("ask", world.alice, question="Who did Kishi meet?")
    (ans,) = await fake.wait_for("POST", WEBHOOK, timeout=60)
    first_answer = time.monotonic() - started
    embed = embed_of(ans.json)
    assert "Austin" in embed["description"] and "[1]" in embed["description"]
    assert embed["fields"] and embed["fields"][0]["name"].startswith("[1] ")
    assert "undated" in embed["fields"][0]["value"] or "20" in embed["fields"][0]["value"]
    answer_msg = fake.messages[max(fake.messages)]
    await world.say(world.alice, "And where?", mention_bot=False, reply_to=answer_msg)
    (where,) = await fake.wait_for("POST", MESSAGES, timeout=60)
    assert "Tokyo" in embed_of(where.json)["description"]
    await world.press(answer_msg, "whomet:sources", world.bob)
    (_, sources) = await fake.wait_for("POST", CALLBACK, count=2)
    assert sources.json["data"]["flags"] & 64 and sources.json["data"]["embeds"]
    await fake.stop_probing()
    bad = [(r.route, r.status) for r in fake.calls("POST") if not 200 <= r.status < 300]
    assert not bad, f"rejected: {bad}"
    assert all_allowed_mentions_none(fake) == []
    assert max(fake.probe_rtts) < 0.25, f"gateway starved for {max(fake.probe_rtts):.3f}s"
    print(f"\nreal engine: first answer {first_answer:.2f}s; {len(fake.probe_rtts)} heartbeat probes, "
          f"max round trip {max(fake.probe_rtts) * 1000:.1f} ms")
