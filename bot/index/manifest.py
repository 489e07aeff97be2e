"""The index manifest: what built it, from what, and checksums that detect a damaged index."""

from __future__ import annotations

import hashlib
import json
import platform
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

REBUILD = "rebuild it with `whomet index build`"  # the one hint every unusable-index message ends with
BUILD = "build it with `whomet index build`"
FORMAT_VERSION = 2  # 2: bm25/whomet_tokenizer.json (queries without bm25s)
MANIFEST = "manifest.json"


class IndexUnusable(RuntimeError):
    """The index cannot be used; the message is one sentence that ends by saying what to do."""


@dataclass
class Manifest:
    model: str
    dim: int
    vector_index: str
    corpus_fingerprint: str
    articles: int
    chunks: int
    created_at: str
    precision: str = "fp32"
    format_version: int = FORMAT_VERSION
    versions: dict = field(default_factory=dict)
    files: dict = field(default_factory=dict)  # name -> {"bytes": int, "sha256": str}
    skipped: list = field(default_factory=list)

    def write(self, folder: Path) -> None:
        (folder / MANIFEST).write_text(json.dumps(asdict(self), indent=2, sort_keys=True), encoding="utf-8")

    @classmethod
    def read(cls, folder: Path) -> Manifest:
        try:
            data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
            manifest = cls(**data)
            if not manifest.well_formed():
                raise TypeError("fields of the wrong type")
            return manifest
        except FileNotFoundError:
            raise IndexUnusable(f"index at {folder} has no manifest; {REBUILD}") from None
        except (ValueError, TypeError, OSError) as exc:
            raise IndexUnusable(
                f"index manifest at {folder} is damaged ({exc.__class__.__name__}); {REBUILD}"
            ) from None

    def well_formed(self) -> bool:
        """Every field has the type loading relies on (a damaged manifest may still be valid JSON)."""
        ints = (self.dim, self.articles, self.chunks)
        return (all(isinstance(v, int) and not isinstance(v, bool) for v in ints)
                and all(isinstance(v, str) for v in (self.model, self.vector_index, self.precision))
                and isinstance(self.files, dict) and all(
                    isinstance(name, str) and not name.startswith("/") and ".." not in name.split("/")
                    and isinstance(rec, dict) and isinstance(rec.get("bytes"), int)
                    and isinstance(rec.get("sha256"), str) for name, rec in self.files.items()))


def check_usable(manifest: Manifest, where: str, model: str | None, dim: int | None) -> None:
    """Refuse, in one sentence naming `where` ("index at …"), an index of another format, model or dimension."""
    if manifest.format_version != FORMAT_VERSION:
        raise IndexUnusable(f"{where} has format {manifest.format_version}, this whomet reads {FORMAT_VERSION}; "
                            f"{REBUILD}")
    if model is not None and manifest.model != model:
        raise IndexUnusable(f"{where} was built with model {manifest.model!r} but the configured model is "
                            f"{model!r}; {REBUILD}")
    if dim is not None and manifest.dim != dim:
        raise IndexUnusable(f"{where} has {manifest.dim}-d vectors, the model gives {dim}-d; {REBUILD}")


def file_record(path: Path) -> dict:
    with path.open("rb") as fh:
        digest = hashlib.file_digest(fh, "sha256")
    return {"bytes": path.stat().st_size, "sha256": digest.hexdigest()}


def record_files(folder: Path, known: dict[str, dict] | None = None) -> dict:
    """name -> size and SHA-256 of every file; `known` records (with the file's mtime_ns) skip re-hashing."""
    out = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.name != MANIFEST:
            name = path.relative_to(folder).as_posix()
            rec, st = (known or {}).get(name), path.stat()
            same = rec is not None and rec.get("bytes") == st.st_size and rec.get("mtime_ns") == st.st_mtime_ns
            out[name] = {"bytes": rec["bytes"], "sha256": rec["sha256"]} if same else file_record(path)
    return out


def file_problem(folder: Path, name: str, manifest: Manifest) -> str | None:
    """Why `name` does not match its manifest record ("missing", "damaged (checksum mismatch)", ...), else None."""
    rec, path = manifest.files.get(name), folder / name
    if rec is None:
        return "not recorded in the manifest" if path.exists() else None
    if not path.is_file():
        return "missing"
    if path.stat().st_size != rec["bytes"] or file_record(path)["sha256"] != rec["sha256"]:
        return "damaged (checksum mismatch)"
    return None


def verify_files(folder: Path, manifest: Manifest, names: Iterable[str]) -> str | None:
    """The first of `names` that fails its manifest record, as "<name> is <problem>"; None when all match.

    A name the manifest does not list is fine only while no such file exists (an older generation's layout).
    """
    for name in names:
        problem = file_problem(folder, name, manifest)
        if problem is not None:
            return f"{name} is {problem}"
    return None


def verify(folder: Path, manifest: Manifest) -> None:
    """Raise IndexUnusable naming the first missing, truncated or altered file."""
    for name in manifest.files:
        problem = file_problem(folder, name, manifest)
        if problem == "missing":
            raise IndexUnusable(f"index file {name} is missing from {folder}; {REBUILD}")
        if problem is not None:
            raise IndexUnusable(f"index file {name} in {folder} is {problem}; {REBUILD}")


def library_versions() -> dict:
    from importlib.metadata import PackageNotFoundError, version

    out = {"python": platform.python_version()}
    for pkg in ("faiss-cpu", "PyStemmer", "sentence-transformers", "torch", "onnxruntime", "whomet"):
        try:
            out[pkg] = version(pkg)
        except PackageNotFoundError:
            pass
    return out
