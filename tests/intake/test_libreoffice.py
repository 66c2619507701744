"""Several office files in one LibreOffice run, as volumes and background conversion use it."""

from __future__ import annotations

import docx
import pypdfium2 as pdfium
import pytest

from evidence_app.intake import convert_many_with_libreoffice, find_libreoffice

pytestmark = pytest.mark.skipif(find_libreoffice() is None, reason="LibreOffice not installed")


def test_one_run_converts_each_file_and_leaves_out_one_it_cannot_read(tmp_path):
    sources = []
    for n in range(2):
        document = docx.Document()
        document.add_paragraph(f"Notice number {n}")  # ASCII: any font shows it
        stored = tmp_path / f"sha256-{n}"  # stored originals are named by hash, no extension
        document.save(stored)
        sources.append((stored, ".docx"))
    sources.append((tmp_path / "vanished", ".doc"))  # gone: the others still convert
    out = tmp_path / "out"
    out.mkdir()

    made = convert_many_with_libreoffice(sources, out)

    assert sorted(made) == [0, 1]
    for n in (0, 1):
        pdf = pdfium.PdfDocument(str(made[n]))
        assert f"Notice number {n}" in " ".join(pdf[0].get_textpage().get_text_range().split())
        pdf.close()
    assert sorted(p.name for p in out.iterdir()) == ["0.pdf", "1.pdf"]  # no work files left
