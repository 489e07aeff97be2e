"""Resolving the configured model name: a folder or an installed package, else ModelNotFound (one sentence)."""

from __future__ import annotations

import sys

import pytest

from bot.config import DEFAULT_MODEL
from bot.embedder import ModelNotFound, resolve_model_path


@pytest.mark.parametrize("model", ["", "  ", "../afile.txt", "./model", "..x", "nope-model", "a b", "x/y"])
def test_a_name_that_is_neither_a_folder_nor_a_package_is_model_not_found(model, tmp_path, monkeypatch):
    """Found by tests/cli_fuzz.py: `model = "../afile.txt"` ended `index build` with an ImportError traceback."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "afile.txt").write_text("not a model")
    with pytest.raises(ModelNotFound) as err:
        resolve_model_path(model)
    assert "\n" not in str(err.value)


def test_a_folder_that_is_not_a_model_is_model_not_found(tmp_path):
    """Found by tests/cli_fuzz.py: `model = "corpus"` ended the build with tokenizers' bare `Exception` traceback."""
    (tmp_path / "a.txt").write_text("Kishi met Austin.")
    with pytest.raises(ModelNotFound, match="is not a sentence-transformers model"):
        resolve_model_path(str(tmp_path))


def test_a_dotted_name_imports_nothing(monkeypatch):
    monkeypatch.delitem(sys.modules, "this", raising=False)
    with pytest.raises(ModelNotFound):
        resolve_model_path("this.model")  # find_spec would import the package `this` to look inside it
    assert "this" not in sys.modules


def test_the_shipped_model_package_and_a_model_folder_resolve():
    folder = resolve_model_path(DEFAULT_MODEL)
    assert (folder / "config.json").is_file()
    assert resolve_model_path(str(folder)) == folder
