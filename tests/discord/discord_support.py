"""Test helpers for the Discord bot: a fake engine with canned, cited answers, and a bot runner on the fake."""

from __future__ import annotations

import asyncio
import threading
import time
from dataclasses import dataclass, field

import discord
import pytest

from bot.discord_bot.client import WhometBot, point_at
from bot.discord_bot.settings import DiscordSettings
from bot.records import Answer, Citation, Passage
from tests.fake_discord import FakeDiscord, World, until

KISHI_QUOTE = "Prime Minister Kishi met U.S. Defense Secretary Austin in Tokyo on Tuesday."
KISHI_PASSAGE = "TOKYO (Kyodo) -- " + KISHI_QUOTE + " They discussed the alliance and regional security."


@dataclass
class FakeConversation:
    turns: list[str] = field(default_factory=list)


class FakeEngine:
    """Answers like the real engine would, from canned facts; records every call and the thread it ran on."""

    def __init__(self, *, work_seconds: float = 0.0) -> None:
        self.work_seconds = work_seconds
        self.version = 1
        self.calls: list[tuple[str, FakeConversation | None, str]] = []
        self.release_rebuild = threading.Event()
        self.rebuild_started = threading.Event()
        self.rebuilds = 0
        self._lock = threading.Lock()
        self.active = 0
        self.max_active = 0
        self.quote = KISHI_QUOTE
        self.passage = KISHI_PASSAGE

    def ask(self, question: str, conversation: FakeConversation | None = None, k: int | None = None) -> Answer:
        with self._lock:
            self.active += 1
            self.max_active = max(self.max_active, self.active)
        try:
            self.calls.append((question, conversation, threading.current_thread().name))
            deadline = time.perf_counter() + self.work_seconds
            while time.perf_counter() < deadline:  # CPU-bound like embedding + search
                sum(i * i for i in range(500))
            context = " ".join(conversation.turns) if conversation else ""
            if conversation is not None:
                conversation.turns.append(question)
            return self._answer(question, context)
        finally:
            with self._lock:
                self.active -= 1

    def _answer(self, question: str, context: str) -> Answer:
        about_kishi = "kishi" in (question + " " + context).lower()
        if not about_kishi:
            return Answer(question, "I found nothing in the archive about that.", True, [], [])
        if "where" in question.lower():
            text = f"They met in Tokyo [1]. (index v{self.version})"
        else:
            text = f"Kishi met Austin [1]. (index v{self.version})"
        cite = Citation(1, "doc-kishi", "corpus/000.txt", "Kishi, Austin hold talks", "2021-03-16", "Kyodo",
                        self.quote, 0.9)
        passage = Passage(1, "doc-kishi", "doc-kishi#0", self.passage, 0.9)
        return Answer(question, text, False, [cite], [passage])

    def rebuild(self) -> object:
        self.rebuild_started.set()
        if not self.release_rebuild.wait(10):
            raise RuntimeError("rebuild never released")
        self.version += 1
        self.rebuilds += 1
        return {"version": self.version}


def settings_for(fake: FakeDiscord, world: World, **overrides) -> DiscordSettings:
    s = DiscordSettings(owner_ids=[int(world.owner["id"])], reindex_role_ids=[int(world.mod_role_id)],
                        guild_ids=[int(world.guild_id)], cooldown_seconds=0,
                        api_base_url=fake.base_url, gateway_url=fake.gateway_url)
    for key, value in overrides.items():
        setattr(s, key, value)
    return s


class BotRunner:
    """Starts WhometBot against the fake and stops it at teardown."""

    def __init__(self, fake: FakeDiscord, world: World) -> None:
        self.fake = fake
        self.world = world
        self.bots: list[tuple[WhometBot, asyncio.Task]] = []

    async def start(self, engine=None, *, token: str | None = None, wait: bool = True,
                    bot_class: type[WhometBot] = WhometBot, conversation_factory=FakeConversation,
                    **overrides) -> WhometBot:
        settings = settings_for(self.fake, self.world, **overrides)
        point_at(settings)
        bot = bot_class(engine or FakeEngine(), settings, conversation_factory=conversation_factory,
                        guild_ready_timeout=0.05)
        task = asyncio.create_task(bot.start(token or self.fake.token))
        self.bots.append((bot, task))
        if wait:
            await until(lambda: bot.is_ready() or task.done(), 5.0, "bot ready")
            if task.done():
                task.result()
        return bot

    async def stop(self) -> None:
        for bot, task in self.bots:
            if not bot.is_closed():
                await bot.close()
            try:
                await asyncio.wait_for(task, 5)
            except (Exception, asyncio.CancelledError):
                pass


def embed_of(payload: dict) -> dict:
    """The first embed of a message payload as the bot sent it."""
    embeds = payload.get("embeds") or []
    assert embeds, f"no embed in {payload}"
    return embeds[0]


def all_allowed_mentions_none(fake: FakeDiscord) -> list[str]:
    """Problems with allowed_mentions in every message-creating request the bot made (empty list: all good)."""
    problems = []
    for r in fake.requests:
        body = r.json if isinstance(r.json, dict) else {}
        data = body.get("data", body) if r.route.endswith("/callback") else body
        if r.method in ("POST", "PATCH") and ("content" in data or "embeds" in data):
            am = data.get("allowed_mentions")
            if not am or am.get("parse") != [] or am.get("replied_user") or am.get("users") or am.get("roles"):
                problems.append(f"{r.method} {r.route}: allowed_mentions={am}")
    return problems


@pytest.fixture
async def fake():
    server = await FakeDiscord().start()
    yield server
    await server.stop()


@pytest.fixture
def world(fake: FakeDiscord) -> World:
    return World(fake)


@pytest.fixture
async def runner(fake: FakeDiscord, world: World, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(discord.http.Route, "BASE", discord.http.Route.BASE)
    monkeypatch.setattr(discord.gateway.DiscordWebSocket, "DEFAULT_GATEWAY",
                        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY)
    r = BotRunner(fake, world)
    yield r
    await r.stop()
