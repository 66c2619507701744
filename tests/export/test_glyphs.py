"""Empty boxes instead of Chinese: found on the page, never bound silently, never cached."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from evidence_app.export import pages
from evidence_app.export.batch import BatchOptions, compile_batch
from evidence_app.export.glyphs import undrawable_characters

from .helpers import add_file, make_docx

BOXES = Path(__file__).parent / "data" / "boxes-from-libreoffice.pdf"


def test_a_page_of_boxes_is_found_although_its_text_layer_is_right():
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(BOXES))
    assert "网格化管理" in pdf[0].get_textpage().get_text_range()  # the text is right...
    pdf.close()
    lacking = undrawable_characters(BOXES)                        # ...the drawing is not
    assert {"网", "格", "化", "管", "理"} <= set(lacking)


def test_pages_the_program_draws_have_every_glyph(compiled):
    _, _, result, _ = compiled
    for volume in result.volumes:
        assert undrawable_characters(volume["path"]) == [], volume["archive_code"]


def _fake_libreoffice(monkeypatch, calls):
    """LibreOffice as on a machine without a Chinese font: a PDF of boxes."""
    def convert(src, out_dir, target="pdf", timeout=120):
        calls.append(src)
        Path(out_dir).mkdir(parents=True, exist_ok=True)
        return Path(shutil.copyfile(BOXES, Path(out_dir) / "source.pdf"))

    monkeypatch.setattr(pages, "convert_with_libreoffice", convert)
    monkeypatch.setattr(pages, "convert_many_with_libreoffice", lambda *a, **k: {})
    monkeypatch.setattr("evidence_app.export.batch.find_libreoffice", lambda: "/usr/bin/soffice")


def test_a_word_file_converted_to_boxes_is_set_by_the_builtin_renderer(archive, tmp_path,
                                                                       monkeypatch):
    calls = []
    _fake_libreoffice(monkeypatch, calls)
    doc_id = add_file(archive, make_docx(tmp_path / "通知.docx"), "docx", "关于推进网格化管理的通知",
                      1, ["3.2.1"])
    result = compile_batch(archive, tmp_path / "out", BatchOptions(jobs=1))
    [volume] = result.volumes
    assert calls and result.errors == []
    assert result.fonts["missing_glyphs"] == []
    assert undrawable_characters(volume["path"]) == []
    [cached] = (archive.root / "cache" / "pdf").glob(f"{archive.document(doc_id).sha256}.lo-*.pdf")
    assert pages.read_record(cached)["method"] == "builtin-docx"


def test_other_files_converted_to_boxes_are_reported_in_the_manifest(archive, tmp_path,
                                                                     monkeypatch):
    import json

    calls = []
    _fake_libreoffice(monkeypatch, calls)
    source = tmp_path / "旧通知.doc"
    source.write_bytes(b"\xd0\xcf\x11\xe0 not really a doc")
    doc_id = add_file(archive, source, "doc", "旧通知", 1, ["3.2.1"])
    result = compile_batch(archive, tmp_path / "out", BatchOptions(jobs=1))
    [error] = result.errors
    assert error["id"] == doc_id and "empty boxes" in error["reason"]
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert "网" in manifest["fonts"]["missing_glyphs"]
    assert "网" in manifest["volumes"][0]["missing_glyphs"]


def test_a_conversion_is_redone_when_what_it_depended_on_changes(archive, tmp_path,
                                                                 monkeypatch):
    calls = []
    _fake_libreoffice(monkeypatch, calls)
    add_file(archive, make_docx(tmp_path / "通知.docx"), "docx", "通知", 1, ["3.2.1"])
    compile_batch(archive, tmp_path / "out", BatchOptions(jobs=1))
    compile_batch(archive, tmp_path / "out", BatchOptions(jobs=1))
    assert len(calls) == 1                                      # cached...
    monkeypatch.setattr(pages, "libreoffice_rendering_key", lambda: "a-chinese-font-came")
    compile_batch(archive, tmp_path / "out", BatchOptions(jobs=1))
    assert len(calls) == 2                                      # ...until the fonts change


def test_a_cached_conversion_without_its_record_is_redone(archive, tmp_path, monkeypatch):
    calls = []
    _fake_libreoffice(monkeypatch, calls)
    add_file(archive, make_docx(tmp_path / "通知.docx"), "docx", "通知", 1, ["3.2.1"])
    compile_batch(archive, tmp_path / "out", BatchOptions(jobs=1))
    for record in (archive.root / "cache" / "pdf").glob("*.json"):
        record.unlink()                                         # as an older version left it
    compile_batch(archive, tmp_path / "out", BatchOptions(jobs=1))
    assert len(calls) == 2


def test_libreoffice_profiles_get_the_bundled_fonts(tmp_path):
    from evidence_app.intake import libreoffice

    libreoffice._install_fonts(tmp_path / "profile")
    installed = {p.name for p in (tmp_path / "profile" / "user" / "fonts").iterdir()}
    assert "wqy-microhei.ttc" in installed
    assert not any(p.is_symlink() for p in (tmp_path / "profile" / "user" / "fonts").iterdir())
