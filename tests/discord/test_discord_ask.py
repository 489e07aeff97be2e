"""The real discord.py client against the fake Discord: start-up, /ask, mentions, replies, follow-ups, sources."""

# ruff: noqa: F811  (pytest fixtures imported from tests.discord.discord_support are redefined as parameters)
from __future__ import annotations

import asyncio
import threading

from tests.discord.discord_support import KISHI_PASSAGE, FakeEngine, all_allowed_mentions_none, embed_of
from tests.fake_discord import until

WEBHOOK = "/webhooks/{app_id}/{token}"
CALLBACK = "/interactions/{interaction_id}/{token}/callback"
MESSAGES = "/channels/{channel_id}/messages"


async def test_startup_logs_in_syncs_commands_and_identifies(fake, world, runner):
    bot = await runner.start()
    assert [r.route for r in fake.requests[:2]] == ["/users/@me", "/oauth2/applications/@me"]
    synced = fake.calls("PUT", "/applications/{app_id}/guilds/{guild_id}/commands", ok=True)
    assert len(synced) == 1 and synced[0].params["guild_id"] == world.guild_id
    names = sorted(c["name"] for c in synced[0].json)
    assert {"ask", "reindex"} <= set(names)
    ask = next(c for c in synced[0].json if c["name"] == "ask")
    assert [o["name"] for o in ask["options"]] == ["question"] and ask["options"][0]["required"]
    assert fake.calls("PUT", "/applications/{app_id}/commands", ok=True)[0].json == []  # no global duplicates
    assert len(fake.identifies) == 1 and fake.identifies[0]["token"] == fake.token
    assert fake.heartbeats, "the client heartbeats right after HELLO"
    assert bot.get_guild(int(world.guild_id)) is not None


async def test_ask_defers_then_follows_up_with_cited_embed(fake, world, runner):
    engine = FakeEngine()
    await runner.start(engine)
    inter = await world.slash("ask", world.alice, question="Who did Kishi meet?")
    (defer,) = await fake.wait_for("POST", CALLBACK)
    assert defer.params["token"] == inter["token"] and defer.json["type"] == 5
    (follow,) = await fake.wait_for("POST", WEBHOOK)
    assert follow.params == {"app_id": fake.app_id, "token": inter["token"]}
    assert defer.at <= follow.at
    embed = embed_of(follow.json)
    assert embed["title"] == "Who did Kishi meet?"
    assert "Kishi met Austin [1]." in embed["description"]
    (field,) = embed["fields"]
    assert field["name"].startswith("[1] Kishi, Austin hold talks")
    assert "2021-03-16 · Kyodo" in field["value"] and "Austin in Tokyo on Tuesday" in field["value"]
    button = follow.json["components"][0]["components"][0]
    assert button["label"] == "Sources" and button["custom_id"] == "whomet:sources"
    assert engine.calls[0][0] == "Who did Kishi meet?"
    assert engine.calls[0][2].startswith("whomet-ask") and engine.calls[0][2] != threading.main_thread().name
    assert all_allowed_mentions_none(fake) == []


async def test_mention_gets_a_reply_and_a_reply_chain_keeps_context(fake, world, runner):
    engine = FakeEngine()
    await runner.start(engine)
    asked = await world.say(world.alice, "Who did Kishi meet?")
    (first,) = await fake.wait_for("POST", MESSAGES)
    assert first.json["message_reference"]["message_id"] == int(asked["id"])
    assert "Kishi met Austin [1]." in embed_of(first.json)["description"]
    answer_msg = fake.messages[max(fake.messages)]  # the bot's reply, as the fake stored it
    assert answer_msg["author"]["id"] == fake.app_id
    follow_up = await world.say(world.alice, "And where?", mention_bot=False, reply_to=answer_msg)
    await fake.wait_for("POST", MESSAGES, count=2)
    second = fake.calls("POST", MESSAGES)[1]
    assert second.json["message_reference"]["message_id"] == int(follow_up["id"])
    assert "They met in Tokyo [1]." in embed_of(second.json)["description"]
    assert engine.calls[0][1] is engine.calls[1][1], "the follow-up reuses the conversation"
    assert engine.calls[1][1].turns == ["Who did Kishi meet?", "And where?"]
    # a fresh mention (not a reply) starts a new conversation: no context, so nothing found
    await world.say(world.bob, "And where?")
    await fake.wait_for("POST", MESSAGES, count=3)
    assert "nothing in the archive" in embed_of(fake.calls("POST", MESSAGES)[2].json)["description"]
    assert engine.calls[2][1] is not engine.calls[0][1]
    assert all_allowed_mentions_none(fake) == []


