"""`whomet index build --ray`: the new texts embedded by Ray actors, the same vectors as a local build."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from bot.config import DEFAULT_MODEL, Config, ConfigError
from tests.conftest import ROOT, SEED_CORPUS


def _whomet(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bot", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=300, env={**os.environ, "PYTHONPATH": str(ROOT)})


def test_build_ray_address_is_read_and_checked(tmp_path):
    path = tmp_path / "whomet.toml"
    path.write_text('[build]\nray_address = "ray://head:10001"\n', encoding="utf-8")
    assert Config.load(path).ray_address == "ray://head:10001"
    assert Config().ray_address is None
    path.write_text('[build]\nray_address = " "\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"\[build\] ray_address is empty"):
        Config.load(path)


@pytest.mark.slow
def test_a_local_build_never_imports_ray(tmp_path):
    code = ("import sys\n"
            "from bot.cli import main\n"
            f"sys.argv = ['whomet', 'index', 'build', '--corpus', {str(SEED_CORPUS)!r}, '--index', "
            f"{str(tmp_path / 'ix')!r}, '--json']\n"
            "try:\n    main()\nexcept SystemExit as exc:\n    assert not exc.code, exc.code\n"
            "assert 'ray' not in sys.modules and 'bot.embed.ray_embed' not in sys.modules, 'ray imported'\n"
            "print('ok')\n")
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300,
                         env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert run.returncode == 0 and run.stdout.strip().endswith("ok"), run.stderr[-2000:]


@pytest.mark.parametrize(("address", "says"), [
    ("127.0.0.1:1", "cannot reach the Ray cluster at 127.0.0.1:1 (ConnectionRefusedError)"),
    ("ray://127.0.0.1:1", "cannot reach the Ray cluster at ray://127.0.0.1:1 (ConnectionRefusedError)"),
    ("head-node", "the Ray address 'head-node' is not host:port or ray://host:port"),
])
def test_an_unreachable_ray_address_is_one_sentence_and_exit_2(tmp_path, address, says):
    pytest.importorskip("ray")
    run = _whomet("index", "build", "--corpus", str(SEED_CORPUS), "--index", str(tmp_path / "ix"), "--ray", address)
    assert run.returncode == 2, run.stderr
    err = run.stderr.strip()
    assert err.count("\n") == 0 and "Traceback" not in err and says in err, err
    assert not (tmp_path / "ix").exists() or not any((tmp_path / "ix").glob("gen-*"))


@pytest.mark.slow
def test_whomet_index_build_ray_starts_a_local_cluster_and_exits_0(tmp_path):
    pytest.importorskip("ray")
    run = _whomet("index", "build", "--corpus", str(SEED_CORPUS), "--index", str(tmp_path / "ix"), "--ray", "--json")
    assert run.returncode == 0, run.stderr[-2000:]
    report = json.loads(run.stdout.strip().splitlines()[-1])
    assert report["embedded"] == report["chunks"] > 0 and not report["up_to_date"]
    assert "Traceback" not in run.stderr and "core_worker" not in run.stderr, run.stderr


@pytest.fixture(scope="module")
def ray_embedder():
    """One local Ray cluster with 2 CPUs for the module (its start costs seconds)."""
    pytest.importorskip("ray")
    from bot.embed.ray_embed import RayEmbedder

    embedder = RayEmbedder(DEFAULT_MODEL, "fp32", cpus=2)
    yield embedder
    embedder.close()


def _cosines(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    a, b = a.astype(np.float32), b.astype(np.float32)
    return (a * b).sum(1) / (np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1))


@pytest.mark.slow
def test_ray_build_gives_the_local_builds_vectors(ray_embedder, seed_index_dir, tmp_path):
    from bot.index import generations
    from bot.index.build import build_index
    from bot.index.manifest import Manifest

    assert ray_embedder.actors == 2
    report = build_index(SEED_CORPUS, tmp_path / "ix", DEFAULT_MODEL, "fp32",
                         embedder_factory=lambda model, precision: ray_embedder)
    local = generations.current(seed_index_dir)
    assert report.embedded == report.chunks > 0
    mine, theirs = Manifest.read(report.folder), Manifest.read(local)
    assert (mine.model, mine.dim, mine.chunks, mine.corpus_fingerprint) == \
        (theirs.model, theirs.dim, theirs.chunks, theirs.corpus_fingerprint)
    ray_vectors, local_vectors = np.load(report.folder / "embeddings.npy"), np.load(local / "embeddings.npy")
    assert ray_vectors.shape == local_vectors.shape
    assert _cosines(ray_vectors, local_vectors).min() >= 0.9999


@pytest.mark.slow
def test_ray_embedder_keeps_the_order_of_many_batches(ray_embedder):
    from bot.embed.factory import default_embedder

    texts = [f"Delegation {i} met the trade minister in city {i % 7} about tariffs." for i in range(300)]
    got = ray_embedder.encode(texts)
    assert got.shape == (300, 384)
    assert _cosines(got, default_embedder(DEFAULT_MODEL, "fp32").encode(texts)).min() >= 0.9999
