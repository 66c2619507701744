"""Drawing search hits: title, page of the hit, where it is bound, the highlighted snippet."""

from __future__ import annotations

import html

from PySide6.QtCore import QCoreApplication, QRectF, QSize
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from .models import HitRole

MARK_STYLE = "background-color:#ffe066; color:#000;"


def snippet_html(snippet: str, highlights) -> str:
    """The search core marks hits 【like this】 and gives their spans in the unmarked text;
    turn that into escaped HTML with the hits highlighted (a real 【 in a text stays)."""
    spans = [tuple(s) for s in (highlights or [])]
    if not spans:
        return html.escape(snippet)
    marked_positions = set()
    for i, (start, end) in enumerate(spans):
        marked_positions.add(start + 2 * i)          # the 【 before the hit
        marked_positions.add(end + 2 * i + 1)        # the 】 after it
    plain = "".join(ch for pos, ch in enumerate(snippet) if pos not in marked_positions)
    out, last = [], 0
    for start, end in spans:
        out.append(html.escape(plain[last:start]))
        out.append(f'<span style="{MARK_STYLE}">{html.escape(plain[start:end])}</span>')
        last = end
    out.append(html.escape(plain[last:]))
    return "".join(out)


def bound_phrase(bound: list[dict]) -> str:
    if not bound:
        return QCoreApplication.translate("searchview", "not bound yet")
    first = bound[0]
    text = QCoreApplication.translate("searchview", "bound in %1, p. %2")
    return text.replace("%1", str(first.get("volume", ""))).replace(
        "%2", str(first.get("page", "")))


def hit_html(hit, selected: bool = False) -> str:
    page = (QCoreApplication.translate("searchview", "p. %1").replace("%1", str(hit.page))
            if hit.page else QCoreApplication.translate("searchview", "in title"))
    page += (QCoreApplication.translate("searchview", " (OCR text)") if hit.ocr and hit.page
             else "")
    tags = ", ".join(list(hit.requirements) + list(hit.mechanisms))
    meta = " · ".join(filter(None, [page, hit.doc_number or "", tags, bound_phrase(hit.bound)]))
    colour = "#ffffff" if selected else "#000000"
    grey = "#e8eef8" if selected else "#666666"
    return (f"<div style='color:{colour}'><b>{html.escape(hit.title)}</b></div>"
            f"<div style='color:{grey}'>{html.escape(meta)}</div>"
            f"<div style='color:{colour}'>{snippet_html(hit.snippet, hit.highlights)}</div>")


class HitDelegate(QStyledItemDelegate):
    """Paints a hit as three lines of rich text (title; page, tags, bound at; snippet)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        # laid-out documents by (hit, width, selected): a list of 100 hits asks each row's
        # size many times while it settles; laying out rich text again each time is slow
        self._docs: dict[tuple, QTextDocument] = {}

    def _document(self, option, index, selected: bool = False) -> QTextDocument:
        hit = index.data(HitRole)
        width = max(option.rect.width() - 8, 200)
        key = (id(hit), hit.id if hit is not None else None, width, selected)
        doc = self._docs.get(key)
        if doc is None:
            if len(self._docs) > 600:
                self._docs.clear()
            doc = QTextDocument()
            doc.setDefaultFont(option.font)
            doc.setHtml(hit_html(hit, selected) if hit is not None else "")
            doc.setTextWidth(width)
            self._docs[key] = doc
        return doc

    def paint(self, painter, option, index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else None
        if style:
            style.drawControl(QStyle.CE_ItemViewItem, opt, painter, opt.widget)
        # drawContents, not documentLayout().draw(PaintContext): touching a PaintContext's
        # palette from Python corrupts reference counts in PySide6 6.12 (crash on None).
        doc = self._document(option, index, bool(option.state & QStyle.State_Selected))
        painter.save()
        painter.translate(option.rect.left() + 4, option.rect.top() + 3)
        doc.drawContents(painter, QRectF(0, 0, option.rect.width(), option.rect.height()))
        painter.restore()

    def sizeHint(self, option, index) -> QSize:
        """Every hit gets four lines (title, facts, two lines of snippet): the view can then
        use uniform row heights and lay out only the rows on screen."""
        lines = option.fontMetrics.lineSpacing() * 4
        return QSize(max(option.rect.width(), 200), lines + 12)

    def clear_cache(self) -> None:
        self._docs.clear()
