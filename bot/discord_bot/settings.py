"""The `[discord]` config table as a typed dataclass, and loading the bot token without ever showing it."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_API_BASE_URL = "https://discord.com/api/v10"
DEFAULT_GATEWAY_URL = "wss://gateway.discord.gg"
MAX_SHARDS = 4096  # far above need: Discord recommends one shard per ~1,000 guilds


class SettingsError(ValueError):
    """A `[discord]` table or token that cannot be used; the message is one sentence for the user."""


@dataclass
class DiscordSettings:
    token_file: Path | None = None
    owner_ids: list[int] = field(default_factory=list)
    reindex_role_ids: list[int] = field(default_factory=list)
    guild_ids: list[int] = field(default_factory=list)
    cooldown_seconds: float = 10.0
    max_question_chars: int = 500
    api_base_url: str = DEFAULT_API_BASE_URL
    gateway_url: str = DEFAULT_GATEWAY_URL
    message_content_intent: bool = False
    view_timeout_seconds: float = 900.0
    shards: int | str | None = None  # None: one gateway connection; "auto": Discord's count; n: n shards

    @property
    def sharded(self) -> bool:
        """Whether the bot runs as discord.py's AutoShardedBot (Discord requires shards past 2,500 guilds)."""
        return self.shards is not None

    @classmethod
    def from_dict(cls, raw: dict, base: Path | None = None) -> DiscordSettings:
        """Build settings from the raw `[discord]` table; relative paths resolve against `base`."""
        known = set(cls.__dataclass_fields__)
        unknown = sorted(set(raw) - known)
        if unknown:
            raise SettingsError(f"Unknown key(s) in [discord]: {', '.join(unknown)}.")
        s = cls()
        if raw.get("token_file"):
            path = Path(_typed(raw, "token_file", str))
            s.token_file = path if path.is_absolute() or base is None else base / path
        for key in ("owner_ids", "reindex_role_ids", "guild_ids"):
            if key in raw:
                value = raw[key]
                if not isinstance(value, list) or not all(_is_int(v) for v in value):
                    raise SettingsError(f"[discord] {key} must be a list of integer IDs.")
                setattr(s, key, [int(v) for v in value])
        if "cooldown_seconds" in raw:
            s.cooldown_seconds = float(_typed(raw, "cooldown_seconds", (int, float)))
        if "max_question_chars" in raw:
            s.max_question_chars = _typed(raw, "max_question_chars", int)
        if "view_timeout_seconds" in raw:
            s.view_timeout_seconds = float(_typed(raw, "view_timeout_seconds", (int, float)))
        if "message_content_intent" in raw:
            s.message_content_intent = _typed(raw, "message_content_intent", bool)
        if "shards" in raw:
            s.shards = _shards(raw["shards"])
        for key in ("api_base_url", "gateway_url"):
            if key in raw:
                setattr(s, key, _typed(raw, key, str).rstrip("/"))
        if s.cooldown_seconds < 0 or s.max_question_chars < 1:
            raise SettingsError("[discord] cooldown_seconds must be >= 0 and max_question_chars >= 1.")
        return s

    def load_token(self, environ: dict[str, str] | None = None) -> str:
        """The token from $DISCORD_TOKEN, else from `token_file`; raise SettingsError if there is none."""
        env = os.environ if environ is None else environ
        token = env.get("DISCORD_TOKEN", "").strip()
        if token:
            return token
        if self.token_file is not None:
            try:
                token = self.token_file.read_text(encoding="utf-8").strip()
            except OSError:
                raise SettingsError(f"Cannot read the Discord token file {self.token_file}.") from None
            except UnicodeDecodeError:  # its bytes are never shown: they may be the token
                raise SettingsError(f"The Discord token file {self.token_file} is not UTF-8 text.") from None
            if token:
                return token
            raise SettingsError(f"The Discord token file {self.token_file} is empty.")
        raise SettingsError("No Discord token: set DISCORD_TOKEN or [discord] token_file in the config.")


def _is_int(value: object) -> bool:
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or isinstance(value, str) and value.isdigit()


def _shards(value: object) -> int | str:
    """[discord] shards: "auto" (the count Discord recommends) or a whole number of shards from 1 to MAX_SHARDS."""
    if value == "auto":
        return "auto"
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= MAX_SHARDS:
        return value
    raise SettingsError(f'[discord] shards must be "auto" or a whole number from 1 to {MAX_SHARDS}, got {value!r}.')


def _typed(raw: dict, key: str, kind):
    value = raw[key]
    if not isinstance(value, kind) or isinstance(value, bool) and kind is not bool:
        raise SettingsError(f"[discord] {key} has the wrong type: {type(value).__name__}.")
    return value
