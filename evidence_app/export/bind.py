"""Assemble one volume PDF with pypdf: cheap, deterministic, atomic.

Original PDF pages are reused as they are (their content streams are never rewritten; one
that uses an unembedded font is read for the characters its substitute needs, embed.py). A
page that needs fitting onto A4 and every body page's stamp are added by wrapping the page's
content: ``[q <transform>] original… [Q q <at> /EvPgNo Do Q]``, where /EvPgNo is a small Form
XObject per page number: a white box and the forms of its characters, each drawn once per
volume by render.py. Bytes are
deterministic: generated pages come from reportlab in invariant mode, /ID is derived from the
volume's input hash, and nothing reads the clock. The file is written under a temporary name
and renamed when complete.
"""

from __future__ import annotations

import hashlib
import io
import os
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.annotations import Link
from pypdf.generic import (ArrayObject, ByteStringObject, DecodedStreamObject,
                           DictionaryObject, FloatObject, NameObject, NumberObject,
                           RectangleObject)

from .. import __version__
from ..errors import Cancelled
from .fonts import FontSet
from .embed import FontEmbedder
from .pages import UNREADABLE_PDF, picture_bounds
from .render import (ContentsRow, placeholder_reason, render_volume_pages, stamp_glyph_box,
                     stamp_height)
from .settings import LayoutSettings

CREATOR = f"Evidence Archive Compiler {__version__}"
STAMP_NAME = NameObject("/EvPgNo")
TEXT_LAYER_NAME = NameObject("/EvOcr")   # the invisible OCR text over a scanned page
KIND_LABEL = {"image": "照片", "xlsx": "图表", "xls": "图表", "ods": "图表"}


# ---------------------------------------------------------------------------- page geometry
def _mul(m1, m2):
    """Compose affine matrices (a b c d e f): first m1, then m2."""
    a1, b1, c1, d1, e1, f1 = m1
    a2, b2, c2, d2, e2, f2 = m2
    return (a1 * a2 + b1 * c2, a1 * b2 + b1 * d2, c1 * a2 + d1 * c2, c1 * b2 + d1 * d2,
            e1 * a2 + f1 * c2 + e2, e1 * b2 + f1 * d2 + f2)


IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def page_fit(page, layout: LayoutSettings):
    """(matrix, (width, height), scaled) turning a page upright, onto A4 when needed.

    Rotation is respected (moved into the content), pages larger than A4 are scaled down
    with their aspect kept, portrait or landscape whichever wastes less; smaller pages are
    centred on A4, never enlarged; pages already A4 (either way) are left alone.
    """
    box = page.cropbox
    x0, y0 = float(box.left), float(box.bottom)
    w, h = float(box.width), float(box.height)
    rotation = int(page.get("/Rotate", 0) or 0) % 360
    m = (1.0, 0.0, 0.0, 1.0, -x0, -y0)
    if rotation == 90:
        m, (w, h) = _mul(m, (0.0, -1.0, 1.0, 0.0, 0.0, w)), (h, w)
    elif rotation == 180:
        m = _mul(m, (-1.0, 0.0, 0.0, -1.0, w, h))
    elif rotation == 270:
        m, (w, h) = _mul(m, (0.0, 1.0, -1.0, 0.0, h, 0.0)), (h, w)
    W, H = layout.page_size
    tol = layout.mm(layout.oversize_tolerance_mm)
    scaled = False
    if abs(w - W) <= tol and abs(h - H) <= tol or abs(w - H) <= tol and abs(h - W) <= tol:
        target = (w, h)
        s = 1.0
    elif w <= W + tol and h <= H + tol:
        target, s = (W, H), 1.0
    elif w <= H + tol and h <= W + tol:
        target, s = (H, W), 1.0
    elif not layout.scale_oversize:
        target, s = (w, h), 1.0
    else:
        portrait, landscape = min(W / w, H / h), min(H / w, W / h)
        s = max(portrait, landscape)
        target = (W, H) if portrait >= landscape else (H, W)
        scaled = True
    m = _mul(m, (s, 0.0, 0.0, s, (target[0] - w * s) / 2, (target[1] - h * s) / 2))
    if rotation == 0 and s == 1.0 and target == (w, h) and x0 == 0 and y0 == 0:
        return IDENTITY, (w, h), False
    return m, target, scaled


