"""Qt item models: thin adapters over the core (napari's _base_item_model, Anki's table model).

No model runs SQL or decides anything: they ask the Archive (and the core's feature packages)
and present the answer. Each Qt override carries one docstring line naming the
Qt rule it honours; every model here passes pytest-qt's ``qtmodeltester.check``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from PySide6.QtCore import (QT_TRANSLATE_NOOP, QAbstractItemModel, QAbstractListModel,
                            QAbstractTableModel, QByteArray, QCoreApplication, QMimeData,
                            QModelIndex, QObject, Qt, Signal)
from PySide6.QtGui import QBrush, QColor, QFont, QIcon, QPainter, QPixmap

from ..archive import Archive
from ..archive import bound_locations

DOC_MIME = "application/x-evidence-documents"
DocIdRole = Qt.UserRole + 1
NodeKindRole = Qt.UserRole + 2
NodeCodeRole = Qt.UserRole + 3
HitRole = Qt.UserRole + 4
StatusRole = Qt.UserRole + 5

STATUS_COLOURS = {"none": QColor("#d9534f"), "partial": QColor("#f0ad4e"),
                  "complete": QColor("#5cb85c")}
UNKNOWN_COLOUR = QColor("#b0b0b0")
_dots: dict[str, QIcon] = {}


STATUS_SENTENCES = {
    "none": QT_TRANSLATE_NOOP("models", "Red: no evidence yet"),
    "partial": QT_TRANSLATE_NOOP("models", "Orange: some evidence, not yet complete"),
    "complete": QT_TRANSLATE_NOOP("models", "Green: complete"),
}


def count_tooltip(count) -> str | None:
    """What the evidence column's number means: documents of a requirement or mechanism,
    complete requirements out of all of a task, section or unit (not its documents)."""
    if count is None:
        return None
    if isinstance(count, str) and "/" in count:
        done, total = count.split("/", 1)
        return QCoreApplication.translate(
            "models", "%1 of its %2 requirements have complete evidence (the others may "
                      "have some)").replace("%1", done).replace("%2", total)
    return QCoreApplication.translate("models", "%1 document(s) tagged with it").replace(
        "%1", str(count))


def status_dot(status: str | None) -> QIcon:
    """A small round coverage light (made once per colour; needs a running QGuiApplication)."""
    key = status or ""
    if key not in _dots:
        pixmap = QPixmap(12, 12)
        pixmap.fill(Qt.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.Antialiasing)
        painter.setPen(Qt.NoPen)
        painter.setBrush(STATUS_COLOURS.get(key, UNKNOWN_COLOUR))
        painter.drawEllipse(1, 1, 10, 10)
        painter.end()
        _dots[key] = QIcon(pixmap)
    return _dots[key]


def encode_document_ids(ids: list[int]) -> QMimeData:
    data = QMimeData()
    data.setData(DOC_MIME, QByteArray(json.dumps([int(i) for i in ids]).encode()))
    return data


def decode_document_ids(data: QMimeData) -> list[int]:
    if not data.hasFormat(DOC_MIME):
        return []
    try:
        return [int(i) for i in json.loads(bytes(data.data(DOC_MIME)).decode())]
    except (ValueError, TypeError):
        return []


def bound_text(locations) -> str:
    """'SZZL-2023-017 p.12' for the first place a document is bound (+n more)."""
    if not locations:
        return ""
    first = locations[0]
    text = (QCoreApplication.translate("models", "%1 p.%2")
            .replace("%1", first.archive_code).replace("%2", str(first.first_page)))
    return text + (f" (+{len(locations) - 1})" if len(locations) > 1 else "")


# ============================================================================ documents
_TABLE_ROLES = frozenset({Qt.DisplayRole, Qt.ToolTipRole, Qt.TextAlignmentRole, DocIdRole})

class DocumentTableModel(QAbstractTableModel):
    """The document list: holds only ids; rows are fetched from the archive in blocks.

    Opening 20,000 documents costs one id query; scrolling fetches a block of rows when the
    view first paints one of them. A row that fails to load is shown disabled, never raised.
    """

    BLOCK = 500  # a fetch costs about the same for 200 or 500 rows: fewer, larger ones
    COLUMNS = ("title", "doc_number", "issuer", "date", "kind", "pages", "tags", "bound")

    def __init__(self, archive: Archive | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self._archive = archive
        self._all_ids: list[int] = []       # the ids given (a catalogue node's documents)
        self._ids: list[int] = []           # after the text filter, in display order
        self._row_of: dict[int, int] = {}
        self._cache: dict[int, object] = {}
        self._bound: dict[int, list] = {}
        self._failed: set[int] = set()
        self._filter = ""
        self._sort: tuple[int, Qt.SortOrder] | None = None
        self.fetches = 0  # blocks fetched (tests and the bench look at it)
        # prefetch(ids, deliver): set by the window to read the neighbouring blocks in the
        # background, so scrolling on finds its rows already here; deliver(docs, bound)
        self.prefetch = None
        self._pending: set[int] = set()
        self._generation = 0

    def headers(self) -> list[str]:
        return [QCoreApplication.translate("models", "Title"),
                QCoreApplication.translate("models", "Doc. number"),
                QCoreApplication.translate("models", "Issuer"),
                QCoreApplication.translate("models", "Date"),
                QCoreApplication.translate("models", "Kind"),
                QCoreApplication.translate("models", "Pages"),
                QCoreApplication.translate("models", "Tags"),
                QCoreApplication.translate("models", "Bound at")]

    # ------------------------------------------------------------------ feeding
    def set_archive(self, archive: Archive | None) -> None:
        self._archive = archive
        self.set_ids([])

    def set_ids(self, ids: list[int]) -> None:
        """Show these documents (the result of a core query); cached rows are dropped."""
        self.beginResetModel()
        self._generation += 1
        self._pending.clear()
        self._all_ids = [int(i) for i in ids]
        self._cache.clear()
        self._bound.clear()
        self._failed.clear()
        self._apply_filter_and_sort()
        self.endResetModel()

    def set_filter(self, text: str) -> None:
        """Keep rows whose title, 文号, 责任者 or tags contain ``text`` (all rows are loaded)."""
        self.beginResetModel()
        self._filter = text.strip().lower()
        self._apply_filter_and_sort()
        self.endResetModel()

    def _apply_filter_and_sort(self) -> None:
        ids = list(self._all_ids)
        if self._filter or self._sort is not None:
            self._load_all(ids)
        if self._filter:
            ids = [i for i in ids if self._matches(i)]
        if self._sort is not None:
            column, order = self._sort
            ids.sort(key=lambda i: self._sort_key(i, column),
                     reverse=order == Qt.DescendingOrder)
        self._ids = ids
        self._row_of = {doc_id: row for row, doc_id in enumerate(ids)}

    def _matches(self, doc_id: int) -> bool:
        doc = self._cache.get(doc_id)
        if doc is None:
            return False
        hay = " ".join([doc.title or "", doc.doc_number or "", doc.issuer or "",
                        doc.original_name or ""] + doc.requirements + doc.mechanisms).lower()
        return self._filter in hay

    def _sort_key(self, doc_id: int, column: int):
        doc = self._cache.get(doc_id)
        if doc is None:
            return (1, "")
        value = self._value(doc, self.COLUMNS[column])
        return (0, value if isinstance(value, int) else str(value or ""))

    def _load_all(self, ids: list[int]) -> None:
        missing = [i for i in ids if i not in self._cache and i not in self._failed]
        for start in range(0, len(missing), 5000):
            self._fetch_ids(missing[start:start + 5000])

    def _fetch_ids(self, ids: list[int]) -> None:
        if not ids or self._archive is None:
            return
        self.fetches += 1
        try:
            docs = self._archive.documents(ids=ids)
            bound = bound_locations(self._archive, ids)
        except Exception:  # noqa: BLE001 - a row that cannot load is shown disabled
            self._failed.update(ids)
            return
        for doc in docs:
            self._cache[doc.id] = doc
        self._bound.update(bound)
        self._failed.update(set(ids) - {d.id for d in docs})

    def _doc(self, row: int):
        doc_id = self._ids[row]
        if doc_id not in self._cache and doc_id not in self._failed:
            start = row - row % self.BLOCK
            self._fetch_ids([i for i in self._ids[start:start + self.BLOCK]
                             if i not in self._cache])
            self._prefetch_around(start)
        return self._cache.get(doc_id)

    def _prefetch_around(self, start: int) -> None:
        if self.prefetch is None:
            return
        for block in (start + self.BLOCK, start - self.BLOCK):
            if 0 <= block < len(self._ids) and block not in self._pending:
                ids = [i for i in self._ids[block:block + self.BLOCK]
                       if i not in self._cache and i not in self._failed]
                if ids:
                    self._pending.add(block)
                    generation = self._generation
                    self.prefetch(ids, lambda docs, bound, b=block, g=generation:
                                  self._prefetched(b, g, docs, bound))

    def _prefetched(self, block: int, generation: int, docs, bound) -> None:
        """Rows read in the background arrive (on the GUI thread); stale ones are dropped."""
        self._pending.discard(block)
        if generation != self._generation:
            return
        for doc in docs:
            if doc.id in self._row_of and doc.id not in self._cache:
                self._cache[doc.id] = doc
        self._bound.update({k: v for k, v in bound.items() if k in self._row_of})

    def refresh_documents(self, ids) -> None:
        """Re-read these documents (after a tag change or an edit) and repaint their rows."""
        ids = [int(i) for i in ids if int(i) in self._row_of]
        for doc_id in ids:
            self._cache.pop(doc_id, None)
            self._failed.discard(doc_id)
        self._fetch_ids(ids)
        for doc_id in ids:
            row = self._row_of[doc_id]
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.COLUMNS) - 1))

    # ------------------------------------------------------------------ lookups
    def doc_id(self, row: int) -> int:
        return self._ids[row]

    def row_of(self, doc_id: int) -> int | None:
        return self._row_of.get(int(doc_id))

    def all_ids(self) -> list[int]:
        """Every id given, the filter's refusals included."""
        return list(self._all_ids)

    def ids(self) -> list[int]:
        return list(self._ids)

    @staticmethod
    def _value(doc, column: str):
        if column == "title":
            return f"[{doc.title}]" if doc.title_supplied else doc.title
        if column == "doc_number":
            return doc.doc_number or ""
        if column == "issuer":
            return doc.issuer or doc.source_unit or ""
        if column == "date":
            return doc.date or ""
        if column == "kind":
            return doc.kind
        if column == "pages":
            return doc.pages
        if column == "tags":
            return ", ".join(doc.requirements + doc.mechanisms)
        return ""

    # ------------------------------------------------------------------ Qt overrides
    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:
        """Qt rule: a table has rows only under the invalid root index."""
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:
        """Qt rule: a table has columns only under the invalid root index."""
        return 0 if parent.isValid() else len(self.COLUMNS)

    def data(self, index: QModelIndex, role: int = Qt.DisplayRole):
        """Qt rule: return None for roles and indexes the model does not serve."""
        if role not in _TABLE_ROLES:   # checked first: views ask for many roles per cell
            return None
        if not index.isValid() or not (0 <= index.row() < len(self._ids)):
            return None
        doc_id = self._ids[index.row()]
        if role == DocIdRole:
            return doc_id
        column = self.COLUMNS[index.column()]
        if role == Qt.TextAlignmentRole:
            return int(Qt.AlignRight | Qt.AlignVCenter) if column == "pages" else None
        doc = self._doc(index.row())
        if doc is None:
            if column == "title":
                return QCoreApplication.translate("models", "(cannot be read)")
            return None
        if column == "bound":
            return bound_text(self._bound.get(doc_id, []))
        value = self._value(doc, column)
        if role == Qt.ToolTipRole:
            return doc.original_name if column == "title" else (str(value) or None)
        return value

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.DisplayRole):
        """Qt rule: horizontal headers name columns; vertical headers are left to the view."""
        if orientation == Qt.Horizontal and role == Qt.DisplayRole and \
                0 <= section < len(self.COLUMNS):
            return self.headers()[section]
        return None

    def flags(self, index: QModelIndex) -> Qt.ItemFlags:
        """Qt rule: an unloadable row is not enabled; loaded rows can be dragged onto tags."""
        if not index.isValid():
            return Qt.NoItemFlags
        if self._doc(index.row()) is None:
            return Qt.NoItemFlags
        return Qt.ItemIsEnabled | Qt.ItemIsSelectable | Qt.ItemIsDragEnabled

    def sort(self, column: int, order: Qt.SortOrder = Qt.AscendingOrder) -> None:
        """Qt rule: sorting is a layout change; persistent indexes follow their rows."""
        if not (0 <= column < len(self.COLUMNS)):
            return
        self.layoutAboutToBeChanged.emit()
        old_persistent = self.persistentIndexList()
        old_ids = [(self._ids[i.row()], i.column()) for i in old_persistent]
        self._sort = (column, order)
        self._apply_filter_and_sort()
        new = [self.index(self._row_of[d], c) if d in self._row_of else QModelIndex()
               for d, c in old_ids]
        self.changePersistentIndexList(old_persistent, new)
        self.layoutChanged.emit()

    def mimeTypes(self) -> list[str]:
        """Qt rule: name the formats mimeData() produces."""
        return [DOC_MIME]

    def mimeData(self, indexes) -> QMimeData:
        """Qt rule: encode the dragged rows; each row once, whatever its column count."""
        ids = sorted({self._ids[i.row()] for i in indexes if i.isValid()},
                     key=lambda d: self._row_of.get(d, 0))
        return encode_document_ids(ids)

    def supportedDragActions(self) -> Qt.DropActions:
        """Qt rule: documents are copied onto tags, never moved out of the list."""
        return Qt.CopyAction


