"""`whomet meetings --plot FILE.png`: draw the meetings, write the PNG safely, print its numbered sources."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import click

from bot.answer.timeline import period_label


class PictureError(Exception):
    """The picture cannot be drawn or written; the message is one sentence saying why."""


def check_target(path: Path) -> Path:
    """Refuse, before any work, a file name that is not .png, a missing folder or a folder given as the file."""
    from bot.plot import INSTALL_HINT, available

    if path.suffix.lower() != ".png":
        raise PictureError(f"--plot writes a PNG picture: give a file name ending in .png, not {path.name!r}")
    if not path.parent.is_dir():
        raise PictureError(f"cannot write {path}: the folder {path.parent} does not exist")
    if path.is_dir():
        raise PictureError(f"cannot write {path}: it is a folder")
    if not available():
        raise PictureError(INSTALL_HINT)
    return path


def write_atomically(path: Path, data: bytes) -> None:
    """The whole file or nothing: written beside the target, then renamed over it."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_picture(engine, path: Path, person: str | None, since: str | None, until: str | None,
                  as_json: bool) -> None:
    from bot.plot import PlotUnavailable

    try:
        events, picture = engine.meetings_picture(person, since, until)
    except PlotUnavailable as exc:
        raise PictureError(str(exc)) from None
    if picture is None:
        who = f" with {person}" if person else ""
        period = period_label(since, until)
        message = (f"No meetings found{who}{', ' + period if period else ''}; no picture was written." if not events
                   else f"None of the {len(events)} meeting(s) found names who took part; no picture was written.")
        click.echo(json.dumps({"plot": None, "meetings": len(events), "message": message}) if as_json else message)
        return
    try:
        write_atomically(path, picture.png)
    except OSError as exc:
        raise PictureError(f"cannot write {path}: {exc.strerror or exc}") from None
    if as_json:
        click.echo(json.dumps({"plot": str(path), "meetings": len(events), **picture.to_json()}, ensure_ascii=False))
        return
    from bot.cli.render import print_picture

    print_picture(str(path), picture)
