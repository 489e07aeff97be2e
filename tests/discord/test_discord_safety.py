"""Article text never pings or formats; answers always fit Discord's limits; the token never shows."""

# ruff: noqa: F811  (pytest fixtures imported from tests.discord.discord_support are redefined as parameters)
from __future__ import annotations

import asyncio
import logging
import re

import discord

from bot.config import Config
from bot.discord_bot import run_bot
from bot.discord_bot.render import answer_embed, escape, sources_embeds
from bot.records import Answer, Citation, Passage
from tests.discord.discord_support import FakeEngine, all_allowed_mentions_none, embed_of
from tests.fake_discord import FakeDiscord
from tests.fake_discord.routes import limit_problems

WEBHOOK = "/webhooks/{app_id}/{token}"
CALLBACK = "/interactions/{interaction_id}/{token}/callback"
MESSAGES = "/channels/{channel_id}/messages"
EVIL = ("Officials said @everyone and @here should note <@123> and <@&456>: **Kishi** met [2](https://evil.example) "
        "Austin\n# Heading\n> quote ||spoiler|| `code`.")
MASKED_LINK = re.compile(r"(?<!\\)\[[^\]]*\](?<!\\)\(")


def _clean(text: str) -> None:
    assert "@everyone" not in text and "@here" not in text and "<@1" not in text and "<@&" not in text
    assert not MASKED_LINK.search(text), f"masked link survives in {text!r}"
    assert "**Kishi**" not in text and "\n#" not in text


async def test_article_with_everyone_never_pings_and_cannot_format(fake, world, runner):
    engine = FakeEngine()
    engine.quote = EVIL
    engine.passage = "Intro. " + EVIL + " Outro."
    bot = await runner.start(engine)
    assert bot.allowed_mentions.to_dict() == {"parse": []}  # no users, roles, everyone or replied user
    await world.say(world.alice, "Who did Kishi meet?")
    (reply,) = await fake.wait_for("POST", MESSAGES)
    field = embed_of(reply.json)["fields"][0]
    _clean(field["value"])
    await world.slash("ask", world.bob, question="Who did Kishi meet? @everyone")
    (follow,) = await fake.wait_for("POST", WEBHOOK)
    _clean(embed_of(follow.json)["fields"][0]["value"])
    _clean(embed_of(follow.json)["title"])
    await world.press(fake.messages[max(fake.messages)], "whomet:sources", world.alice)
    sources = (await fake.wait_for("POST", CALLBACK, count=2))[1]
    desc = sources.json["data"]["embeds"][0]["description"]
    _clean(desc.replace(f"**{escape(EVIL)}**", escape(EVIL)))  # the bold around the quote is ours
    problems = all_allowed_mentions_none(fake)
    assert problems == [] and len(fake.calls("POST")) >= 4


def _huge_answer(n_citations: int = 30, quote_len: int = 3000) -> Answer:
    cites = [Citation(i, f"d{i}", f"corpus/{i}.txt", "T" * 300 if i % 2 else "", None if i % 3 else "2021-01-01",
                      None, ("word " * quote_len)[:quote_len], 0.5) for i in range(1, n_citations + 1)]
    passages = [Passage(i, f"d{i}", f"d{i}#0", "passage " * 2000, 0.5) for i in range(1, n_citations + 1)]
    text = " ".join(f"Claim number {i} [{i}]." for i in range(1, n_citations + 1)) * 40
    return Answer("Q" * 400, text, False, cites, passages)


def test_huge_answers_are_trimmed_to_discords_limits():
    answer = _huge_answer()
    embed = answer_embed(answer).to_dict()
    assert limit_problems({"embeds": [embed]}) == []
    assert embed["description"].endswith("…") and embed["title"].endswith("…")
    assert "more source(s)" in embed["footer"]["text"]
    assert embed["fields"][1]["name"].startswith("[2] word word") and "undated · unknown source" in \
        embed["fields"][0]["value"]
    sources = [e.to_dict() for e in sources_embeds(answer)]
    assert len(sources) == 10 and limit_problems({"embeds": sources}) == []
    for n in (1, 3, 24, 25):
        assert limit_problems({"embeds": [answer_embed(_huge_answer(n, 900)).to_dict()]}) == []


async def test_huge_answer_is_accepted_by_discord_end_to_end(fake, world, runner):
    class HugeEngine(FakeEngine):
        def ask(self, question, conversation=None, k=None):
            return _huge_answer()

    await runner.start(HugeEngine())
    await world.slash("ask", world.alice, question="Who did Kishi meet?")
    (ok,) = await fake.wait_for("POST", WEBHOOK)  # the fake answers 400 to anything over Discord's limits
    await world.press(fake.messages[max(fake.messages)], "whomet:sources", world.alice)
    await fake.wait_for("POST", CALLBACK, count=2)
    assert all(r.status == 200 for r in fake.calls("POST"))


def test_escape_keeps_plain_text_readable():
    assert escape("Kishi met Austin in Tokyo on 16 March.") == "Kishi met Austin in Tokyo on 16 March."
    assert escape("a_b *c*") == "a\\_b \\*c\\*"


