"""Torch-free embedder: the model's ONNX export (mean pooling + normalize inside) on onnxruntime."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import uuid
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

FOLDER = "query_model"  # inside each index generation, so the manifest checksums cover it
FILES = ("model.onnx", "tokenizer.json", "export.json")  # copied into generations
CACHED = (*FILES, "raw.onnx")  # raw.onnx: the unoptimised export, which int8 quantization starts from
DIGESTS = "digests.json"  # size and SHA-256 of each cached file, written with the export and never after
# 2: graph pre-optimised by onnxruntime (fused attention, GELU, layer norm); 3: digests recorded at export time
EXPORT_VERSION = 3

_verified: dict[Path, tuple[int, int, int, int]] = {}  # per process: a file's stat when it last matched its digest


def cache_root() -> Path:
    """Exports are made once per model version and machine, verified, then copied into each generation."""
    base = os.environ.get("WHOMET_CACHE") or os.path.join(os.environ.get("XDG_CACHE_HOME") or "~/.cache", "whomet")
    return Path(base).expanduser() / "onnx"


def export_key(model_dir: Path) -> str:
    import onnxruntime

    digest = hashlib.sha256(f"v{EXPORT_VERSION} ort{onnxruntime.__version__}".encode())  # fused ops are per version
    for path in sorted(p for p in model_dir.rglob("*") if p.is_file()):
        st = path.stat()
        digest.update(f"{path.relative_to(model_dir)}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:20]


def cached_export(model: str) -> Path | None:
    """The cached export of `model`, or None when it has not been made yet or fails its digests (never exports)."""
    from bot.embed.embedder import resolve_model_path

    folder = cache_root() / export_key(resolve_model_path(model))
    return folder if _complete(folder) and damaged(folder) is None else None


def ensure_export(model: str) -> Path:
    """The cached export of `model`, verified; exported with torch (a few seconds) when missing or damaged."""
    from bot.embed.embedder import resolve_model_path

    model_dir = resolve_model_path(model)
    folder = cache_root() / export_key(model_dir)
    if _complete(folder):
        bad = damaged(folder)
        if bad is None:
            return folder
        log.warning("the cached ONNX export in %s is damaged (%s does not match the checksum recorded when it "
                    "was exported); exporting the model again", folder, bad)
    _discard(folder)  # damaged, or incomplete (killed mid-way by hand)
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = folder.parent / f".tmp-{uuid.uuid4().hex[:8]}"
    tmp.mkdir()
    try:
        _export(model_dir, tmp)
        os.rename(tmp, folder)
    except OSError:
        if not _complete(folder):  # not a concurrent export that won the rename
            raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return folder


def damaged(folder: Path, names: tuple[str, ...] = FILES) -> str | None:
    """The first of `names` in a cached export whose bytes differ from the digest recorded at export, else None.

    A file that matched is not hashed again in this process while its inode, size, mtime and ctime stay the same
    (any write or utime moves the ctime).
    """
    recorded = recorded_digests(folder)
    if recorded is None:
        return DIGESTS
    for name in names:
        path = folder / name
        try:
            st = path.stat()
        except OSError:
            return name
        stamp = (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
        if _verified.get(path) == stamp:
            continue
        if st.st_size != recorded[name]["bytes"] or _file_record(path)["sha256"] != recorded[name]["sha256"]:
            return name
        _verified[path] = stamp
    return None


def _complete(folder: Path) -> bool:
    return all((folder / f).is_file() for f in (*CACHED, DIGESTS))


def recorded_digests(folder: Path) -> dict[str, dict] | None:
    """The digests written with the export; None when missing or malformed (the export is then made again)."""
    try:
        known = json.loads((folder / DIGESTS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    for name in CACHED:
        rec = known.get(name) if isinstance(known, dict) else None
        if not (isinstance(rec, dict) and isinstance(rec.get("bytes"), int) and isinstance(rec.get("sha256"), str)):
            return None
    return known


def _discard(folder: Path) -> None:
    """Move a bad export aside first: a concurrent build never sees it half-deleted, only gone."""
    if not folder.exists():
        return
    aside = folder.parent / f".discard-{uuid.uuid4().hex[:8]}"
    try:
        os.rename(folder, aside)
    except OSError:
        return  # another process moved or replaced it meanwhile
    shutil.rmtree(aside, ignore_errors=True)


def _export(model_dir: Path, out: Path) -> None:
    import torch
    from sentence_transformers import SentenceTransformer

    st = SentenceTransformer(str(model_dir), device="cpu", local_files_only=True)
    bert = st[0].auto_model.float().eval()

    class Pooled(torch.nn.Module):  # the sentence-transformers pipeline: mean pooling, then L2 normalisation
        def __init__(self) -> None:
            super().__init__()
            self.bert = bert

        def forward(self, input_ids, attention_mask):
            tokens = self.bert(input_ids=input_ids, attention_mask=attention_mask,
                          token_type_ids=torch.zeros_like(input_ids)).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(tokens.dtype)
            mean = (tokens * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(mean, dim=-1)

    sample = torch.ones(2, 16, dtype=torch.long)
    axes = {"input_ids": {0: "batch", 1: "tokens"}, "attention_mask": {0: "batch", 1: "tokens"},
            "embedding": {0: "batch"}}
    with torch.inference_mode(False), torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # tracer warnings about shape-dependent Python branches in transformers
        torch.onnx.export(Pooled().eval(), (sample, sample), str(out / "model.onnx"), dynamo=False, opset_version=17,
                          input_names=["input_ids", "attention_mask"], output_names=["embedding"], dynamic_axes=axes)
    _optimize(out / "model.onnx")
    shutil.copyfile(model_dir / "tokenizer.json", out / "tokenizer.json")
    meta = {"dim": int(st.get_embedding_dimension()), "max_tokens": int(st.max_seq_length),
            "export_version": EXPORT_VERSION, "torch": torch.__version__}
    (out / "export.json").write_text(json.dumps(meta, indent=2), encoding="utf-8")
    records = {name: _file_record(out / name) for name in CACHED}  # from the bytes just written, never re-derived
    (out / DIGESTS).write_text(json.dumps(records, indent=2), encoding="utf-8")


def _optimize(path: Path) -> None:
    """Save onnxruntime's optimised graph, so loading it for a question skips ~0.3 s of graph rewriting."""
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_EXTENDED
    options.optimized_model_filepath = str(path.with_name("optimized.onnx"))
    ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    os.replace(path, path.with_name("raw.onnx"))  # kept in the cache (not in generations): int8 quantizes it
    os.replace(path.with_name("optimized.onnx"), path)


