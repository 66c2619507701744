"""The .docx path through a real LibreOffice (CI installs it), and its cache."""

from __future__ import annotations

import pytest

from evidence_app.intake import find_libreoffice
from evidence_app.export.batch import BatchOptions, compile_batch
from evidence_app.export.glyphs import undrawable_characters
from evidence_app.export.pages import cache_name, read_record

from .helpers import add_file, make_docx
from .test_volumes import _stamp_text, _texts

pytestmark = pytest.mark.skipif(find_libreoffice() is None,
                                reason="LibreOffice is not installed (scripts/setup installs it)")


@pytest.mark.slow
def test_docx_is_converted_with_libreoffice_and_cached(archive, tmp_path):
    path = make_docx(tmp_path / "关于网格化的通知.docx", heading="关于网格化管理的通知")
    doc_id = add_file(archive, path, "docx", "关于网格化管理的通知", 1, ["3.2.1"])
    result = compile_batch(archive, tmp_path / "out", BatchOptions(jobs=1))
    [volume] = result.volumes
    assert result.errors == [] and result.fonts["missing_glyphs"] == []
    cached = archive.root / "cache" / "pdf" / cache_name(archive.document(doc_id), True)
    assert cached.is_file() and read_record(cached)["method"] == "libreoffice"
    assert undrawable_characters(cached) == []   # the bundled font, even with no Chinese font
    texts = _texts(volume["path"])
    assert "关于网格化管理的通知" in texts[2] and "雨湖区" in texts[2]
    assert _stamp_text(volume["path"])[2] == "1"
    stamp = cached.stat().st_mtime_ns
    again = compile_batch(archive, tmp_path / "out2", BatchOptions(jobs=1))
    assert cached.stat().st_mtime_ns == stamp  # converted once, reused
    assert (tmp_path / "out2" / volume["path"].split("/")[-1]).read_bytes() == \
        (tmp_path / "out" / volume["path"].split("/")[-1]).read_bytes()
    assert again.volumes[0]["sha256"] == volume["sha256"]


@pytest.mark.slow
def test_converting_ahead_with_libreoffice_leaves_the_compile_nothing_to_convert(archive,
                                                                                  tmp_path):
    from evidence_app.export import convert_pending
    from evidence_app.progress import CancelToken

    ids = [add_file(archive, make_docx(tmp_path / f"通知{n}.docx", heading=f"第{n}号通知"),
                    "docx", f"第{n}号通知", 1, ["3.2.1"]) for n in range(3)]
    (tmp_path / "说明.txt").write_text("网格化工作说明", encoding="utf-8")
    ids.append(add_file(archive, tmp_path / "说明.txt", "text", "网格化工作说明", 1, ["3.2.1"]))
    stopped = CancelToken()
    stopped.cancel()
    assert convert_pending(archive, ids, cancel=stopped).cancelled
    seen = []
    report = convert_pending(archive, ids, progress=lambda d, t, m: seen.append((d, t)))
    assert (report.converted, report.failed) == (4, [])
    assert seen[-1] == (4, 4)
    cache = archive.root / "cache" / "pdf"
    stamps = {p.name: p.stat().st_mtime_ns for p in cache.glob("*.pdf")}
    assert len(stamps) == 4
    assert convert_pending(archive, ids).converted == 0       # already done: nothing again
    result = compile_batch(archive, tmp_path / "out", BatchOptions(jobs=1))
    assert result.errors == []
    assert {p.name: p.stat().st_mtime_ns for p in cache.glob("*.pdf")} == stamps
    assert "第2号通知" in "".join(_texts(result.volumes[0]["path"]))
