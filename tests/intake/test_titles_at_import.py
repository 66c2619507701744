"""Titles an import gives files whose content has none: a workbook's title line (never its
header row), and for a camera's or scanner's file name the folder, what it is and its date.
None of them is shown in brackets: only a title the archivist typed is."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from PIL import Image

from evidence_app.archive import Archive
from evidence_app.export.batch import BatchOptions, compile_batch
from evidence_app.intake import add_paths
from tests.export.test_volumes import _texts
from tests.intake.test_extract import make_pdf


def _workbook(path: Path, rows: list[list]) -> Path:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def _photo(path: Path, taken: str | None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    exif = Image.Exif()
    if taken:
        exif[306] = taken                      # DateTime, as cameras write it
    shade = sum(path.name.encode()) % 200                 # each photo its own bytes
    Image.new("RGB", (320, 240), (shade, 140, 60)).save(path, "JPEG", exif=exif)
    return path


def _titles(archive) -> dict[str, tuple[str, bool]]:
    return {d.original_name: (d.title, d.title_supplied) for d in archive.documents()}


def test_titles_at_import_are_real_titles(archive_dir, tmp_path):
    incoming = tmp_path / "incoming"
    header = ["序号", "单位", "月份", "受理数（件）", "办结数（件）", "办结率"]
    _workbook(incoming / "2021年矛盾纠纷受理统计表 - 副本.xlsx", [header, [1, "雨湖区", 3, 12, 11, "92%"]])
    _workbook(incoming / "表1.xlsx", [[None, "2023年第一季度矛盾纠纷受理情况统计表"],
                                     ["填报单位：市司法局"], header, [1, "岳塘区", 1, 5, 5, "100%"]])
    _photo(incoming / "2023年网格员培训" / "IMG_1234.jpg", "2023:05:12 09:30:00")
    _photo(incoming / "2023年网格员培训" / "DCIM" / "100CANON" / "DSC01234.JPG", None)
    _photo(tmp_path / "新建文件夹" / "微信图片_20230601101112.jpg", None)
    _photo(incoming / "入户走访" / "网格员入户走访.jpg", None)
    (incoming / "3.2.1 矛盾纠纷排查").mkdir()
    make_pdf(incoming / "3.2.1 矛盾纠纷排查" / "Scan0001.pdf", [None])
    with Archive.open(archive_dir) as archive:
        report = add_paths(archive, [incoming, tmp_path / "新建文件夹"], workers=1)
        assert not report.errors and len(report.added) == 7
        titles = _titles(archive)
    assert titles == {
        # a header row is never a title: the file name's title (a copy's suffix dropped) …
        "2021年矛盾纠纷受理统计表 - 副本.xlsx": ("2021年矛盾纠纷受理统计表", False),
        # … or the sheet's own title line above its header
        "表1.xlsx": ("2023年第一季度矛盾纠纷受理情况统计表", False),
        # a camera's name says nothing: the folder it was filed in, what it is, when
        "IMG_1234.jpg": ("2023年网格员培训照片（2023年5月12日）", False),
        "DSC01234.JPG": ("2023年网格员培训照片", False),     # past DCIM/100CANON
        "微信图片_20230601101112.jpg": ("照片", False),      # no folder names anything
        "网格员入户走访.jpg": ("网格员入户走访", False),      # a real name is the title
        "Scan0001.pdf": ("矛盾纠纷排查扫描件", False),
    }


def test_a_camera_named_photo_is_captioned_from_what_is_known(archive_dir, tmp_path):
    photo = _photo(tmp_path / "in" / "2023年网格员培训" / "IMG_1234.jpg", "2023:05:12 09:30:00")
    with Archive.open(archive_dir) as archive:
        [added] = add_paths(archive, [photo], requirements=["3.2.1"], workers=1).added
        archive.update_document(added["id"], note="地点：雨湖区窗口")
        result = compile_batch(archive, tmp_path / "out", BatchOptions(jobs=1, only=["3.2.1"]))
    texts = "".join(_texts(result.volumes[0]["path"])).replace("\n", "")
    assert "主题：2023年网格员培训照片（2023年5月12日）　地点：雨湖区窗口" in texts
    assert "IMG" not in texts and "[2023年网格员培训" not in texts
