"""whomet's Discord bot: a thin discord.py layer over the same answer API the CLI uses."""

from bot.discord_bot.runner import run_bot
from bot.discord_bot.settings import DiscordSettings, SettingsError

__all__ = ["DiscordSettings", "SettingsError", "run_bot"]
