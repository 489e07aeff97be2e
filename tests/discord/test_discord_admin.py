"""/reindex: allowed for the owner and the configured role, refused for others; the old index serves meanwhile."""

# ruff: noqa: F811  (pytest fixtures imported from tests.discord.discord_support are redefined as parameters)
from __future__ import annotations

import asyncio

from tests.discord.discord_support import FakeEngine, all_allowed_mentions_none, embed_of

WEBHOOK = "/webhooks/{app_id}/{token}"
CALLBACK = "/interactions/{interaction_id}/{token}/callback"


def _for(token: str):
    return lambda r: r.params.get("token") == token


async def test_reindex_by_owner_rebuilds_in_background_and_swaps(fake, world, runner):
    engine = FakeEngine()
    await runner.start(engine)
    inter = await world.slash("reindex", world.owner)
    (ack,) = await fake.wait_for("POST", CALLBACK, where=_for(inter["token"]))
    assert ack.json["type"] == 4 and ack.json["data"]["flags"] & 64 and "background" in ack.json["data"]["content"]
    assert await asyncio.to_thread(engine.rebuild_started.wait, 5)
    # while the rebuild runs, questions are answered from the old index
    q1 = await world.slash("ask", world.alice, question="Who did Kishi meet?")
    (a1,) = await fake.wait_for("POST", WEBHOOK, where=_for(q1["token"]))
    assert "(index v1)" in embed_of(a1.json)["description"]
    # a second /reindex while one runs is told so
    busy = await world.slash("reindex", world.owner)
    (b,) = await fake.wait_for("POST", CALLBACK, where=_for(busy["token"]))
    assert "already running" in b.json["data"]["content"]
    engine.release_rebuild.set()
    (done,) = await fake.wait_for("POST", WEBHOOK, where=_for(inter["token"]))
    assert "new index is in use" in done.json["content"] and done.json["flags"] & 64
    q2 = await world.slash("ask", world.bob, question="Who did Kishi meet?")
    (a2,) = await fake.wait_for("POST", WEBHOOK, where=_for(q2["token"]))
    assert "(index v2)" in embed_of(a2.json)["description"] and engine.rebuilds == 1
    assert all_allowed_mentions_none(fake) == []


async def test_reindex_allowed_for_configured_role(fake, world, runner):
    engine = FakeEngine()
    engine.release_rebuild.set()
    await runner.start(engine)
    inter = await world.slash("reindex", world.mod)
    (ack,) = await fake.wait_for("POST", CALLBACK, where=_for(inter["token"]))
    assert "background" in ack.json["data"]["content"]
    await fake.wait_for("POST", WEBHOOK, where=_for(inter["token"]))
    assert engine.rebuilds == 1


async def test_reindex_refused_for_everyone_else(fake, world, runner):
    engine = FakeEngine()
    engine.release_rebuild.set()
    await runner.start(engine)
    for user in (world.alice, world.bob):
        inter = await world.slash("reindex", user)
        (resp,) = await fake.wait_for("POST", CALLBACK, where=_for(inter["token"]))
        assert resp.json["type"] == 4 and resp.json["data"]["flags"] & 64
        assert "only the bot's owner" in resp.json["data"]["content"]
    await asyncio.sleep(0.1)
    assert engine.rebuilds == 0 and not engine.rebuild_started.is_set()