class OnnxEmbedder:
    """`encode(texts)` gives L2-normalised float32 rows, matching sentence-transformers (cosine > 0.9999)."""

    def __init__(self, folder: Path, name: str = "", threads: int = 1, batch_size: int = 32,
                 optimized: bool = True) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        meta = json.loads((folder / "export.json").read_text(encoding="utf-8"))
        self.name, self.dim, self.batch_size = name, int(meta["dim"]), batch_size
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.no_padding()  # the packaged tokenizer.json pins padding and truncation at 128
        self.tokenizer.enable_truncation(int(meta["max_tokens"]))
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        if optimized:  # the export was optimised once; the int8 variant is not
            options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_DISABLE_ALL
        self.session = ort.InferenceSession(str(folder / "model.onnx"), options, providers=["CPUExecutionProvider"])

    def encode(self, texts: Sequence[str], progress: Callable[[int], None] | None = None) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        encodings = self.tokenizer.encode_batch(list(texts))
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))  # little padding per batch
        for start in range(0, len(order), self.batch_size):
            rows = order[start : start + self.batch_size]
            width = max(len(encodings[i].ids) for i in rows)
            ids = np.zeros((len(rows), width), dtype=np.int64)
            mask = np.zeros_like(ids)
            for j, i in enumerate(rows):
                n = len(encodings[i].ids)
                ids[j, :n], mask[j, :n] = encodings[i].ids, 1
            out[rows] = self.session.run(None, {"input_ids": ids, "attention_mask": mask})[0]
            if progress:
                progress(len(rows))
        return out


def _file_record(path: Path) -> dict:
    """Size and SHA-256 of a file, in the manifest's record format."""
    with path.open("rb") as fh:
        digest = hashlib.file_digest(fh, "sha256")
    return {"bytes": path.stat().st_size, "sha256": digest.hexdigest()}
