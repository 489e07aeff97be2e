"""/reindex: the owner or a configured role rebuilds the index in the background; everyone else is refused."""

from __future__ import annotations

import contextlib
import logging
import time
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord_bot.worker import ReindexInProgress

if TYPE_CHECKING:
    from bot.discord_bot.client import WhometBot

log = logging.getLogger(__name__)
NO_PINGS = discord.AllowedMentions.none()
REFUSED = "Sorry, only the bot's owner or a member with a reindex role can rebuild the index."
STARTED = "Rebuilding the index in the background; questions are answered from the current index until it is ready."
BUSY = "A rebuild is already running; I'll use the new index as soon as it is done."


class Admin(commands.Cog):
    def __init__(self, bot: WhometBot) -> None:
        self.bot = bot

    @app_commands.command(name="reindex", description="Rebuild the archive index (bot owner or reindex role only).")
    async def reindex(self, interaction: discord.Interaction) -> None:
        user = interaction.user
        if not await self.bot.is_reindexer(user):
            log.warning("refused /reindex from user %s", user.id)
            await interaction.response.send_message(REFUSED, ephemeral=True, allowed_mentions=NO_PINGS)
            return
        try:
            task = self.bot.worker.start_rebuild()
        except ReindexInProgress:
            await interaction.response.send_message(BUSY, ephemeral=True, allowed_mentions=NO_PINGS)
            return
        log.info("user %s started a reindex", user.id)
        started = time.perf_counter()
        await interaction.response.send_message(STARTED, ephemeral=True, allowed_mentions=NO_PINGS)
        try:
            await task
        except Exception as exc:
            note = f"The rebuild failed ({type(exc).__name__}); the previous index is still in use."
        else:
            note = f"The new index is in use (rebuilt in {time.perf_counter() - started:.0f} s)."
        with contextlib.suppress(discord.HTTPException):  # the interaction token lasts 15 minutes
            await interaction.followup.send(note, ephemeral=True, allowed_mentions=NO_PINGS)


async def setup(bot: WhometBot) -> None:
    await bot.add_cog(Admin(bot))
