"""Shared fixtures: one real index over the shipped seed corpus, built once per test session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

ROOT = Path(__file__).resolve().parent.parent
SEED_CORPUS = ROOT / "corpus"
SEED_IDS = sorted(p.name for p in SEED_CORPUS.glob("*.txt"))


@pytest.fixture(scope="session")
def seed_index_dir(tmp_path_factory) -> Path:
    """A real index (real model, FAISS, BM25) of the seed corpus; tests must not modify it."""
    from bot.config import DEFAULT_MODEL
    from bot.index.build import build_index

    folder = tmp_path_factory.mktemp("seed-index")
    build_index(SEED_CORPUS, folder, DEFAULT_MODEL)
    return folder


@pytest.fixture(scope="session")
def seed_engine(seed_index_dir):
    from bot.config import Config
    from bot.engine import Engine

    return Engine(Config(index_dir=seed_index_dir, corpus_dir=SEED_CORPUS), build_if_missing=False)


@pytest.fixture(scope="session")
def seed_qdrant_engine(tmp_path_factory):
    """The seed corpus built into Qdrant (local mode) and served from it alone: the bot's index folder is empty."""
    pytest.importorskip("qdrant_client")
    from bot.config import DEFAULT_MODEL, Config, QdrantSettings
    from bot.engine import Engine
    from bot.index.build import build_index

    folder = tmp_path_factory.mktemp("seed-qdrant")
    settings = QdrantSettings(path=folder / "q")
    build_index(SEED_CORPUS, folder / "builder", DEFAULT_MODEL, qdrant=settings)
    (folder / "bot").mkdir()
    yield Engine(Config(index_dir=folder / "bot", corpus_dir=folder / "no-corpus", qdrant=settings),
                 build_if_missing=False)
    from bot.index import qdrant

    qdrant.close_clients(keep=frozenset(w for w in qdrant._clients if w != str(settings.path.resolve())))


@pytest.fixture(params=["local", "qdrant"])
def backend_engine(request):
    """The seed engine of each backend: answer tests run over both."""
    return request.getfixturevalue("seed_engine" if request.param == "local" else "seed_qdrant_engine")


REAL_MODEL_FIXTURES = {"seed_index_dir", "seed_engine", "export_dir", "seed_qdrant_engine", "backend_engine"}


def pytest_collection_modifyitems(items):
    """A test that needs an index built with the real model (directly or through another fixture) is `slow`."""
    for item in items:
        if REAL_MODEL_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)

# The fake Discord fixtures (`fake`, `world`, `runner`) for every test that drives the real discord.py client.
pytest_plugins = ["tests.discord.discord_support"]
