"""The [generator] table: defaults, every key read, each bad value refused with one sentence naming the key."""

from __future__ import annotations

import pytest

from bot.config import Config, ConfigError, GeneratorConfig


def load(tmp_path, text: str) -> Config:
    path = tmp_path / "whomet.toml"
    path.write_text(text, encoding="utf-8")
    return Config.load(path)


def test_defaults_are_extractive_and_a_full_table_is_read(tmp_path, monkeypatch):
    assert Config().generator == GeneratorConfig()
    assert load(tmp_path, "[index]\ndir = 'x'\n").generator.kind == "extractive"
    cfg = load(tmp_path, """[generator]
kind = "openai"
base_url = "https://llm.example.org:8443/v1"
model = "qwen2.5:7b"
api_key_env = "MY_KEY"
timeout_seconds = 12.5
max_tokens = 200
stream = false
after_meetings = false
""").generator
    assert cfg == GeneratorConfig("openai", "https://llm.example.org:8443/v1", "qwen2.5:7b", "MY_KEY", 12.5, 200,
                                  False, False)
    monkeypatch.setenv("MY_KEY", "secret")
    assert cfg.api_key() == "secret"
    monkeypatch.delenv("MY_KEY")
    assert cfg.api_key() is None


@pytest.mark.parametrize("body, words", [
    ("kind = 'gpt'", "kind must be one of extractive, openai"),
    ("kind = 3", "'kind' must be a str"),
    ("base_url = 'localhost:11434'", "base_url must be an http:// or https:// URL"),
    ("base_url = 'ftp://host/v1'", "base_url must be an http:// or https:// URL"),
    ("model = ''", "model must not be empty"),
    ("api_key_env = 'MY KEY!'", "api_key_env must name an environment variable"),
    ("timeout_seconds = 0", "timeout_seconds must be a number of seconds above 0"),
    ("timeout_seconds = '30'", "timeout_seconds must be a number"),
    ("timeout_seconds = true", "timeout_seconds must be a number"),
    ("max_tokens = -5", "max_tokens must be a whole number from 1"),
    ("max_tokens = 1.5", "'max_tokens' must be a int"),
    ("stream = 'yes'", "'stream' must be a bool"),
    ("temperature = 0.2", "unknown key 'temperature' in [generator]"),
    ("api_key_en = 'K'", "(did you mean 'api_key_env'?)"),
    ("api_key = 'sk-secret'", "unknown key 'api_key' in [generator]"),
    ("api_token = 'sk-1'", "an API token does not belong in a config file (key 'api_token'); set the environment"),
])
def test_bad_values_are_refused_with_one_sentence(tmp_path, body, words):
    with pytest.raises(ConfigError) as err:
        load(tmp_path, f"[generator]\n{body}\n")
    message = str(err.value)
    assert words in message and str(tmp_path / "whomet.toml") in message and "\n" not in message


def test_generator_must_be_a_table(tmp_path):
    with pytest.raises(ConfigError, match=r"\[generator\] must be a table"):
        load(tmp_path, "generator = 'openai'\n")


def test_the_example_config_documents_the_defaults():
    from tests.conftest import ROOT

    assert Config.load(ROOT / "config.example.toml").generator == GeneratorConfig()
