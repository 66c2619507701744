"""The demo material generator: catalogue format and scale, documents, tags, determinism."""

from __future__ import annotations

import collections
import datetime as dt
import hashlib
import io
import json
import math
import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from evidence_app.demo.catalogue_data import build_catalogue
from evidence_app.demo.content import cn_date
from evidence_app.demo.generate import (
    DemoEntry, DemoMaterial, SIZES, generate_demo_material, plan_demo,
)
from evidence_app.demo.render import CHARS_PER_PAGE, build_text_pdf, file_rng
from evidence_app.errors import Cancelled, UsageError
from evidence_app.intake.extract import extract
from evidence_app.progress import CancelToken

SEED = 2023
DOC_NUMBER = re.compile(r"^([\u4e00-\u9fa5]{1,12})〔(\d{4})〕([1-9]\d{0,3})号$")
KINDS = {"pdf", "scan", "docx", "image", "text", "xlsx"}


def _nows(s: str) -> str:
    return "".join(s.split())


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> DemoMaterial:
    calls = []
    out = tmp_path_factory.mktemp("demo-a")
    material = generate_demo_material(out, "small", SEED,
                                      progress=lambda d, t, m="": calls.append((d, t, m)))
    assert calls and calls[-1][0] == calls[-1][1] == len(material.entries)
    return material


@pytest.fixture(scope="module")
def specs():
    return plan_demo("small", SEED)[1]


def _rows(ws):
    rows = list(ws.iter_rows(values_only=True))
    return rows[0], [r for r in rows[1:] if any(v is not None for v in r)]


# ---- the catalogue --------------------------------------------------------------------------

def test_catalogue_workbook_format_and_scale(small):
    wb = load_workbook(small.catalogue_path)
    assert wb.sheetnames == ["说明", "任务要求", "制度机制", "单位"]

    head, reqs = _rows(wb["任务要求"])
    assert head == ("板块编号", "板块名称", "任务编号", "重点任务", "要求编号", "具体要求", "牵头单位",
                    "责任单位", "分管市领导")
    head, mechs = _rows(wb["制度机制"])
    assert head == ("机制编号", "制度机制名称", "制定单位", "文号", "成文日期", "对应要求")
    head, units = _rows(wb["单位"])
    assert head == ("单位名称", "类别", "分管市领导")

    assert len({r[0] for r in reqs}) == 5
    assert {r[0] for r in reqs} == {"1", "2", "3", "4", "5"}
    assert len({r[2] for r in reqs}) == 63
    assert len(reqs) == 191
    assert len(mechs) == 712
    lead = [u[0] for u in units if u[1] == "牵头单位"]
    resp = [u[0] for u in units if u[1] == "责任单位"]
    assert len(lead) == len(set(lead)) == 38
    assert len(resp) == len(set(resp)) == 72
    assert not set(lead) & set(resp)
    assert len(units) == 110
    leaders = {r[8] for r in reqs}
    assert len(leaders) == 23 and leaders == {u[2] for u in units if u[1] == "牵头单位"}
    assert any(ch in "".join(leaders) for ch in "喆堃燊赟")

    # codes well formed, everything distinct and readable
    task_titles = {}
    for sec, sec_name, task, task_title, code, text, lead_u, resp_u, leader in reqs:
        assert isinstance(code, str) and isinstance(task, str)   # "3.10" must stay text
        assert re.fullmatch(r"[1-5]\.\d{1,2}", task) and task.startswith(sec + ".")
        assert re.fullmatch(r"[1-5]\.\d{1,2}\.[1-4]", code) and code.startswith(task + ".")
        task_titles.setdefault(task, task_title)
        assert task_titles[task] == task_title
        assert lead_u in lead
        names = resp_u.split("、")
        assert 1 <= len(names) <= 4 and set(names) <= set(resp)
        assert len(text) >= 8 and not re.search(r"要求\d", text)
    per_task = collections.Counter(r[2] for r in reqs)
    assert set(per_task.values()) <= {2, 3, 4}
    assert len({r[5] for r in reqs}) == 191
    assert len(set(task_titles.values())) == 63
    assert {r[6] for r in reqs} == set(lead)                  # every lead unit leads something
    assert {n for r in reqs for n in r[7].split("、")} == set(resp)

    codes = {r[4] for r in reqs}
    assert [m[0] for m in mechs] == [f"JZ-{i:03d}" for i in range(1, 713)]
    assert len({m[1] for m in mechs}) == 712
    assert len({m[3] for m in mechs}) == 712
    for code, title, unit, number, date, targets in mechs:
        assert "《" not in title and len(title) >= 8
        assert unit in lead
        assert DOC_NUMBER.match(number), number
        assert isinstance(date, str) and re.fullmatch(r"20(20|21|22)\d{4}", date)
        dt.date(int(date[:4]), int(date[4:6]), int(date[6:]))
        assert DOC_NUMBER.match(number).group(2) == date[:4]
        req_codes = targets.split("、")
        assert 1 <= len(req_codes) <= 3 and len(set(req_codes)) == len(req_codes)
        assert set(req_codes) <= codes


