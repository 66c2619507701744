"""The `evidence-app coverage` command: which requirements lack evidence, and who owes it."""

from __future__ import annotations

from pathlib import Path

from ..coverage import (COMPLETE, NONE, PARTIAL, STATUS_LABELS, compare, coverage,
                              coverage_as_of, parse_day)
from .common import emit, open_archive


def register(command) -> None:
    """Add ``coverage``."""
    p = command("coverage", cmd_coverage,
                "which requirements have their evidence and mechanisms, per unit; "
                "write the workbook (--xlsx) or the Word chase-list (--docx)")
    p.add_argument("--unit", metavar="NAME",
                   help="only the requirements this unit leads or is responsible for")
    p.add_argument("--as-of", metavar="YYYYMMDD",
                   help="coverage as it was at the end of that day (from the audit log)")
    p.add_argument("--since", metavar="YYYYMMDD",
                   help="also show what changed since the end of that day")
    p.add_argument("--xlsx", metavar="FILE", help="write the coverage workbook")
    p.add_argument("--docx", metavar="FILE", help="write the Word chase-list (督办清单)")


def cmd_coverage(args) -> int:
    with open_archive(args, read_only=True) as archive:
        if args.unit:
            archive.unit_id(args.unit)  # NotFoundError with a plain message
        as_of = parse_day(args.as_of) if args.as_of else None
        since = parse_day(args.since) if args.since else None
        cov = coverage_as_of(archive, as_of) if as_of else coverage(archive)
        change = compare(coverage_as_of(archive, since), cov) if since else None
        office = archive.setting("compiling_office")
    if args.unit:
        cov = cov.for_unit(args.unit)
        if change:
            change = compare(change.before.for_unit(args.unit), cov)
    data = cov.as_json()
    written = []
    if args.xlsx:
        from ..coverage import write_coverage_xlsx

        data["xlsx"] = str(write_coverage_xlsx(cov, Path(args.xlsx)))
        written.append(f"wrote {args.xlsx}")
    if args.docx:
        from ..coverage import write_chase_list_docx

        data["docx"] = str(write_chase_list_docx(cov, Path(args.docx), office=office))
        written.append(f"wrote {args.docx}")
    if change:
        data["change"] = change.as_json()
    emit(args, data, "\n".join(_text(cov, change) + written))
    return 0


def _text(cov, change) -> list[str]:
    lines = [f"{'code':<10} {'status':<8} {'docs':>5} {'mech':>5}  lead unit"]
    for r in cov.requirements:
        mech = (f"{sum(m.supplied for m in r.mechanisms)}/{len(r.mechanisms)}"
                if r.mechanisms else "-")
        lines.append(f"{r.code:<10} {r.status:<8} {len(r.documents):>5} {mech:>5}  "
                     f"{r.lead_unit or '-'}")
    total = cov.summary()
    lines.append("")
    lines.append(f"as of {cov.as_of}{' for ' + cov.unit if cov.unit else ''}: "
                 f"{total.total} requirements, {total.counts[COMPLETE]} complete "
                 f"({total.percent_complete:g}%), {total.counts[PARTIAL]} partial, "
                 f"{total.counts[NONE]} none")
    if cov.retired:
        lines.append("retired (not counted): " + ", ".join(r.code for r in cov.retired))
    lines.append("by lead unit:")
    for g in cov.by_lead_unit():
        lines.append(f"  {g.name}: {g.counts[COMPLETE]}/{g.total} complete "
                     f"({g.percent_complete:g}%), {g.counts[PARTIAL]} partial, "
                     f"{g.counts[NONE]} none")
    if change:
        lines.append(f"changes {change.before.as_of} -> {change.after.as_of}:")
        for c in change.changes:
            parts = [f"{STATUS_LABELS[c.status_before]}→{STATUS_LABELS[c.status_after]}"
                     if c.status_changed else "status unchanged"]
            if c.gained_documents:
                parts.append(f"+{len(c.gained_documents)} document(s)")
            if c.lost_documents:
                parts.append(f"-{len(c.lost_documents)} document(s)")
            if c.mechanisms_supplied:
                parts.append("mechanism(s) supplied: " + ",".join(c.mechanisms_supplied))
            if c.mechanisms_lost:
                parts.append("mechanism(s) lost: " + ",".join(c.mechanisms_lost))
            lines.append(f"  {c.code}: " + "; ".join(parts))
        if not change.changes:
            lines.append("  (none)")
    return lines
