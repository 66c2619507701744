"""Every document becomes PDF pages; originals are never touched.

PDFs are used as they are (page fitting happens when binding, see bind.py). Everything else
is converted once into ``ARCHIVE/cache/pdf/`` (derived data, named by the original's SHA-256
and the converter) and reused by later runs:
- .docx: LibreOffice (headless, own profile per call) when installed, else a built-in
  python-docx + reportlab renderer keeping headings, paragraphs, tables and images;
- .doc/.wps/.xls: LibreOffice only;
- images: one per A4 page with a caption;
- text files: typeset;
- .xlsx: each sheet as a ruled table.
A document that cannot be converted gets ``error`` set; the volume shows a placeholder page.

A cached conversion names what its look depended on (LibreOffice's fonts, the built-in
renderers' version) and has a record beside it (``<name>.json``, written last, so an entry
without one is unfinished and redone): its page count (a compile then opens no cached PDF to
plan) and the characters it draws without a glyph. LibreOffice output with empty boxes is
never bound silently: a .docx is then set with the built-in renderer (which draws every string
with a covering font), anything else is bound and reported in the manifest and the volume's
errors. A .docx LibreOffice cannot convert is set with the built-in renderer under the same
name; any other file it cannot convert leaves a failure record (``<name>.failed.json``, the
reason of its placeholder), so later runs neither retry LibreOffice on it for ever nor count
it as waiting; ``convert --retry-failed`` removes those records.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.pdfgen.canvas import Canvas

from ..archive import Document
from ..errors import FileRejectedError, Reason
from ..intake import (DocxParagraph, convert_many_with_libreoffice, convert_with_libreoffice,
                      docx_blocks, libreoffice_rendering_key, open_docx, read_text,
                      read_workbook)
from .fonts import BUNDLED_NAME, FontSet
from .glyphs import undrawable_characters
from .settings import LayoutSettings
from .titles import photo_caption

# kinds LibreOffice turns into PDF pages when installed (a .docx has a built-in fallback)
LIBREOFFICE_KINDS = ("docx", "doc", "wps", "xls", "odt", "ods")
CONVERSION_FAILED = "conversion_failed"   # reason key of a converter's unexpected failure
UNREADABLE_PDF = Reason.UNREADABLE_PDF.value  # key of a PDF the binder cannot read
RENDERER_VERSION = "3"   # bump when a built-in renderer's output changes: caches re-render


@dataclass
class Prepared:
    doc_id: int
    pdf: str | None          # PDF whose pages are the document (the original, or a cached file)
    pages: int               # its page count (1 for a placeholder)
    method: str              # original | libreoffice | builtin-docx | image | text | xlsx
    error: str | None = None
    reason: str | None = None  # the error's key (errors.Reason value), for the Chinese sentence
    notes: list[str] = field(default_factory=list)
    undrawable: list[str] = field(default_factory=list)  # characters shown as empty boxes


def cache_dir_of(archive_root: Path) -> Path:
    return Path(archive_root) / "cache" / "pdf"


def cache_name(doc: Document, use_libreoffice: bool) -> str | None:
    """File name of the converted PDF in the cache (None for PDFs: used as they are)."""
    kind = doc.kind
    if kind == "pdf":
        return None
    if kind in LIBREOFFICE_KINDS and use_libreoffice:
        return f"{doc.sha256}.lo-{libreoffice_rendering_key()}.pdf"
    if kind == "image":
        caption = hashlib.sha256(image_caption(doc).encode()).hexdigest()[:12]
        return f"{doc.sha256}.image{RENDERER_VERSION}-{caption}.pdf"
    return f"{doc.sha256}.{kind}{RENDERER_VERSION}.pdf"


def count_pages(path: Path) -> int:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        return len(pdf)
    finally:
        pdf.close()


def picture_bounds(path: Path, index: int) -> tuple[float, float, float, float] | None:
    """Where the picture on page ``index`` (0-based) of a PDF made by :func:`render_image`
    stands (left, bottom, right, top, in the page's space): what OCR read of that page is the
    picture, not the sheet with its caption. None for a page without one."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    pdf = pdfium.PdfDocument(str(path))
    try:
        for picture in pdf[index].get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE]):
            return tuple(picture.get_bounds())
        return None
    finally:
        pdf.close()


def cached_page_count(doc: Document, cache_dir: Path, use_libreoffice: bool) -> int | None:
    """Pages of the document's converted PDF if it is already in the cache."""
    name = cache_name(doc, use_libreoffice)
    if name is None:
        return doc.pages
    cached = cached_conversion(doc.id, cache_dir / name)
    return cached.pages if cached is not None else None


