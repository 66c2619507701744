"""Every item model passes pytest-qt's model tester; the document list fetches lazily."""

from __future__ import annotations

from PySide6.QtCore import Qt

from evidence_app.archive.archive import Archive
from evidence_app.ui.models import (CatalogueTreeModel, Choice, CoverageTableModel,
                                    DocumentTableModel, SearchHitsModel, TagChoiceModel,
                                    decode_document_ids)


def test_document_model_passes_the_model_tester(qtmodeltester, archive_dir, sample_ids):
    with Archive.open(archive_dir, read_only=True) as archive:
        model = DocumentTableModel(archive)
        model.set_ids(archive.document_ids())
        qtmodeltester.check(model)
        assert model.rowCount() == 4
        assert model.index(3, 1).data() == "潭综治发〔2021〕3号"
        model.sort(3, Qt.DescendingOrder)
        assert model.index(0, 3).data() == "20210312"
        model.set_filter("法律")
        assert model.rowCount() == 1
        qtmodeltester.check(model)
        ids = decode_document_ids(model.mimeData([model.index(0, 0), model.index(0, 2)]))
        assert ids == [model.doc_id(0)]


def test_document_model_fetches_rows_in_blocks(qtmodeltester, archive_dir, sample_ids):
    with Archive.open(archive_dir, read_only=True) as archive:
        model = DocumentTableModel(archive)
        real = archive.document_ids()
        # 1,000 rows, most of them ids that do not exist: shown disabled, never raised
        model.set_ids(real + list(range(1000, 1996)))
        assert model.fetches == 0            # opening costs nothing per row
        model.index(0, 0).data()
        assert model.fetches == 1            # one block of rows
        model.index(199, 0).data()
        assert model.fetches == 1
        assert model.flags(model.index(500, 0)) == Qt.NoItemFlags
        assert model.index(500, 0).data()     # "(cannot be read)", translated
        assert model.fetches == 2


def test_catalogue_model_in_every_mode(qtmodeltester, archive_dir, sample_ids):
    with Archive.open(archive_dir, read_only=True) as archive:
        model = CatalogueTreeModel(archive)
        for mode in CatalogueTreeModel.MODES:
            model.set_mode(mode)
            qtmodeltester.check(model)
        model.set_mode("requirements")
        index = model.find("requirement", "3.2.1")
        assert index.isValid() and model.flags(index) & Qt.ItemIsDropEnabled
        assert not model.flags(model.find("task", "3.2")) & Qt.ItemIsDropEnabled
        model.set_counts({("requirement", "3.2.1"): 1}, {("requirement", "3.2.1"): "partial"})
        assert model.index(index.row(), 1, index.parent()).data() == "1"
        qtmodeltester.check(model)


def test_small_list_models(qtmodeltester):
    picker = TagChoiceModel([Choice("requirement", "1.1.1", "成立领导小组"),
                             Choice("mechanism", "JZ-001", "工作规则")])
    qtmodeltester.check(picker)
    picker.setData(picker.index(1, 0), Qt.Checked, Qt.CheckStateRole)
    assert [c.code for c in picker.checked()] == ["JZ-001"]
    hits = SearchHitsModel()
    qtmodeltester.check(hits)
    coverage = CoverageTableModel()
    coverage.set_rows([("1.1 健全党委领导体制", "1.1", {"none": ["1.1.2"], "partial": ["1.1.1"]})])
    qtmodeltester.check(coverage)
    assert coverage.codes(0, "none") == ["1.1.2"]
