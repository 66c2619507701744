"""Read the text of page images: scans, photos, and PDF pages without usable text.

The engine is RapidOCR's PP-OCRv4 (Chinese and Latin) on onnxruntime's CPU provider; its
models (~16 MB) ship inside the ``rapidocr-onnxruntime`` wheel, so nothing is downloaded, ever.
Its stages are driven here rather than through ``RapidOCR.__call__``, for speed and for pages
that do not lie upright:

1. **detect** text lines on the page reduced to at most :attr:`OcrSettings.detect_side` pixels
   (detection cost grows with the pixels; lines stay findable well below scan resolution);
2. **orient**: if most lines are taller than wide the page lies sideways and is turned a
   quarter and detected again; the direction classifier then votes on the longest lines
   whether the page is upside down (a half turn). Skew of a few degrees needs nothing: lines
   are found as quadrilaterals and cut out straight;
3. **recognise** each line from the full-resolution page, one line per model call (on one
   thread, batches padded to their widest line were slower); recognition is most of the
   time, and its cost grows with a line's width at the model's 48-pixel height, so lines are
   fed :attr:`OcrSettings.rec_width_scale` narrower.

A page that cannot be decoded, or shows no text, becomes an :class:`OcrPage` with no text and
its ``status`` saying so; OCR never raises for a bad page, so one bad page never costs a
document.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterator

__all__ = ["OcrSettings", "OcrLine", "OcrPage", "OcrEngine", "page_images", "ocr_file",
           "EMPTY", "UNREADABLE", "READ"]

#: ``OcrPage.status`` values (stable keys; the window translates them).
READ = "read"                  # text was recognised
EMPTY = "empty"                # the image decoded but shows no text OCR could find
UNREADABLE = "unreadable"      # the image could not be decoded or rendered

#: Pixels of the longest side a page image is rendered or reduced to before anything else.
MAX_PAGE_SIDE = 2400


@dataclass(frozen=True)
class OcrSettings:
    """Knobs measured by bench/ocr.py (2 cores; the figures behind each are beside it).

    With these defaults, on its sample of 203 pages (498 characters each): 1.34 CPU s/page
    (RapidOCR's sizing, 960 px, 0.6 and batches of 6: 2.05), CER 0.91% (0.71%), peak 311 MB
    per worker (491 MB)."""

    # 800 (on A4: 800 × 566, body text ~15 px high) still finds the lines, with a quarter
    # fewer pixels for the detection model than 960. 0.5: a Chinese character keeps ~24 of the model's
    # 48-pixel height in width, 3 of its output columns. Together, on bench/ocr.py's first 64
    # pages: 1.90 CPU s/page, CER 0.81% (960 and 0.6: 2.05 CPU s/page, CER 0.71%, 203 pages).
    detect_side: int = 800         # longest side of the image text lines are detected on
    rec_width_scale: float = 0.5   # lines are narrowed by this before recognition
    # One line per call: with one onnxruntime thread, batches (padded to their widest line)
    # are slower. Recognition CPU s/page, two engines reading the same 10 pages in turn:
    # 6 lines (RapidOCR's default) 1.40, 1 line 0.95; and 6 lines 1.45, 16 lines 2.08.
    rec_batch: int = 1             # lines recognised in one model call
    threads: int = 1               # onnxruntime threads per engine (use processes for more)
    min_confidence: float = 0.5    # lines recognised with less are dropped as noise
    render_dpi: int = 150          # PDF pages are rendered at this resolution


@dataclass
class OcrLine:
    text: str
    confidence: float              # 0..1, the recogniser's mean per-character probability
    box: tuple[int, int, int, int]  # left, top, right, bottom on the upright page image


@dataclass
class OcrPage:
    """One page's recognised text; ``rotation`` is the quarter turns (clockwise degrees) that
    set the page upright, ``size`` the (width, height) of that upright image, which the
    lines' boxes measure. ``confidence`` is the mean over characters, 0 for no text."""

    text: str
    lines: list[OcrLine] = field(default_factory=list)
    confidence: float = 0.0
    rotation: int = 0
    status: str = READ
    reason: str = ""
    size: tuple[int, int] = (0, 0)

    def layout(self) -> dict | None:
        """Where the lines stand, as the archive stores it (None without lines): the
        upright image's size, the turn that set it upright, [text, left, top, right, bottom]
        per line. Volumes lay each line's invisible text on its words with it."""
        if not self.lines or not all(self.size):
            return None
        return {"size": list(self.size), "rotation": self.rotation,
                "lines": [[line.text, *line.box] for line in self.lines]}


class OcrEngine:
    """One loaded set of models. Not thread-safe: calls are serialised by a lock; for more
    throughput use one engine per process (measured faster than threads inside one)."""

    def __init__(self, settings: OcrSettings | None = None):
        from rapidocr_onnxruntime import RapidOCR

        self.settings = settings or OcrSettings()
        threads = self.settings.threads
        # det_limit_type "max": the detector takes the page as _detect reduced it (it would
        # only shrink one over 2,000 px). RapidOCR's default ("min", 736) enlarges any page
        # whose short side is under 736 px: an A4 page reduced to 960 × 679 was detected at
        # 1024 × 736, undoing the reduction.
        self._ocr = RapidOCR(intra_op_num_threads=threads, inter_op_num_threads=1,
                             det_limit_type="max",
                             rec_batch_num=self.settings.rec_batch, print_verbose=False)
        self._lock = threading.Lock()

    # ---- public -----------------------------------------------------------------------

    def read(self, image) -> OcrPage:
        """Recognise one page image (a PIL image, any mode). Never raises for a bad image."""
        try:
            array = _to_bgr(image)
        except Exception as exc:  # noqa: BLE001 - any decoding failure makes an empty page
            return OcrPage("", status=UNREADABLE, reason=f"{type(exc).__name__}: {exc}")
        with self._lock:
            try:
                return self._read(array)
            except MemoryError:
                raise
            except Exception as exc:  # noqa: BLE001 - a model failure on one page, not the file
                return OcrPage("", status=UNREADABLE, reason=f"{type(exc).__name__}: {exc}")
            finally:
                _release_memory()

    # ---- stages -----------------------------------------------------------------------

    def _read(self, img) -> OcrPage:
        import numpy as np

        boxes, scale = self._detect(img)
        rotation = 0
        if boxes is not None and _mostly_tall(boxes):
            img = np.ascontiguousarray(np.rot90(img, k=-1))    # a quarter turn clockwise
            rotation = 90
            boxes, scale = self._detect(img)
        if boxes is None:
            return OcrPage("", rotation=rotation, status=EMPTY)
        crops = self._crops(img, boxes, scale)
        if self._upside_down(crops):
            img = np.ascontiguousarray(img[::-1, ::-1])
            rotation = (rotation + 180) % 360
            h, w = img.shape[:2]
            boxes = self._ocr.sorted_boxes(
                np.array([_turn_half(b, w * scale, h * scale) for b in boxes], dtype=np.float32))
            crops = self._crops(img, boxes, scale)
        results, _ = self._ocr.text_rec([self._narrow(c) for c in crops], False)
        lines = []
        for box, (text, score) in zip(boxes, results):
            text = text.strip()
            if text and score >= self.settings.min_confidence:
                pts = box / scale
                box = (int(pts[:, 0].min()), int(pts[:, 1].min()),
                       int(pts[:, 0].max()), int(pts[:, 1].max()))
                lines.append(OcrLine(text, float(score), box))
        if not lines:
            return OcrPage("", rotation=rotation, status=EMPTY)
        chars = sum(len(line.text) for line in lines)
        confidence = sum(line.confidence * len(line.text) for line in lines) / chars
        h, w = img.shape[:2]
        return OcrPage("\n".join(line.text for line in lines), lines, confidence, rotation,
                       size=(w, h))

    def _detect(self, img):
        """Line quadrilaterals on the image reduced to ``detect_side``, in reduced pixels;
        and that reduction (reduced / full). None when nothing is found."""
        import cv2

        h, w = img.shape[:2]
        scale = min(1.0, self.settings.detect_side / max(h, w))
        small = img if scale == 1.0 else cv2.resize(img, (round(w * scale), round(h * scale)),
                                                     interpolation=cv2.INTER_AREA)
        boxes, _ = self._ocr.text_det(small)
        if boxes is None or len(boxes) == 0:
            return None, scale
        return self._ocr.sorted_boxes(boxes), scale

    def _crops(self, img, boxes, scale):
        """Each line cut out straight from the full-resolution image."""
        import numpy as np

        return self._ocr.get_crop_img_list(img, [np.asarray(b / scale, dtype=np.float32)
                                                 for b in boxes])

    def _upside_down(self, crops) -> bool:
        """The direction classifier's vote over the longest lines (a cheap model: 48×192)."""
        longest = sorted(crops, key=lambda c: c.shape[1], reverse=True)[:8]
        if not longest:
            return False
        _, labels, _ = self._ocr.text_cls(list(longest))
        flipped = sum(1 for label, score in labels if label == "180" and score > 0.6)
        return flipped * 2 > len(labels)

    def _narrow(self, crop):
        import cv2

        factor = self.settings.rec_width_scale
        if factor >= 1.0:
            return crop
        h, w = crop.shape[:2]
        return cv2.resize(crop, (max(1, round(w * factor)), h), interpolation=cv2.INTER_AREA)


@lru_cache(maxsize=1)
def _malloc_trim():
    """glibc's malloc_trim, or None elsewhere (Windows and macOS return memory by themselves)."""
    import ctypes
    import sys

    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):
        return None


