"""Coverage speed on a real archive (the window recomputes it after every tag change).

Usage: python bench/coverage.py ARCHIVE
Prints one JSON line: seconds for the live coverage model, the dated replay, and the xlsx.
Budget (issue 6: the window must not stall): live model well under 0.5 s.
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from evidence_app.archive.archive import Archive
from evidence_app.coverage import coverage, coverage_as_of
from evidence_app.coverage.xlsx import write_coverage_xlsx


def timed(func, repeat: int = 5) -> float:
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        func()
        runs.append(time.perf_counter() - started)
    return round(statistics.median(runs), 3)


def main(root: str) -> None:
    with Archive.open(Path(root), read_only=True) as archive:
        stats = archive.stats()
        live = timed(lambda: coverage(archive))
        replay = timed(lambda: coverage_as_of(archive, archive.last_change_date()), repeat=3)
        with tempfile.TemporaryDirectory() as tmp:
            cov = coverage(archive)
            xlsx = timed(lambda: write_coverage_xlsx(cov, Path(tmp) / "c.xlsx"), repeat=1)
    print(json.dumps({"documents": stats["documents"], "requirements": stats["requirements"],
                      "coverage_s": live, "coverage_as_of_s": replay, "xlsx_s": xlsx,
                      "budget_coverage_s": 0.5}))


if __name__ == "__main__":
    main(sys.argv[1])
