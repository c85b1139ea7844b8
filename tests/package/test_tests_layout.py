"""The tests are laid out like the package (README "Tests"): each test module sits in the folder of
the subpackage it tests, or in ``tests/package/``, and its name is unique across folders (the folders
have no ``__init__.py``, so pytest imports each module by its bare name)."""

from __future__ import annotations

import ast
from collections import Counter

from support import ROOT, TESTS

PACKAGE = ROOT / "translate_news"
SUBPACKAGES = {path.parent.name for path in PACKAGE.glob("*/__init__.py")} - {"data"}
FOLDERS = SUBPACKAGES | {"package"}


def test_every_test_module_is_in_a_folder_named_after_the_package() -> None:
    misplaced = [
        path.relative_to(TESTS).as_posix()
        for path in sorted(TESTS.rglob("test_*.py"))
        if path.parent.parent != TESTS or path.parent.name not in FOLDERS
    ]
    assert not misplaced, f"move these into tests/<subpackage>/ or tests/package/: {misplaced}"


def test_test_module_names_are_unique_across_folders() -> None:
    names = Counter(path.name for path in TESTS.rglob("test_*.py"))
    assert not [name for name, count in names.items() if count > 1]


def test_every_subpackage_has_its_test_folder() -> None:
    assert {path.name for path in TESTS.iterdir() if path.is_dir()} >= SUBPACKAGES


def imports_conftest(source: str) -> bool:
    return any(
        isinstance(node, ast.ImportFrom | ast.Import)
        and "conftest"
        in ([node.module] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names])
        for node in ast.walk(ast.parse(source))
    )


def test_no_test_imports_the_conftest() -> None:
    """Names the tests share have one home, tests/support/; the conftest holds fixtures and hooks."""
    assert imports_conftest("from conftest import ROOT") and imports_conftest("import conftest")
    offenders = [
        path.relative_to(TESTS).as_posix()
        for path in sorted(TESTS.rglob("*.py"))
        if imports_conftest(path.read_text(encoding="utf-8"))
    ]
    assert not offenders, f"import shared names from support instead: {offenders}"
