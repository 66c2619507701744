"""Every input path ends in exactly one of added / duplicate / error / skipped.

Identity is by content, so copies of one file are settled together; these tests make sure a
copy that is refused for its name never takes a good copy down with it.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

from evidence_app.archive.archive import Archive
from evidence_app.intake import add_paths

_CONTENTS = {
    "notice": "关于开展网格化管理工作的通知\n各乡镇街道：\n".encode("utf-8"),
    "minutes": "矛盾纠纷排查化解工作会议纪要\n".encode("gb18030"),
    "binary": bytes(range(256)) * 4,
    "empty": b"",
}
_TEXT = {"notice", "minutes"}
_EXTENSIONS = [".txt", ".md", ".pdf", ".docx", ".xyz"]
_READABLE_AS_TEXT = {".txt", ".md"}


def _outcomes(report) -> list[str]:
    return ([a["path"] for a in report.added] + [d["path"] for d in report.duplicates]
            + [e["path"] for e in report.errors] + list(report.skipped))


def test_a_good_file_is_not_swallowed_by_its_refused_copy(archive, tmp_path):
    good = tmp_path / "x.txt"
    renamed = tmp_path / "a-copy.pdf"  # sorts first, so it is the copy read first
    good.write_bytes(_CONTENTS["notice"])
    renamed.write_bytes(_CONTENTS["notice"])
    same_name_kind = tmp_path / "b-copy.pdf"
    same_name_kind.write_bytes(_CONTENTS["notice"])

    report = add_paths(archive, [tmp_path], workers=1)

    assert [a["path"] for a in report.added] == [str(good)]
    errors = {e["path"]: e["reason_key"] for e in report.errors}
    assert errors == {str(renamed): "invalid_pdf", str(same_name_kind): "invalid_pdf"}
    assert sorted(_outcomes(report)) == sorted(str(p) for p in (good, renamed, same_name_kind))


_FILE = st.tuples(st.sampled_from(sorted(_CONTENTS)), st.sampled_from(_EXTENSIONS))


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(files=st.lists(_FILE, min_size=1, max_size=7), clutter=st.booleans(),
       split=st.integers(min_value=0, max_value=7))
def test_every_path_ends_in_exactly_one_outcome(files, clutter, split):
    """Random mixes of good files, bad files and copies renamed to other kinds, imported as
    one folder (split 0) or as two separate `add` calls."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        folder = root / "in"
        folder.mkdir()
        paths: list[Path] = []
        for n, (content, ext) in enumerate(files):
            path = folder / f"{n:02d}-{content}{ext}"
            path.write_bytes(_CONTENTS[content])
            paths.append(path)
        if clutter:
            (folder / "Thumbs.db").write_bytes(b"clutter")
        with Archive.create(root / "archive") as archive:
            if split == 0 or split >= len(paths):
                reports = [add_paths(archive, [folder], workers=1)]
                expected = [*paths, *([folder / "Thumbs.db"] if clutter else [])]
            else:
                reports = [add_paths(archive, paths[:split], workers=1),
                           add_paths(archive, paths[split:], workers=1)]
                expected = paths
            outcomes = [path for report in reports for path in _outcomes(report)]
            assert sorted(outcomes) == sorted(str(p) for p in expected)

            settled = {a["path"] for r in reports for a in r.added}
            settled |= {d["path"] for r in reports for d in r.duplicates}
            for path, (content, ext) in zip(paths, files):
                if content in _TEXT and ext in _READABLE_AS_TEXT:
                    assert str(path) in settled, f"{path.name} was refused or lost"
            stored = {a["sha256"] for r in reports for a in r.added}
            assert len(stored) == len(archive.document_ids())
