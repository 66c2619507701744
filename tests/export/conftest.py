"""A compiled batch shared by the read-only volume tests (compiled once per module)."""

from __future__ import annotations

import pytest

from evidence_app.archive.archive import Archive

from .helpers import A3, add_file, add_pdf, landscape, make_docx, make_jpg


@pytest.fixture(autouse=True)
def _no_libreoffice_by_default(monkeypatch, request):
    """Tests use the built-in renderers unless their name says they need LibreOffice. The
    converter's name in the cache is worked out once per process and the converter differs
    from test to test here: it is worked out again for each (worker processes do anyway)."""
    from evidence_app.intake import libreoffice_rendering_key

    if "libreoffice" not in request.node.name:
        monkeypatch.setenv("EVIDENCE_SOFFICE", "")
    libreoffice_rendering_key.cache_clear()
    yield
    libreoffice_rendering_key.cache_clear()


def fill_archive(archive, folder) -> dict[str, int]:
    """A mixed set of documents across three requirements."""
    folder.mkdir(exist_ok=True)
    ids = {}
    ids["notice"] = add_pdf(archive, folder, "notice.pdf", 3, ["3.2.1"],
                            title="关于王喆、赵燊同志任职的通知", doc_number="潭政办发〔2021〕12号",
                            issuer="湘潭市人民政府办公室", date="20210312")
    ids["a3"] = add_pdf(archive, folder, "drawing.pdf", 2, ["3.2.1"], size=A3,
                        title="网格划分图", date="20200105", issuer="市司法局")
    ids["rotated"] = add_pdf(archive, folder, "scan.pdf", 2, ["3.2.1", "1.1.1"], rotate=90,
                             title="扫描件", date="20220101", issuer="市中级人民法院")
    ids["wide"] = add_pdf(archive, folder, "wide.pdf", 1, ["1.1.1"], size=landscape(A3),
                          title="统计表", date="20210101")
    ids["docx"] = add_file(archive, make_docx(folder / "通知.docx",
                                              image=make_jpg(folder / "in.jpg")),
                           "docx", "网格化工作通知", 1, ["3.2.1"], date="20210601")
    ids["photo"] = add_file(archive, make_jpg(folder / "photo.jpg", (600, 800)), "image",
                            "矛盾纠纷调解现场", 1, ["3.2.1"], date="20210701")
    text = folder / "纪要.txt"
    text.write_text("网格化工作会议纪要\n" + "会议研究了网格员队伍建设问题。" * 300, encoding="utf-8")
    ids["text"] = add_file(archive, text, "text", "网格化工作会议纪要", 1, ["1.1.1"],
                           title_supplied=True, date="20210801")
    bad = folder / "坏文件.wps"
    bad.write_bytes(b"\x00not a document")
    ids["bad"] = add_file(archive, bad, "wps", "无法转换的文件", 1, ["1.1.2"],
                          doc_number="潭办发〔2020〕3号")
    ids["secret"] = add_pdf(archive, folder, "secret.pdf", 1, ["3.2.1"], title="内部情况",
                            classification="秘密")
    return ids


@pytest.fixture(scope="module")
def compiled(tmp_path_factory, _catalogued_archive_template):
    """(archive folder, out folder, BatchResult, ids) of one compiled batch."""
    import shutil

    from evidence_app.export.batch import BatchOptions, compile_batch

    mp = pytest.MonkeyPatch()
    mp.setenv("EVIDENCE_SOFFICE", "")
    base = tmp_path_factory.mktemp("compiled")
    root = base / "archive"
    shutil.copytree(_catalogued_archive_template, root)
    with Archive.open(root) as archive:
        ids = fill_archive(archive, base / "src")
        result = compile_batch(archive, base / "out", BatchOptions(jobs=1))
    mp.undo()
    return root, base / "out", result, ids
