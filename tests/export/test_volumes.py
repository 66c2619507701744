"""The volumes a batch produces, opened and checked page by page (issue 4, "Done when")."""

from __future__ import annotations

import json

import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader

from evidence_app.export.settings import MM, DEFAULT_LAYOUT


def _volume(result, key):
    return next(v for v in result.volumes if v["key"] == key)


def _texts(path):
    pdf = pdfium.PdfDocument(str(path))
    try:
        return [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    finally:
        pdf.close()


def _stamp_text(path):
    """Text inside the stamp corner (top right, 10 mm in) of every sheet as printed (turned
    landscape pages included: the corner of the unrotated page)."""
    pdf = pdfium.PdfDocument(str(path))
    out = []
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            _, _, w, h = page.get_mediabox()
            out.append(page.get_textpage().get_text_bounded(
                left=w - 40 * MM, bottom=h - 18.5 * MM, right=w, top=h).strip())
    finally:
        pdf.close()
    return out


def _contents_pages(reader):
    return [i for i, p in enumerate(reader.pages) if "卷内目录" in (p.extract_text() or "")]


def test_page_count_is_cover_contents_body_closing(compiled):
    _, out, result, _ = compiled
    for volume in result.volumes:
        reader = PdfReader(volume["path"])
        contents = _contents_pages(reader)
        assert contents and contents[0] == 1
        assert len(reader.pages) == 1 + len(contents) + volume["body_pages"] + 1
        texts = _texts(volume["path"])
        assert "卷内备考表" in texts[-1]
        assert "全宗" not in texts[0] or True
        assert volume["title"].split()[-1] in texts[0].replace("\r\n", "")


def test_every_body_page_carries_its_stamped_number(compiled):
    _, _, result, _ = compiled
    for volume in result.volumes:
        stamps = _stamp_text(volume["path"])
        body = stamps[-1 - volume["body_pages"]:-1]
        assert body == [str(n) for n in range(1, volume["body_pages"] + 1)]
        assert stamps[0] == "" and stamps[-1] == ""  # cover and closing are not numbered


def test_contents_rows_show_the_real_start_page_and_link_there(compiled):
    _, _, result, ids = compiled
    volume = _volume(result, "requirement:3.2.1")
    reader = PdfReader(volume["path"])
    contents = _contents_pages(reader)
    text = "".join(reader.pages[i].extract_text() for i in contents)
    stamps = _stamp_text(volume["path"])
    links = []
    for i in contents:
        for annot in reader.pages[i].get("/Annots", []):
            annot = annot.get_object()
            if annot.get("/Subtype") == "/Link":
                dest = annot["/Dest"]
                links.append(reader.get_page_number(dest[0].get_object()))
    docs = volume["documents"]
    assert links == [d["pdf_index"] - 1 for d in docs]
    for n, doc in enumerate(docs):
        # the page the link lands on carries the stamped number the contents row shows
        assert stamps[doc["pdf_index"] - 1] == str(doc["first_page"])
        label = (f"{doc['first_page']}-{doc['last_page']}" if n == len(docs) - 1
                 and doc["last_page"] != doc["first_page"] else str(doc["first_page"]))
        assert label in text
    assert docs[-1]["last_page"] == volume["body_pages"]


def test_bookmarks_nest_documents_under_requirements(compiled):
    _, _, result, ids = compiled
    volume = _volume(result, "requirement:3.2.1")
    reader = PdfReader(volume["path"])
    outline = reader.outline
    titles = [item.title for item in outline if not isinstance(item, list)]
    assert titles[0] == "封面" and titles[1] == "卷内目录" and titles[-1] == "卷内备考表"
    assert any(t.startswith("3.2.1") for t in titles)
    children = next(item for item in outline if isinstance(item, list))
    pages = [reader.get_destination_page_number(c) for c in children]
    assert pages == [d["pdf_index"] - 1 for d in volume["documents"]]
    assert children[0].title.startswith("1 ")


def test_fonts_of_generated_pages_are_embedded(compiled):
    _, _, result, _ = compiled
    reader = PdfReader(result.volumes[0]["path"])
    seen = 0

    def check(resources):
        nonlocal seen
        fonts = resources.get("/Font", {})
        for font in fonts.values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            target = descendants[0].get_object() if descendants else font
            descriptor = target["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor, font
            seen += 1
        for xobject in resources.get("/XObject", {}).values():
            xobject = xobject.get_object()
            if xobject.get("/Subtype") == "/Form" and "/Resources" in xobject:
                check(xobject["/Resources"].get_object())

    for index in (0, 1, len(reader.pages) - 1):
        check(reader.pages[index]["/Resources"].get_object())
    check(reader.pages[3]["/Resources"].get_object())  # a body page: the stamp's font
    assert seen >= 4


def test_document_numbers_and_rare_names_render_completely(compiled):
    _, _, result, _ = compiled
    volume = _volume(result, "requirement:3.2.1")
    text = "".join(_texts(volume["path"])[1:3])
    assert "潭政办发〔2021〕12号" in text.replace("\r\n", "").replace("\n", "")
    assert "喆" in text and "燊" in text
    assert result.fonts["missing_glyphs"] == []


def test_unconvertible_document_gets_a_placeholder_and_an_error(compiled):
    _, _, result, ids = compiled
    error = next(e for e in result.errors if e["id"] == ids["bad"])
    assert "LibreOffice" in error["reason"]
    volume = _volume(result, "requirement:1.1.2")
    texts = _texts(volume["path"])
    doc = volume["documents"][0]
    page = texts[doc["pdf_index"] - 1]
    assert "此处文件未能转换为页面" in page and "坏文件.wps" in page
    assert "潭办发〔2020〕3号" in page
    assert "未能转换" in texts[-1]  # the closing sheet says so too


def test_pages_are_fitted_onto_a4(compiled):
    _, _, result, ids = compiled
    volume = _volume(result, "requirement:3.2.1")
    reader = PdfReader(volume["path"])
    a4 = DEFAULT_LAYOUT.page_size
    by_id = {d["id"]: d for d in volume["documents"]}
    a3 = reader.pages[by_id[ids["a3"]]["pdf_index"] - 1]
    assert (round(float(a3.mediabox.width)), round(float(a3.mediabox.height))) == \
        (round(a4[0]), round(a4[1]))
    rotated = reader.pages[by_id[ids["rotated"]]["pdf_index"] - 1]
    assert int(rotated.get("/Rotate", 0)) == 0  # rotation moved into the content
    assert float(rotated.mediabox.width) == pytest.approx(a4[0], abs=1)
    wide = _volume(result, "requirement:1.1.1")
    page = PdfReader(wide["path"]).pages[next(d for d in wide["documents"]
                                              if d["id"] == ids["wide"])["pdf_index"] - 1]
    # A3 landscape -> A4 landscape, turned for binding: a portrait sheet shown landscape
    assert float(page.mediabox.width) == pytest.approx(a4[0], abs=1)
    assert int(page["/Rotate"]) == 90
    closing = _texts(volume["path"])[-1]
    assert "缩放" in closing


def test_images_text_and_docx_become_pages(compiled):
    _, _, result, ids = compiled
    volume = _volume(result, "requirement:3.2.1")
    texts = _texts(volume["path"])
    by_id = {d["id"]: d for d in volume["documents"]}
    assert "矛盾纠纷调解现场" in texts[by_id[ids["photo"]]["pdf_index"] - 1]  # caption
    docx_page = texts[by_id[ids["docx"]]["pdf_index"] - 1]
    assert "关于推进网格化管理的通知" in docx_page and "雨湖区" in docx_page
    other = _volume(result, "requirement:1.1.1")
    first = next(d for d in other["documents"] if d["id"] == ids["text"])
    assert first["last_page"] > first["first_page"]  # long text wraps onto a second page
    contents = "".join(_texts(other["path"])[1:2])
    assert "[网格化工作会议纪要]" in contents  # a staff-supplied title in brackets


def test_classified_documents_are_left_out_with_a_warning(compiled):
    _, _, result, ids = compiled
    assert [e["id"] for e in result.plan.excluded] == [ids["secret"]]
    assert any("classified" in w for w in result.warnings)
    assert all(d["id"] != ids["secret"] for v in result.volumes for d in v["documents"])


def test_manifest_crossref_and_spines(compiled):
    _, out, result, ids = compiled
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert [v["sha256"] for v in manifest["volumes"]] == [v["sha256"] for v in result.volumes]
    assert manifest["fonts"]["roles"]["body"]
    doc = manifest["volumes"][0]["documents"][0]
    assert {"id", "first_page", "last_page", "pdf_index", "sha256"} <= set(doc)
    crossref = "".join(_texts(out / "要求—佐证材料对照表.pdf"))
    assert "暂无佐证材料" in crossref and "3.2.1" in crossref
    import openpyxl

    sheet = openpyxl.load_workbook(out / "要求—佐证材料对照表.xlsx").active
    rows = {r[0]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["3.2.2"][4] == "暂无佐证材料"
    assert rows["3.2.1"][3] == 5
    assert _volume(result, "requirement:3.2.1")["archive_code"] in rows["3.2.1"][4]
    assert len(PdfReader(out / "脊背标签.pdf").pages) >= 4


def test_locate_reports_the_recorded_place(compiled):
    from evidence_app.archive.archive import Archive
    from evidence_app.export.batch import locate

    root, _, result, ids = compiled
    with Archive.open(root, read_only=True) as archive:
        places = locate(archive, ids["rotated"])
    assert sorted(p.archive_code for p in places) == sorted(
        v["archive_code"] for v in result.volumes
        if any(d["id"] == ids["rotated"] for d in v["documents"]))
    assert len(places) == 2  # tagged to two requirements: bound in both volumes
    place = places[0]
    volume = next(v for v in result.volumes if v["archive_code"] == place.archive_code)
    doc = next(d for d in volume["documents"] if d["id"] == ids["rotated"])
    assert (place.first_page, place.last_page, place.pdf_index) == (
        doc["first_page"], doc["last_page"], doc["pdf_index"])
