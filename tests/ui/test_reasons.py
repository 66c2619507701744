"""The window says in Chinese why each file was refused, by the refusal's reason key."""

from __future__ import annotations

import re
import zipfile

from PySide6.QtCore import QCoreApplication

import pytest

from evidence_app.errors import EvidenceError, Reason
from evidence_app.intake import add_paths
from evidence_app.ui.reasons import SENTENCES, describe, explain
from tests.test_passwords import locked_pdf

CJK = re.compile(r"[\u4e00-\u9fff]")


def _bad_files(folder) -> dict[str, Reason]:
    """Files staff do send, each with the reason it must be refused for."""
    folder.mkdir()
    (folder / "empty.pdf").write_bytes(b"")
    (folder / "garbage.pdf").write_bytes(b"%PDF-1.4 nothing else")
    (folder / "notzip.docx").write_bytes(b"plain words, not a zip")
    (folder / "pdf-named.docx").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02binary\x00")
    (folder / "drawing.dwg").write_bytes(b"AC1027")
    with zipfile.ZipFile(folder / "nodoc.docx", "w") as z:
        z.writestr("readme.txt", "no word/document.xml here")
    locked_pdf(folder / "locked.pdf", "纪要")
    return {"empty.pdf": Reason.EMPTY_FILE, "garbage.pdf": Reason.INVALID_PDF,
            "notzip.docx": Reason.DAMAGED, "pdf-named.docx": Reason.EXTENSION_MISMATCH,
            "binary.txt": Reason.NOT_TEXT, "drawing.dwg": Reason.UNSUPPORTED_KIND,
            "nodoc.docx": Reason.DAMAGED, "locked.pdf": Reason.PASSWORD_REQUIRED}


def test_every_reason_key_has_its_chinese_sentence(qapp):
    assert set(SENTENCES) == set(Reason)
    shown = {key: explain(key.value, "the core's words", ("«甲»", "«乙»", "«丙»"))
             for key in Reason}
    assert all(CJK.search(sentence) for sentence in shown.values()), shown
    assert len(set(shown.values())) == len(shown)  # each key says something of its own
    assert not [s for s in shown.values() if "%" in s]           # every value put in place
    for key in Reason:                              # and every value the key's sentence names
        named = SENTENCES[key].count("%1") + SENTENCES[key].count("%2") + \
            SENTENCES[key].count("%3")
        assert sum(v in shown[key] for v in ("«甲»", "«乙»", "«丙»")) == named, key


def test_a_refused_value_is_described_with_what_was_typed(qapp, archive):
    with pytest.raises(EvidenceError) as refused:
        archive.update_document(1, date="2023-13-45")
    assert refused.value.reason is Reason.BAD_DATE and refused.value.params == ("2023-13-45",)
    assert describe(refused.value) == "日期「2023-13-45」无效，请按 20230501 或 2023年5月1日 的格式填写"
    assert describe(OSError(28, "No space left on device")) == \
        "文件无法读取或写入：No space left on device"


def test_the_reasons_an_import_gives_for_bad_files_are_said_by_their_key(qapp, archive, tmp_path):
    expected = _bad_files(tmp_path / "bad")
    report = add_paths(archive, [tmp_path / "bad", tmp_path / "gone.pdf"])
    expected["gone.pdf"] = Reason.MISSING
    keys = {e["path"].rsplit("/", 1)[-1]: e["reason_key"] for e in report.errors}
    assert keys == {name: key.value for name, key in expected.items()}
    for entry in report.errors:
        sentence = QCoreApplication.translate("Reasons", SENTENCES[Reason(entry["reason_key"])])
        assert explain(entry["reason_key"], entry["reason"]) == sentence
        assert CJK.search(sentence) and sentence != entry["reason"]


def test_an_unknown_key_is_shown_as_the_core_wrote_it(qapp):
    assert explain(None, "something no one foresaw") == "something no one foresaw"
    assert explain("a_key_from_a_newer_core", "its words") == "its words"
