"""Rate limits, gateway drops and invalid sessions lose nothing; heartbeats flow while many questions run."""

# ruff: noqa: F811  (pytest fixtures imported from tests.discord.discord_support are redefined as parameters)
from __future__ import annotations

import asyncio
import logging
import os
import signal
import statistics
import subprocess
import sys
import time

import discord
import pytest

from bot.config import Config
from bot.discord_bot import run_bot
from bot.discord_bot.client import WhometBot
from tests.conftest import ROOT
from tests.discord.discord_support import FakeEngine, embed_of
from tests.fake_discord import FakeDiscord, until
from tests.processes import reaped

WEBHOOK = "/webhooks/{app_id}/{token}"
MESSAGES = "/channels/{channel_id}/messages"


def _for(token: str):
    return lambda r: r.params.get("token") == token


async def test_429_on_a_reply_is_retried_and_nothing_is_lost(fake, world, runner):
    await runner.start(FakeEngine())
    fake.fail("POST", MESSAGES, 429, times=2, retry_after=0.05)
    await world.say(world.alice, "Who did Kishi meet?")
    (ok,) = await fake.wait_for("POST", MESSAGES)
    assert [r.status for r in fake.calls("POST", MESSAGES)] == [429, 429, 200]
    assert "Kishi met Austin" in embed_of(ok.json)["description"]
    bot_msgs = [m for m in fake.messages.values() if m["author"]["id"] == fake.app_id]
    assert len(bot_msgs) == 1


async def test_429_on_a_follow_up_is_retried_and_nothing_is_lost(fake, world, runner):
    await runner.start(FakeEngine())
    fake.fail("POST", WEBHOOK, 429, times=1, retry_after=0.05)
    inter = await world.slash("ask", world.alice, question="Who did Kishi meet?")
    (ok,) = await fake.wait_for("POST", WEBHOOK, where=_for(inter["token"]))
    assert [r.status for r in fake.calls("POST", WEBHOOK)] == [429, 200]
    assert ok.at - fake.calls("POST", WEBHOOK)[0].at >= 0.04, "waited retry_after before retrying"
    assert "Kishi met Austin" in embed_of(ok.json)["description"]


async def test_gateway_close_4000_resumes_and_answers_what_came_meanwhile(fake, world, runner):
    await runner.start(FakeEngine())
    session = fake.session.session_id
    await fake.close_gateway(4000)
    inter = await world.slash("ask", world.alice, question="Who did Kishi meet?")  # queued while disconnected
    (ok,) = await fake.wait_for("POST", WEBHOOK, where=_for(inter["token"]))
    assert "Kishi met Austin" in embed_of(ok.json)["description"]
    assert len(fake.resumes) == 1 and fake.resumes[0]["session_id"] == session
    assert len(fake.identifies) == 1, "resumed, not re-identified"
    assert fake.connections == 2


class QuickReidentify(WhometBot):
    """discord.py waits 5 s before re-identifying (its documented, overridable hook); tests need not."""

    async def before_identify_hook(self, shard_id, *, initial: bool = False) -> None:
        return None


async def test_invalid_session_reidentifies_and_keeps_answering(fake, world, runner):
    bot = await runner.start(FakeEngine(), bot_class=QuickReidentify)
    await fake.invalidate_session()
    await until(lambda: len(fake.identifies) == 2 and fake.ws is not None, 5, "re-identify")
    await until(bot.is_ready, 5, "ready again")
    inter = await world.slash("ask", world.alice, question="Who did Kishi meet?")
    (ok,) = await fake.wait_for("POST", WEBHOOK, where=_for(inter["token"]))
    assert "Kishi met Austin" in embed_of(ok.json)["description"]
    assert fake.resumes == []


async def _burst(fake, world, n: int, block_loop_for: float = 0.0) -> float:
    """Fire `n` /ask at once while probing the client's gateway responsiveness every 25 ms; return the wall time."""
    await fake.start_probing(0.025)
    start = time.monotonic()
    for i in range(n):
        user = (world.alice, world.bob, world.mod)[i % 3]
        await world.slash("ask", user, question=f"Who did Kishi meet? #{i}")
    if block_loop_for:
        await asyncio.sleep(0.05)
        time.sleep(block_loop_for)  # the control: what an engine call on the event loop would do
    await fake.wait_for("POST", WEBHOOK, count=n, timeout=30)
    elapsed = time.monotonic() - start
    await asyncio.sleep(0.05)
    await fake.stop_probing()
    return elapsed


async def test_heartbeats_stay_on_time_under_many_concurrent_questions(fake, world, runner, caplog):
    """A loop blocked by the 0.3 s engine calls would answer about half the probes over 0.15 s late; a free loop
    answers nearly all at once. Judged on the share of late probes, not the single worst one, so a loaded machine's
    occasional scheduling hiccup does not read as a blocked loop."""
    fake.heartbeat_interval_ms = 100
    engine = FakeEngine(work_seconds=0.3)
    await runner.start(engine)
    caplog.set_level(logging.WARNING, logger="discord.gateway")
    start = time.monotonic()
    elapsed = await _burst(fake, world, 15)
    beats = [b for b in fake.heartbeats if b >= start]
    assert engine.max_active == 1, "one engine call at a time"
    assert elapsed >= 15 * 0.3 * 0.9, "the questions really took CPU time"
    assert len(fake.probe_rtts) >= 20 and len(beats) >= 20
    late = [rtt for rtt in fake.probe_rtts if rtt >= 0.15]
    assert len(late) <= 0.1 * len(fake.probe_rtts), f"{len(late)} of {len(fake.probe_rtts)} heartbeats answered late"
    assert statistics.median(fake.probe_rtts) < 0.05
    assert "Can't keep up" not in caplog.text and "blocked" not in caplog.text


