"""Shared by the Qdrant tests: each test closes the local-mode clients it opened, and random unit vectors."""

from __future__ import annotations

import numpy as np
import pytest

from bot.index import qdrant


@pytest.fixture(autouse=True)
def release_clients():
    """Local mode locks its folder per client: each test closes the clients it opened (a session or module
    fixture's client stays open)."""
    opened_before = frozenset(qdrant._clients)
    yield
    qdrant.close_clients(keep=opened_before)


def unit_vectors(n: int, dim: int, seed: int) -> np.ndarray:
    data = np.random.default_rng(seed).standard_normal((n, dim)).astype(np.float32)
    return data / np.linalg.norm(data, axis=1, keepdims=True)
