"""Sentence embeddings from a model package loaded by path, offline; sentence-transformers is the reference."""

from __future__ import annotations

import importlib.util
import logging
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

log = logging.getLogger(__name__)


class ModelNotFound(RuntimeError):
    """The configured model is neither an installed model package nor a model folder."""


class Embedder(Protocol):
    name: str
    dim: int

    def encode(self, texts: Sequence[str], progress: Callable[[int], None] | None = None) -> np.ndarray:
        """L2-normalised float32 vectors, one row per text."""
        ...


MODEL_FILES = ("config.json", "tokenizer.json")  # what the chunker and the embedders read from a model folder


def resolve_model_path(model: str) -> Path:
    """A model folder: `model` itself if it is a folder, else the `model/` folder inside an installed package."""
    if not model.strip():  # Path("") is the working folder, never meant as a model
        raise ModelNotFound("the embedding model name is empty: set [index] model to a model package or folder")
    as_path = Path(model).expanduser()
    if as_path.is_dir():
        if not all((as_path / name).is_file() for name in MODEL_FILES):
            raise ModelNotFound(f"embedding model folder {as_path} is not a sentence-transformers model "
                                f"(it needs {' and '.join(MODEL_FILES)})")
        return as_path
    package = model.replace("-", "_")
    # Only a plain top-level name: find_spec raises on "" or "../x" and imports the parents of "a.b".
    spec = importlib.util.find_spec(package) if package.isidentifier() else None
    if spec and spec.submodule_search_locations:
        for location in spec.submodule_search_locations:
            candidate = Path(location) / "model"
            if (candidate / "config.json").is_file():
                return candidate
    raise ModelNotFound(
        f"embedding model {model!r} not found: install its package (e.g. `pip install {model}`) "
        "or set [index] model to a sentence-transformers model folder"
    )


class SentenceTransformerEmbedder:
    """The build-time embedder: sentence-transformers on torch, fp32 or bf16 autocast on CPUs that support it."""

    def __init__(self, model: str, precision: str = "fp32", batch_size: int = 32) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()  # no "Loading weights" bar on every start

        self.name = model
        self.path = resolve_model_path(model)
        self.model = SentenceTransformer(str(self.path), device="cpu", local_files_only=True)
        self.dim = int(self.model.get_embedding_dimension())
        self.max_tokens = int(self.model.max_seq_length)
        self.precision = precision
        self.batch_size = batch_size

    def encode(self, texts: Sequence[str], progress: Callable[[int], None] | None = None) -> np.ndarray:
        import torch

        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        # Sort by length so each batch pads little; restore order after.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for start in range(0, len(order), self.batch_size):
            idx = order[start : start + self.batch_size]
            batch = [texts[i] for i in idx]
            with torch.inference_mode(), torch.autocast("cpu", dtype=torch.bfloat16, enabled=self.precision == "bf16"):
                vecs = self.model.encode(batch, batch_size=len(batch), convert_to_numpy=False, convert_to_tensor=True,
                                         normalize_embeddings=False, show_progress_bar=False)
            vecs = vecs.float().numpy()
            out[idx] = vecs / np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-12)
            if progress:
                progress(len(batch))
        return out