def _apply(m, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f


def ocr_placement(shown: tuple[float, float, float, float], matrix, layout: dict):
    """The matrix taking OCR's upright image (pixels, y down) onto the bound page as
    ``matrix`` (from :func:`page_fit`) places its content: OCR's image shows the rectangle
    ``shown`` (left, bottom, right, top in the source page's space) as a reader sees it,
    turned by ``layout['rotation']`` to stand its text upright."""
    (ax, ay), (bx, by) = (_apply(matrix, shown[0], shown[1]),
                          _apply(matrix, shown[2], shown[3]))
    left, bottom, right, top = min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)
    width, height = layout["size"]
    rotation = int(layout.get("rotation", 0)) % 360
    ow, oh = (width, height) if rotation in (0, 180) else (height, width)
    unturn = {0: IDENTITY, 180: (-1.0, 0.0, 0.0, -1.0, ow, oh),
              90: (0.0, -1.0, 1.0, 0.0, 0.0, oh), 270: (0.0, 1.0, -1.0, 0.0, ow, 0.0)}
    return _mul(unturn[rotation], ((right - left) / ow, 0.0, 0.0, -(top - bottom) / oh,
                                   left, top))


def _num(value: float) -> str:
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


class _Stamper:
    """Adds the wrapping streams and the page-number form to pages of one writer."""

    def __init__(self, writer: PdfWriter, gen_reader: PdfReader, generated, layout, fonts):
        self.writer, self.layout, self.fonts = writer, layout, fonts
        self.gen_reader, self.generated = gen_reader, generated
        self._streams: dict[bytes, object] = {}
        self._forms: dict[str, tuple[object, float, float]] = {}
        self._glyphs: dict[str, tuple[object, float]] = {}
        self._advances: dict[str, float] = {}

    def stream(self, data: bytes):
        ref = self._streams.get(data)
        if ref is None:
            obj = DecodedStreamObject()
            obj.set_data(data)
            ref = self._streams[data] = self.writer._add_object(obj)
        return ref

    def form(self, text: str):
        """The stamp ``text`` as a form: its white box, then each character's form (a page
        of the generated PDF) where the centred text puts it."""
        if text not in self._forms:
            layout = self.layout
            pad = layout.mm(layout.stamp_box_pad_mm)
            width = sum(self._advance(char) for char in text) + 2 * pad
            height = stamp_height(layout)
            ops = [f"q 1 1 1 rg 0 0 {_num(width)} {_num(height)} re f Q"]
            glyphs = DictionaryObject()
            x = pad
            for char in text:
                if not char.isspace():
                    name = f"/EvG{ord(char):X}"
                    glyphs[NameObject(name)], margin = self._glyph(char)
                    ops.append(f"q 1 0 0 1 {_num(x - margin)} 0 cm {name} Do Q")
                x += self._advance(char)
            form = DecodedStreamObject()
            form.set_data("\n".join(ops).encode())
            form.update({NameObject("/Type"): NameObject("/XObject"),
                         NameObject("/Subtype"): NameObject("/Form"),
                         NameObject("/BBox"): ArrayObject([FloatObject(0), FloatObject(0),
                                                           FloatObject(width),
                                                           FloatObject(height)]),
                         NameObject("/Resources"): DictionaryObject(
                             {NameObject("/XObject"): glyphs})})
            self._forms[text] = (self.writer._add_object(form), width, height)
        return self._forms[text]

    def _advance(self, char: str) -> float:
        if char not in self._advances:
            self._advances[char] = self.fonts.width(char, "table", self.layout.stamp_pt)
        return self._advances[char]

    def _glyph(self, char: str) -> tuple[object, float]:
        """The form of a stamp character, and the margin left of the character in it."""
        if char not in self._glyphs:
            width, height, margin = stamp_glyph_box(char, self.fonts, self.layout)
            self._glyphs[char] = (self._page_form(self.generated.stamp_glyphs[char], width,
                                                  height), margin)
        return self._glyphs[char]

    def _page_form(self, index: int, width: float, height: float):
        """A page of the generated PDF as a form XObject of the given box."""
        src = self.gen_reader.pages[index]
        form = DecodedStreamObject()
        contents = src.get_contents()
        form.set_data(b"" if contents is None else contents.get_data())
        form.update({NameObject("/Type"): NameObject("/XObject"),
                     NameObject("/Subtype"): NameObject("/Form"),
                     NameObject("/BBox"): ArrayObject([FloatObject(0), FloatObject(0),
                                                       FloatObject(width), FloatObject(height)]),
                     NameObject("/Resources"): src["/Resources"].get_object()
                     .clone(self.writer)})
        return self.writer._add_object(form)

    def apply(self, page, matrix, size, stamp: str | None, verso: bool,
              text_layer: int | None = None) -> None:
        """Wrap the page's content in ``matrix``, stamp its number, and lay the generated
        page ``text_layer`` (invisible OCR text) over it.

        A landscape page is turned for binding (``turn_landscape``): its content goes onto
        a portrait page, top towards the binding edge, shown landscape on screen by
        /Rotate 90. The stamp is placed on the portrait page, so it sits in the sheet's
        top outer corner as printed and bound, never on the binding edge; the text layer
        turns with the content, so it stays on its words."""
        w, h = size
        turned = self.layout.turn_landscape and w > h
        layer_box, layer_at = (w, h), None   # the text layer: drawn on the unturned page
        if turned:
            layer_at = (0.0, 1.0, -1.0, 0.0, h, 0.0)
            matrix = _mul(matrix, layer_at)
            w, h = h, w
        if matrix != IDENTITY:
            box = RectangleObject([0, 0, w, h])
            page[NameObject("/MediaBox")] = box
            page[NameObject("/CropBox")] = RectangleObject([0, 0, w, h])
            for name in ("/TrimBox", "/BleedBox", "/ArtBox"):
                if name in page:
                    del page[name]
            if turned:
                page[NameObject("/Rotate")] = NumberObject(90)
            elif "/Rotate" in page:
                page[NameObject("/Rotate")] = NumberObject(0)
            prefix = ("q " + " ".join(_num(v) for v in matrix) + " cm\n").encode()
            ox = oy = 0.0
        else:
            prefix = b"q\n"
            ox, oy = float(page.cropbox.left), float(page.cropbox.bottom)
        suffix = b"\nQ\n"
        forms = {}
        if text_layer is not None:
            forms[TEXT_LAYER_NAME] = self._page_form(text_layer, *layer_box)
            at = " ".join(_num(v) for v in layer_at or (1, 0, 0, 1, ox, oy))
            suffix += f"q {at} cm /EvOcr Do Q\n".encode()
        if stamp is not None:
            ref, bw, bh = self.form(stamp)
            layout = self.layout
            off = layout.mm(layout.stamp_offset_mm)
            if layout.stamp_style == "gov":
                x, y = ox + (w - bw) / 2, oy + layout.mm(layout.stamp_bottom_mm)
            elif verso and not layout.stamp_single_sided:
                x, y = ox + off, oy + h - off - bh
            else:
                x, y = ox + w - off - bw, oy + h - off - bh
            x = min(max(x, ox + 2), ox + w - bw - 2)  # inside the paper, whatever its size
            y = min(max(y, oy + 2), oy + h - bh - 2)
            suffix += f"q 1 0 0 1 {_num(x)} {_num(y)} cm /EvPgNo Do Q\n".encode()
            forms[STAMP_NAME] = ref
        if forms:
            resources = page.get("/Resources")
            resources = DictionaryObject() if resources is None else resources.get_object()
            new_resources = DictionaryObject(resources)  # shallow copy: never edit shared dicts
            xobjects = new_resources.get("/XObject")
            new_x = DictionaryObject(xobjects.get_object()) if xobjects is not None else \
                DictionaryObject()
            new_x.update(forms)
            new_resources[NameObject("/XObject")] = new_x
            page[NameObject("/Resources")] = new_resources
        contents = page.get("/Contents")
        parts = ArrayObject([self.stream(prefix)])
        if contents is not None:
            resolved = contents.get_object()
            if isinstance(resolved, ArrayObject):
                parts.extend(resolved)
            else:
                parts.append(contents)
        parts.append(self.stream(suffix))
        page[NameObject("/Contents")] = parts


