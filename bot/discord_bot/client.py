"""WhometBot: a discord.py `commands.Bot` that loads the whomet cogs, syncs slash commands and never pings."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import aiohttp
import discord
import yarl
from discord.ext import commands

from bot.discord_bot.conversations import ConversationStore, default_conversation_factory
from bot.discord_bot.guards import Cooldown
from bot.discord_bot.settings import DiscordSettings
from bot.discord_bot.worker import EngineLike, EngineWorker

log = logging.getLogger(__name__)

NO_PINGS = discord.AllowedMentions.none()


class GatewayUnreachable(discord.DiscordException):
    """The gateway refused or dropped the bot's first connection; the message says how."""


def point_at(settings: DiscordSettings) -> None:
    """Aim discord.py at the configured Discord-compatible REST API and gateway."""
    discord.http.Route.BASE = settings.api_base_url.rstrip("/")
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(settings.gateway_url.rstrip("/") + "/")


class WhometBot(commands.Bot):
    """The Discord face of whomet: /ask, mentions and replies, /reindex, and /meetings when the engine has it."""

    def __init__(
        self,
        engine: EngineLike,
        settings: DiscordSettings,
        *,
        conversation_factory: Callable[[], Any] = default_conversation_factory,
        **options: Any,
    ) -> None:
        # whomet has no voice: discord.py's "PyNaCl/davey is not installed" warnings would be noise on every start.
        discord.VoiceClient.warn_nacl = discord.VoiceClient.warn_dave = False
        intents = discord.Intents.default()
        intents.message_content = settings.message_content_intent
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=intents,
            allowed_mentions=NO_PINGS,
            owner_ids=set(settings.owner_ids),
            help_command=None,
            **options,
        )
        self.settings = settings
        self.worker = EngineWorker(engine)
        self.conversations = ConversationStore(conversation_factory)
        self.cooldown = Cooldown(settings.cooldown_seconds)
        self.synced_commands: list[str] = []
        self._first_connection_must_succeed()

    def _first_connection_must_succeed(self) -> None:
        """A refused first handshake ends the run with its reason; later ones are retried as usual.

        discord.py retries a failed first connection too, then trips over its own missing websocket
        (`AttributeError: 'NoneType' object has no attribute 'sequence'`). With no session yet there is
        nothing to resume: the gateway URL is wrong or Discord is down, and the user should hear so.
        """
        ws_connect = self.http.ws_connect

        async def first_must_succeed(url: str, *, compress: int = 0) -> aiohttp.ClientWebSocketResponse:
            try:
                socket = await ws_connect(url, compress=compress)
            except (aiohttp.ClientError, OSError) as exc:
                if self._session_started():
                    raise
                raise self._refused(_refusal(exc)) from exc
            self._connected_once = True
            return socket

        self._connected_once = False
        self.http.ws_connect = first_must_succeed  # type: ignore[method-assign]

    def _session_started(self) -> bool:
        return self.ws is not None

    def _refused(self, reason: str) -> BaseException:
        return GatewayUnreachable(reason)

    async def connect(self, *, reconnect: bool = True) -> None:
        try:
            await super().connect(reconnect=reconnect)
        except AttributeError:  # the same missing websocket, when the first connection dropped after the handshake
            if self.ws is not None:
                raise
            raise GatewayUnreachable("it closed the first connection before a session started") from None

    async def setup_hook(self) -> None:
        await self.load_extension("bot.discord_bot.cogs.ask")
        await self.load_extension("bot.discord_bot.cogs.admin")
        if self.worker.has_meetings:
            await self.load_extension("bot.discord_bot.cogs.meetings")
        await self.sync_commands()

    async def sync_commands(self) -> None:
        """Sync slash commands: per configured guild (instant), else globally."""
        if self.settings.guild_ids:
            for guild_id in self.settings.guild_ids:
                guild = discord.Object(id=guild_id)
                self.tree.copy_global_to(guild=guild)
                synced = await self.tree.sync(guild=guild)
                log.info("synced %d command(s) to guild %s", len(synced), guild_id)
            self.tree.clear_commands(guild=None)
            await self.tree.sync()
        else:
            synced = await self.tree.sync()
            log.info("synced %d global command(s)", len(synced))
        self.synced_commands = sorted(c.name for c in self.tree.walk_commands())

    async def is_reindexer(self, user: discord.abc.User) -> bool:
        """The bot's owner(s), or a member holding one of the configured reindex roles."""
        if await self.is_owner(user):
            return True
        roles = {r.id for r in getattr(user, "roles", [])}
        return bool(roles & set(self.settings.reindex_role_ids))

    async def on_message(self, message: discord.Message, /) -> None:
        """No text commands: mentions and replies are handled by the Ask cog's listener."""

    async def on_ready(self) -> None:
        log.info("connected as %s (%s) to %d guild(s)", self.user, getattr(self.user, "id", "?"), len(self.guilds))

    async def close(self) -> None:
        try:
            await super().close()
        finally:
            self.worker.close()


class _ShardRefused(BaseException):
    """A refused first shard connection: a BaseException, so AutoShardedClient.launch_shard (which catches every
    Exception, logs a traceback and retries forever) lets it through to `connect`."""


class ShardedWhometBot(WhometBot, commands.AutoShardedBot):
    """WhometBot on discord.py's AutoShardedBot: one gateway connection per shard, each shard a slice of the guilds."""

    def _session_started(self) -> bool:
        return self._connected_once

    def _refused(self, reason: str) -> BaseException:
        return _ShardRefused(reason)

    async def connect(self, *, reconnect: bool = True) -> None:
        try:
            await super().connect(reconnect=reconnect)
        except _ShardRefused as exc:
            raise GatewayUnreachable(str(exc)) from None


def make_bot(engine: EngineLike, settings: DiscordSettings, **options: Any) -> WhometBot:
    """The bot [discord] shards asks for: WhometBot when absent, else ShardedWhometBot ("auto": Discord's count)."""
    if not settings.sharded:
        return WhometBot(engine, settings, **options)
    count = None if settings.shards == "auto" else int(settings.shards)
    return ShardedWhometBot(engine, settings, shard_count=count, **options)


def _refusal(exc: BaseException) -> str:
    if isinstance(exc, aiohttp.ClientResponseError):
        return f"it answered HTTP {exc.status} instead of a websocket handshake"
    return str(exc) or type(exc).__name__
