"""Index generations on disk: build into a temp folder, publish by an atomic CURRENT pointer, prune unread ones."""

from __future__ import annotations

import contextlib
import logging
import os
import shlex
import shutil
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from bot.index.manifest import BUILD, FORMAT_VERSION, REBUILD, IndexUnusable, Manifest, verify

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no leases; a reader then relies on Engine's reload
    fcntl = None  # type: ignore[assignment]

log = logging.getLogger(__name__)

POINTER = "CURRENT"
LEASES = ".leases"  # one lock file per generation; readers hold it shared, pruning takes it exclusively


class BuildLocked(RuntimeError):
    """Another build holds the index's lock."""


class PointerMissing(IndexUnusable):
    """The index folder holds generations but no CURRENT pointer (deleted by hand, or a copy without it)."""


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


def listing(index_dir: Path) -> list[Path]:
    """The generation folders in `index_dir`, newest first."""
    try:
        gens = [p for p in Path(index_dir).glob("gen-*") if p.is_dir()]
    except OSError:
        return []
    return sorted(gens, key=lambda p: (p.stat().st_mtime, p.name), reverse=True)


def pointer_missing(index_dir: Path) -> PointerMissing | None:
    """The error to raise when CURRENT is gone but generations are there (None when that is not the case)."""
    index_dir = Path(index_dir)
    gens = listing(index_dir)
    if current(index_dir) is not None or not gens:
        return None
    pointer = index_dir / POINTER
    return PointerMissing(
        f"no index pointer at {pointer}, but {len(gens)} index generation(s) are there (newest {gens[0].name}); "
        f"restore it with `whomet index restore --index {shlex.quote(str(index_dir))}` "
        f"or `echo {gens[0].name} > {shlex.quote(str(pointer))}`")


def new_temp(index_dir: Path) -> Path:
    path = Path(index_dir) / f".tmp-{uuid.uuid4().hex[:12]}"
    path.mkdir()
    return path


def fsync_tree(folder: Path) -> None:
    """Every file of a generation on disk before CURRENT points at it (a crash then leaves it whole or unused)."""
    for path in folder.rglob("*"):
        if path.is_file():
            fd = os.open(path, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)


def new_name() -> str:
    """A fresh generation folder name (a Qdrant build names its collection after it before publishing)."""
    return f"gen-{time.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:6]}"


def publish(index_dir: Path, tmp: Path, name: str | None = None) -> Path:
    """Make `tmp` generation `name` (default: a new one) and point CURRENT at it atomically; the one it replaces
    stays as a fallback."""
    index_dir = Path(index_dir)
    before = current(index_dir)
    fsync_tree(tmp)
    name = name or new_name()
    folder = index_dir / name
    os.rename(tmp, folder)
    point(index_dir, name)
    older = {p.name for p in listing(index_dir)} - {name}
    if before is not None and before.is_dir():
        prune(index_dir, keep={name, before.name})  # the replaced generation stays as a fallback
    elif older:  # CURRENT named nothing usable: which older generation mattered is unknown, so none is deleted
        log.warning("the index pointer named no generation before this build; %d older generation(s) in %s kept",
                    len(older), index_dir)
        prune(index_dir, keep={name, *older})
    else:
        prune(index_dir, keep={name})
    return folder


def point(index_dir: Path, name: str) -> None:
    """Point CURRENT at generation `name`, atomically and durably."""
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


def prune(index_dir: Path, keep: set[str]) -> None:
    """Delete generations not in `keep` that no reader holds, and temp folders left by killed builds.

    Called with the build lock held. A generation a reader still uses is left for a later build to delete.
    """
    index_dir = Path(index_dir)
    pointed = current(index_dir)
    keep = keep | ({pointed.name} if pointed is not None else set())
    for path in listing(index_dir):
        if path.name in keep:
            continue
        with _exclusive(index_dir, path.name) as free:
            if free:
                shutil.rmtree(path, ignore_errors=True)
            else:
                log.info("generation %s is still read by a running whomet; kept until a later build", path.name)
    for path in index_dir.glob(".tmp-*"):
        shutil.rmtree(path, ignore_errors=True)  # we hold the build lock: no build is writing these
    with contextlib.suppress(OSError):
        for lease_file in list((index_dir / LEASES).iterdir()):  # leases of generations already gone
            if not (index_dir / lease_file.name).is_dir():
                with _exclusive(index_dir, lease_file.name):
                    pass