# ---------------------------------------------------------------------------- the volume
def bind_volume(job: dict, layout: LayoutSettings, fonts: FontSet, progress=None,
                cancelled=None) -> dict:
    """Build the volume PDF described by ``job`` (made by batch.py) at ``job['out_path']``.

    ``progress(done, total)`` is told about body pages; ``cancelled()`` is polled between
    pages and, when true, stops the work (nothing is left under the final name).
    """
    entries = job["entries"]
    readers: dict[str, PdfReader] = {}
    # per entry: list of (page, matrix, size, scaled, text layer) or [] (placeholder), where
    # text layer indexes ``text_layers``: the OCR text laid invisibly over a scanned page,
    # with the matrix placing its lines on the words when OCR told where they stand
    sources: list[list] = []
    text_layers: list[tuple[tuple[float, float], str, tuple | None]] = []
    errors: list[dict] = []
    for index, entry in enumerate(entries):
        pages = []
        if entry.get("error") is None and entry.get("pdf"):
            try:
                reader = readers.get(entry["pdf"])
                if reader is None:
                    reader = readers[entry["pdf"]] = PdfReader(entry["pdf"], strict=False)
                    if reader.is_encrypted and not reader.decrypt(""):
                        raise ValueError("the PDF is password-protected")
                first = entry["first_doc_page"] - 1
                count = len(reader.pages)
                stop = count if not entry["slice_of"] else min(count, first + entry["pages"])
                for number in range(first, stop):
                    page = reader.pages[number]
                    matrix, size, scaled = page_fit(page, layout)
                    ocr = entry.get("ocr_text", {}).get(str(number + 1))
                    if ocr:
                        placed = entry.get("ocr_layout", {}).get(str(number + 1))
                        shown = placed and (
                            picture_bounds(entry["pdf"], number) if entry["method"] == "image"
                            else tuple(float(v) for v in page.cropbox))
                        text_layers.append((size, ocr, shown and (
                            ocr_placement(shown, matrix, placed), placed["lines"])))
                    pages.append((page, matrix, size, scaled,
                                  len(text_layers) - 1 if ocr else None))
                if not pages:
                    raise ValueError("the PDF has no pages")
            except Exception as exc:  # noqa: BLE001 - an unreadable PDF becomes a placeholder
                entry["error"] = f"the PDF cannot be read ({type(exc).__name__}: {exc})"
                entry["reason_key"] = UNREADABLE_PDF
                pages = []
        if entry.get("error"):
            errors.append({"id": entry["doc_id"], "title": entry["title"],
                           "file": entry["original_name"], "reason": entry["error"],
                           "reason_key": entry.get("reason_key")})
        sources.append(pages)

    # numbering: stamped numbers count body pages; PDF indices count everything
    numbers = []
    stamped = 0
    for pages in sources:
        count = max(1, len(pages))
        numbers.append((stamped + 1, stamped + count))
        stamped += count
    body_pages = stamped
    rows = _contents_rows(job, entries, numbers, layout)
    scaled_pages = sum(1 for pages in sources for item in pages if item[3])
    closing_lines = _closing_lines(job, entries, body_pages, errors, scaled_pages)
    placeholders = {i: {"title": e["title"], "doc_number": e["doc_number"],
                        "file": e["original_name"], "reason_key": e.get("reason_key"),
                        "sha256": e["sha256"]}
                    for i, e in enumerate(entries) if e.get("error")}
    stamp_texts = [_stamp_text(n, layout) for n in range(1, body_pages + 1)]
    job_view = dict(job, documents=len({e["doc_id"] for e in entries}), body_pages=body_pages,
                    creator=CREATOR)
    with fonts.collecting_missing() as missing:
        generated = render_volume_pages(job_view, rows, closing_lines, placeholders,
                                        stamp_texts, fonts, layout, blank=layout.duplex,
                                        text_layers=text_layers)
    missing.update(c for e in entries if not e.get("error") for c in e.get("undrawable", []))
    gen_reader = PdfReader(io.BytesIO(generated.pdf))

    writer = PdfWriter()
    stamper = _Stamper(writer, gen_reader, generated, layout, fonts)
    embedder = FontEmbedder(writer)
    writer.add_page(gen_reader.pages[generated.cover])
    for index in generated.contents:
        writer.add_page(gen_reader.pages[index])
    contents_first = 1
    front = len(writer.pages)
    if layout.duplex and front % 2:
        writer.add_page(gen_reader.pages[generated.blank])
    documents = []
    done = 0
    number = 0
    for index, (entry, pages) in enumerate(zip(entries, sources)):
        if layout.duplex and len(writer.pages) % 2:
            writer.add_page(gen_reader.pages[generated.blank])
        pdf_index = len(writer.pages) + 1
        if not pages:
            pages = [(gen_reader.pages[generated.placeholders[index]], IDENTITY,
                      layout.page_size, False, None)]
        for page, matrix, size, _, layer in pages:
            if cancelled is not None and done % 10 == 0 and cancelled():
                raise Cancelled()
            added = writer.add_page(page)
            if entry.get("pdf") and not entry.get("error"):
                embedder.fix(added)
            number += 1
            stamper.apply(added, matrix, size, _stamp_text(number, layout),
                          verso=(len(writer.pages) % 2 == 0),
                          text_layer=None if layer is None else generated.text_layers[layer])
            done += 1
            if progress is not None and done % 20 == 0:
                progress(done, body_pages)
        first, last = numbers[index]
        documents.append({"id": entry["doc_id"], "seq": entry["seq"], "first_page": first,
                          "last_page": last, "pdf_index": pdf_index,
                          **({"placeholder": True} if entry.get("error") else
                             {"undrawable": entry["undrawable"]} if entry.get("undrawable")
                             else {})})
    closing_index = len(writer.pages)
    writer.add_page(gen_reader.pages[generated.closing])
    if progress is not None:
        progress(body_pages, body_pages)

    # links from the contents rows, bookmarks, labels, properties
    for page_index, rect, entry_index in generated.links:
        target = documents[entry_index]["pdf_index"] - 1
        writer.add_annotation(page_index, Link(rect=rect, target_page_index=target,
                                               border=[0, 0, 0]))
    _outline(writer, job, entries, documents, contents_first, closing_index)
    if not layout.duplex:
        first_body = front
        writer.set_page_label(0, 0, prefix="封面")
        writer.set_page_label(1, front - 1, style="/D", prefix="目录-", start=1)
        if body_pages:
            writer.set_page_label(first_body, first_body + body_pages - 1, style="/D", start=1)
        writer.set_page_label(closing_index, closing_index, prefix="备考表")
    writer.add_metadata({"/Title": job["title"], "/Subject": job["series_title"],
                         "/Creator": CREATOR, "/Producer": CREATOR,
                         "/Keywords": job["archive_code"]})
    digest = hashlib.sha256(job["input_hash"].encode()).digest()[:16]
    writer._ID = ArrayObject([ByteStringObject(digest), ByteStringObject(digest)])

    embedder.finish()
    buffer = io.BytesIO()
    writer.write(buffer)
    data = buffer.getvalue()
    out = Path(job["out_path"])
    atomic_write(out, data)
    return {"key": job["key"], "part": job["part"], "path": str(out), "title": job["title"],
            "archive_code": job["archive_code"], "pages": len(writer.pages),
            "body_pages": body_pages, "sha256": hashlib.sha256(data).hexdigest(),
            "bytes": len(data), "documents": documents, "errors": errors,
            "scaled_pages": scaled_pages, "input_hash": job["input_hash"],
            "missing_glyphs": sorted(missing | embedder.missing),
            "unembedded_fonts": sorted(embedder.left)}


