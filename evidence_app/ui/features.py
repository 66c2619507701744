"""The window's single door to the feature packages (search, coverage, volumes).

The window calls these functions only; each forwards to the core package that owns the
logic. A package that is not installed in this build makes its feature report itself
unavailable (the window greys out the matching action) instead of failing at import.
"""

from __future__ import annotations

import importlib
from pathlib import Path


def _module(name: str):
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


# ------------------------------------------------------------------------------- search
def search_available() -> bool:
    module = _module("evidence_app.indexing.search")
    return module is not None and hasattr(module, "SearchIndex")


def open_search_index(archive):
    """A SearchIndex of the archive; not thread-safe: use it from one thread at a time."""
    from ..indexing.search import SearchIndex

    return SearchIndex(archive)


# ------------------------------------------------------------------------------- coverage
def coverage_available() -> bool:
    return _module("evidence_app.coverage.model") is not None


def coverage(archive):
    """The coverage picture now (the coverage package's :func:`coverage`)."""
    from ..coverage.model import coverage as compute

    return compute(archive)


def rollup_status(rollup) -> str:
    """One colour for a group: complete when all are, none when nothing is, else partial."""
    if rollup.total and rollup.counts.get("complete", 0) == rollup.total:
        return "complete"
    if rollup.counts.get("none", 0) == rollup.total:
        return "none"
    return "partial"


def evidence_counts(archive) -> tuple[dict, dict]:
    """Evidence counts and coverage statuses per catalogue node, keyed by (kind, code).

    Requirements and mechanisms show their number of documents; tasks, sections and units
    show "complete/total" requirements from the coverage roll-ups.
    """
    counts: dict[tuple[str, str], object] = {}
    statuses: dict[tuple[str, str], str] = {}
    if not coverage_available():
        for doc in archive.documents():
            for code in doc.requirements:
                counts[("requirement", code)] = counts.get(("requirement", code), 0) + 1
            for code in doc.mechanisms:
                counts[("mechanism", code)] = counts.get(("mechanism", code), 0) + 1
        return counts, statuses
    cov = coverage(archive)
    for req in cov.requirements + cov.retired:
        counts[("requirement", req.code)] = len(req.documents)
        statuses[("requirement", req.code)] = req.status
        for mech in req.mechanisms:
            counts[("mechanism", mech.code)] = len(mech.documents)
            statuses[("mechanism", mech.code)] = "complete" if mech.supplied else "none"
    for kind, groups in (("task", cov.by_task()), ("section", cov.by_section())):
        for group in groups:
            counts[(kind, group.key)] = f"{group.counts.get('complete', 0)}/{group.total}"
            statuses[(kind, group.key)] = rollup_status(group)
    for unit in archive.units():
        group = cov.for_unit(unit.name).summary()
        if group.total:
            counts[("unit", unit.name)] = f"{group.counts.get('complete', 0)}/{group.total}"
            statuses[("unit", unit.name)] = rollup_status(group)
    return counts, statuses


# ------------------------------------------------------------------------------- volumes
def export_available() -> bool:
    module = _module("evidence_app.export.batch")
    return module is not None and hasattr(module, "compile_batch")


def volume_path(path: str, output_folder: str | None) -> Path:
    """The file of a recorded volume (recorded relative to the batch's output folder)."""
    candidate = Path(path)
    if candidate.is_absolute() or not output_folder:
        return candidate
    return Path(output_folder) / candidate


def converted_pdf(archive, doc) -> Path | None:
    """The PDF a compile already made of a non-PDF document (cache/pdf), if there is one."""
    if not export_available() or doc.kind == "pdf":
        return None
    from ..export.pages import cache_dir_of, cache_name

    cache = cache_dir_of(archive.root)
    for use_libreoffice in (True, False):
        name = cache_name(doc, use_libreoffice)
        if name and (cache / name).is_file():
            return cache / name
    return None


def convert_for_preview(archive, doc) -> Path | None:
    """Convert ``doc`` into the compile cache for the preview (slow: off the GUI thread);
    None when it cannot be converted."""
    from ..export.batch import prepare_for_preview

    prepared = prepare_for_preview(archive, doc)
    return Path(prepared.pdf) if prepared.error is None and prepared.pdf else None


def convert_ahead(archive, doc_ids, progress, cancel) -> int:
    """Convert new non-PDF documents for the compile ahead of time (slow: background)."""
    from ..export.batch import convert_ahead as convert

    return convert(archive, doc_ids, progress, cancel)