def _release_memory() -> None:
    """Hand the page's freed activations back to the system. onnxruntime frees them after
    each run, but glibc keeps the pages: measured on the demo's scans, a worker's resident
    memory then stays at its worst page's (~600 MB, growing) instead of ~200 MB between pages,
    and two workers came within 5% of the 1.5 GB budget."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


def _mostly_tall(boxes) -> bool:
    """True if most detected lines (by count, ignoring specks) stand on end."""
    import numpy as np

    tall = wide = 0
    for b in boxes:
        width = max(np.linalg.norm(b[0] - b[1]), np.linalg.norm(b[2] - b[3]))
        height = max(np.linalg.norm(b[0] - b[3]), np.linalg.norm(b[1] - b[2]))
        if max(width, height) < 24:
            continue
        if height > 1.5 * width:
            tall += 1
        elif width > 1.5 * height:
            wide += 1
    return tall > wide


def _turn_half(box, w: float, h: float):
    """A quadrilateral (top-left first, clockwise) on an image turned half a turn."""
    import numpy as np

    turned = np.stack([w - box[:, 0], h - box[:, 1]], axis=1)
    return turned[[2, 3, 0, 1]]


def _to_bgr(image):
    """A PIL image of any mode (1-bit CCITT, grey, palette, RGBA, CMYK) as an OpenCV array."""
    import numpy as np

    if image.mode != "RGB":
        image = image.convert("RGB")
    if max(image.size) > MAX_PAGE_SIDE:
        image = image.copy()
        image.thumbnail((MAX_PAGE_SIDE, MAX_PAGE_SIDE))
    return np.ascontiguousarray(np.asarray(image)[:, :, ::-1])


# --------------------------------------------------------------------------------------------
# Page images of a file
# --------------------------------------------------------------------------------------------


def page_images(path: Path, kind: str, pages: list[int] | None = None,
                dpi: int = OcrSettings.render_dpi) -> Iterator[tuple[int, object]]:
    """(page index, PIL image or the exception that stopped it) for each page to OCR.

    Args:
        path: a PDF or an image file (JPEG, PNG, BMP, TIFF incl. multi-page and CCITT).
        kind: "pdf" or "image" (as :func:`evidence_app.intake.extract.detect_kind` says).
        pages: 0-based pages to yield (None: all).
        dpi: resolution PDF pages are rendered at.
    """
    if kind == "pdf":
        yield from _pdf_images(Path(path), pages, dpi)
    else:
        yield from _image_frames(Path(path), pages)


def _pdf_images(path: Path, pages: list[int] | None, dpi: int):
    import pypdfium2 as pdfium

    from .pdftext import use_bundled_font

    use_bundled_font()   # a page of curves and non-embedded fonts renders the same everywhere
    try:
        pdf = pdfium.PdfDocument(str(path))
    except Exception as exc:  # noqa: BLE001 - the file was read at import; now it is not
        for index in pages or [0]:
            yield index, exc
        return
    try:
        wanted = range(len(pdf)) if pages is None else [p for p in pages if 0 <= p < len(pdf)]
        for index in wanted:
            try:
                page = pdf[index]
                try:
                    width, height = page.get_size()
                    scale = min(dpi / 72.0, MAX_PAGE_SIDE / max(width, height, 1))
                    image = page.render(scale=scale, grayscale=False).to_pil()
                finally:
                    page.close()
                yield index, image
            except Exception as exc:  # noqa: BLE001 - one page that will not render
                yield index, exc
    finally:
        pdf.close()


def _image_frames(path: Path, pages: list[int] | None):
    from PIL import Image, ImageOps

    try:
        im = Image.open(path)
    except Exception as exc:  # noqa: BLE001 - undecodable: every wanted page is unreadable
        for index in pages or [0]:
            yield index, exc
        return
    with im:
        frames = int(getattr(im, "n_frames", 1) or 1)
        wanted = range(frames) if pages is None else [p for p in pages if 0 <= p < frames]
        for index in wanted:
            try:
                im.seek(index)
                frame = ImageOps.exif_transpose(im) if index == 0 else im.copy()
                frame.load()
                yield index, frame
            except Exception as exc:  # noqa: BLE001 - a damaged frame
                yield index, exc


def ocr_file(path: Path, kind: str, pages: list[int] | None = None,
             engine: OcrEngine | None = None, progress=None, cancel=None) -> dict[int, OcrPage]:
    """OCR the given pages of one file; every requested page gets an :class:`OcrPage`.

    ``progress(done, total, message)`` is called after each page and
    ``cancel.raise_if_cancelled()`` before each (pages read so far are lost with the call:
    the caller stores page by page if it wants them).
    """
    engine = engine or OcrEngine()
    out: dict[int, OcrPage] = {}
    total = len(pages) if pages is not None else None
    for index, image in page_images(path, kind, pages, engine.settings.render_dpi):
        if cancel is not None:
            cancel.raise_if_cancelled()
        if isinstance(image, BaseException):
            out[index] = OcrPage("", status=UNREADABLE, reason=f"{type(image).__name__}: {image}")
        else:
            out[index] = engine.read(image)
        if progress is not None:
            progress(len(out), total or len(out), f"{Path(path).name} p. {index + 1}")
    for index in pages or []:
        out.setdefault(index, OcrPage("", status=UNREADABLE, reason="no such page"))
    return out

