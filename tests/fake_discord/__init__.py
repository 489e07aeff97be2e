"""A small fake Discord (REST + gateway on loopback) to run the real discord.py client against."""

from tests.fake_discord.server import FakeDiscord, Recorded, until
from tests.fake_discord.world import World

__all__ = ["FakeDiscord", "Recorded", "World", "until"]
