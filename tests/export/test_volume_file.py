"""Where a recorded volume's file is: relative records follow the output folder the user names."""

from __future__ import annotations

from pathlib import Path

from evidence_app.archive.volumes import Location
from evidence_app.export import volume_file


def _at(path: str) -> Location:
    return Location(1, "SZZL-2021-007", "3.2.1", path, 1, 1, 5, 6, 9)


def test_a_relative_record_is_found_in_the_output_folder(tmp_path):
    assert volume_file(_at("volumes/a.pdf"), tmp_path) == tmp_path / "volumes" / "a.pdf"
    assert volume_file(_at("volumes/a.pdf"), "") == Path("volumes/a.pdf")


def test_an_absolute_record_stays_where_it_was_written(tmp_path):
    absolute = str(tmp_path / "elsewhere" / "a.pdf")
    assert volume_file(_at(absolute), tmp_path / "out") == Path(absolute)


def test_a_volume_is_found_in_the_folder_its_batch_was_compiled_into(archive, tmp_path):
    from evidence_app.archive.volumes import record_volumes
    from evidence_app.export import find_volume_file

    batch = tmp_path / "卷册 2021"
    (batch / "volumes").mkdir(parents=True)
    (batch / "volumes" / "a.pdf").write_bytes(b"%PDF-1.4")
    location = _at("volumes/a.pdf")
    assert find_volume_file(archive, location) is None            # no batch recorded yet
    record_volumes(archive, [], folder=str(batch))
    assert find_volume_file(archive, location) == batch / "volumes" / "a.pdf"
    # the batch was moved: found in a folder the window names, else nowhere
    (tmp_path / "U盘").mkdir()
    moved = tmp_path / "U盘" / "卷册"
    batch.rename(moved)
    assert find_volume_file(archive, location) is None
    assert find_volume_file(archive, location, [str(tmp_path), str(moved)]) == \
        moved / "volumes" / "a.pdf"
