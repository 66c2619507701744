"""The window's "export this list": every document of the list, in its order, as a workbook."""

from __future__ import annotations

import openpyxl
import pytest

from evidence_app.errors import NotFoundError
from evidence_app.export import write_document_list
from tests.archive.test_archive import _add_text_document as add_text_document


def test_the_list_is_written_in_its_order_with_tags_and_where_bound(archive, tmp_path):
    first = add_text_document(archive, tmp_path, name="a.txt", text="网格化工作会议纪要",
                              requirements=["3.2.1"])
    second = add_text_document(archive, tmp_path, name="b.txt", text="雪亮工程建设方案")
    path = write_document_list(archive, [second, first], tmp_path / "列表.xlsx")
    rows = list(openpyxl.load_workbook(path).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("序号", "题名", "文号")
    assert [r[0] for r in rows[1:]] == [1, 2]
    assert rows[1][10] == "b.txt" and rows[2][10] == "a.txt"
    assert rows[2][6] == "3.2.1" and rows[1][6] in (None, "")


def test_an_unknown_document_is_refused_and_nothing_written(archive, tmp_path):
    with pytest.raises(NotFoundError):
        write_document_list(archive, [999], tmp_path / "列表.xlsx")
    assert not (tmp_path / "列表.xlsx").exists()
