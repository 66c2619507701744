"""The window says in Chinese why each kind of bad file was refused, from the core's reasons."""

from __future__ import annotations

import re
import zipfile

import pytest

from evidence_app.errors import FileRejectedError
from evidence_app.intake import extract
from evidence_app.ui.reasons import explain
from tests.test_passwords import locked_pdf

CJK = re.compile(r"[\u4e00-\u9fff]")


def _bad_files(folder):
    (folder / "empty.pdf").write_bytes(b"")
    (folder / "garbage.pdf").write_bytes(b"%PDF-1.4 nothing else")
    (folder / "notzip.docx").write_bytes(b"plain words, not a zip")
    (folder / "pdf-named.docx").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02binary\x00")
    (folder / "drawing.dwg").write_bytes(b"AC1027")
    with zipfile.ZipFile(folder / "nodoc.docx", "w") as z:
        z.writestr("readme.txt", "no word/document.xml here")
    locked_pdf(folder / "locked.pdf", "纪要")
    return sorted(p for p in folder.iterdir())


def test_every_reason_the_reader_gives_for_bad_files_is_said_in_chinese(qapp, tmp_path):
    reasons = []
    for path in _bad_files(tmp_path):
        with pytest.raises(FileRejectedError) as info:
            extract(path)
        reasons.append(str(info.value))
    reasons += ["no such file or folder", "reading it crashed the reader (out of memory?)",
                "took longer than 60 s to read", "cannot read the file: permission denied",
                "the file disappeared before it could be read"]
    for reason in reasons:
        shown = explain(reason)
        assert CJK.search(shown) and shown != reason, reason


def test_an_unknown_reason_is_shown_as_the_core_wrote_it(qapp):
    assert explain("something no one foresaw") == "something no one foresaw"
