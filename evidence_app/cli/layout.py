"""The `evidence-app layout` command: the layout choices kept in the archive (duplex, page
budget, 全宗名称, 立卷单位, cover date), shown without options and changed with them.

`compile` starts from these stored values; its own options override them for one run.
"""

from __future__ import annotations

from .common import emit, open_archive

_OPTIONS = {"duplex": "duplex", "max_pages": "page_budget", "fonds": "fonds_name",
            "unit": "compiling_office", "cover_date": "cover_date"}


def register(command) -> None:
    """Add `layout`."""
    p = command("layout", cmd_layout,
                "show or change the layout settings kept in the archive for compiling volumes")
    p.add_argument("--duplex", choices=["on", "off"],
                   help="blank pages so every document starts on a right-hand page")
    p.add_argument("--max-pages", type=int, metavar="N",
                   help="page budget of a volume (body pages)")
    p.add_argument("--fonds", metavar="NAME", help="全宗名称 printed at the top of covers")
    p.add_argument("--unit", metavar="NAME", help="立卷单位 (编制单位) printed on covers")
    p.add_argument("--cover-date", metavar="YYYYMMDD",
                   help="date printed on covers; '' returns to the archive's latest change")


def cmd_layout(args) -> int:
    from ..export import DEFAULT_LAYOUT

    changes = {key: getattr(args, option) for option, key in _OPTIONS.items()
               if getattr(args, option) is not None}
    if "duplex" in changes:
        changes["duplex"] = changes["duplex"] == "on"
    with open_archive(args, read_only=not changes) as archive:
        archive.set_layout_settings(changes)
        values = archive.layout_settings()
    budget = values["page_budget"]
    cover_date = values["cover_date"] or "the archive's latest change"
    text = "\n".join([
        f"duplex:       {'on' if values['duplex'] else 'off'}",
        f"max pages:    {budget or DEFAULT_LAYOUT.page_budget}"
        + ("" if budget else " (default)"),
        f"fonds (全宗名称): {values['fonds_name']}",
        f"unit (立卷单位):  {values['compiling_office']}",
        f"cover date:   {cover_date}"])
    emit(args, values, text)
    return 0
