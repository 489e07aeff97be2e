"""A corpus that gave no articles: the build refuses, naming what the folder held instead of articles."""

from __future__ import annotations

from pathlib import Path

from bot.ingest.corpus import SUFFIXES, CorpusReport

SHOWN = 5  # file names listed in the message; the rest are counted


class EmptyCorpus(ValueError):
    """The corpus gave no articles; publishing would replace the index with an empty one."""


def empty_corpus_message(corpus_dir: Path, report: CorpusReport, current: Path | None) -> str:
    """One sentence: what was found in `corpus_dir` instead of articles, the types read, and what happened."""
    other = sorted(_name(p.relative_to(corpus_dir)) for p in _visible_files(Path(corpus_dir))
                   if p.suffix.lower() not in SUFFIXES)
    found = []
    if report.skipped:
        found.append(f"{len(report.skipped)} skipped ({_shown([f'{where}: {why}' for where, why in report.skipped])})")
    if other:
        found.append(f"{_count(len(other), 'file')} of unsupported types ({_shown(other)})")
    what = " and ".join(found) or "it holds no files"
    kept = f"the index at {current.parent} is unchanged" if current is not None else "no index was built"
    return (f"no articles found in {corpus_dir}: {what}; supported: {' '.join(sorted(SUFFIXES))}; {kept} "
            "(`whomet index build --allow-empty` builds an empty index anyway)")


def _visible_files(root: Path) -> list[Path]:
    """Files under `root`, leaving out hidden ones and those in hidden folders (as reading the corpus does)."""
    return [p for p in root.rglob("*")
            if p.is_file() and not any(part.startswith(".") for part in p.relative_to(root).parts)]


def _name(rel: Path) -> str:
    """A path as text even when its name is not valid UTF-8."""
    return rel.as_posix().encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _shown(items: list[str]) -> str:
    return ", ".join(items[:SHOWN]) + (f", … {len(items) - SHOWN} more" if len(items) > SHOWN else "")
