"""Every layout value of a bound volume (docs/VOLUMES.md), as named settings in one place.

A city that binds differently changes a value here (or passes ``LayoutSettings(...)`` with its
own values); nothing else in the export package hard-codes a size, a margin or a wording.
Sizes are millimetres (``_mm``) or points (``_pt``). The settings take part in each volume's
input hash, so changing one rebuilds the volumes on the next run.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

MM = 72.0 / 25.4  # points per millimetre


@dataclass(frozen=True)
class LayoutSettings:
    # ---- paper and margins (archival forms)
    page_width_mm: float = 210.0
    page_height_mm: float = 297.0
    margin_top_mm: float = 20.0
    margin_bottom_mm: float = 15.0
    margin_binding_mm: float = 25.0   # 装订线: left on a recto
    margin_outer_mm: float = 15.0

    # ---- type sizes (号 -> points)
    volume_title_pt: float = 22.0     # 2号
    heading_pt: float = 16.0          # 3号
    cover_field_pt: float = 14.0      # 4号
    table_pt: float = 12.0            # 小4
    table_tight_pt: float = 10.5      # 5号, when columns are tight
    small_pt: float = 10.5
    body_text_pt: float = 12.0        # typeset text documents
    caption_pt: float = 12.0

    # ---- volume order and numbering
    page_budget: int = 200            # body pages per volume (about 2 cm of paper)
    part_suffixes: tuple[str, ...] = ("之一", "之二", "之三", "之四", "之五", "之六", "之七",
                                      "之八", "之九", "之十")
    archive_code_format: str = "{prefix}-{year}-{number:03d}"
    duplex: bool = False              # blank unnumbered pages so documents start on a recto
    include_classified: bool = False  # 密级 documents are left out unless asked for

    # ---- page stamps (页号)
    stamp_style: str = "corner"       # "corner" (top outer corner) or "gov" (— 12 — bottom centre)
    stamp_offset_mm: float = 10.0     # from the top and the outer edge
    stamp_pt: float = 14.0            # 4号 digits
    stamp_box_pad_mm: float = 1.2     # white box around the digits
    stamp_single_sided: bool = True   # always top right; False: top left on versos
    stamp_bottom_mm: float = 12.0     # "gov" style: distance of the baseline from the bottom

    # ---- pages from the documents
    scale_oversize: bool = True       # pages larger than A4 are scaled down onto A4
    oversize_tolerance_mm: float = 3.0
    photo_caption: bool = True
    turn_landscape: bool = True       # landscape pages: portrait sheet, top to the binding edge

    # ---- table of contents (卷内目录)
    contents_columns: tuple[tuple[str, float], ...] = (
        ("序号", 10.0), ("文号", 30.0), ("责任者", 30.0), ("题名", 0.0), ("日期", 20.0),
        ("页号", 15.0), ("备注", 15.0))  # 0 = flexible
    contents_min_pt: float = 8.0      # the whole table may shrink to this size (one size)
    contents_title_min_mm: float = 60.0  # narrower 题名 column: turn the contents landscape
    contents_row_min_mm: float = 9.0
    contents_cell_pad_mm: float = 1.2
    supplied_title_brackets: tuple[str, str] = ("[", "]")

    # ---- wording
    cover_labels: tuple[str, ...] = ("牵头单位", "责任单位", "分管市领导", "起止日期", "本册件数",
                                     "本册页数", "册次", "保管期限", "档号")
    default_retention: str = "永久"
    nothing_to_note: str = "本卷文件材料齐全完整，均为原件或经核对的复制件，无需特别说明的情况。"
    unconvertible_heading: str = "此处文件未能转换为页面"
    no_evidence: str = "暂无佐证材料"

    # ---- spine labels (脊背)
    spine_widths_mm: tuple[int, ...] = (20, 30, 40, 50)
    spine_width_mm: int = 30
    spine_height_mm: float = 260.0

    # ---- fonts: (role -> preferred system faces in order; the bundled face always closes)
    prefer_system_fonts: bool = True

    extra: dict = field(default_factory=dict)

    # ------------------------------------------------------------------ helpers
    @property
    def page_size(self) -> tuple[float, float]:
        return self.page_width_mm * MM, self.page_height_mm * MM

    def mm(self, value: float) -> float:
        return value * MM

    def part_suffix(self, part: int) -> str:
        if part <= len(self.part_suffixes):
            return f"（{self.part_suffixes[part - 1]}）"
        return f"（之{part}）"

    def as_dict(self) -> dict:
        return asdict(self)

    def replace(self, **changes) -> "LayoutSettings":
        from dataclasses import replace

        return replace(self, **changes)


DEFAULT_LAYOUT = LayoutSettings()
