"""One sentence for an exception a command can meet: the user's own error, a full disk, an unwritable folder."""

from __future__ import annotations

import errno
import sys
from pathlib import Path

# Errors whose message is already the sentence to show. Looked up in sys.modules: an exception of a class whose
# module was never imported cannot have been raised, and the CLI's start stays free of those imports.
USER_ERRORS = (
    ("bot.config", "ConfigError"),
    ("bot.index.generations", "BuildLocked"),
    ("bot.ingest.corpus_check", "EmptyCorpus"),
    ("bot.embed.embedder", "ModelNotFound"),
    ("bot.embed.worker", "EmbedWorkerError"),
    ("bot.index.manifest", "IndexUnusable"),
    ("bot.engine", "QuestionError"),
    ("bot.cli.evaluate", "EvalError"),
    ("bot.discord_bot.settings", "SettingsError"),
)
DISK_FULL = "the disk is full"
FREE_SPACE = "free some space and run the command again"


def is_user_error(exc: BaseException) -> bool:
    for module, name in USER_ERRORS:
        loaded = sys.modules.get(module)
        if loaded is not None and isinstance(exc, getattr(loaded, name)):
            return True
    return False


def sentence(exc: BaseException, index_dir: Path | None = None) -> str:
    """What went wrong, in one line; `unexpected` errors say so and point at -v for the traceback."""
    if is_user_error(exc):
        return str(exc)
    if isinstance(exc, OSError):
        return os_error_sentence(exc, index_dir)
    sqlite3 = sys.modules.get("sqlite3")
    if sqlite3 is not None and isinstance(exc, sqlite3.Error):
        if "disk is full" in str(exc):
            return f"{DISK_FULL}: the index database could not be written; {FREE_SPACE}"
        return f"the index database failed: {exc}"
    if isinstance(exc, MemoryError):
        return "out of memory"
    detail = f": {exc}" if str(exc) else ""
    return f"unexpected {type(exc).__name__}{detail} (run with -v for the traceback)"


def os_error_sentence(exc: OSError, index_dir: Path | None = None) -> str:
    """`[Errno 28] No space left on device: 'x'` becomes "the disk is full (x); free some space and ..."."""
    if exc.strerror is None:  # raised with a message of our own, e.g. a missing corpus folder
        return str(exc)
    reason = exc.strerror[:1].lower() + exc.strerror[1:]
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        written = exc.filename2 or exc.filename  # a copy names its source first, the file it was writing second
        return f"{DISK_FULL}{f' (writing {written})' if written else ''}; {FREE_SPACE}"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS) and index_dir is not None and exc.filename \
            and _within(Path(exc.filename), Path(index_dir)):
        return f"the index folder {index_dir} is not writable ({reason}); use --index or [index] dir for another"
    return f"cannot use {exc.filename}: {reason}" if exc.filename else reason


def _within(path: Path, folder: Path) -> bool:
    """`path` is the folder, inside it, or one of the folders it would be created in."""
    path, folder = path.absolute(), folder.absolute()
    return path == folder or folder in path.parents or path in folder.parents
