"""The architecture as a test: each layer imports only the layers below it, and no module import circle exists."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BELOW_ENGINE = {"text", "records", "config", "ingest", "meetings", "embed", "index", "search", "answer", "plot"}
# layer -> the layers it may import (besides itself); README "How it works" says the same in words
ALLOWED: dict[str, set[str]] = {
    "text": set(),
    "records": set(),
    "config": set(),
    "ingest": {"text", "records"},
    "meetings": {"text", "ingest", "records"},
    "embed": {"text", "records"},
    "index": {"text", "records", "config", "ingest", "meetings", "embed"},
    "search": {"text", "records", "embed", "index"},
    "answer": {"text", "records", "config", "meetings", "embed", "search"},
    "plot": {"answer"},  # draws the answer layer's picture plans (matplotlib only inside)
    "engine": BELOW_ENGINE,
    "cli": BELOW_ENGINE | {"engine", "discord_bot"},  # `whomet run` starts the bot
    "discord_bot": BELOW_ENGINE | {"engine"},
    "package": BELOW_ENGINE | {"engine", "cli", "discord_bot"},  # bot/__init__.py and __main__.py
}


def layer_of(module: str) -> str:
    parts = module.split(".")
    if len(parts) == 1 or parts[1] in {"__init__", "__main__"}:
        return "package"
    return parts[1]


def module_name(path: Path) -> str:
    rel = path.relative_to(ROOT).with_suffix("")
    parts = rel.parts[:-1] if rel.name == "__init__" else rel.parts
    return ".".join(parts)


def imports_of(path: Path, module: str) -> set[str]:
    """Every module this file imports, at the top or inside functions (TYPE_CHECKING blocks excepted)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            typing_only.update(id(n) for stmt in node.body for n in ast.walk(stmt))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def bot_modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted((ROOT / "bot").rglob("*.py"))}


def import_graph() -> dict[str, set[str]]:
    modules = bot_modules()
    return {name: {m for m in imports_of(path, name) if m in modules and m != name} for name, path in modules.items()}


def test_every_layer_imports_only_the_layers_below_it():
    broken = []
    for module, targets in import_graph().items():
        layer = layer_of(module)
        assert layer in ALLOWED, f"{module}: layer {layer!r} is not in the architecture; add it to ALLOWED and README"
        for target in targets:
            other = layer_of(target)
            if other != layer and other not in ALLOWED[layer] and other != "package":
                broken.append(f"{module} imports {target} ({layer} -> {other})")
    assert not broken, "\n".join(sorted(broken))


def test_no_module_import_circle():
    graph = import_graph()
    # Strongly connected components (Tarjan); a package's __init__ importing its own modules is not a circle.
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph[node]:
            if nxt.startswith(node + "."):
                continue  # a package importing its own submodule
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    assert not circles, f"import circles: {circles}"


def test_benchmarks_never_import_tests():
    offenders = [str(p.relative_to(ROOT)) for p in sorted((ROOT / "benchmarks").glob("*.py"))
                 if any(m == "tests" or m.startswith("tests.") for m in imports_of(p, f"benchmarks.{p.stem}"))]
    assert not offenders


def test_the_rule_checker_sees_function_level_imports(tmp_path):
    source = tmp_path / "mod.py"
    source.write_text("def f():\n    from bot.index import reader\n    import bot.answer.question\n")
    assert {"bot.index", "bot.index.reader", "bot.answer.question"} <= imports_of(source, "bot.text.mod")
