"""LibreOffice sees the same fonts on every PC: the bundled ones (plus 宋体/仿宋/黑体 files
where the PC has them), never whatever else is installed — URW's Type 1 fonts, for one, made
two conversions of one file differ (random eexec bytes in the embedded font)."""

from __future__ import annotations

import shutil
import subprocess
import sys

import docx
from pypdf import PdfReader
from docx.oxml.ns import qn
import pytest

from evidence_app.intake import convert_with_libreoffice, find_libreoffice
from evidence_app.intake import libreoffice

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="fontconfig is not used there")


def test_the_private_fontconfig_lists_only_the_fonts_given(tmp_path):
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        pytest.skip("fontconfig's fc-list is not installed")
    fonts = libreoffice._install_fonts(tmp_path / "profile")
    config = libreoffice._private_fontconfig(tmp_path, fonts)
    listed = subprocess.run([fc_list, "--format", "%{file}\n"], capture_output=True, text=True,
                            env={"FONTCONFIG_FILE": str(config), "PATH": "/usr/bin:/bin"},
                            timeout=60, check=True).stdout.split()
    given = {p.name for p in fonts.iterdir()}
    assert listed and {name.rsplit("/", 1)[-1] for name in listed} <= given
    assert {p.name for p in libreoffice.bundled_fonts()} <= given


@pytest.mark.skipif(find_libreoffice() is None, reason="LibreOffice not installed")
def test_a_conversion_draws_only_with_the_fonts_given(tmp_path):
    """The fonts a 公文 asks for (Times New Roman, 仿宋_GB2312) are not given: LibreOffice
    falls back to the bundled faces, whatever else the PC has (here URW's Nimbus Roman and
    DejaVu were installed, and were used before)."""
    document = docx.Document()  # styled as a 公文: Times New Roman for Latin, 仿宋 for Chinese
    normal = document.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "仿宋_GB2312")
    for text in ("潭办发〔2021〕75号", "各区县（市）委政法委，市直有关单位：", "附表：1 2020年1月底前"):
        document.add_paragraph(text)
    source = tmp_path / "notice.docx"
    document.save(source)
    pdf = PdfReader(convert_with_libreoffice(source, tmp_path / "out"))
    used = {str(font["/BaseFont"]).split("+", 1)[-1]
            for page in pdf.pages
            for font in page["/Resources"]["/Font"].get_object().values()}
    assert used and all(name.startswith(("WenQuanYi", "UMing", "ARPL")) for name in used), used
