"""/ask, mentions and replies to the bot's answers, with a Sources button; follow-ups keep their conversation."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord_bot.drafts import DraftEditor
from bot.discord_bot.guards import cooldown_message, question_problem
from bot.discord_bot.render import CONTENT_MAX, answer_embed, clip, draft_embed, sources_embeds
from bot.records import Answer

if TYPE_CHECKING:
    from bot.discord_bot.client import WhometBot

log = logging.getLogger(__name__)
NO_PINGS = discord.AllowedMentions.none()
FAILED = "Sorry, I couldn't answer that right now; please try again in a moment."


def failure_text(exc: Exception) -> str:
    """What to tell the user when the engine raised: its own words for a bad question, else a generic apology."""
    from bot.engine import QuestionError

    if isinstance(exc, QuestionError):
        return clip(f"I can't ask that: {exc}.", CONTENT_MAX)
    log.error("engine failed on a question", exc_info=exc)
    return FAILED


class SourcesView(discord.ui.View):
    """A "Sources" button that shows the full quoted passages, privately, to whoever presses it."""

    def __init__(self, answer: Answer, timeout: float) -> None:
        super().__init__(timeout=timeout)
        self.answer = answer
        self.message: discord.Message | None = None
        if not answer.citations:
            self.sources.disabled = True

    @discord.ui.button(label="Sources", style=discord.ButtonStyle.secondary, custom_id="whomet:sources")
    async def sources(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        await interaction.response.send_message(
            embeds=sources_embeds(self.answer), ephemeral=True, allowed_mentions=NO_PINGS
        )

    async def on_timeout(self) -> None:
        if self.message is not None:
            with contextlib.suppress(discord.HTTPException):
                await self.message.edit(view=None, allowed_mentions=NO_PINGS)


def _thread_id(channel: Any) -> int | None:
    return channel.id if isinstance(channel, discord.Thread) else None


class Ask(commands.Cog):
    def __init__(self, bot: WhometBot) -> None:
        self.bot = bot

    def _refusal(self, user_id: int, question: str) -> str | None:
        problem = question_problem(question, self.bot.settings.max_question_chars)
        if problem:
            return problem
        wait = self.bot.cooldown.check(user_id)
        return cooldown_message(wait) if wait else None

    def _drafts(self, show) -> DraftEditor | None:
        """A draft editor when the engine streams (a language model writes the answer), else None."""
        return DraftEditor(asyncio.get_running_loop(), show) if self.bot.worker.streams else None

    @app_commands.command(name="ask", description="Ask who met whom, when, where and about what.")
    @app_commands.describe(question="Your question, e.g. “Who did Kishi meet?”")
    async def ask(self, interaction: discord.Interaction, question: str) -> None:
        refusal = self._refusal(interaction.user.id, question)
        if refusal:
            await interaction.response.send_message(refusal, ephemeral=True, allowed_mentions=NO_PINGS)
            return
        await interaction.response.defer(thinking=True)
        thread_id = _thread_id(interaction.channel)
        conversation = self.bot.conversations.find(thread_id) or self.bot.conversations.new()
        drafts = self._drafts(lambda text: interaction.edit_original_response(
            embed=draft_embed(question, text), allowed_mentions=NO_PINGS))
        try:
            answer = await self.bot.worker.ask(question, conversation, on_draft=drafts.push if drafts else None)
        except Exception as exc:
            if drafts is not None and await drafts.finish():
                await interaction.edit_original_response(content=failure_text(exc), embed=None,
                                                         allowed_mentions=NO_PINGS)
            else:
                await interaction.followup.send(failure_text(exc), allowed_mentions=NO_PINGS)
            return
        view = SourcesView(answer, self.bot.settings.view_timeout_seconds)
        if drafts is not None and await drafts.finish():  # the deferred reply shows drafts: the final edit
            sent = await interaction.edit_original_response(embed=answer_embed(answer), view=view,
                                                            allowed_mentions=NO_PINGS)
        else:
            sent = await interaction.followup.send(
                embed=answer_embed(answer), view=view, allowed_mentions=NO_PINGS, wait=True
            )
        view.message = sent
        self.bot.conversations.remember(conversation, sent.id, thread_id)

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        me = self.bot.user
        if me is None or message.author.bot:
            return
        ref_id = message.reference.message_id if message.reference else None
        thread_id = _thread_id(message.channel)
        resolved = message.reference.resolved if message.reference else None
        replied_to_me = ref_id is not None and (
            ref_id in self.bot.conversations
            or isinstance(resolved, discord.Message) and resolved.author.id == me.id
        )
        mentioned = me.id in message.raw_mentions or any(u.id == me.id for u in message.mentions)
        if not (mentioned or replied_to_me):
            return
        question = re.sub(rf"<@!?{me.id}>", " ", message.content).strip()
        if not question and not mentioned:
            return  # a reply whose text we can't see (no message content intent)
        refusal = self._refusal(message.author.id, question)
        if refusal:
            await message.reply(clip(refusal, CONTENT_MAX), mention_author=False, allowed_mentions=NO_PINGS)
            return
        conversation = self.bot.conversations.find(ref_id if replied_to_me else None, thread_id)
        conversation = conversation or self.bot.conversations.new()
        reply: list[discord.Message] = []  # the reply, once the first draft made it

        async def show(text: str) -> None:
            if reply:
                await reply[0].edit(embed=draft_embed(question, text), allowed_mentions=NO_PINGS)
            else:
                reply.append(await message.reply(embed=draft_embed(question, text), mention_author=False,
                                                 allowed_mentions=NO_PINGS))

        drafts = self._drafts(show)
        try:
            async with message.channel.typing():
                answer = await self.bot.worker.ask(question, conversation, on_draft=drafts.push if drafts else None)
        except Exception as exc:
            if drafts is not None and await drafts.finish() and reply:
                await reply[0].edit(content=failure_text(exc), embed=None, allowed_mentions=NO_PINGS)
            else:
                await message.reply(failure_text(exc), mention_author=False, allowed_mentions=NO_PINGS)
            return
        view = SourcesView(answer, self.bot.settings.view_timeout_seconds)
        if drafts is not None and await drafts.finish() and reply:
            sent = await reply[0].edit(embed=answer_embed(answer), view=view, allowed_mentions=NO_PINGS)
        else:
            sent = await message.reply(embed=answer_embed(answer), view=view, mention_author=False,
                                       allowed_mentions=NO_PINGS)
        view.message = sent
        self.bot.conversations.remember(conversation, sent.id, thread_id)


async def setup(bot: WhometBot) -> None:
    await bot.add_cog(Ask(bot))
