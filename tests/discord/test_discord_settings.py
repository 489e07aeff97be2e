"""The [discord] table and the token: types checked, unknown keys refused, token from env or file."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.discord_bot.settings import DiscordSettings, SettingsError


def test_defaults_and_overrides(tmp_path: Path):
    s = DiscordSettings.from_dict({})
    assert s.api_base_url == "https://discord.com/api/v10" and s.gateway_url == "wss://gateway.discord.gg"
    s = DiscordSettings.from_dict({"owner_ids": [1, "2"], "guild_ids": [3], "cooldown_seconds": 2,
                                   "max_question_chars": 50, "token_file": "tok.txt",
                                   "api_base_url": "http://127.0.0.1:1/api/v10/"}, base=tmp_path)
    assert s.owner_ids == [1, 2] and s.guild_ids == [3] and s.cooldown_seconds == 2.0
    assert s.token_file == tmp_path / "tok.txt" and s.api_base_url == "http://127.0.0.1:1/api/v10"


@pytest.mark.parametrize("raw", [{"owner_ids": 5}, {"owner_ids": [True]}, {"cooldown_seconds": "x"},
                                 {"max_question_chars": 0}, {"token": "abc"}, {"gateway_url": 3}])
def test_bad_tables_are_refused_in_one_sentence(raw):
    with pytest.raises(SettingsError) as err:
        DiscordSettings.from_dict(raw)
    assert "\n" not in str(err.value) and "abc" not in str(err.value)


def test_token_from_env_then_file(tmp_path: Path):
    f = tmp_path / "tok"
    f.write_text("  file-token\n", encoding="utf-8")
    s = DiscordSettings(token_file=f)
    assert s.load_token({"DISCORD_TOKEN": "env-token"}) == "env-token"
    assert s.load_token({}) == "file-token"
    f.write_text("", encoding="utf-8")
    with pytest.raises(SettingsError, match="empty"):
        s.load_token({})
    with pytest.raises(SettingsError, match="DISCORD_TOKEN"):
        DiscordSettings().load_token({})


def test_token_file_that_is_not_text_is_refused_in_one_sentence(tmp_path: Path):
    """Found by the CLI fuzz: a binary token file ended `whomet run` with a UnicodeDecodeError traceback."""
    f = tmp_path / "tok"
    f.write_bytes(b"\xff\xfe\x00\x81secret-bytes")
    with pytest.raises(SettingsError, match="not UTF-8 text") as err:
        DiscordSettings(token_file=f).load_token({})
    assert "\n" not in str(err.value) and "secret" not in str(err.value)