async def test_heartbeat_check_detects_a_blocked_loop(fake, world, runner):
    """The control for the test above: the same probe sees a loop blocked for 0.3 s."""
    await runner.start(FakeEngine())
    await _burst(fake, world, 3, block_loop_for=0.3)
    assert max(fake.probe_rtts) >= 0.25


def _run_against(server: FakeDiscord, monkeypatch: pytest.MonkeyPatch) -> int:
    """`run_bot` over a FakeEngine against `server`; returns the exit code."""
    monkeypatch.setattr(discord.http.Route, "BASE", discord.http.Route.BASE)
    monkeypatch.setattr(discord.gateway.DiscordWebSocket, "DEFAULT_GATEWAY",
                        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY)
    monkeypatch.setenv("DISCORD_TOKEN", server.token)
    config = Config(discord={"api_base_url": server.base_url, "gateway_url": server.gateway_url})
    return run_bot(config, engine=FakeEngine())


@pytest.mark.parametrize(("fault", "value", "reason"), [
    ("refuse_handshake", 403, "it answered HTTP 403 instead of a websocket handshake"),
    ("refuse_handshake", 502, "it answered HTTP 502"),
    ("close_at_once", 1000, "it closed the first connection before a session started"),
])
def test_gateway_refusing_the_first_connection_ends_run_with_one_sentence(monkeypatch, capsys, fault, value, reason):
    """discord.py used to retry, then raise AttributeError: 'NoneType' object has no attribute 'sequence'."""
    server = FakeDiscord()
    setattr(server, fault, value)
    asyncio.run(server.start())
    try:
        code = _run_against(server, monkeypatch)
    finally:
        asyncio.run(server.stop())
    err = capsys.readouterr().err.strip()
    assert code == 2
    assert err.count("\n") == 0 and "Traceback" not in err and server.token not in err
    assert f"the Discord gateway at {server.gateway_url} refused the bot: {reason}" in err
    assert server.identifies == []


def test_whomet_run_against_a_refusing_gateway_exits_2_with_one_line(tmp_path, seed_index_dir):
    server = FakeDiscord()
    server.refuse_handshake = 403
    asyncio.run(server.start())
    try:
        cfg = tmp_path / "whomet.toml"
        cfg.write_text(f'[index]\ndir = "{seed_index_dir}"\n[discord]\napi_base_url = "{server.base_url}"\n'
                       f'gateway_url = "{server.gateway_url}"\n', encoding="utf-8")
        out = subprocess.run([sys.executable, "-m", "bot", "run", "--config", str(cfg)], cwd=ROOT, text=True,
                             capture_output=True, timeout=120, env={**os.environ, "DISCORD_TOKEN": server.token})
    finally:
        asyncio.run(server.stop())
    assert out.returncode == 2, out.stderr
    assert out.stderr.strip().count("\n") == 0 and "refused the bot" in out.stderr, out.stderr
    assert "Traceback" not in out.stderr and server.token not in out.stderr + out.stdout


async def test_a_refused_reconnect_after_a_session_is_retried_not_fatal(fake, world, runner):
    """Only the first connection must succeed: once a session exists, a refused handshake is retried."""
    await runner.start(FakeEngine(), bot_class=QuickReidentify)
    fake.refuse_handshake = 503
    await fake.close_gateway(4000)
    await until(lambda: fake.refused >= 1, 5, "a refused reconnect")
    fake.refuse_handshake = None
    await until(lambda: fake.ws is not None, 10, "reconnected")
    inter = await world.slash("ask", world.alice, question="Who did Kishi meet?")
    (ok,) = await fake.wait_for("POST", WEBHOOK, where=_for(inter["token"]))
    assert "Kishi met Austin" in embed_of(ok.json)["description"]


def test_ctrl_c_stops_whomet_run_with_exit_130_and_no_traceback(tmp_path, seed_index_dir):
    server = FakeDiscord()
    asyncio.run(server.start())
    try:
        cfg = tmp_path / "whomet.toml"
        cfg.write_text(f'[index]\ndir = "{seed_index_dir}"\n[discord]\napi_base_url = "{server.base_url}"\n'
                       f'gateway_url = "{server.gateway_url}"\n', encoding="utf-8")
        proc = subprocess.Popen([sys.executable, "-m", "bot", "run", "--config", str(cfg)], cwd=ROOT, text=True,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                env={**os.environ, "DISCORD_TOKEN": server.token})
        with reaped(proc):
            deadline = time.monotonic() + 60
            while not server.identifies and proc.poll() is None and time.monotonic() < deadline:
                time.sleep(0.05)
            assert server.identifies, "the bot never identified"
            proc.send_signal(signal.SIGINT)
            out, err = proc.communicate(timeout=30)
    finally:
        asyncio.run(server.stop())
    assert proc.returncode == 130, err
    assert "Traceback" not in err and server.token not in out + err
