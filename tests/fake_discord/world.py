"""A small populated guild on the fake Discord, and the user actions tests need: slash, say, reply, press."""

from __future__ import annotations

from tests.fake_discord import payloads
from tests.fake_discord.server import FakeDiscord


class World:
    """One guild with a #general channel, a thread, the owner, two members and a moderator holding a role."""

    def __init__(self, fake: FakeDiscord) -> None:
        self.fake = fake
        self.guild_id = payloads.snowflake()
        self.channel = payloads.text_channel(guild_id=self.guild_id)
        self.mod_role_id = payloads.snowflake()
        self.alice = payloads.user(None, "alice")
        self.bob = payloads.user(None, "bob")
        self.mod = payloads.user(None, "mod")
        self.owner = fake.owner
        self.thread = payloads.thread(payloads.snowflake(), self.guild_id, self.channel["id"], self.alice["id"])
        self.members = {
            u["id"]: payloads.member(u, [self.mod_role_id] if u is self.mod else [])
            for u in (self.alice, self.bob, self.mod, self.owner, fake.bot_user)
        }
        roles = [payloads.role(self.mod_role_id, "indexers")]
        fake.guilds.append(payloads.guild(self.guild_id, self.owner["id"], channels=[self.channel],
                                          members=list(self.members.values()), roles=roles, threads=[self.thread]))

    def _member(self, user: dict) -> dict:
        return dict(self.members[user["id"]], permissions=str(0x800 | 0x400))

    async def slash(self, name: str, user: dict, channel: dict | None = None, **options: str) -> dict:
        """Dispatch a slash-command interaction; return its payload (its token addresses the follow-ups)."""
        channel = channel or self.channel
        data = payloads.command_data(self.fake.command(name), options)
        inter = payloads.interaction(self.fake.app_id, 2, data, channel=channel, guild_id=self.guild_id,
                                     member_payload=self._member(user))
        self.fake.interactions[inter["token"]] = inter
        await self.fake.dispatch("INTERACTION_CREATE", inter)
        return inter

    async def press(self, message: dict, custom_id: str, user: dict) -> dict:
        """Dispatch a button press on `message` (a message the bot sent)."""
        data = {"custom_id": custom_id, "component_type": 2}
        inter = payloads.interaction(self.fake.app_id, 3, data, channel=self._channel_of(message),
                                     guild_id=self.guild_id, member_payload=self._member(user),
                                     message_payload=message)
        self.fake.interactions[inter["token"]] = inter
        await self.fake.dispatch("INTERACTION_CREATE", inter)
        return inter

    async def say(self, user: dict, content: str, *, mention_bot: bool = True, reply_to: dict | None = None,
                  channel: dict | None = None) -> dict:
        """A user posts `content` (prefixed with the bot's mention when `mention_bot`), maybe as a reply."""
        channel = channel or self.channel
        bot = self.fake.bot_user
        mentions = [bot] if mention_bot or (reply_to is not None and reply_to["author"]["id"] == bot["id"]) else []
        text = f"<@{bot['id']}> {content}" if mention_bot else content
        msg = payloads.message(channel["id"], user, text, guild_id=self.guild_id, member_payload=self.members[
            user["id"]], mentions=mentions, reference=reply_to)
        self.fake.messages[msg["id"]] = msg
        await self.fake.dispatch("MESSAGE_CREATE", msg)
        return msg

    def _channel_of(self, message: dict) -> dict:
        for c in (self.channel, self.thread):
            if c["id"] == message["channel_id"]:
                return c
        return self.channel
