"""Layout options and details: long contents, duplex, the government stamp style, fonts."""

from __future__ import annotations

from pypdf import PdfReader

from evidence_app.export.batch import BatchOptions, compile_batch
from evidence_app.export.fonts import FontSet
from evidence_app.export.settings import DEFAULT_LAYOUT

from .helpers import add_pdf
from .test_volumes import _stamp_text, _texts


def test_long_contents_repeat_the_header_and_never_split_rows(archive, tmp_path):
    long_title = "关于进一步加强和改进市域社会治理现代化试点工作网格化服务管理的实施意见" * 2
    for n in range(45):
        add_pdf(archive, tmp_path, f"c{n}.pdf", 1, ["3.2.1"], title=f"{n + 1}号{long_title}",
                date=f"2021{(n % 12) + 1:02d}01")
    result = compile_batch(archive, tmp_path / "out", BatchOptions(jobs=1))
    [volume] = result.volumes
    reader = PdfReader(volume["path"])
    contents = [i for i, p in enumerate(reader.pages) if "卷内目录" in p.extract_text()]
    assert len(contents) >= 3
    texts = _texts(volume["path"])
    for i in contents:
        assert "序号" in texts[i] and "页号" in texts[i]  # header on every contents page
    links = sum(len([a for a in reader.pages[i].get("/Annots", [])]) for i in contents)
    assert links == 45
    assert len(reader.pages) == 1 + len(contents) + 45 + 1


def test_duplex_starts_every_document_on_a_recto_and_leaves_blanks_unnumbered(archive,
                                                                               tmp_path):
    for n, pages in enumerate([3, 2, 1]):
        add_pdf(archive, tmp_path, f"d{n}.pdf", pages, ["3.2.1"], date=f"2021010{n + 1}")
    layout = DEFAULT_LAYOUT.replace(duplex=True)
    result = compile_batch(archive, tmp_path / "out", BatchOptions(jobs=1, layout=layout))
    [volume] = result.volumes
    assert all(d["pdf_index"] % 2 == 1 for d in volume["documents"])
    stamps = [s for s in _stamp_text(volume["path"]) if s]
    assert stamps == [str(n) for n in range(1, 7)]
    assert [(d["first_page"], d["last_page"]) for d in volume["documents"]] == [
        (1, 3), (4, 5), (6, 6)]


def test_government_style_stamps_at_the_bottom_centre(archive, tmp_path):
    add_pdf(archive, tmp_path, "g.pdf", 2, ["3.2.1"])
    layout = DEFAULT_LAYOUT.replace(stamp_style="gov")
    result = compile_batch(archive, tmp_path / "out", BatchOptions(jobs=1, layout=layout))
    texts = _texts(result.volumes[0]["path"])
    assert "— 1 —" in texts[2] and "— 2 —" in texts[3]


def test_a_character_no_font_has_is_shown_as_a_box_and_reported():
    fonts = FontSet(prefer_system=False)
    runs = fonts.runs("王\U0002A6A5喆燊 潭政办发〔2021〕12号", "body")
    assert "".join(piece for _, piece in runs) == "王□喆燊 潭政办发〔2021〕12号"
    assert "\U0002A6A5" in fonts.describe()["missing_glyphs"]
    assert fonts.missing_in("潭政办发〔2021〕12号喆燊") == []


def test_explicit_volumes_and_grouping_by_unit(archive, tmp_path):
    a = add_pdf(archive, tmp_path, "a.pdf", 1, ["3.2.1"], source_unit="市司法局")
    b = add_pdf(archive, tmp_path, "b.pdf", 2, ["1.1.1"], source_unit="市司法局")
    listed = compile_batch(archive, tmp_path / "list", BatchOptions(
        jobs=1, explicit=[("迎检重点材料", [b, a])]))
    [volume] = listed.volumes
    assert [d["id"] for d in volume["documents"]] == [b, a]
    assert "迎检重点材料" in _texts(volume["path"])[0]
    by_unit = compile_batch(archive, tmp_path / "unit", BatchOptions(jobs=1, by="unit"))
    [volume] = by_unit.volumes
    assert volume["key"] == "unit:市司法局"
    assert {d["id"] for d in volume["documents"]} == {a, b}