def atomic_write(out: Path, data: bytes) -> None:
    """Write under a temporary name in the same folder, then rename over the final name.

    A killed run leaves at most a temporary file (removed by the next run). No fsync: it
    costs ~0.1 s a file on some disks, and a power cut is not what this guards against.
    """
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp-{os.getpid()}")
    try:
        with open(tmp, "wb") as handle:
            handle.write(data)
        os.replace(tmp, out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _stamp_text(number: int, layout: LayoutSettings) -> str:
    return f"— {number} —" if layout.stamp_style == "gov" else str(number)


def display_title(entry: dict, layout: LayoutSettings) -> str:
    if entry["title_supplied"]:
        left, right = layout.supplied_title_brackets
        return f"{left}{entry['title']}{right}"
    return entry["title"]


def _contents_rows(job, entries, numbers, layout) -> list[ContentsRow]:
    rows: list[ContentsRow] = []
    several = len({e["group"] for e in entries}) > 1
    current = None
    for index, entry in enumerate(entries):
        if several and entry["group"] != current:
            current = entry["group"]
            text = job["groups"].get(current, ("", "", ""))[0]
            rows.append(ContentsRow("", "", "", "", "", "", "", entry=-1,
                                    group_text=f"{current} {text}".strip() if current
                                    else "未关联具体要求的材料"))
        first, last = numbers[index]
        is_last = index == len(entries) - 1
        pages = f"{first}-{last}" if is_last and last != first else str(first)
        notes = []
        if entry.get("error"):
            notes.append("未能转换")
        if entry["is_copy"]:
            notes.append("复制件")
        if entry["slice_of"]:
            notes.append(f"原第{entry['first_doc_page']}-"
                         f"{entry['first_doc_page'] + entry['pages'] - 1}页")
        rows.append(ContentsRow(str(entry["seq"]), entry["doc_number"] or "",
                                entry["issuer"] or "", display_title(entry, layout),
                                entry["date"] or "", pages, "、".join(notes), entry=index))
    return rows


def _closing_lines(job, entries, body_pages, errors, scaled_pages) -> list[str]:
    docs = {e["doc_id"]: e for e in entries}
    kinds = {"文字材料": 0, "图表": 0, "照片": 0}
    for entry in docs.values():
        kinds[KIND_LABEL.get(entry["kind"], "文字材料")] += 1
    lines = [f"本卷共有文件材料 {len(docs)} 件，共 {body_pages} 页。",
             "其中" + "，".join(f"{k} {v} 件" for k, v in kinds.items()) + "。"]
    notes = []
    copies = [e for e in docs.values() if e["is_copy"]]
    if copies:
        notes.append(f"复制件 {len(copies)} 件（非原件）：序号 "
                     + "、".join(str(e["seq"]) for e in copies) + "。")
    for error in errors:
        seq = next(e["seq"] for e in entries if e["doc_id"] == error["id"])
        notes.append(f"序号 {seq}《{error['title']}》（{error['file']}）未能转换为页面，"
                     f"以占位页代替：{placeholder_reason(error.get('reason_key'))}。")
    if job.get("excluded"):
        notes.append(f"另有 {len(job['excluded'])} 件涉密文件材料按规定未编入本卷。")
    if scaled_pages:
        notes.append(f"有 {scaled_pages} 页原件大于A4幅面，已等比例缩放（或转为横向）以适合A4纸张。")
    sliced = [e for e in entries if e["slice_of"]]
    for e in sliced:
        notes.append(f"序号 {e['seq']}《{e['title']}》共 {e['slice_of']} 页，超过一册容量，本册收录其第 "
                     f"{e['first_doc_page']}-{e['first_doc_page'] + e['pages'] - 1} 页。")
    if job["parts"] > 1:
        notes.append(f"本案卷共分 {job['parts']} 册，本册为第 {job['part']} 册。")
    if not notes:
        notes.append(job["nothing_to_note"])
    return lines + notes


def _outline(writer, job, entries, documents, contents_first, closing_index) -> None:
    writer.add_outline_item(title="封面", page_number=0)
    writer.add_outline_item(title="卷内目录", page_number=contents_first)
    tasks = {job["groups"].get(e["group"], ("", "", ""))[1] for e in entries}
    spanning = len(tasks) > 1
    task_items: dict[str, object] = {}
    group_items: dict[str, object] = {}
    for entry, doc in zip(entries, documents):
        group = entry["group"]
        text, task, task_name = job["groups"].get(group, ("", "", ""))
        page = doc["pdf_index"] - 1
        parent = None
        if spanning:
            if task not in task_items:
                task_items[task] = writer.add_outline_item(
                    title=f"重点任务 {task} {task_name}".strip() if task else "其他",
                    page_number=page)
            parent = task_items[task]
        if group not in group_items:
            group_items[group] = writer.add_outline_item(
                title=f"{group} {text}".strip() if group else "未关联具体要求",
                page_number=page, parent=parent)
        writer.add_outline_item(title=f"{entry['seq']} {entry['title']}", page_number=page,
                                parent=group_items[group])
    writer.add_outline_item(title="卷内备考表", page_number=closing_index)
