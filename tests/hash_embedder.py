"""A fast deterministic stand-in for the model in builds that test reuse and logging, not retrieval quality."""

from __future__ import annotations

import hashlib

import numpy as np


class HashEmbedder:
    """Deterministic unit vectors from each text's SHA-256: a clean build and a rebuild give bit-equal vectors."""

    name, dim = "hash", 384

    def __init__(self, model: str = "", precision: str = "") -> None:
        pass

    def encode(self, texts, progress=None) -> np.ndarray:
        rows = [np.random.default_rng(list(hashlib.sha256(t.encode()).digest())).standard_normal(self.dim)
                for t in texts]
        out = np.array(rows, dtype=np.float32).reshape(len(texts), self.dim)
        if progress is not None:
            progress(len(texts))
        return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)
