"""Opt-in int8 build backend (`build_precision = "int8"`): the ONNX export with int8 weights, on onnxruntime."""

from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path

from bot.embed import onnx as query_embedder

# Per-channel dynamic int8 on every MatMul except each layer's FFN output projection, whose GELU activations have
# the widest range: keeping those six in fp32 is what holds cosine to fp32 up (see benchmarks/bench_build.py).
SUFFIX = "-int8pc-ffnfp32"


def int8_export(model: str) -> Path:
    """The cached int8 variant of the model's export, quantized (seconds, once) when missing."""
    source = query_embedder.ensure_export(model)
    folder = source.parent / (source.name + SUFFIX)
    if all((folder / f).is_file() for f in query_embedder.FILES):
        return folder
    tmp = source.parent / f".tmp-{uuid.uuid4().hex[:8]}"
    tmp.mkdir()
    try:
        quantize(source / "raw.onnx", tmp / "model.onnx")
        for name in ("tokenizer.json", "export.json"):
            shutil.copyfile(source / name, tmp / name)
        os.rename(tmp, folder)
    except OSError:
        if not all((folder / f).is_file() for f in query_embedder.FILES):
            raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return folder


def quantize(source: Path, dest: Path, keep_ffn_output: bool = True) -> None:
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    graph = onnx.load(str(source), load_external_data=False).graph
    exclude = [n.name for n in graph.node
               if n.op_type == "MatMul" and n.name.endswith("/output/dense/MatMul") and "attention" not in n.name]
    quantize_dynamic(str(source), str(dest), weight_type=QuantType.QInt8, per_channel=True,
                     op_types_to_quantize=["MatMul"], nodes_to_exclude=exclude if keep_ffn_output else [])


def int8_embedder(model: str) -> query_embedder.OnnxEmbedder:
    return query_embedder.OnnxEmbedder(int8_export(model), name=model, threads=os.cpu_count() or 1, optimized=False)
