"""/meetings [person] [since] [until]: the meetings found in the archive, oldest first, cited, with a picture."""

from __future__ import annotations

import io
import logging
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.answer.timeline import DateError, date_range
from bot.discord_bot.guards import cooldown_message
from bot.discord_bot.render import (
    COLOUR,
    DESCRIPTION_MAX,
    EMBED_TOTAL_MAX,
    FIELD_VALUE_MAX,
    clip,
    escape,
)
from bot.plot import PlotUnavailable
from bot.text.invisible import for_display

if TYPE_CHECKING:
    from bot.discord_bot.client import WhometBot

log = logging.getLogger(__name__)
NO_PINGS = discord.AllowedMentions.none()
MAX_SOURCES = 10
PICTURE_NAME = "meetings.png"
FOOTER_MAX = 2048
ALT_TEXT_MAX = 1024


def event_line(n: int, event: Any) -> str:
    """One meeting as a line: date, participants, place, topics, with its [n] marker."""
    date = getattr(event, "date_iso", None) or getattr(event, "date_text", None) or "undated"
    people = ", ".join(getattr(p, "name", str(p)) for p in getattr(event, "participants", []) or []) or "?"
    parts = [f"**{escape(date)}** — {escape(people)}"]
    if getattr(event, "place", None):
        parts.append(f"in {escape(event.place)}")
    topics = getattr(event, "topics", None) or []
    if topics:
        parts.append("about " + escape(", ".join(topics[:3])))
    return " ".join(parts) + f" [{n}]"


def meetings_embed(events: list[Any], person: str | None) -> discord.Embed:
    title = f"Meetings with {escape(person)}" if person else "Meetings in the archive"
    if not events:
        return discord.Embed(title=clip(title, 256), description="No meetings found.", colour=COLOUR)
    lines, used = [], 0
    for n, event in enumerate(events, 1):
        line = event_line(n, event)
        if used + len(line) + 1 > DESCRIPTION_MAX - 200:
            break
        lines.append(line)
        used += len(line) + 1
    embed = discord.Embed(title=clip(title, 256), description="\n".join(lines), colour=COLOUR)
    for n, event in enumerate(events[: min(len(lines), MAX_SOURCES)], 1):
        cites = getattr(event, "citations", None) or []
        if not cites:
            continue
        c = cites[0]
        value = "“" + clip(escape(c.quote), min(300, FIELD_VALUE_MAX - 10)) + "”"
        if len(embed) + len(value) + 80 > EMBED_TOTAL_MAX - 100:
            break
        embed.add_field(name=clip(f"[{n}] {escape(c.path)}", 256), value=value, inline=False)
    shown = len(lines)
    embed.set_footer(text=f"{len(events)} meeting(s)" + (f", first {shown} shown" if shown < len(events) else ""))
    return embed


def attach_picture(embed: discord.Embed, picture: Any) -> discord.File:
    """The PNG as an upload the embed's image points at (attachment://meetings.png); the caption as alt text."""
    embed.set_image(url=f"attachment://{PICTURE_NAME}")
    footer = f"{embed.footer.text or ''} · Picture: {for_display(picture.caption)}".strip(" ·")  # shown plain
    embed.set_footer(text=clip(footer, min(FOOTER_MAX, EMBED_TOTAL_MAX - len(embed) + len(embed.footer.text or ""))))
    return discord.File(io.BytesIO(picture.png), filename=PICTURE_NAME,
                        description=clip(for_display(f"{picture.title}. {picture.caption}"), ALT_TEXT_MAX))


class Meetings(commands.Cog):
    def __init__(self, bot: WhometBot) -> None:
        self.bot = bot

    @app_commands.command(name="meetings", description="List and draw the meetings found in the archive.")
    @app_commands.describe(person="Only meetings with this person, e.g. Kishi",
                           since="From this date on: yyyy-mm-dd or yyyy-mm",
                           until="Up to this date: yyyy-mm-dd or yyyy-mm")
    async def meetings(self, interaction: discord.Interaction, person: str | None = None, since: str | None = None,
                       until: str | None = None) -> None:
        if person and len(person) > 100:
            await interaction.response.send_message("Please give a shorter name (at most 100 characters).",
                                                    ephemeral=True, allowed_mentions=NO_PINGS)
            return
        try:
            since, until = date_range((since or "")[:40], (until or "")[:40])
        except DateError as exc:
            await interaction.response.send_message(f"I can't use that date: {escape(str(exc))}.", ephemeral=True,
                                                    allowed_mentions=NO_PINGS)
            return
        wait = self.bot.cooldown.check(interaction.user.id)
        if wait:
            await interaction.response.send_message(cooldown_message(wait), ephemeral=True,
                                                    allowed_mentions=NO_PINGS)
            return
        await interaction.response.defer(thinking=True)
        try:
            events, picture = await self._events_and_picture(person, since, until)
        except Exception:
            log.exception("engine failed on /meetings")
            await interaction.followup.send("Sorry, I couldn't list meetings right now.", allowed_mentions=NO_PINGS)
            return
        embed = meetings_embed(list(events), person)
        extra = {}
        if picture is not None:
            extra["file"] = attach_picture(embed, picture)
        await interaction.followup.send(embed=embed, allowed_mentions=NO_PINGS, **extra)

    async def _events_and_picture(self, person: str | None, since: str | None, until: str | None):
        """The meetings and, when the engine can draw, their picture; a failed drawing still lists them."""
        worker = self.bot.worker
        if worker.has_picture:
            try:
                return await worker.meetings_picture(person, since, until)
            except PlotUnavailable as exc:
                log.warning("%s Sending /meetings without a picture.", exc)
            except Exception:
                log.exception("could not draw the /meetings picture; sending the list alone")
        return await worker.meetings(person, since, until), None


async def setup(bot: WhometBot) -> None:
    await bot.add_cog(Meetings(bot))
