"""The catalogue commands: load or update it from a workbook, write an empty template."""

from __future__ import annotations

from pathlib import Path

from ..archive import read_catalogue, write_template
from ..suggest import after_catalogue_import
from .common import emit, open_archive


def register(command) -> None:
    """Add `import-catalog` and `template`."""
    p = command("import-catalog", cmd_import_catalog,
                "load or update the catalogue from .xlsx/.csv (tags are kept)")
    p.add_argument("file", metavar="FILE")

    p = command("template", cmd_template, "write an empty, documented catalogue workbook",
                archive=False)
    p.add_argument("file", metavar="FILE.xlsx")


def catalogue_text(report) -> str:
    lines = []
    for kind, label in (("requirements", "requirements"), ("mechanisms", "mechanisms"),
                        ("units", "units")):
        if kind in report.added or kind in report.updated:
            lines.append(f"{label}: {report.added.get(kind, 0)} added, "
                         f"{report.updated.get(kind, 0)} updated")
    for kind, codes in report.removed.items():
        if codes:
            lines.append(f"{kind} removed (nothing was tagged to them): {', '.join(codes)}")
    for kind, codes in report.retired.items():
        if codes:
            lines.append(f"WARNING: {kind} no longer in the catalogue but still tagged, kept as "
                         f"retired: {', '.join(codes)}")
    return "\n".join(lines)


def cmd_import_catalog(args) -> int:
    data = read_catalogue(Path(args.file))  # validate fully before touching the archive
    with open_archive(args) as archive:
        report = archive.import_catalogue(data)
        links = after_catalogue_import(archive)
    emit(args, {**report.__dict__, "mechanism_links": links.as_json()},
         "\n".join(t for t in (catalogue_text(report), links.text()) if t))
    return 0


def cmd_template(args) -> int:
    write_template(Path(args.file))
    emit(args, {"template": args.file}, f"wrote catalogue template {args.file}")
    return 0