async def test_token_never_appears_in_logs_or_output(fake, world, runner, caplog, capsys):
    caplog.set_level(logging.DEBUG)
    fake.token = "SECRET.tok3n-" + "x" * 40
    await runner.start(FakeEngine(), token=fake.token)
    await world.slash("ask", world.alice, question="Who did Kishi meet?")
    await fake.wait_for("POST", WEBHOOK)
    out, err = capsys.readouterr()
    assert fake.token not in caplog.text + out + err
    assert "has connected to Gateway" in caplog.text or "connected as" in caplog.text


def _config(fake: FakeDiscord, **discord_table) -> Config:
    return Config(discord={"api_base_url": fake.base_url, "gateway_url": fake.gateway_url, **discord_table})


def test_run_bot_without_token_says_so_in_one_sentence(monkeypatch, capsys, tmp_path):
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    assert run_bot(Config(discord={}), engine=FakeEngine()) != 0
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "DISCORD_TOKEN" in err and "Traceback" not in err
    assert run_bot(Config(discord={"token_file": str(tmp_path / "missing")}), engine=FakeEngine()) != 0
    assert "Cannot read the Discord token file" in capsys.readouterr().err


def test_run_bot_with_rejected_token_says_so_without_traceback(monkeypatch, capsys):
    monkeypatch.setattr(discord.http.Route, "BASE", discord.http.Route.BASE)
    monkeypatch.setattr(discord.gateway.DiscordWebSocket, "DEFAULT_GATEWAY",
                        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY)
    server = FakeDiscord()
    asyncio.run(server.start())
    try:
        monkeypatch.setenv("DISCORD_TOKEN", "wrong-token-value")
        code = run_bot(_config(server), engine=FakeEngine())
    finally:
        asyncio.run(server.stop())
    out, err = capsys.readouterr()
    assert code == 2 and "rejected the bot token" in err and err.strip().count("\n") == 0
    assert "wrong-token-value" not in out + err and "Traceback" not in err
    assert [r.status for r in server.calls("GET", "/users/@me")] == [401]


def test_run_bot_failures_exit_2_with_one_sentence(monkeypatch, capsys, tmp_path):
    """Found by the CLI fuzz: an unreachable Discord gave exit 4 and an unusable index exit 5; errors are 2."""
    import socket

    monkeypatch.setattr(discord.http.Route, "BASE", discord.http.Route.BASE)
    monkeypatch.setattr(discord.gateway.DiscordWebSocket, "DEFAULT_GATEWAY",
                        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY)
    monkeypatch.setenv("DISCORD_TOKEN", "some-token-value")
    with socket.socket() as s:  # a port nothing listens on: the connection is refused
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    closed = {"api_base_url": f"http://127.0.0.1:{port}/api/v10", "gateway_url": f"ws://127.0.0.1:{port}"}
    assert run_bot(Config(discord=closed), engine=FakeEngine()) == 2
    err = capsys.readouterr().err.strip().splitlines()[-1]
    assert err == "whomet run: cannot reach Discord (ClientConnectorError)."
    (tmp_path / "index").write_text("a file where the index folder should be")
    assert run_bot(Config(index_dir=tmp_path / "index", corpus_dir=tmp_path, discord=closed)) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("whomet run: cannot load the index:") and "\n" not in err and "some-token" not in err


def test_cli_run_without_token_exits_non_zero_with_one_sentence(monkeypatch, tmp_path):
    from click.testing import CliRunner

    from bot.cli.commands import cli

    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    cfg = tmp_path / "whomet.toml"
    cfg.write_text('[discord]\nguild_ids = [1]\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["run", "--config", str(cfg)])
    assert result.exit_code != 0 and "No Discord token" in result.output and "Traceback" not in result.output


SNEAKY = "Ki\u200bshi\u202e met\u2066 Austin\u200e in\u200d Tokyo\ufeff\u2060 \x1b[31mtoday\x07.\u2069\u202c"
HIDDEN = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]")


def _shown_text(embed: dict) -> list[str]:
    """Every string Discord shows of an embed, without the zero-width spaces escape() puts after '<' and '@'."""
    texts = [embed.get("title", ""), embed.get("description", ""), embed.get("footer", {}).get("text", "")]
    texts += [f[k] for f in embed.get("fields", []) for k in ("name", "value")]
    return [t.replace("<\u200b", "<").replace("@\u200b", "@") for t in texts]


def test_bidi_zero_width_and_control_characters_never_reach_discord():
    cite = Citation(1, "d1", f"corpus/{SNEAKY}.txt", SNEAKY, "2021-01-01", SNEAKY, SNEAKY, 0.5)
    answer = Answer(SNEAKY, f"{SNEAKY} [1]", False, [cite], [Passage(1, "d1", "d1#0", f"Intro. {SNEAKY} Outro.", 0.5)])
    embeds = [answer_embed(answer).to_dict()] + [e.to_dict() for e in sources_embeds(answer)]
    shown = [t for e in embeds for t in _shown_text(e)]
    assert all(not HIDDEN.search(t) for t in shown), [t for t in shown if HIDDEN.search(t)]
    assert any("Kishi met Austin in Tokyo today." in t for t in shown)
    assert escape("<@123> and @everyone") == "<\u200b@123> and @\u200beveryone"  # the escape's own still stand
