"""`evidence-app demo`: a whole archive built from generated material, the way staff would.

The material (catalogue workbook, folders of documents, a manifest of intended tags) is made
inside the new archive's cache/ folder, imported through the same pipeline as `add`, and then
deleted: the archive ends up holding only what a real one would.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from ..archive import Archive
from ..archive import read_catalogue
from ..intake import AddReport, ImportItem, import_items
from ..progress import NO_PROGRESS, CancelToken, Progress, stage
from .generate import generate_demo_material


def build_demo_archive(root: Path, size: str = "small", progress: Progress = NO_PROGRESS,
                       cancel: CancelToken | None = None) -> AddReport:
    """Create ``root`` as a demo archive of the given size ("small" or "full")."""
    archive = Archive.create(root)
    material_dir = Path(root) / "cache" / "demo-material"
    try:
        material = generate_demo_material(material_dir, size=size,
                                          progress=stage(progress, 0, 40, "生成"),
                                          cancel=cancel)
        archive.import_catalogue(read_catalogue(material.catalogue_path))
        items = [ImportItem(path=material.documents_dir / entry.path,
                            requirements=list(entry.requirements),
                            mechanisms=list(entry.mechanisms), unit=entry.unit,
                            mechanism_text_of=entry.mechanism_text_of)
                 for entry in material.entries]
        report = import_items(archive, items, progress=stage(progress, 40, 60, "导入"),
                              cancel=cancel)
    finally:
        archive.close()
        shutil.rmtree(material_dir, ignore_errors=True)
    progress(100, 100, "")
    return report