def test_catalogue_is_independent_of_the_run():
    a, b = build_catalogue(), build_catalogue()
    assert a is b
    assert len(a.gap_requirements) == 8
    # the gaps have no mechanism, so nothing can carry evidence for them
    assert all(not a.mechanisms_by_requirement[c] for c in a.gap_requirements)


# ---- the small material ---------------------------------------------------------------------

def test_small_material_files_kinds_and_manifest(small):
    cat = build_catalogue()
    entries = small.entries
    assert 190 <= len(entries) <= 210
    kinds = collections.Counter(e.kind for e in entries)
    assert set(kinds) == KINDS
    pages = sum(e.pages for e in entries)
    assert 1100 <= pages <= 1300

    manifest = json.loads(small.manifest_path.read_text(encoding="utf-8"))
    assert manifest["size"] == "small" and manifest["seed"] == SEED
    assert [DemoEntry(**e) for e in manifest["entries"]] == entries
    on_disk = {p.relative_to(small.documents_dir).as_posix()
               for p in small.documents_dir.rglob("*") if p.is_file()}
    assert on_disk == {e.path for e in entries}

    units = {u.name for u in cat.units}
    req_codes = {r.code for r in cat.requirements}
    for e in entries:
        assert e.kind in KINDS and e.pages >= 1 and e.title
        assert e.unit in units
        parts = e.path.split("/")
        assert len(parts) == 3 and parts[0] == e.unit
        if e.requirements:
            assert set(e.requirements) <= req_codes
            assert parts[1].startswith(e.requirements[0] + " ")   # folder carries the code
        else:
            assert parts[1] == "未分类" and not e.mechanisms
        for m in e.mechanisms:                  # a mechanism tag belongs to a tagged requirement
            assert set(cat.mechanism(m).requirements) & set(e.requirements)
        if e.date:
            assert re.fullmatch(r"20(20|21|22)\d{4}", e.date)
        if e.doc_number:
            assert DOC_NUMBER.match(e.doc_number)
    untagged = sum(1 for e in entries if not e.requirements)
    assert 0.10 <= untagged / len(entries) <= 0.20


def test_requirements_without_evidence(small):
    cat = build_catalogue()
    gaps = small.requirements_without_evidence
    assert len(gaps) == 8 and gaps == cat.gap_requirements
    tagged = collections.Counter(c for e in small.entries for c in e.requirements)
    assert not set(gaps) & set(tagged)
    # and every other requirement has at least one document
    assert {r.code for r in cat.requirements} - set(gaps) == set(tagged)
    gap_mechs = {m for c in gaps for m in cat.mechanisms_by_requirement[c]}
    assert not gap_mechs & {m for e in small.entries for m in e.mechanisms}


