"""`run_bot(config)`: start the Discord bot over the engine; problems end in one clear sentence, not a traceback."""

from __future__ import annotations

import asyncio
import logging
import sys
from typing import Any

import aiohttp
import discord

from bot.discord_bot.client import GatewayUnreachable, WhometBot, make_bot, point_at
from bot.discord_bot.settings import DiscordSettings, SettingsError

log = logging.getLogger(__name__)


def load_settings(config: Any) -> DiscordSettings:
    base = config.source.parent if getattr(config, "source", None) else None
    return DiscordSettings.from_dict(dict(config.discord or {}), base)


async def serve(bot: WhometBot, token: str) -> None:
    """Log in and run until closed; the token is passed straight to discord.py and never logged."""
    async with bot:
        await bot.start(token, reconnect=True)


def run_bot(config: Any, engine: Any = None) -> int:
    """Run the bot until it is closed (0) or interrupted (130); a failure is one sentence on stderr and 2."""
    try:
        settings = load_settings(config)
        token = settings.load_token()
    except SettingsError as exc:
        print(f"whomet run: {exc}", file=sys.stderr)
        return 2
    point_at(settings)
    if engine is None:
        try:
            from bot.engine import Engine

            engine = Engine(config)
        except Exception as exc:  # IndexUnusable, a missing corpus, ...: one sentence, no traceback
            log.debug("engine failed to load", exc_info=exc)
            print(f"whomet run: cannot load the index: {exc}", file=sys.stderr)
            return 2
    bot = make_bot(engine, settings)
    try:
        asyncio.run(serve(bot, token))
    except discord.LoginFailure:
        print("whomet run: Discord rejected the bot token; check DISCORD_TOKEN or the token file.", file=sys.stderr)
        return 2
    except discord.PrivilegedIntentsRequired:
        print("whomet run: enable the Message Content intent in the Discord developer portal, "
              "or set message_content_intent = false.", file=sys.stderr)
        return 2
    except GatewayUnreachable as exc:
        print(f"whomet run: the Discord gateway at {settings.gateway_url} refused the bot: {exc}; "
              "check [discord] gateway_url, or Discord's status.", file=sys.stderr)
        return 2
    except (discord.GatewayNotFound, discord.ConnectionClosed, aiohttp.ClientError, OSError) as exc:
        print(f"whomet run: cannot reach Discord ({type(exc).__name__}).", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        log.info("stopped")
        return 130
    return 0
