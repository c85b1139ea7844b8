"""The package's layers only look down, and no module imports itself back through others.

Every ``import`` of ``translate_news`` anywhere in a module counts (top level, inside functions, under
``TYPE_CHECKING``): a lazy import still couples the two layers. The layers, lowest first, are the
pipeline's order: shared vocabularies on the ground floor (errors, sentence identity, atomic files,
findings, provenance), then sentences, documents, segments, the output layout, glossary, MT, facts,
exchange formats, the memory, review, QA, the pipeline and the CLI on top.
"""

from __future__ import annotations

import ast
from pathlib import Path

from support import ROOT

PACKAGE = ROOT / "translate_news"
# A module belongs to the first entry its dotted name starts with (longest prefixes listed first).
LAYERS: tuple[tuple[str, ...], ...] = (
    (
        "translate_news",
        "allocator",
        "defaults",
        "errors",
        "identity",
        "fileio",
        "findings",
        "provenance",
        "xmlparse",
    ),
    ("segmentation.sentences",),
    ("documents",),
    ("segmentation",),
    ("layout",),
    ("glossary",),
    ("mt",),
    ("facts",),
    ("exchange",),
    ("memory",),
    ("review",),
    ("qa",),
    ("pipeline",),
    ("cli", "__main__"),
)


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def _imports(path: Path, modules: dict[str, Path]) -> set[str]:
    """The package's modules ``path`` imports (``from a.b import c``: ``a.b.c`` where that is a module)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("translate_news"):
            for alias in node.names:
                sub = f"{node.module}.{alias.name}"
                found.add(sub if sub in modules else node.module)
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.startswith("translate_news")}
    return found


def _layer(module: str) -> int:
    relative = module.removeprefix("translate_news").removeprefix(".")
    best: tuple[int, int] | None = None  # (prefix length, layer)
    for level, prefixes in enumerate(LAYERS):
        for prefix in prefixes:
            if prefix == "translate_news" and relative == "":
                return level
            inside = relative == prefix or relative.startswith(prefix + ".")
            if inside and (best is None or len(prefix) > best[0]):
                best = (len(prefix), level)
    assert best is not None, f"{module} is in no layer: add it to LAYERS"
    return best[1]


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(path, modules) & set(modules) for name, path in modules.items()}


def test_every_import_looks_down_or_sideways() -> None:
    upward = sorted(
        f"{module} (layer {_layer(module)}) imports {target} (layer {_layer(target)})"
        for module, targets in _graph().items()
        for target in targets
        if _layer(target) > _layer(module)
    )
    assert upward == []


def test_no_import_circle() -> None:
    graph = _graph()
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    circles: list[list[str]] = []

    def visit(module: str) -> None:  # Tarjan's strongly connected components
        index[module] = low[module] = len(index)
        stack.append(module)
        for target in graph[module]:
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == module:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    assert circles == []


def test_the_layer_test_sees_a_planted_upward_import(tmp_path: Path) -> None:
    """The walk is real: an import of the CLI from a ground-floor module is found as upward."""
    planted = tmp_path / "planted.py"
    planted.write_text("def f():\n    from translate_news.cli.main import main\n", encoding="utf-8")
    targets = _imports(planted, _modules())
    assert "translate_news.cli.main" in targets
    assert _layer("translate_news.cli.main") > _layer("translate_news.findings")
