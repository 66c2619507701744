"""Small real source files for the volume tests, and adding them to an archive."""

from __future__ import annotations

import io
from pathlib import Path

from reportlab.lib.pagesizes import A3, A4, landscape
from reportlab.pdfgen.canvas import Canvas

from evidence_app.archive.records import NewDocument
from evidence_app.archive.store import sha256_of


def make_pdf(path: Path, pages: int = 2, size=A4, rotate: int = 0, label: str = "DOC") -> Path:
    canvas = Canvas(str(path), pagesize=size, invariant=1)
    for n in range(pages):
        canvas.setFont("Helvetica", 11)
        canvas.drawString(72, size[1] / 2, f"{label} page {n + 1}")
        if rotate:
            canvas.setPageRotation(rotate)
        canvas.showPage()
    canvas.save()
    return path


def make_docx(path: Path, heading: str = "关于推进网格化管理的通知", table=True, image=None):
    import docx

    document = docx.Document()
    document.add_heading(heading, level=1)
    document.add_paragraph("各区县人民政府，市直各单位：为深入推进市域社会治理现代化试点工作，现将有关事项通知如下。")
    if table:
        t = document.add_table(rows=2, cols=3)
        for c, v in enumerate(["单位", "人数", "备注"]):
            t.cell(0, c).text = v
        for c, v in enumerate(["雨湖区", "12", "无"]):
            t.cell(1, c).text = v
    if image:
        document.add_picture(str(image))
    document.save(str(path))
    return path


def make_jpg(path: Path, size=(400, 300)) -> Path:
    from PIL import Image

    Image.new("RGB", size, (200, 120, 40)).save(path, "JPEG", quality=80)
    return path


def add_file(archive, path: Path, kind: str, title: str, pages: int = 1, requirements=(),
             doc_number=None, date=None, issuer=None, title_supplied=False,
             classification=None, source_unit=None, mechanisms=()) -> int:
    sha, size = sha256_of(path)
    [doc_id] = archive.add_documents([NewDocument(
        sha256=sha, size=size, original_name=path.name, ext=path.suffix.lower(), kind=kind,
        title=title, title_supplied=title_supplied, doc_number=doc_number, date=date,
        pages=pages, page_texts=[title] * pages, has_text=True, issuer=issuer,
        requirements=list(requirements), classification=classification,
        source_unit=source_unit, mechanisms=list(mechanisms))], [path])
    return doc_id


def add_pdf(archive, folder: Path, name: str, pages: int, requirements, size=A4, rotate=0,
            **fields) -> int:
    path = make_pdf(folder / name, pages, size, rotate, label=name)
    return add_file(archive, path, "pdf", fields.pop("title", name), pages=pages,
                    requirements=requirements, **fields)


__all__ = ["make_pdf", "make_docx", "make_jpg", "add_file", "add_pdf", "A3", "A4",
           "landscape", "io"]
