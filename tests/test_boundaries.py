"""The house rules of the code's shape, checked on the source (napari enforces the same).

One core, two faces: Qt only in evidence_app/ui/; the archive knows nothing of indexing or
export, and nothing outside it reaches into the Archive object (its SQL, connection, lock);
nothing imports a network module.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "evidence_app"
ROOT = PACKAGE.parent
# the Archive's insides: only the archive package may use them, whatever the variable is called
ARCHIVE_INSIDES = {"_q", "_tx", "_conn", "_mutex", "_audit", "_documents_where", "_document_filter",
                   "_requirement_ids", "_mechanism_ids"}
ARCHIVE_NAME = re.compile(r"(^|_)archive$")  # archive, _archive, source_archive; not archive_module
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


# packages used by others through their ``__init__`` only, so their modules can be rearranged
FACED_PACKAGES = ("archive", "intake", "indexing", "export", "coverage", "demo", "suggest")


def _face_offenders(root: Path) -> list[str]:
    """``file: module`` for each import, outside a faced package, of one of its modules."""
    offenders = []
    for path in sorted(root.rglob("*.py")):
        inside = path.relative_to(root).parts
        package = list(path.relative_to(root.parent).with_suffix("").parts[:-1])
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                base = package[:len(package) - node.level + 1] if node.level else []
                modules = [".".join(base + ([node.module] if node.module else []))]
            elif isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            else:
                continue
            for module in modules:
                parts = module.split(".")
                if (len(parts) > 2 and parts[0] == root.name and parts[1] in FACED_PACKAGES
                        and inside[0] != parts[1]):
                    offenders.append(f"{path.relative_to(root)}: {module}")
    return offenders


def test_outside_a_package_only_its_face_is_imported():
    """Callers use a core package's names (its ``__init__``), never its modules."""
    assert _face_offenders(PACKAGE) == []


def test_the_face_rule_catches_a_module_import(tmp_path):
    root = tmp_path / "evidence_app"
    (root / "ui").mkdir(parents=True)
    (root / "archive").mkdir()
    (root / "ui" / "x.py").write_text("from ..archive.archive import Archive\n"
                                      "from ..archive import Archive\n"
                                      "import evidence_app.intake.pipeline\n")
    (root / "archive" / "y.py").write_text("from .archive import Archive\n")
    assert _face_offenders(root) == ["ui/x.py: evidence_app.archive.archive",
                                     "ui/x.py: evidence_app.intake.pipeline"]


def test_core_does_not_import_the_ui():
    offenders = [str(p.relative_to(PACKAGE))
                 for p in _files("archive", "intake", "indexing", "export", "coverage", "demo")
                 if any(n.startswith("evidence_app.ui") for n in _imports(p))]
    assert offenders == []


def test_no_network_modules_anywhere():
    offenders = [str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py")
                 if any(n.split(".")[0] in NETWORK_MODULES for n in _imports(p))]
    assert offenders == []


def _private_archive_access(source: str) -> list[str]:
    """``x._name`` where x is an archive (a name ending in ``archive``: ``archive._q``,
    ``self._archive._conn``, ``gaps.archive._tx``) or the name is one of the Archive's
    insides (``reader._q``)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Attribute) and node.attr.startswith("_")
                and not node.attr.startswith("__")):
            continue
        owner = node.value
        owner_name = (owner.id if isinstance(owner, ast.Name) else
                      owner.attr if isinstance(owner, ast.Attribute) else "")
        if node.attr in ARCHIVE_INSIDES or ARCHIVE_NAME.search(owner_name):
            found.append((node.lineno, node.col_offset, ast.unparse(node)))
    return [f"{line}: {text}" for line, _, text in sorted(found)]


def test_the_rule_catches_every_way_of_reaching_into_an_archive():
    source = ("archive._q('UPDATE requirements SET retired = 1')\n"
              "with gaps.archive._tx() as conn: pass\n"
              "self._archive._mutex\nreader._conn\nsrc._q\n"
              "archive.documents()\narchive_module._now\nself._lock\n")
    assert [f.split(": ")[1] for f in _private_archive_access(source)] == [
        "archive._q", "gaps.archive._tx", "self._archive._mutex", "reader._conn", "src._q"]


def test_only_the_archive_package_reaches_into_the_archive():
    """Tests included: an odd state is built through the API or tests/archive_states.py."""
    archive_package = PACKAGE / "archive"
    offenders = []
    for folder in (PACKAGE, ROOT / "tests", ROOT / "bench", ROOT / "packaging"):
        for path in sorted(folder.rglob("*.py")):
            if archive_package in path.parents:
                continue
            offenders += [f"{path.relative_to(ROOT)}:{hit}"
                          for hit in _private_archive_access(path.read_text(encoding="utf-8"))]
    assert offenders == []
