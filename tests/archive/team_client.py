"""One member of a team working on a server archive at once (run as a process by
test_team.py): imports its own documents and tags them and the shared ones, one change per
transaction, starting when the test says go."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from evidence_app.archive import Archive, NewDocument, sha256_of


def main(url: str, member: int, code: str, folder: str, go: str) -> None:
    folder_path = Path(folder)
    with Archive.open(url) as archive:
        shared = archive.document_ids()
        (folder_path / f"ready-{member}").touch()
        while not Path(go).exists():
            time.sleep(0.01)
        common = folder_path / f"common-{member}.txt"    # the same bytes in every member's hands
        common.write_text("四人同时导入的同一份材料", encoding="utf-8")
        sha, size = sha256_of(common)
        archive.add_documents([NewDocument(
            sha256=sha, size=size, original_name=common.name, ext=".txt", kind="text",
            title="同一份材料", title_supplied=False, doc_number=None, date=None, pages=1,
            page_texts=["同一份材料"], has_text=True)], [common])
        for n in range(5):
            source = folder_path / f"member{member}-{n}.txt"
            text = f"成员{member}的第{n}份材料"
            source.write_text(text, encoding="utf-8")
            sha, size = sha256_of(source)
            [doc_id] = archive.add_documents([NewDocument(
                sha256=sha, size=size, original_name=source.name, ext=".txt", kind="text",
                title=text, title_supplied=False, doc_number=None, date=None, pages=1,
                page_texts=[text], has_text=True)], [source])
            archive.tag([doc_id], requirements=[code])
            archive.tag([shared[n % len(shared)]], requirements=[code])


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5])
