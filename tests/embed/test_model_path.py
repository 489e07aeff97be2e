"""Resolving the configured model: a model folder or an installed package, never an import of arbitrary modules."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from bot.config import DEFAULT_MODEL
from bot.embed.embedder import ModelNotFound, resolve_model_path


def _one_sentence(message: str) -> None:
    assert "\n" not in message and "Traceback" not in message and not re.search(r"\w[.!?] [A-Z]", message)


@pytest.fixture
def spy_package(tmp_path, monkeypatch) -> Path:
    """An importable package on sys.path that leaves a mark when its code runs."""
    marker = tmp_path / "imported"
    package = tmp_path / "path" / "whomet_spy_pkg"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text(f"open({str(marker)!r}, 'w').close()\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path / "path"))
    monkeypatch.delitem(sys.modules, "whomet_spy_pkg", raising=False)
    return marker


@pytest.mark.parametrize("model", ["whomet_spy_pkg.model", "whomet_spy_pkg.x.y", "whomet_spy_pkg"])
def test_a_model_name_never_runs_a_module(spy_package, model):
    with pytest.raises(ModelNotFound, match="not found") as err:
        resolve_model_path(model)
    _one_sentence(str(err.value))
    assert not spy_package.exists() and "whomet_spy_pkg" not in sys.modules


@pytest.mark.parametrize("model", ["this.x", "antigravity", "os.path"])
def test_standard_library_names_are_not_models_and_are_not_imported(model, monkeypatch):
    for name in ("this", "antigravity"):  # `this` prints the Zen of Python; antigravity opens a web browser
        monkeypatch.delitem(sys.modules, name, raising=False)
    with pytest.raises(ModelNotFound, match="not found"):
        resolve_model_path(model)
    assert "this" not in sys.modules and "antigravity" not in sys.modules


@pytest.mark.parametrize("model", ["", "   "])
def test_an_empty_model_is_one_clear_sentence(model):
    with pytest.raises(ModelNotFound, match="no embedding model is configured") as err:
        resolve_model_path(model)
    _one_sentence(str(err.value))


def test_a_folder_without_a_model_is_refused_by_name(tmp_path):
    with pytest.raises(ModelNotFound, match="holds no sentence-transformers model") as err:
        resolve_model_path(str(tmp_path))
    assert str(tmp_path) in str(err.value)
    _one_sentence(str(err.value))


def test_the_installed_package_and_its_model_folder_resolve(tmp_path):
    folder = resolve_model_path(DEFAULT_MODEL)
    assert folder.name == "model" and (folder / "config.json").is_file()
    assert resolve_model_path(str(folder)) == folder  # the same model named by its folder
    with pytest.raises(ModelNotFound, match="pip install no-such-model"):
        resolve_model_path("no-such-model")
    with pytest.raises(ModelNotFound, match="neither a model folder nor a package name"):
        resolve_model_path(str(tmp_path / "missing" / "model"))
