"""Bulk embedding on a Ray cluster: Ray Data `map_batches` over a pool of actors, each loading the model once.

Ray is an optional extra (`pip install 'whomet[ray]'`), imported only when a build asks for it (`--ray`).
Each actor embeds with the embedder a local bulk build uses (bot.embed.factory.default_embedder), so the vectors
are the local build's. The workers run this process's copy of the `bot` package (shipped as a runtime_env
py_module); the model package must be installed on every node.
"""

from __future__ import annotations

import logging
import os
import re
import socket
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

LOCAL = "local"  # `--ray` without an address: start a Ray cluster on this machine
BATCH = 64  # texts a map_batches call
CONNECT_SECONDS = 5.0
ADDRESS = re.compile(r"(?:ray://)?(\[[0-9a-fA-F:]+\]|[^:/\s]+):(\d{1,5})")  # host:port or ray://host:port
INSTALL = "install it with `pip install 'whomet[ray]'`"


class RayUnavailable(RuntimeError):
    """Ray is missing or its cluster cannot be reached; the message is one sentence."""


def _reachable(address: str) -> None:
    """Raise RayUnavailable unless `address` is host:port (or ray://host:port) accepting TCP connections."""
    found = ADDRESS.fullmatch(address.strip())
    if found is None:
        raise RayUnavailable(f"the Ray address {address!r} is not host:port or ray://host:port (the head node's "
                             "GCS port, 6379 by default, or its client port, 10001)")
    host, port = found.group(1).strip("[]"), int(found.group(2))
    try:
        socket.create_connection((host, port), timeout=CONNECT_SECONDS).close()
    except OSError as exc:
        raise RayUnavailable(f"cannot reach the Ray cluster at {address} ({type(exc).__name__}); check the address "
                             "and that the cluster is running") from None


class _Encode:
    """A Ray actor: the model loaded once, then one batch of texts at a time."""

    def __init__(self, model: str, precision: str, threads: int) -> None:
        import torch

        from bot.embed.factory import default_embedder

        torch.set_num_threads(threads)
        self.embedder = default_embedder(model, precision)

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        vectors = self.embedder.encode([str(t) for t in batch["text"]])
        return {"row": batch["row"], "vector": vectors}


class RayEmbedder:
    """An Embedder whose `encode` fans the texts out to Ray actors; `close` disconnects (and stops a local cluster)."""

    def __init__(self, model: str, precision: str, address: str = LOCAL, cpus: int | None = None,
                 threads_per_actor: int = 1) -> None:
        try:
            import ray
        except ImportError:
            raise RayUnavailable(f"`--ray` needs Ray, which is not installed; {INSTALL}") from None
        import bot

        self.name, self.model, self.precision, self.threads = model, model, precision, threads_per_actor
        self.address = address
        runtime_env = {"py_modules": [str(Path(bot.__file__).parent)],
                       "env_vars": {"HF_HUB_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false"}}
        options = {"include_dashboard": False, "log_to_driver": False, "logging_level": logging.ERROR,
                   "runtime_env": runtime_env, "ignore_reinit_error": True}
        if address != LOCAL:
            _reachable(address)  # ray.init retries an unreachable address for minutes
        try:
            if address == LOCAL:
                ray.init(num_cpus=cpus or os.cpu_count() or 1, **options)
            else:
                ray.init(address=address, **options)
        except (ConnectionError, TimeoutError, RuntimeError, ValueError) as exc:
            ray.shutdown()
            reason = " ".join(str(exc).split())[:200].rstrip(".")
            raise RayUnavailable(f"cannot reach the Ray cluster at {address} ({type(exc).__name__}: {reason}); "
                                 "check the address and that the cluster is running") from None
        import ray.data

        logging.getLogger("ray.data").setLevel(logging.ERROR)  # not a line per dataset on the build's stderr
        context = ray.data.DataContext.get_current()
        context.enable_progress_bars = False
        context.print_on_execution_start = False
        self.actors = max(1, int(ray.cluster_resources().get("CPU", 1)) // threads_per_actor)
        self._dim: int | None = None
        log.info("Ray cluster at %s: %d embedding actor(s)", address, self.actors)

    @property
    def dim(self) -> int:
        if self._dim is None:
            self._dim = int(self.encode(["dimension probe"]).shape[1])
        return self._dim

    def encode(self, texts: Sequence[str], progress: Callable[[int], None] | None = None) -> np.ndarray:
        """L2-normalised float32 vectors in the order of `texts`."""
        import ray.data

        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        items = ray.data.from_items([{"row": i, "text": t} for i, t in enumerate(texts)])
        with warnings.catch_warnings():  # max_restarts is a "ray_remote_args" (deprecated from 2.60, pinned here)
            warnings.simplefilter("ignore", DeprecationWarning)
            vectors = items.map_batches(_Encode, fn_constructor_args=(self.model, self.precision, self.threads),
                                        batch_size=BATCH, batch_format="numpy", num_cpus=self.threads,
                                        max_restarts=0,  # a failed actor fails the build (Ray warns on restarts)
                                        compute=ray.data.ActorPoolStrategy(size=min(self.actors, len(texts))))
        out: np.ndarray | None = None
        for batch in vectors.iter_batches(batch_size=BATCH, batch_format="numpy"):
            found = np.asarray(batch["vector"], dtype=np.float32)
            if out is None:
                out = np.zeros((len(texts), found.shape[1]), dtype=np.float32)
                self._dim = found.shape[1]
            out[np.asarray(batch["row"], dtype=np.int64)] = found
            if progress is not None:
                progress(len(found))
        return out

    def close(self) -> None:
        """Disconnect from the cluster; a local one (started by __init__) is stopped with its workers."""
        import ray

        ray.shutdown()
