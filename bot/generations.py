"""Index generations on disk: build into a temp folder, publish by an atomic CURRENT pointer, keep one back."""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

log = logging.getLogger(__name__)

POINTER = "CURRENT"
KEEP = 2  # the current generation and the one before it (a reader may still be loading it)


class BuildLocked(RuntimeError):
    """Another build holds the index's lock."""


@contextlib.contextmanager
def build_lock(index_dir: Path) -> Iterator[None]:
    from filelock import FileLock, Timeout

    lock = FileLock(str(index_dir / ".build.lock"))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        raise BuildLocked(f"another build of the index at {index_dir} is running; wait for it to finish") from None
    try:
        yield
    finally:
        lock.release()


def current(index_dir: Path) -> Path | None:
    """The folder CURRENT points at, or None when no index was ever published there."""
    pointer = Path(index_dir) / POINTER
    try:
        name = pointer.read_text(encoding="utf-8").strip()
    except (FileNotFoundError, NotADirectoryError):
        return None
    except (OSError, UnicodeDecodeError):  # unreadable or not text: loading will report it as damaged
        return Path(index_dir) / "?"
    if not name or "/" in name or "\\" in name or "\x00" in name or name.startswith("."):
        return Path(index_dir) / "?"  # never a folder outside index_dir ("/etc", ".."); loading reports it damaged
    return Path(index_dir) / name


def new_temp(index_dir: Path) -> Path:
    path = Path(index_dir) / f".tmp-{uuid.uuid4().hex[:12]}"
    path.mkdir()
    return path


def publish(index_dir: Path, tmp: Path) -> Path:
    """Make `tmp` a generation and point CURRENT at it atomically; the old one stays until pruned."""
    from bot.build import fsync_tree

    fsync_tree(tmp)
    name = f"gen-{time.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:6]}"
    folder = Path(index_dir) / name
    os.rename(tmp, folder)
    pointer_tmp = Path(index_dir) / f".{POINTER}.{uuid.uuid4().hex[:6]}"
    pointer_tmp.write_text(name + "\n", encoding="utf-8")
    with open(pointer_tmp, "rb") as fh:
        os.fsync(fh.fileno())
    os.replace(pointer_tmp, Path(index_dir) / POINTER)
    dir_fd = os.open(index_dir, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
    prune(Path(index_dir), keep_name=name)
    return folder


def prune(index_dir: Path, keep_name: str) -> None:
    """Delete older generations beyond KEEP, and temp folders left by killed builds."""
    gens = sorted((p for p in index_dir.glob("gen-*") if p.is_dir()), key=lambda p: p.stat().st_mtime, reverse=True)
    keep = {keep_name} | {p.name for p in gens[:KEEP]}
    for path in gens:
        if path.name not in keep:
            shutil.rmtree(path, ignore_errors=True)
    for path in index_dir.glob(".tmp-*"):
        shutil.rmtree(path, ignore_errors=True)  # we hold the build lock: no build is writing these
