"""The query model inside an index generation: the cached ONNX export copied in at build, loaded by readers."""

from __future__ import annotations

import shutil
from pathlib import Path

from bot.embed import onnx
from bot.index.manifest import REBUILD, IndexUnusable


def copy_export(source: Path, generation: Path) -> dict[str, dict]:
    """Copy a verified export into a generation being built; returns its manifest records (export-time digests).

    A copy, not a hard link: damage to one generation's file must never reach the cache or other indexes.
    """
    recorded = onnx.recorded_digests(source)
    if recorded is None:
        raise OSError(f"the cached ONNX export in {source} has no {onnx.DIGESTS}")
    dest = generation / onnx.FOLDER
    dest.mkdir()
    out = {}
    for name in onnx.FILES:
        shutil.copyfile(source / name, dest / name)
        out[f"{onnx.FOLDER}/{name}"] = {"bytes": recorded[name]["bytes"], "sha256": recorded[name]["sha256"],
                                        "mtime_ns": (dest / name).stat().st_mtime_ns}
    return out


def load_query_embedder(folder: Path, manifest) -> onnx.OnnxEmbedder:
    """The query embedder of an index generation; needs no torch. Raises IndexUnusable without an export."""
    if not all(f"{onnx.FOLDER}/{name}" in manifest.files for name in onnx.FILES):
        raise IndexUnusable(f"index at {folder} has no query model (built by an older whomet); "
                            f"{REBUILD}")
    return onnx.OnnxEmbedder(Path(folder) / onnx.FOLDER, name=manifest.model, threads=1)
