"""Builders for Discord API payloads (users, guilds, channels, messages, interactions), as plain dicts."""

from __future__ import annotations

import itertools
import secrets
from datetime import UTC, datetime

_ids = itertools.count(1)
EPOCH_MS = 1420070400000


def snowflake() -> str:
    """A fresh, increasing snowflake ID (as Discord sends them: a string)."""
    ms = int(datetime.now(UTC).timestamp() * 1000) - EPOCH_MS
    return str((ms << 22) | (next(_ids) & 0x3FFFFF))


def now_iso() -> str:
    return datetime.now(UTC).isoformat()


def user(user_id: str | None = None, name: str = "someone", *, bot: bool = False) -> dict:
    return {"id": user_id or snowflake(), "username": name, "discriminator": "0", "global_name": name,
            "avatar": None, "bot": bot, "public_flags": 0}


def member(user_payload: dict, roles: list[str] | None = None, permissions: str | None = None) -> dict:
    data = {"user": user_payload, "roles": roles or [], "joined_at": now_iso(), "deaf": False, "mute": False,
            "nick": None, "flags": 0, "pending": False}
    if permissions is not None:
        data["permissions"] = permissions
    return data


def role(role_id: str, name: str, permissions: str = "0", position: int = 1) -> dict:
    return {"id": role_id, "name": name, "permissions": permissions, "position": position, "color": 0,
            "hoist": False, "managed": False, "mentionable": False, "flags": 0}


def text_channel(channel_id: str | None = None, guild_id: str | None = None, name: str = "general") -> dict:
    return {"id": channel_id or snowflake(), "type": 0, "guild_id": guild_id, "name": name, "position": 0,
            "permission_overwrites": [], "nsfw": False, "parent_id": None, "topic": None, "last_message_id": None,
            "rate_limit_per_user": 0}


def thread(thread_id: str, guild_id: str, parent_id: str, owner_id: str, name: str = "a thread") -> dict:
    return {"id": thread_id, "type": 11, "guild_id": guild_id, "parent_id": parent_id, "owner_id": owner_id,
            "name": name, "last_message_id": None, "rate_limit_per_user": 0, "message_count": 0,
            "member_count": 1, "flags": 0,
            "thread_metadata": {"archived": False, "auto_archive_duration": 1440, "archive_timestamp": now_iso(),
                                "locked": False, "create_timestamp": now_iso()}}


def guild(guild_id: str, owner_id: str, *, channels: list[dict], members: list[dict], roles: list[dict] = (),
          threads: list[dict] = (), name: str = "test guild") -> dict:
    everyone = role(guild_id, "@everyone", permissions=str(0x800 | 0x400 | 0x80000000), position=0)
    return {"id": guild_id, "name": name, "icon": None, "owner_id": owner_id, "roles": [everyone, *roles],
            "emojis": [], "stickers": [], "features": [], "members": members, "channels": channels,
            "threads": list(threads), "member_count": len(members), "unavailable": False, "large": False,
            "voice_states": [], "presences": [], "stage_instances": [], "guild_scheduled_events": [],
            "soundboard_sounds": [], "joined_at": now_iso(), "premium_tier": 0, "system_channel_flags": 0,
            "verification_level": 0, "default_message_notifications": 0, "explicit_content_filter": 0,
            "mfa_level": 0, "nsfw_level": 0, "preferred_locale": "en-US", "afk_timeout": 300,
            "premium_progress_bar_enabled": False}


def message(channel_id: str, author: dict, content: str = "", *, guild_id: str | None = None,
            member_payload: dict | None = None, mentions: list[dict] = (), reference: dict | None = None,
            embeds: list[dict] = (), components: list[dict] = (), message_id: str | None = None, **extra) -> dict:
    """A MESSAGE_CREATE-shaped message; `reference` is the replied-to message payload, if any."""
    data = {"id": message_id or snowflake(), "channel_id": channel_id, "author": author, "content": content,
            "timestamp": now_iso(), "edited_timestamp": None, "tts": False, "mention_everyone": False,
            "mentions": list(mentions), "mention_roles": [], "attachments": [], "embeds": list(embeds),
            "components": list(components), "pinned": False, "type": 0, "flags": 0}
    if guild_id:
        data["guild_id"] = guild_id
    if member_payload:
        data["member"] = {k: v for k, v in member_payload.items() if k != "user"}
    if reference is not None:
        data["type"] = 19
        data["message_reference"] = {"message_id": reference["id"], "channel_id": reference["channel_id"],
                                     "guild_id": guild_id, "type": 0}
        data["referenced_message"] = reference
    data.update(extra)
    return data


def interaction(application_id: str, kind: int, data: dict, *, channel: dict, guild_id: str | None,
                member_payload: dict | None = None, user_payload: dict | None = None,
                message_payload: dict | None = None) -> dict:
    """An INTERACTION_CREATE payload (kind 2 = slash command, 3 = component)."""
    payload = {"id": snowflake(), "application_id": application_id, "type": kind, "data": data,
               "channel": channel, "channel_id": channel["id"], "token": "itoken-" + secrets.token_hex(12),
               "version": 1, "app_permissions": str((1 << 53) - 1), "locale": "en-US", "guild_locale": "en-US",
               "attachment_size_limit": 8 * 1024 * 1024, "entitlements": [], "authorizing_integration_owners": {},
               "context": 0 if guild_id else 1}
    if guild_id:
        payload["guild_id"] = guild_id
        payload["guild"] = {"id": guild_id, "locale": "en-US", "features": []}
        payload["member"] = member_payload
    else:
        payload["user"] = user_payload
    if message_payload is not None:
        payload["message"] = message_payload
    return payload


def command_data(command: dict, options: dict[str, str]) -> dict:
    """The `data` of a slash-command interaction for a registered `command` with string options."""
    data = {"id": command["id"], "name": command["name"], "type": 1,
            "options": [{"name": k, "type": 3, "value": v} for k, v in options.items()]}
    if command.get("guild_id"):
        data["guild_id"] = command["guild_id"]
    return data


def app_info(app_id: str, owner: dict) -> dict:
    return {"id": app_id, "name": "whomet", "description": "", "icon": None, "bot_public": True,
            "bot_require_code_grant": False, "owner": owner, "verify_key": "00" * 32, "flags": 0, "team": None,
            "summary": "", "rpc_origins": [], "interactions_endpoint_url": None, "redirect_uris": []}
