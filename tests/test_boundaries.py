"""The house rules of the code's shape, checked on the source (napari enforces the same).

One core, two faces: Qt only in evidence_app/ui/; the archive knows nothing of indexing or
export; nothing imports a network module.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "evidence_app"
NETWORK_MODULES = {"socket", "http", "urllib", "requests", "httpx", "ftplib", "smtplib"}


def _imports(path: Path) -> set[str]:
    """Absolute module names a file imports (relative imports resolved against its package)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = list(path.relative_to(PACKAGE.parent).with_suffix("").parts[:-1])
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[:len(package) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
    return names


def _files(*subpackages: str):
    for sub in subpackages:
        yield from sorted((PACKAGE / sub).rglob("*.py")) if (PACKAGE / sub).is_dir() else \
            [PACKAGE / sub]


def test_qt_is_imported_only_in_the_ui_package():
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if "ui" in path.relative_to(PACKAGE).parts:
            continue
        if any(name.split(".")[0] in {"PySide6", "PyQt5", "PyQt6", "shiboken6"}
               for name in _imports(path)):
            offenders.append(str(path.relative_to(PACKAGE)))
    assert offenders == []


def test_archive_does_not_depend_on_indexing_export_or_ui():
    offenders = [str(p.relative_to(PACKAGE)) for p in _files("archive")
                 if any(n.startswith(("evidence_app.indexing", "evidence_app.export",
                                      "evidence_app.ui", "evidence_app.coverage",
                                      "evidence_app.intake"))
                        for n in _imports(p))]
    assert offenders == []


def test_outside_intake_only_its_package_face_is_imported():
    """Callers use ``evidence_app.intake``'s names, so its modules can be rearranged freely."""
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if "intake" in path.relative_to(PACKAGE).parts:
            continue
        package = list(path.relative_to(PACKAGE.parent).with_suffix("").parts[:-1])
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                base = package[:len(package) - node.level + 1] if node.level else []
                modules = [".".join(base + ([node.module] if node.module else []))]
            elif isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            else:
                continue
            if any(m.startswith("evidence_app.intake.") for m in modules):
                offenders.append(str(path.relative_to(PACKAGE)))
    assert offenders == []


def test_core_does_not_import_the_ui():
    offenders = [str(p.relative_to(PACKAGE))
                 for p in _files("archive", "intake", "indexing", "export", "coverage", "demo")
                 if any(n.startswith("evidence_app.ui") for n in _imports(p))]
    assert offenders == []


def test_no_network_modules_anywhere():
    offenders = [str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py")
                 if any(n.split(".")[0] in NETWORK_MODULES for n in _imports(p))]
    assert offenders == []
