"""One reader for the benchmarks' .jsonl files: each row parsed and checked, a bad line named in one sentence."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path


def read_rows(path: Path, tool: str, what: str, check: Callable[[dict], None], skip_blank: bool = False) -> list[dict]:
    """The rows of one .jsonl file; `check` raises ValueError for a row that is not `what`. SystemExit, naming `tool`,
    the file and the line, when the file cannot be read or a line is no such row (blank lines too, unless
    `skip_blank`)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise SystemExit(f"{tool}: cannot read {path}: {exc.strerror or exc}") from None
    rows = []
    for n, line in enumerate(lines, 1):
        if skip_blank and not line.strip():
            continue
        try:
            row = json.loads(line)
            check(row)
        except (ValueError, AttributeError, TypeError) as exc:
            raise SystemExit(f"{tool}: {path} line {n} is no {what}: {exc}") from None
        rows.append(row)
    return rows