def record_path(target: Path) -> Path:
    return target.with_name(target.name + ".json")


FAILURE_SUFFIX = ".failed.json"


def failure_path(target: Path) -> Path:
    return target.with_name(target.name + FAILURE_SUFFIX)


def read_failure(target: Path) -> tuple[str, str] | None:
    """(error, reason key) of a conversion that failed under ``target``'s name, if one did."""
    try:
        record = json.loads(failure_path(target).read_text(encoding="utf-8"))
        return str(record["error"]), str(record["reason"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _write_failure(target: Path, error: str, reason: str) -> None:
    _atomic_write(failure_path(target), json.dumps(
        {"error": error, "reason": reason}, ensure_ascii=False, sort_keys=True).encode("utf-8"))


def read_record(target: Path) -> dict | None:
    """What is known of a cached conversion (method, undrawable characters); ``None`` when
    the entry has no record (made by an older version, or interrupted): it is redone."""
    try:
        record = json.loads(record_path(target).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) and "method" in record else None


def _write_record(target: Path, method: str, undrawable: list[str], notes: list[str]) -> int:
    """Write the record that makes ``target`` a finished cache entry; returns its pages."""
    pages = count_pages(target)
    data = json.dumps({"method": method, "undrawable": undrawable, "notes": notes,
                       "pages": pages}, ensure_ascii=False, sort_keys=True).encode("utf-8")
    _atomic_write(record_path(target), data)
    return pages


def cached_conversion(doc_id: int, target: Path) -> Prepared | None:
    record = read_record(target) if target.is_file() else None
    if record is None:
        return None
    try:
        pages = record.get("pages") or count_pages(target)  # older records lack the count
    except Exception:  # noqa: BLE001 - damaged cache entry: rebuild it
        target.unlink(missing_ok=True)
        return None
    return Prepared(doc_id, str(target), pages, record["method"],
                    notes=list(record.get("notes", [])),
                    undrawable=list(record.get("undrawable", [])))


def settled_conversion(doc: Document, cache_dir: Path, use_libreoffice: bool
                       ) -> Prepared | None:
    """What the cache holds for a non-PDF document: its conversion, or the placeholder of a
    conversion that failed for good; None while it is still to be converted."""
    target = cache_dir / cache_name(doc, use_libreoffice)
    cached = cached_conversion(doc.id, target)
    if cached is not None:
        return cached
    failed = read_failure(target)
    if failed is not None:
        return Prepared(doc.id, None, 1, "placeholder", error=failed[0], reason=failed[1])
    return None


def accept_libreoffice_output(doc: Document, original: Path, produced: Path, target: Path,
                              layout: LayoutSettings, fonts: FontSet) -> Prepared:
    """Move LibreOffice's PDF into the cache after the glyph check (module docstring)."""
    lacking = undrawable_characters(produced)
    if lacking and doc.kind == "docx":
        Path(produced).unlink(missing_ok=True)
        return _builtin_docx_instead(doc, original, target, layout, fonts,
                                     "LibreOffice lacked a font for " + "".join(lacking[:20]))
    os.replace(produced, target)
    pages = _write_record(target, "libreoffice", lacking, [])
    return Prepared(doc.id, str(target), pages, "libreoffice", undrawable=lacking)


def _builtin_docx_instead(doc, original, target, layout, fonts, why: str) -> Prepared:
    """A .docx LibreOffice could not set properly, set with the built-in renderer and cached
    under LibreOffice's name: later runs take it from there without running LibreOffice."""
    note = why + "; set with the built-in renderer"
    data, undrawable = _render_checked(render_docx, doc, original, layout, fonts)
    _atomic_write(target, data)
    pages = _write_record(target, "builtin-docx", undrawable, [note])
    return Prepared(doc.id, str(target), pages, "builtin-docx", notes=[note],
                    undrawable=undrawable)


def _render_checked(render, doc, original, layout, fonts: FontSet) -> tuple[bytes, list[str]]:
    """Render with a built-in renderer; also returns the characters no font had (drawn □)."""
    with fonts.collecting_missing() as missing:
        data = render(doc, original, layout, fonts)
    return data, sorted(missing)


def prepare(doc: Document, original: Path, cache_dir: Path, layout: LayoutSettings,
            fonts: FontSet, use_libreoffice: bool, timeout: float = 120) -> Prepared:
    """Make sure the document exists as PDF pages; never raises for a bad document."""
    try:
        return _prepare(doc, Path(original), Path(cache_dir), layout, fonts, use_libreoffice,
                        timeout)
    except FileRejectedError as exc:
        return Prepared(doc.id, None, 1, "placeholder", error=str(exc),
                        reason=exc.reason.value)
    except Exception as exc:  # noqa: BLE001 - any converter failure becomes a placeholder
        return Prepared(doc.id, None, 1, "placeholder",
                        error=f"could not be converted ({type(exc).__name__}: {exc})",
                        reason=CONVERSION_FAILED)


def _prepare(doc, original, cache_dir, layout, fonts, use_lo, timeout) -> Prepared:
    if not original.is_file():
        raise FileRejectedError("the stored original is missing from the archive",
                                reason=Reason.ORIGINAL_MISSING)
    if doc.kind == "pdf":
        return Prepared(doc.id, str(original), max(doc.pages, 0), "original")
    name = cache_name(doc, use_lo)
    target = cache_dir / name
    method = _method(doc.kind, use_lo)
    settled = settled_conversion(doc, cache_dir, use_lo)
    if settled is not None:
        return settled
    cache_dir.mkdir(parents=True, exist_ok=True)
    if method == "libreoffice":
        with tempfile.TemporaryDirectory(dir=cache_dir, prefix=".lo-") as tmp:
            try:
                named = Path(tmp) / f"source{doc.ext or '.' + doc.kind}"
                try:
                    os.link(original, named)  # stored originals have no extension
                except OSError:
                    import shutil

                    shutil.copyfile(original, named)
                produced = convert_with_libreoffice(named, Path(tmp) / "out", "pdf", timeout)
            except FileRejectedError as exc:
                if doc.kind == "docx":
                    return _builtin_docx_instead(doc, original, target, layout, fonts,
                                                 "LibreOffice could not convert it")
                if exc.reason == Reason.LIBREOFFICE_FAILED:
                    _write_failure(target, str(exc), exc.reason.value)
                raise
            return accept_libreoffice_output(doc, original, produced, target, layout, fonts)
    if method == "unsupported":
        raise FileRejectedError(f"{doc.ext or doc.kind} files need LibreOffice, which is not "
                                "installed", reason=Reason.NEEDS_LIBREOFFICE)
    render = {"builtin-docx": render_docx, "image": render_image, "text": render_text,
              "xlsx": render_xlsx}[method]
    data, undrawable = _render_checked(render, doc, original, layout, fonts)
    _atomic_write(target, data)
    pages = _write_record(target, method, undrawable, [])
    return Prepared(doc.id, str(target), pages, method, undrawable=undrawable)


def _method(kind: str, use_lo: bool) -> str:
    if kind in LIBREOFFICE_KINDS and use_lo:
        return "libreoffice"
    return {"docx": "builtin-docx", "image": "image", "text": "text",
            "xlsx": "xlsx"}.get(kind, "unsupported")


def _atomic_write(target: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=target.suffix)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# ---------------------------------------------------------------------------- typesetting
class Typesetter:
    """A tiny flowing layout on A4 (or A4 landscape) with the archive margins."""

    def __init__(self, layout: LayoutSettings, fonts: FontSet, title: str,
                 landscape: bool = False):
        self.layout, self.fonts = layout, fonts
        self.buffer = io.BytesIO()
        w, h = layout.page_size
        self.size = (h, w) if landscape else (w, h)
        self.canvas = Canvas(self.buffer, pagesize=self.size, invariant=1, pageCompression=1,
                    initialFontName=BUNDLED_NAME)
        self.canvas.setTitle(title)
        self.left = layout.mm(layout.margin_binding_mm)
        self.right = self.size[0] - layout.mm(layout.margin_outer_mm)
        self.top = self.size[1] - layout.mm(layout.margin_top_mm)
        self.bottom = layout.mm(layout.margin_bottom_mm)
        self.y = self.top
        self.started = False

    @property
    def width(self) -> float:
        return self.right - self.left

    def need(self, height: float) -> None:
        if self.y - height < self.bottom and self.y < self.top:
            self.new_page()
        self.started = True

    def new_page(self) -> None:
        self.canvas.showPage()
        self.y = self.top

    def paragraph(self, text: str, role: str = "body", size: float = 12.0,
                  align: str = "left", before: float = 0.0, after: float = 4.0,
                  indent: float = 0.0) -> None:
        leading = size * 1.5
        self.y -= before
        lines = self.fonts.wrap(text, role, size, self.width - indent) or [""]
        for n, line in enumerate(lines):
            self.need(leading)
            self.y -= leading
            x = {"left": self.left + (indent if n == 0 else 0), "centre":
                 (self.left + self.right) / 2, "right": self.right}[align]
            self.fonts.draw(self.canvas, x, self.y + size * 0.3, line, role, size, align)
        self.y -= after

    def table(self, rows: list[list[str]], size: float = 10.5, header: bool = True,
              widths: list[float] | None = None) -> None:
        if not rows:
            return
        ncols = max(len(r) for r in rows)
        rows = [list(r) + [""] * (ncols - len(r)) for r in rows]
        if widths is None:
            weights = [max(2, min(30, max(len(str(r[c])) for r in rows))) for c in range(ncols)]
            total = sum(weights)
            widths = [self.width * w / total for w in weights]
        pad, leading = 2.0, size * 1.3
        head = rows[0] if header else None

        def row_layout(row):
            cells = [self.fonts.wrap(str(v), "table", size, max(4.0, widths[c] - 2 * pad))
                     for c, v in enumerate(row)]
            return cells, max(len(c) for c in cells) * leading + 2 * pad

        def draw(row_cells, height):
            x = self.left
            top = self.y
            for c, lines in enumerate(row_cells):
                self.canvas.rect(x, top - height, widths[c], height)
                for n, line in enumerate(lines):
                    self.fonts.draw(self.canvas, x + pad, top - pad - (n + 1) * leading
                                    + size * 0.3, line, "table", size)
                x += widths[c]
            self.y -= height

        self.canvas.setLineWidth(0.5)
        for index, row in enumerate(rows):
            cells, height = row_layout(row)
            height = min(height, self.top - self.bottom)  # a giant cell is cut, not endless
            if self.y - height < self.bottom:
                self.new_page()
                self.canvas.setLineWidth(0.5)
                if head is not None and index > 0:
                    draw(*row_layout(head))
            draw(cells, height)
        self.y -= 6

    def image(self, data: bytes, max_height: float | None = None) -> None:
        from PIL import Image, ImageOps
        from reportlab.lib.utils import ImageReader

        with Image.open(io.BytesIO(data)) as img:
            img = ImageOps.exif_transpose(img)
            if img.mode not in ("RGB", "L"):
                img = img.convert("RGB")
            w, h = img.size
            scale = min(self.width / w, (max_height or (self.top - self.bottom)) / h, 1.0
                        if w > 400 else self.width / w)
            dw, dh = w * scale, h * scale
            self.need(dh)
            if self.y - dh < self.bottom:
                self.new_page()
            self.y -= dh
            self.canvas.drawImage(ImageReader(img), self.left + (self.width - dw) / 2, self.y,
                                  dw, dh)
        self.y -= 6

    def finish(self) -> bytes:
        self.canvas.showPage()
        self.canvas.save()
        return self.buffer.getvalue()


# ---------------------------------------------------------------------------- renderers
def image_caption(doc: Document) -> str:
    return photo_caption(doc.title, doc.title_supplied, doc.original_name, doc.date, doc.note)


def render_image(doc: Document, original: Path, layout: LayoutSettings,
                 fonts: FontSet) -> bytes:
    """One page per picture: each page of a multi-page TIFF (a scan), else the picture (a GIF
    by its first frame), with the caption under the last."""
    from PIL import Image, ImageOps
    from reportlab.lib.utils import ImageReader

    setter = Typesetter(layout, fonts, doc.title)
    canvas = setter.canvas
    caption_space = layout.mm(25) if layout.photo_caption else 0
    with Image.open(original) as img:
        frames = int(getattr(img, "n_frames", 1) or 1) if img.format == "TIFF" else 1
        for frame in range(frames):
            if frame:
                setter.new_page()
                img.seek(frame)
            upright = img.getexif().get(0x0112, 1) in (0, 1)  # no EXIF rotation to apply
            transposed = img if upright else ImageOps.exif_transpose(img)
            if transposed.mode not in ("RGB", "L"):
                transposed = transposed.convert("RGB")
                upright = False
            w, h = transposed.size
            box_w, box_h = setter.width, setter.top - setter.bottom - caption_space
            scale = min(box_w / w, box_h / h)
            dw, dh = w * scale, h * scale
            x = setter.left + (box_w - dw) / 2
            y = setter.top - dh
            if img.format == "JPEG" and upright:  # keep the original JPEG bytes: no re-encoding
                canvas.drawImage(str(original), x, y, dw, dh)
            else:
                canvas.drawImage(ImageReader(transposed), x, y, dw, dh)
    if layout.photo_caption:
        setter.y = y - layout.mm(4)
        setter.paragraph(image_caption(doc), "body", layout.caption_pt, align="centre")
    return setter.finish()


def render_text(doc: Document, original: Path, layout: LayoutSettings,
                fonts: FontSet) -> bytes:
    setter = Typesetter(layout, fonts, doc.title)
    text, _warnings = read_text(original)
    for line in text.replace("\t", "    ").split("\n"):
        setter.paragraph(line, "body", layout.body_text_pt, after=0)
    return setter.finish()


def render_docx(doc: Document, original: Path, layout: LayoutSettings,
                fonts: FontSet) -> bytes:
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph

    document = open_docx(original)
    setter = Typesetter(layout, fonts, doc.title)
    rels = document.part.related_parts
    for block in docx_blocks(document.element.body):
        if not isinstance(block, DocxParagraph):
            setter.table(block.rows, layout.table_tight_pt, header=False)
            continue
        para = Paragraph(block.element, document)
        style = (para.style.name if para.style is not None else "") or ""
        text = block.printed
        level = _heading_level(style)
        align = {1: "centre", 2: "right"}.get(
            int(para.alignment) if para.alignment is not None else 0, "left")
        if level == 0 and style.lower() == "title":
            setter.paragraph(text, "title", layout.volume_title_pt, "centre", 6, 10)
        elif level:
            setter.paragraph(text, "title", max(12.0, layout.heading_pt - 2 * (level - 1)),
                             align if level > 1 else "centre", 6, 6)
        elif text.strip():
            setter.paragraph(text, "body", layout.body_text_pt, align,
                             indent=0 if align != "left" else 2 * layout.body_text_pt)
        else:
            setter.y -= layout.body_text_pt * 0.8
        for blip in block.element.iter(qn("a:blip")):
            part = rels.get(blip.get(qn("r:embed")))
            if part is not None:
                try:
                    setter.image(part.blob)
                except Exception:  # noqa: BLE001 - an unreadable picture is noted
                    setter.paragraph("［图片无法显示］", "body", layout.body_text_pt)
    return setter.finish()


def _heading_level(style: str) -> int:
    lower = style.lower()
    for prefix in ("heading ", "标题 "):
        if lower.startswith(prefix) and lower[len(prefix):].strip().isdigit():
            return int(lower[len(prefix):])
    return 0


MAX_PRINTED_ROWS = 5000  # per sheet: a longer table is an export, not evidence to print


def render_xlsx(doc: Document, original: Path, layout: LayoutSettings,
                fonts: FontSet) -> bytes:
    sheets = []
    for sheet in read_workbook(original).sheets:
        rows = sheet.rows[:MAX_PRINTED_ROWS]
        if rows:
            width = max(len(r) for r in rows)
            sheets.append((sheet.title, rows, width))
    landscape = any(width > 6 for _, _, width in sheets)
    setter = Typesetter(layout, fonts, doc.title, landscape=landscape)
    if not sheets:
        setter.paragraph("（空白工作簿）", "body", layout.body_text_pt)
    for n, (title, rows, _) in enumerate(sheets):
        if n:
            setter.new_page()
        setter.paragraph(title, "title", layout.heading_pt - 2, "centre", 0, 6)
        setter.table(rows, layout.table_tight_pt if len(rows[0]) > 4 else layout.table_pt)
    return setter.finish()


# ---------------------------------------------------------------------- LibreOffice, many at once
def convert_many_into_cache(items: list[tuple[Document, Path]], cache_dir: Path,
                            layout: LayoutSettings, fonts: FontSet,
                            timeout_per_file: float = 30) -> dict[int, Path]:
    """Convert several documents into the cache in one LibreOffice run.

    Returns the cached PDFs made, by document id; documents missing from the result are
    left to the one-file-at-a-time path (:func:`prepare`), which isolates a bad file.
    """
    if not items:
        return {}
    cache_dir.mkdir(parents=True, exist_ok=True)
    made: dict[int, Path] = {}
    with tempfile.TemporaryDirectory(dir=cache_dir, prefix=".lo-many-") as tmp:
        produced = convert_many_with_libreoffice(
            [(original, doc.ext if doc.ext and doc.ext.isascii() else "." + doc.kind)
             for doc, original in items], Path(tmp), "pdf", timeout_per_file)
        for n, (doc, _) in enumerate(items):
            if n not in produced:
                continue
            target = cache_dir / cache_name(doc, True)
            try:
                accept_libreoffice_output(doc, items[n][1], produced[n], target, layout, fonts)
            except Exception:  # noqa: BLE001 - a broken result: leave it to the retry
                continue
            made[doc.id] = target
    return made