# ============================================================================ catalogue
@dataclass(eq=False)
class Node:
    kind: str                 # all, untagged, section, task, requirement, mechanism, unit
    code: str
    label: str
    tooltip: str = ""
    parent: "Node | None" = None
    children: list["Node"] = field(default_factory=list)
    count: int | None = None
    status: str | None = None

    def add(self, child: "Node") -> "Node":
        child.parent = self
        self.children.append(child)
        return child

    def row(self) -> int:
        return self.parent.children.index(self) if self.parent else 0


class CatalogueTreeModel(QAbstractItemModel):
    """The catalogue tree: sections → tasks → requirements, or mechanisms, or units.

    Column 0 is the node, column 1 its evidence count; the node's decoration is its coverage
    colour. Documents dropped on a requirement or mechanism emit ``tag_dropped``.
    """

    MODES = ("requirements", "mechanisms", "units")
    tag_dropped = Signal(list, str, str)  # document ids, "requirement"/"mechanism", code

    def __init__(self, archive: Archive | None = None, mode: str = "requirements",
                 parent: QObject | None = None):
        super().__init__(parent)
        self._archive = archive
        self._mode = mode
        self._root = Node("root", "", "")
        self._counts: dict[tuple[str, str], int] = {}
        self._statuses: dict[tuple[str, str], str] = {}
        self._rebuild()

    # ------------------------------------------------------------------ feeding
    @property
    def mode(self) -> str:
        return self._mode

    def set_archive(self, archive: Archive | None) -> None:
        self.beginResetModel()
        self._archive = archive
        self._counts, self._statuses = {}, {}
        self._rebuild()
        self.endResetModel()

    def set_mode(self, mode: str) -> None:
        self.beginResetModel()
        self._mode = mode
        self._rebuild()
        self.endResetModel()

    def reload(self) -> None:
        """Re-read the catalogue (after a catalogue import)."""
        self.set_mode(self._mode)

    def set_counts(self, counts: dict[tuple[str, str], int],
                   statuses: dict[tuple[str, str], str]) -> None:
        """Evidence counts and coverage statuses keyed by (kind, code), from the core."""
        self._counts, self._statuses = dict(counts), dict(statuses)
        self._apply_counts(self._root)
        self._emit_all_changed(QModelIndex())

    def _apply_counts(self, node: Node) -> None:
        for child in node.children:
            child.count = self._counts.get((child.kind, child.code))
            child.status = self._statuses.get((child.kind, child.code))
            self._apply_counts(child)

    def _emit_all_changed(self, parent: QModelIndex) -> None:
        rows = self.rowCount(parent)
        if not rows:
            return
        self.dataChanged.emit(self.index(0, 0, parent), self.index(rows - 1, 1, parent))
        for row in range(rows):
            self._emit_all_changed(self.index(row, 0, parent))

    def _rebuild(self) -> None:
        root = self._root = Node("root", "", "")
        if self._archive is None:
            return
        root.add(Node("all", "", QCoreApplication.translate("models", "All documents")))
        root.add(Node("untagged", "", QCoreApplication.translate("models", "Untagged documents")))
        if self._mode == "requirements":
            sections = {code: root.add(Node("section", code, f"{code} {name}"))
                        for code, name in self._archive.sections()}
            tasks: dict[str, Node] = {}
            for code, name, section in self._archive.tasks():
                holder = sections.get(section, root)
                tasks[code] = holder.add(Node("task", code, f"{code} {name}"))
            for req in self._archive.requirements():
                holder = tasks.get(req.task_code or "", root)
                label = f"{req.code} {req.text}" + (
                    QCoreApplication.translate("models", " (retired)") if req.retired else "")
                tip = "\n".join(filter(None, [
                    f"{req.code} {req.text}",
                    QCoreApplication.translate("models", "Lead unit: %1").replace(
                        "%1", req.lead_unit or "-"),
                    QCoreApplication.translate("models", "Responsible units: %1").replace(
                        "%1", "、".join(req.responsible_units) or "-")]))
                holder.add(Node("requirement", req.code, label, tip))
        elif self._mode == "mechanisms":
            for mech in self._archive.mechanisms():
                tip = "\n".join(filter(None, [mech.title, mech.issuer, mech.doc_number or ""]))
                root.add(Node("mechanism", mech.code, f"{mech.code} {mech.title}", tip))
        else:
            for unit in self._archive.units():
                kind = (QCoreApplication.translate("models", "lead") if unit.kind == "lead"
                        else QCoreApplication.translate("models", "responsible"))
                root.add(Node("unit", unit.name, unit.name, f"{unit.name} ({kind})"))
        self._apply_counts(root)

    # ------------------------------------------------------------------ lookups
    def node(self, index: QModelIndex) -> Node:
        return index.internalPointer() if index.isValid() else self._root

    def find(self, kind: str, code: str, parent: QModelIndex = QModelIndex()) -> QModelIndex:
        """The index of the node (kind, code), searching depth-first; invalid if absent."""
        for row in range(self.rowCount(parent)):
            index = self.index(row, 0, parent)
            node = self.node(index)
            if node.kind == kind and node.code == code:
                return index
            found = self.find(kind, code, index)
            if found.isValid():
                return found
        return QModelIndex()

    # ------------------------------------------------------------------ Qt overrides
    def index(self, row: int, column: int, parent: QModelIndex = QModelIndex()) -> QModelIndex:
        """Qt rule: return an invalid index for rows or columns out of range."""
        if column < 0 or column >= 2 or row < 0:
            return QModelIndex()
        if parent.isValid() and parent.column() != 0:
            return QModelIndex()
        node = self.node(parent)
        if row >= len(node.children):
            return QModelIndex()
        return self.createIndex(row, column, node.children[row])

    def parent(self, index: QModelIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        """Qt rule: top-level items have an invalid parent; parents are in column 0."""
        if not index.isValid():
            return QModelIndex()
        node = index.internalPointer()
        up = node.parent
        if up is None or up is self._root:
            return QModelIndex()
        return self.createIndex(up.row(), 0, up)

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:
        """Qt rule: only column 0 of an item has children."""
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self.node(parent).children)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:
        """Qt rule: every level has the same two columns (node, evidence count)."""
        return 2

    def data(self, index: QModelIndex, role: int = Qt.DisplayRole):
        """Qt rule: return None for roles the model does not serve."""
        if not index.isValid():
            return None
        node: Node = index.internalPointer()
        if role == NodeKindRole:
            return node.kind
        if role == NodeCodeRole:
            return node.code
        if role == StatusRole:
            return node.status
        if index.column() == 1:
            if role == Qt.DisplayRole:
                return "" if node.count is None else str(node.count)
            if role == Qt.TextAlignmentRole:
                return int(Qt.AlignRight | Qt.AlignVCenter)
            if role == Qt.ToolTipRole:
                return count_tooltip(node.count)
            return None
        if role == Qt.DisplayRole:
            return node.label
        if role == Qt.ToolTipRole:
            said = STATUS_SENTENCES.get(node.status or "")
            label = node.tooltip or node.label
            return label + "\n" + QCoreApplication.translate("models", said) if said else label
        if role == Qt.DecorationRole and node.kind in ("requirement", "task", "section",
                                                       "mechanism", "unit"):
            return status_dot(node.status)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.DisplayRole):
        """Qt rule: horizontal headers name the two columns."""
        if orientation == Qt.Horizontal and role == Qt.DisplayRole and section in (0, 1):
            return (QCoreApplication.translate("models", "Catalogue"),
                    QCoreApplication.translate("models", "Evidence"))[section]
        if orientation == Qt.Horizontal and role == Qt.ToolTipRole and section == 1:
            return QCoreApplication.translate(
                "models", "Requirements and mechanisms: documents tagged with them. Tasks, "
                          "sections and units: requirements with complete evidence / all")
        return None

    def flags(self, index: QModelIndex) -> Qt.ItemFlags:
        """Qt rule: only requirement and mechanism nodes accept dropped documents."""
        if not index.isValid():
            return Qt.NoItemFlags
        flags = Qt.ItemIsEnabled | Qt.ItemIsSelectable
        if index.internalPointer().kind in ("requirement", "mechanism"):
            flags |= Qt.ItemIsDropEnabled
        return flags

    def mimeTypes(self) -> list[str]:
        """Qt rule: name the formats a drop may carry."""
        return [DOC_MIME]

    def supportedDropActions(self) -> Qt.DropActions:
        """Qt rule: a drop copies (tags); nothing leaves the document list."""
        return Qt.CopyAction

    def canDropMimeData(self, data, action, row, column, parent) -> bool:
        """Qt rule: refuse a drop unless it carries documents and lands on a tag node."""
        if not data.hasFormat(DOC_MIME) or not parent.isValid():
            return False
        return self.node(parent).kind in ("requirement", "mechanism")

    def dropMimeData(self, data, action, row, column, parent) -> bool:
        """Qt rule: return True only if the drop was handled (the tagging is the window's)."""
        if action == Qt.IgnoreAction:
            return True
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        ids = decode_document_ids(data)
        if not ids:
            return False
        node = self.node(parent)
        self.tag_dropped.emit(ids, node.kind, node.code)
        return True