async def test_follow_up_in_a_thread_keeps_context(fake, world, runner):
    engine = FakeEngine()
    await runner.start(engine)
    await world.say(world.alice, "Who did Kishi meet?", channel=world.thread)
    await fake.wait_for("POST", MESSAGES)
    await world.say(world.bob, "And where?", channel=world.thread)
    await fake.wait_for("POST", MESSAGES, count=2)
    assert "They met in Tokyo" in embed_of(fake.calls("POST", MESSAGES)[1].json)["description"]
    assert all(r.params["channel_id"] == world.thread["id"] for r in fake.calls("POST", MESSAGES))


async def test_replying_to_a_slash_answer_continues_it(fake, world, runner):
    engine = FakeEngine()
    await runner.start(engine)
    await world.slash("ask", world.alice, question="Who did Kishi meet?")
    await fake.wait_for("POST", WEBHOOK)
    answer_msg = fake.messages[max(fake.messages)]
    await world.say(world.alice, "And where?", mention_bot=False, reply_to=answer_msg)
    (reply,) = await fake.wait_for("POST", MESSAGES)
    assert "They met in Tokyo" in embed_of(reply.json)["description"]


async def test_sources_button_shows_full_passage_ephemerally(fake, world, runner):
    await runner.start(FakeEngine())
    await world.slash("ask", world.alice, question="Who did Kishi meet?")
    await fake.wait_for("POST", WEBHOOK)
    answer_msg = fake.messages[max(fake.messages)]
    press = await world.press(answer_msg, "whomet:sources", world.bob)
    callbacks = await fake.wait_for("POST", CALLBACK, count=2)
    resp = callbacks[1]
    assert resp.params["token"] == press["token"] and resp.json["type"] == 4
    assert resp.json["data"]["flags"] & 64, "ephemeral"
    embed = resp.json["data"]["embeds"][0]
    assert "**Prime Minister Kishi met U.S. Defense Secretary Austin in Tokyo on Tuesday.**" in embed["description"]
    assert "regional security" in embed["description"] and "Kyodo" in embed["footer"]["text"]
    assert KISHI_PASSAGE.startswith("TOKYO")
    assert all_allowed_mentions_none(fake) == []


async def test_question_too_long_and_cooldown_are_refused_kindly(fake, world, runner):
    engine = FakeEngine()
    await runner.start(engine, cooldown_seconds=60, max_question_chars=40)
    await world.slash("ask", world.alice, question="Who did Kishi meet " + "really " * 10 + "?")
    (r1,) = await fake.wait_for("POST", CALLBACK)
    assert r1.json["type"] == 4 and r1.json["data"]["flags"] & 64 and "under 40" in r1.json["data"]["content"]
    await world.slash("ask", world.alice, question="Who did Kishi meet?")
    await fake.wait_for("POST", WEBHOOK)
    await world.slash("ask", world.alice, question="Who did Kishi meet?")
    r3 = (await fake.wait_for("POST", CALLBACK, count=3))[2]
    assert r3.json["type"] == 4 and "ask again in" in r3.json["data"]["content"]
    await world.slash("ask", world.bob, question="Who did Kishi meet?")  # the cooldown is per user
    await fake.wait_for("POST", WEBHOOK, count=2)
    assert len(engine.calls) == 2
    await until(lambda: len(fake.calls("POST", CALLBACK)) == 4)


async def test_sources_button_works_until_the_view_times_out(fake, world, runner):
    await runner.start(FakeEngine(), view_timeout_seconds=0.5)
    await world.slash("ask", world.alice, question="Who did Kishi meet?")
    await fake.wait_for("POST", WEBHOOK)
    answer_msg = fake.messages[max(fake.messages)]
    await world.press(answer_msg, "whomet:sources", world.bob)
    await fake.wait_for("POST", CALLBACK, count=2)
    (edit,) = await fake.wait_for("PATCH", "/webhooks/{app_id}/{token}/messages/{message_id}", timeout=3)
    assert edit.params["message_id"] == answer_msg["id"] and edit.json["components"] == []
    late = await world.press(answer_msg, "whomet:sources", world.bob)  # a stale client still showing the button
    await asyncio.sleep(0.3)
    assert not [r for r in fake.calls("POST", CALLBACK) if r.params["token"] == late["token"]]