def test_mechanism_texts_small(small):
    cat = build_catalogue()
    texts = [e for e in small.entries if e.mechanism_text_of]
    assert len({e.mechanism_text_of for e in texts}) == len(texts) >= 25
    evidence = [r.code for r in cat.requirements if r.code not in cat.gap_requirements]
    first = set(evidence[:10])
    assert {e.mechanism_text_of for e in texts} == {
        m.code for m in cat.mechanisms if m.requirements[0] in first}
    for e in texts:
        m = cat.mechanism(e.mechanism_text_of)
        assert (e.title, e.doc_number, e.date) == (m.title, m.doc_number, m.date)
        assert e.requirements == list(m.requirements) and e.mechanisms == [m.code]


def test_deterministic_bytes(small, tmp_path):
    again = generate_demo_material(tmp_path / "demo-b", "small", SEED)
    root_a, root_b = small.catalogue_path.parent, again.catalogue_path.parent
    a, b = _files(root_a), _files(root_b)
    assert sorted(a) == sorted(b)
    different = [name for name in a if a[name] != b[name]]
    assert different == []


def test_other_seed_gives_other_documents(tmp_path):
    _, a = plan_demo("small", SEED)
    _, b = plan_demo("small", SEED + 1)
    assert [s.entry.path for s in a] != [s.entry.path for s in b]


def test_all_files_distinct_but_one_duplicate_pair(small):
    by_hash = collections.defaultdict(list)
    for e in small.entries:
        by_hash[hashlib.sha256((small.documents_dir / e.path).read_bytes()).hexdigest()].append(e)
    dups = [group for group in by_hash.values() if len(group) > 1]
    assert len(dups) == 1 and len(dups[0]) == 2
    one, two = dups[0]
    assert one.path.rsplit("/", 1)[1] != two.path.rsplit("/", 1)[1]
    assert one.kind == two.kind == "pdf"


def test_text_pdfs_round_trip_through_the_pdf_reader(small, specs):
    """Every page's text comes back exactly as written, on any PC: the demo's PDFs use a font
    they do not embed, which pdfium reads through whatever font the PC has (see pdftext.py)."""
    import pypdfium2 as pdfium

    checked_pages = rotated = a3 = 0
    for spec in specs:
        e = spec.entry
        if e.kind != "pdf" or spec.copy_of is not None:
            continue
        path = small.documents_dir / e.path
        expected = build_text_pdf(spec, file_rng(SEED, spec.index))
        assert expected.to_bytes() == path.read_bytes()
        read = extract(path)
        assert read.page_count == e.pages and not read.needs_ocr
        for i, page in enumerate(expected.pages):
            assert _nows(read.pages[i]) == _nows(page.plain_text), (e.path, i + 1)
            checked_pages += 1
        pdf = pdfium.PdfDocument(str(path))
        try:
            for i in range(len(pdf)):
                if pdf[i].get_rotation() == 90:
                    rotated += 1
                if pdf[i].get_size() == (1191.0, 842.0):
                    a3 += 1
        finally:
            pdf.close()
        first = _nows(read.pages[0])
        assert _nows(e.title) in first
        if e.doc_number:
            assert e.doc_number in first
        d = dt.date(int(e.date[:4]), int(e.date[4:6]), int(e.date[6:]))
        assert cn_date(d, spec.numeral_date) in first
    assert checked_pages > 500 and rotated >= 1 and a3 >= 1
    # Chinese-numeral dates are used by some documents
    numeral = [s for s in specs if s.entry.kind == "pdf" and s.numeral_date]
    assert numeral


def test_scans_are_image_only(small):
    import pypdfium2 as pdfium

    scans = [e for e in small.entries if e.kind == "scan"]
    assert scans
    for e in scans:
        pdf = pdfium.PdfDocument(str(small.documents_dir / e.path))
        try:
            assert len(pdf) == e.pages
            for i in range(len(pdf)):
                assert pdf[i].get_textpage().get_text_range().strip() == ""
                objs = list(pdf[i].get_objects())
                assert objs and all(o.type == pdfium.raw.FPDF_PAGEOBJ_IMAGE for o in objs)
        finally:
            pdf.close()


