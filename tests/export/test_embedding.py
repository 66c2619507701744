"""Every glyph of a volume comes from an embedded font, source PDFs' fonts included."""

from __future__ import annotations

import pypdfium2 as pdfium
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas

from evidence_app.export.batch import BatchOptions, compile_batch
from evidence_app.export.embed import unembedded_fonts
from evidence_app.export.glyphs import undrawable_characters

from .helpers import add_file

LINE = "潭办发〔2020〕89号 关于印发 Latin ABC 2021"


def _office_pdf(path):
    """A PDF as office programs and the demo write it: STSong-Light via UniGB-UCS2-H and
    Helvetica, neither embedded."""
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    canvas = Canvas(str(path), pagesize=A4, invariant=1)
    canvas.setFont("STSong-Light", 14)
    canvas.drawString(72, 700, LINE)
    canvas.setFont("Helvetica", 12)
    canvas.drawString(72, 650, "Hello Helvetica 12345")
    canvas.showPage()
    canvas.save()
    return path


def _chars(path, index):
    """(text, x of each character's origin) of one page."""
    import ctypes

    import pypdfium2.raw as raw

    pdf = pdfium.PdfDocument(str(path))
    try:
        text = pdf[index].get_textpage()
        x, y = ctypes.c_double(), ctypes.c_double()
        origins = []
        for n in range(text.count_chars()):
            raw.FPDFText_GetCharOrigin(text.raw, n, ctypes.byref(x), ctypes.byref(y))
            origins.append(x.value)
        return text.get_text_range(), origins
    finally:
        pdf.close()


def test_unembedded_source_fonts_are_embedded_where_they_were(archive, tmp_path):
    source = _office_pdf(tmp_path / "office.pdf")
    assert {font for _, font in unembedded_fonts(source)} == {"STSong-Light", "Helvetica"}
    doc_id = add_file(archive, source, "pdf", "关于印发的通知", 1, ["3.2.1"])
    result = compile_batch(archive, tmp_path / "out", BatchOptions(jobs=1))
    [volume] = result.volumes
    assert unembedded_fonts(volume["path"]) == []             # pdffonts: emb yes, every page
    assert undrawable_characters(volume["path"]) == []        # and every glyph is there
    assert result.fonts["missing_glyphs"] == [] and result.warnings == []
    index = next(d["pdf_index"] for d in volume["documents"] if d["id"] == doc_id) - 1
    text, xs = _chars(volume["path"], index)
    original_text, original_xs = _chars(source, 0)
    assert LINE in text and "Hello Helvetica 12345" in text
    start, original_start = text.index(LINE), original_text.index(LINE)
    shift = xs[start] - original_xs[original_start]           # (the page may be moved whole)
    for n in range(len(LINE)):                                # the same widths: same places
        assert abs(xs[start + n] - original_xs[original_start + n] - shift) <= 0.5


def test_every_volume_of_a_batch_embeds_every_font(compiled):
    _, out, result, _ = compiled
    for volume in result.volumes:
        assert unembedded_fonts(volume["path"]) == [], volume["archive_code"]
    for aid in ("要求—佐证材料对照表.pdf", "脊背标签.pdf"):
        assert unembedded_fonts(out / aid) == []


def test_the_substitute_has_every_character_even_when_pdfium_misses_some(archive, tmp_path):
    """pdfium drops characters of an unembedded font the machine's substitute lacks (digits
    with fonts-droid-fallback): the subset is made from the codes the page shows."""
    add_file(archive, _office_pdf(tmp_path / "office.pdf"), "pdf", "关于印发的通知", 1, ["3.2.1"])
    result = compile_batch(archive, tmp_path / "out", BatchOptions(jobs=1))
    [volume] = result.volumes
    assert undrawable_characters(volume["path"]) == []
    assert result.fonts["missing_glyphs"] == []
