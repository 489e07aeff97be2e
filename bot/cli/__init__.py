"""The `whomet` command line (click): the entry point `whomet = bot.cli:main`."""

from bot.cli.commands import main

__all__ = ["main"]