def test_text_files_encodings_and_pages(small, specs):
    seen = collections.Counter()
    for spec in specs:
        e = spec.entry
        if e.kind != "text":
            continue
        raw = (small.documents_dir / e.path).read_bytes()
        seen[spec.encoding] += 1
        if spec.encoding == "gb18030":
            with pytest.raises(UnicodeDecodeError):
                raw.decode("utf-8")
            text = raw.decode("gb18030")
        else:
            text = raw.decode(spec.encoding)
            assert raw.startswith(b"\xef\xbb\xbf") == (spec.encoding == "utf-8-sig")
        assert text.startswith(e.title)
        assert math.ceil(len(text) / CHARS_PER_PAGE) == e.pages
    assert seen["gb18030"] >= 1 and seen["utf-8"] >= 1


def test_docx_files(small):
    import docx

    entries = [e for e in small.entries if e.kind == "docx"]
    assert entries
    tables = 0
    for e in entries:
        data = (small.documents_dir / e.path).read_bytes()
        d = docx.Document(io.BytesIO(data))
        chars = sum(len(p.text) for p in d.paragraphs)
        chars += sum(len(c.text) for t in d.tables for row in t.rows for c in row.cells)
        tables += len(d.tables)
        assert math.ceil(chars / CHARS_PER_PAGE) == e.pages
        z = zipfile.ZipFile(io.BytesIO(data))
        assert {i.date_time for i in z.infolist()} == {(2020, 1, 1, 0, 0, 0)}   # no clock
        app = z.read("docProps/app.xml")
        assert re.search(rb"<Pages>(\d+)</Pages>", app).group(1) == str(e.pages).encode()
        body = "".join(p.text for p in d.paragraphs)
        assert e.title in body
        if e.doc_number:
            assert e.doc_number in body
        assert d.sections[0].header.paragraphs[0].text
        assert d.core_properties.modified.strftime("%Y%m%d") == e.date
    assert tables >= len(entries) // 3


def test_photos_and_workbooks(small):
    from PIL import Image

    photos = [e for e in small.entries if e.kind == "image"]
    assert photos
    for e in photos:
        path = small.documents_dir / e.path
        assert path.suffix == ".jpg" and path.stat().st_size <= 60_000 and e.pages == 1
        with Image.open(path) as im:
            assert im.format == "JPEG" and im.size == (1200, 900)
    sheets = [e for e in small.entries if e.kind == "xlsx"]
    assert sheets
    for e in sheets:
        path = small.documents_dir / e.path
        assert {i.date_time for i in zipfile.ZipFile(path).infolist()} == {(2020, 1, 1, 0, 0, 0)}
        ws = load_workbook(path).active
        rows = list(ws.iter_rows(values_only=True))
        assert rows[0][0] == "序号" and 20 <= len(rows) - 1 <= 200


# ---- the full plan (not rendered here) --------------------------------------------------------

def test_full_plan_scale():
    cat, specs = plan_demo("full", SEED)
    assert len(specs) == SIZES["full"] == 20_000
    pages = sum(s.entry.pages for s in specs)
    assert abs(pages - 117_000) <= 0.05 * 117_000
    texts = collections.Counter(s.entry.mechanism_text_of for s in specs
                                if s.entry.mechanism_text_of)
    assert len(texts) == 712 and set(texts.values()) == {1}
    assert len({s.entry.path.casefold() for s in specs}) == len(specs)
    kinds = collections.Counter(s.entry.kind for s in specs)
    assert 0.35 <= kinds["pdf"] / len(specs) <= 0.47
    assert 0.20 <= kinds["docx"] / len(specs) <= 0.30


# ---- API behaviour ----------------------------------------------------------------------------

def test_cancel_and_refusals(tmp_path):
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        generate_demo_material(tmp_path / "c", "small", SEED, cancel=token)
    with pytest.raises(UsageError):          # documents/ already holds files
        generate_demo_material(tmp_path / "c", "small", SEED)
    with pytest.raises(UsageError):
        generate_demo_material(tmp_path / "d", "huge", SEED)
