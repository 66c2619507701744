"""Titles a volume shows: no header rows, no camera file names, brackets for supplied ones."""

from __future__ import annotations

import pytest

from evidence_app.export.batch import BatchOptions, compile_batch
from evidence_app.export.titles import photo_caption, shown_title

from .helpers import add_file, make_jpg
from .test_volumes import _texts


@pytest.mark.parametrize("title, supplied, name, kind, date, expected", [
    ("序号单位月份受理数（件）办结数（件）办结率", False, "2021年矛盾纠纷受理统计表 - 副本 (2).xlsx",
     "xlsx", None, ("2021年矛盾纠纷受理统计表", False)),
    ("IMG 169379", True, "IMG_169379.jpg", "image", "20210701", ("照片（2021年7月1日）", False)),
    ("扫描件 2021-03-01 10.23", True, "扫描件 2021-03-01 10.23.pdf", "pdf", None, ("扫描件", False)),
    ("网格化工作会议纪要", True, "纪要.txt", "text", None, ("网格化工作会议纪要", True)),
    ("调解现场", True, "调解现场.jpg", "image", None, ("调解现场", False)),
    ("关于网格化管理的通知", False, "通知.pdf", "pdf", None, ("关于网格化管理的通知", False)),
])
def test_shown_titles(title, supplied, name, kind, date, expected):
    assert shown_title(title, supplied, name, kind, date) == expected


def test_photo_captions_say_what_is_known():
    assert photo_caption("IMG 1", True, "IMG_1.jpg", "20210701", "") == "时间：2021年7月1日"
    assert photo_caption("调解现场", False, "a.jpg", "20210701", "地点：雨湖区") == \
        "主题：调解现场　时间：2021年7月1日　地点：雨湖区"
    assert photo_caption("DSC 0001", True, "DSC_0001.jpg", None, "") == "照片"


def test_the_contents_shows_real_titles(archive, tmp_path):
    add_file(archive, make_jpg(tmp_path / "IMG_169379.jpg"), "image", "IMG 169379", 1,
             ["3.2.1"], title_supplied=True, date="20210701")
    result = compile_batch(archive, tmp_path / "out", BatchOptions(jobs=1))
    texts = _texts(result.volumes[0]["path"])
    assert "照片（2021年7月1日）" in texts[1] and "IMG" not in texts[1]
    assert "时间：2021年7月1日" in texts[2] and "IMG" not in texts[2]