@contextlib.contextmanager
def _exclusive(index_dir: Path, name: str) -> Iterator[bool]:
    """Try to take generation `name`'s lease exclusively; yields whether no reader holds it.

    When free, the lease file is removed on exit, while still locked: a reader that was waiting for it then finds
    its generation gone (see `lease`).
    """
    if fcntl is None:
        yield True
        return
    path = index_dir / LEASES / name
    try:
        path.parent.mkdir(exist_ok=True)
        fh = open(path, "a+b")  # held across the yield
    except OSError as exc:
        log.warning("cannot check whether generation %s is in use (%s); keeping it", name, exc)
        yield False
        return
    try:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        yield True
        with contextlib.suppress(OSError):
            path.unlink()
    finally:
        fh.close()


@dataclass
class Lease:
    """A reader's shared hold on one generation: while it is held, no build deletes that generation."""

    handle: IO[bytes] | None = None  # the lock file, locked shared; None where leases are not possible

    def release(self) -> None:
        if self.handle is not None:
            self.handle.close()  # closing the file drops the lock (so does the process ending, however it ends)
            self.handle = None


def lease(folder: Path) -> Lease:
    """Hold generation `folder` for reading; raise FileNotFoundError when a build has just deleted it."""
    if fcntl is None:
        return Lease()
    path = folder.parent / LEASES / folder.name
    try:
        path.parent.mkdir(exist_ok=True)
        handle = open(path, "a+b")  # held until Lease.release
    except OSError as exc:  # a read-only index folder: no build can delete generations there either
        log.debug("no reader lease on %s (%s)", folder, exc)
        return Lease()
    try:
        fcntl.flock(handle, fcntl.LOCK_SH)  # waits only while a build is deleting this very generation
    except OSError as exc:
        handle.close()
        log.debug("no reader lease on %s (%s)", folder, exc)
        return Lease()
    if not folder.is_dir():
        handle.close()
        raise FileNotFoundError(f"index generation {folder} was deleted")
    return Lease(handle)


def intact(folder: Path) -> Manifest | None:
    """The generation's manifest when it is of this whomet's format and every file matches it, else None."""
    try:
        manifest = Manifest.read(folder)
        if manifest.format_version != FORMAT_VERSION:
            return None
        verify(folder, manifest)
    except IndexUnusable as exc:
        log.info("generation %s is not intact: %s", folder, exc)
        return None
    return manifest


def build_versions() -> dict:
    """What built an index besides its input: library versions and a hash of whomet's own build code."""
    import bot
    from bot.index.build_cache import code_version
    from bot.index.manifest import library_versions

    package = Path(bot.__file__).parent
    files = [p for p in sorted(package.rglob("*.py")) if "discord_bot" not in p.parts]
    return {**library_versions(), "whomet_code": code_version(files, ())}


def unchanged(folder: Path | None, **expected: object) -> bool:
    """True when generation `folder` is intact and its manifest has every `expected` field value: nothing to build."""
    if folder is None or not folder.is_dir():
        return False
    manifest = intact(folder)
    if manifest is None:
        return False
    return all(getattr(manifest, key) == value for key, value in expected.items())


def restore(index_dir: Path, name: str | None = None) -> Path:
    """Point CURRENT at generation `name`, or at the newest intact one; raise IndexUnusable when there is none."""
    index_dir = Path(index_dir)
    gens = listing(index_dir)
    if name is not None:
        gens = [p for p in gens if p.name == name]
        if not gens:
            raise IndexUnusable(f"there is no generation {name!r} in {index_dir}; "
                                f"`ls {shlex.quote(str(index_dir))}` lists them")
    elif not gens:
        raise IndexUnusable(f"no index generations in {index_dir} to restore; {BUILD}")
    with build_lock(index_dir):
        for folder in gens:
            if intact(folder) is not None:
                point(index_dir, folder.name)
                return folder
    which = f"generation {name}" if name else f"none of the {len(gens)} generations"
    raise IndexUnusable(f"{which} in {index_dir} is intact (missing or altered files); "
                        f"{REBUILD}")
