"""Writing report files atomically and reproducibly (same coverage -> byte-identical file).

Office files are zip archives: the zip entries carry the wall-clock time, and openpyxl stamps
the save time into docProps/core.xml. Both are replaced by the coverage date.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Callable

_CORE_TIMES = re.compile(r"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def write_reproducibly(path: Path, day: str, save: Callable[[Path], None]) -> Path:
    """Call ``save(tmp)``, then rewrite the zip with fixed times and move it onto ``path``.

    Args:
        day: YYYYMMDD, the date stamped into the file (the coverage date).
    """
    path = Path(path)
    stamp = (int(day[:4]), int(day[4:6]), int(day[6:8]), 0, 0, 0)
    iso = f"{day[:4]}-{day[4:6]}-{day[6:8]}T00:00:00Z"
    raw = path.with_name(path.name + ".raw.part")
    tmp = path.with_name(path.name + ".part")
    try:
        save(raw)
        with zipfile.ZipFile(raw) as src, zipfile.ZipFile(tmp, "w",
                                                          zipfile.ZIP_DEFLATED) as dst:
            for info in src.infolist():
                data = src.read(info.filename)
                if info.filename == "docProps/core.xml":
                    data = _CORE_TIMES.sub(lambda m: m.group(1) + iso + m.group(2),
                                           data.decode("utf-8")).encode("utf-8")
                entry = zipfile.ZipInfo(info.filename, date_time=stamp)
                entry.compress_type = zipfile.ZIP_DEFLATED
                entry.external_attr = 0o600 << 16
                dst.writestr(entry, data)
        tmp.replace(path)
    finally:
        raw.unlink(missing_ok=True)
        tmp.unlink(missing_ok=True)
    return path
