"""[discord] shards: absent is one connection (WhometBot), "auto" or a number is discord.py's AutoShardedBot."""

# ruff: noqa: F811  (pytest fixtures imported from tests.discord.discord_support are redefined as parameters)
from __future__ import annotations

import asyncio

import discord
import pytest

from bot.config import Config
from bot.discord_bot import run_bot
from bot.discord_bot.client import ShardedWhometBot, WhometBot, make_bot
from bot.discord_bot.settings import DiscordSettings, SettingsError
from tests.discord.discord_support import FakeEngine, embed_of, fake, runner, world  # noqa: F401
from tests.fake_discord import FakeDiscord

WEBHOOK = "/webhooks/{app_id}/{token}"


@pytest.mark.parametrize(("raw", "shards"), [({}, None), ({"shards": "auto"}, "auto"), ({"shards": 3}, 3)])
def test_shards_setting_is_read(raw, shards):
    assert DiscordSettings.from_dict(raw).shards == shards


@pytest.mark.parametrize("bad", ["two", "", 0, -1, 5000, True, 1.5, [2]])
def test_a_bad_shards_setting_is_one_sentence(bad):
    with pytest.raises(SettingsError) as caught:
        DiscordSettings.from_dict({"shards": bad})
    assert str(caught.value) == f'[discord] shards must be "auto" or a whole number from 1 to 4096, got {bad!r}.'


def test_shards_is_a_known_config_key(tmp_path):
    path = tmp_path / "whomet.toml"
    path.write_text('[discord]\nshards = "auto"\n', encoding="utf-8")
    assert Config.load(path).discord == {"shards": "auto"}


@pytest.mark.parametrize(("shards", "kind", "count"), [(None, WhometBot, None), ("auto", ShardedWhometBot, None),
                                                        (4, ShardedWhometBot, 4)])
def test_make_bot_picks_the_class_and_shard_count(shards, kind, count):
    bot = make_bot(FakeEngine(), DiscordSettings(shards=shards))
    try:
        assert type(bot) is kind
        assert isinstance(bot, discord.AutoShardedClient) is (shards is not None)
        assert bot.shard_count == count
    finally:
        bot.worker.close()


async def test_an_auto_sharded_bot_takes_discords_count_and_answers(fake, world, runner):
    """The fake's /gateway/bot recommends 1 shard: the bot identifies as shard [0, 1] and answers /ask."""
    bot = await runner.start(FakeEngine(), bot_class=ShardedWhometBot)
    assert bot.shard_count == 1 and sorted(bot.shards) == [0]
    assert [i.get("shard") for i in fake.identifies] == [[0, 1]]
    assert any(r.route == "/gateway/bot" for r in fake.requests)
    inter = await world.slash("ask", world.alice, question="Who did Kishi meet?")
    (ok,) = await fake.wait_for("POST", WEBHOOK, where=lambda r: r.params.get("token") == inter["token"])
    assert "Kishi met Austin" in embed_of(ok.json)["description"]


def test_a_sharded_bot_refused_by_the_gateway_exits_2_with_one_sentence(monkeypatch, capsys):
    """AutoShardedClient alone would log a traceback and retry the first shard forever."""
    server = FakeDiscord()
    server.refuse_handshake = 403
    asyncio.run(server.start())
    monkeypatch.setattr(discord.http.Route, "BASE", discord.http.Route.BASE)
    monkeypatch.setattr(discord.gateway.DiscordWebSocket, "DEFAULT_GATEWAY",
                        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY)
    monkeypatch.setenv("DISCORD_TOKEN", server.token)
    try:
        config = Config(discord={"api_base_url": server.base_url, "gateway_url": server.gateway_url,
                                 "shards": "auto"})
        code = run_bot(config, engine=FakeEngine())
    finally:
        asyncio.run(server.stop())
    err = capsys.readouterr().err.strip()
    assert code == 2
    assert err.count("\n") == 0 and "Traceback" not in err and server.token not in err
    assert f"the Discord gateway at {server.gateway_url} refused the bot: it answered HTTP 403" in err
