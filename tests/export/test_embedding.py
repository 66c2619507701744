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


def _substitute_programs(path) -> list[str]:
    """The names of the substitute fonts a PDF embeds, one per font program."""
    from pypdf import PdfReader

    names = set()
    for page in PdfReader(str(path)).pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            for descendant in font.get("/DescendantFonts", [font]):
                descriptor = descendant.get_object()["/FontDescriptor"].get_object()
                if str(descriptor["/FontName"]).endswith("-Substitute"):
                    names.add((str(descriptor["/FontName"]),
                              descriptor.raw_get("/FontFile2").idnum))
    return sorted(names)


def test_one_substitute_serves_every_source_of_a_volume(archive, tmp_path):
    """Forty reports in STSong-Light must not embed the face forty times: the sources of a
    volume share one subset holding all their characters (the output-size budget)."""
    lines = ["潭办发〔2020〕89号 关于印发 Latin ABC 2021", "湘潭市网格化服务管理 会议纪要 第七次"]
    for n, line in enumerate(lines):
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
        canvas = Canvas(str(tmp_path / f"report{n}.pdf"), pagesize=A4, invariant=1)
        canvas.setFont("STSong-Light", 14)
        canvas.drawString(72, 700, line)
        canvas.showPage()
        canvas.save()
        add_file(archive, tmp_path / f"report{n}.pdf", "pdf", f"报告{n}", 1, ["3.2.1"])
    result = compile_batch(archive, tmp_path / "out", BatchOptions(jobs=1))
    [volume] = result.volumes
    song = [name for name, _ in _substitute_programs(volume["path"]) if "STSong" in name]
    assert len(song) == 1, song
    assert unembedded_fonts(volume["path"]) == []
    assert undrawable_characters(volume["path"]) == []        # each page finds its characters
    for doc in volume["documents"]:
        text, _ = _chars(volume["path"], doc["pdf_index"] - 1)
        assert lines[int(archive.document(doc["id"]).title[-1])] in text


def test_a_character_the_substitute_lacks_is_reported(archive, tmp_path):
    """The bundled Song face has no Hangul: the volume is made, and says so."""
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    canvas = Canvas(str(tmp_path / "mixed.pdf"), pagesize=A4, invariant=1)
    canvas.setFont("STSong-Light", 14)
    canvas.drawString(72, 700, "中韩交流 한국")
    canvas.showPage()
    canvas.save()
    add_file(archive, tmp_path / "mixed.pdf", "pdf", "中韩交流", 1, ["3.2.1"])
    result = compile_batch(archive, tmp_path / "out", BatchOptions(jobs=1))
    [volume] = result.volumes
    assert unembedded_fonts(volume["path"]) == []
    assert set(result.fonts["missing_glyphs"]) == {"한", "국"}
    assert set(volume["missing_glyphs"]) == {"한", "국"}


def test_the_strings_a_content_stream_shows_are_read_with_their_fonts():
    """The scanner behind the substitutes' subsets: escapes, hex strings, arrays, names with
    #xx, nested parentheses, strings before any font, and inline images skipped whole."""
    from evidence_app.export.embed import shown_strings

    content = (b"(lead) Tj BT /F1 12 Tf (A\\(b\\)c \\101\\\n) Tj /F#322 9.5 Tf <4E2D 6587> Tj "
               b"[(x) -20 <0041>] TJ ET /Span <</ActualText (q)>> BDC EMC "
               b"BI /W 1 /H 1 ID \x00(zz)<41> EI (nested (paren) ok) Tj <4E2> Tj")
    assert list(shown_strings(content)) == [
        ("", b"lead"), ("/F1", b"A(b)c A"), ("/F22", "中文".encode("utf-16-be")),
        ("/F22", b"x"), ("/F22", b"\x00A"), ("/F22", b"q"), ("/F22", b"nested (paren) ok"),
        ("/F22", b"\x4e\x20")]
