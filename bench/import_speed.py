"""Import throughput at demo scale: pages per second through the whole `add` pipeline.

Usage: python bench/import_speed.py [--size small|full] [--material DIR] [--workers N]
Generates the demo material (or reuses DIR made by an earlier run), then imports every file
into a fresh archive with tags, exactly as `evidence-app demo` does, and prints one JSON line.
Budget: import with text extraction ≥ 500 pages/s.
"""

from __future__ import annotations

import argparse
import json
import resource
import tempfile
import time
from pathlib import Path

from evidence_app.archive.archive import Archive
from evidence_app.archive.catalogue import read_catalogue
from evidence_app.demo.generate import generate_demo_material
from evidence_app.demo.model import DemoEntry, DemoMaterial
from evidence_app.intake import ImportItem, import_items


def material_in(folder: Path, size: str) -> DemoMaterial:
    """Reuse material an earlier run generated (it is deterministic), else generate it."""
    manifest = folder / "manifest.json"
    if manifest.is_file():
        data = json.loads(manifest.read_text(encoding="utf-8"))
        return DemoMaterial(catalogue_path=folder / "catalogue.xlsx",
                            documents_dir=folder / "documents", manifest_path=manifest,
                            entries=[DemoEntry(**e) for e in data["entries"]],
                            requirements_without_evidence=data["requirements_without_evidence"])
    return generate_demo_material(folder, size=size)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", default="full", choices=["small", "full"])
    parser.add_argument("--material", type=Path)
    parser.add_argument("--workers", type=int)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-import-") as tmp:
        material_dir = args.material or Path(tmp) / "material"
        started = time.perf_counter()
        material = material_in(material_dir, args.size)
        generated = time.perf_counter() - started
        archive = Archive.create(Path(tmp) / "archive")
        archive.import_catalogue(read_catalogue(material.catalogue_path))
        items = [ImportItem(path=material.documents_dir / e.path, requirements=list(e.requirements),
                            mechanisms=list(e.mechanisms), unit=e.unit,
                            mechanism_text_of=e.mechanism_text_of) for e in material.entries]
        started = time.perf_counter()
        report = import_items(archive, items, workers=args.workers)
        seconds = time.perf_counter() - started
        pages = sum(a["pages"] for a in report.added)
        archive.close()
    peak_mb = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                  resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
    print(json.dumps({"size": args.size, "documents": len(report.added),
                      "errors": len(report.errors), "pages": pages,
                      "material_seconds": round(generated, 1),
                      "import_seconds": round(seconds, 1),
                      "pages_per_second": round(pages / seconds, 1), "budget_pages_per_second": 500,
                      "peak_rss_mb": round(peak_mb)}))


if __name__ == "__main__":
    main()