# ============================================================================ search hits
class SearchHitsModel(QAbstractListModel):
    """Search results as a list; the hit object (from the search package) is in HitRole."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._hits: list = []
        self.total = 0

    def set_hits(self, hits: list, total: int) -> None:
        self.beginResetModel()
        self._hits, self.total = list(hits), int(total)
        self.endResetModel()

    def add_hits(self, hits: list) -> None:
        """The next page of the same search, after the listed ones (what is selected and
        where the list is scrolled stay as they are)."""
        if not hits:
            return
        first = len(self._hits)
        self.beginInsertRows(QModelIndex(), first, first + len(hits) - 1)
        self._hits.extend(hits)
        self.endInsertRows()

    def hit(self, row: int):
        return self._hits[row]

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:
        """Qt rule: a list has rows only under the invalid root index."""
        return 0 if parent.isValid() else len(self._hits)

    def data(self, index: QModelIndex, role: int = Qt.DisplayRole):
        """Qt rule: return None for roles the model does not serve."""
        if not index.isValid() or not (0 <= index.row() < len(self._hits)):
            return None
        hit = self._hits[index.row()]
        if role == Qt.DisplayRole:
            return hit.title
        if role == DocIdRole:
            return hit.id
        if role == HitRole:
            return hit
        if role == Qt.ToolTipRole:
            return getattr(hit, "snippet", "")
        return None


# ============================================================================ tag choices
@dataclass
class Choice:
    kind: str   # requirement / mechanism
    code: str
    text: str


class TagChoiceModel(QAbstractListModel):
    """Requirements and mechanisms to pick from, each checkable (the tag picker's list)."""

    def __init__(self, choices: list[Choice], parent: QObject | None = None,
                 had: dict[tuple[str, str], int] | None = None, of: int = 0):
        """``had``: how many of the ``of`` documents being tagged already have each tag."""
        super().__init__(parent)
        self._choices = list(choices)
        self._checked: set[int] = set()
        self._had, self._of = dict(had or {}), of

    def checked(self) -> list[Choice]:
        return [self._choices[i] for i in sorted(self._checked)]

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:
        """Qt rule: a list has rows only under the invalid root index."""
        return 0 if parent.isValid() else len(self._choices)

    def data(self, index: QModelIndex, role: int = Qt.DisplayRole):
        """Qt rule: return None for roles the model does not serve."""
        if not index.isValid() or not (0 <= index.row() < len(self._choices)):
            return None
        choice = self._choices[index.row()]
        had = self._had.get((choice.kind, choice.code), 0)
        if role == Qt.DisplayRole:
            if not had:
                return f"{choice.code}  {choice.text}"
            return f"{choice.code}  {choice.text}　" + QCoreApplication.translate(
                "models", "(already: %1 of %2)").replace("%1", str(had)).replace(
                "%2", str(self._of))
        if role == Qt.FontRole and had:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.CheckStateRole:
            return Qt.Checked if index.row() in self._checked else Qt.Unchecked
        if role == NodeKindRole:
            return choice.kind
        if role == NodeCodeRole:
            return choice.code
        return None

    def setData(self, index: QModelIndex, value, role: int = Qt.EditRole) -> bool:
        """Qt rule: change only the check state, emit dataChanged, return whether it changed."""
        if not index.isValid() or role != Qt.CheckStateRole:
            return False
        state = Qt.CheckState(value) if not isinstance(value, Qt.CheckState) else value
        if state == Qt.Checked:
            self._checked.add(index.row())
        else:
            self._checked.discard(index.row())
        self.dataChanged.emit(index, index, [Qt.CheckStateRole])
        return True

    def flags(self, index: QModelIndex) -> Qt.ItemFlags:
        """Qt rule: choices are user-checkable items."""
        if not index.isValid():
            return Qt.NoItemFlags
        return Qt.ItemIsEnabled | Qt.ItemIsSelectable | Qt.ItemIsUserCheckable


# ============================================================================ coverage
class CoverageTableModel(QAbstractTableModel):
    """Coverage at a glance: one row per group (task or unit), columns none/partial/complete.

    ``rows`` are (group label, group key, {status: [requirement codes]}) from the coverage core.
    """

    STATUSES = ("none", "partial", "complete")

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._rows: list[tuple[str, str, dict[str, list[str]]]] = []

    def set_rows(self, rows) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def codes(self, row: int, status: str | None = None) -> list[str]:
        by_status = self._rows[row][2]
        if status:
            return list(by_status.get(status, []))
        return [c for s in self.STATUSES for c in by_status.get(s, [])]

    def group(self, row: int) -> tuple[str, str]:
        return self._rows[row][0], self._rows[row][1]

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:
        """Qt rule: a table has rows only under the invalid root index."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:
        """Qt rule: a table has columns only under the invalid root index."""
        return 0 if parent.isValid() else 1 + len(self.STATUSES)

    def data(self, index: QModelIndex, role: int = Qt.DisplayRole):
        """Qt rule: return None for roles the model does not serve."""
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        label, key, by_status = self._rows[index.row()]
        if index.column() == 0:
            return label if role in (Qt.DisplayRole, Qt.ToolTipRole) else None
        status = self.STATUSES[index.column() - 1]
        count = len(by_status.get(status, []))
        if role == Qt.DisplayRole:
            return str(count)
        if role == StatusRole:
            return status
        if role == Qt.TextAlignmentRole:
            return int(Qt.AlignCenter)
        if role == Qt.BackgroundRole and count:
            colour = QColor(STATUS_COLOURS[status])
            colour.setAlpha(110)
            return QBrush(colour)
        if role == Qt.ToolTipRole and count:
            return ", ".join(by_status.get(status, []))
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.DisplayRole):
        """Qt rule: horizontal headers name the group and the three statuses."""
        if orientation == Qt.Horizontal and role == Qt.DisplayRole and 0 <= section <= 3:
            return (QCoreApplication.translate("models", "Group"),
                    QCoreApplication.translate("models", "No evidence"),
                    QCoreApplication.translate("models", "Partial"),
                    QCoreApplication.translate("models", "Complete"))[section]
        return None
