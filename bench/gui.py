"""Bench the window on an archive: open, scroll, search. Prints one JSON line.

    python bench/gui.py ARCHIVE [--queries 网格化,矛盾纠纷,...]

- ``open_s``: from creating the main window to the document list painted with its first
  rows (the archive opened, catalogue tree filled). ``app_start_s`` is QApplication, the
  bundled font and the translation before that.
- ``counts_s``: until the catalogue's evidence counts and coverage colours arrive (they are
  computed in the background; the window is usable before).
- ``scroll_*_ms``: repainting the list after each of 40 jumps spread over all rows (each jump
  lands on rows not fetched yet: the worst case of lazy loading).
- ``page_down_*_ms``: repainting after each of 80 page-downs at reading pace (rows ahead are
  prefetched in the background).
- ``search_*_ms``: from typing a query (committed text) to the hits painted, including the
  150 ms typing pause the box waits for; ``search_core_*_ms`` is the search core's own time.
  The first query (``search_first_ms``) also opens the index.
- ``inspection_*_ms``: inspection mode, from Enter in its box (a requirement code, a task
  code or words) to the results painted; ``inspection_open_*_ms``: from clicking a row's
  打开 to the document painted at its page (in its volume when bound and the volume file is
  found, its original otherwise). Budget: 300 ms median for each. The median of each kind
  of look-up is given too (``inspection_requirement_``, ``_task_``, ``_words_median_ms``). Each is given as
  median, 95th percentile (``_p95_ms``) and worst (``_max_ms``).
- ``load_average``: the machine's 1-minute load average at the start and the end (the
  figures of a shared machine mean little without it).
- ``peak_rss_mb``: the process's peak resident memory.

Budgets: open ≤ 3 s on the full demo; the list scrolls without stalls.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

QUERIES = ["网格化", "矛盾纠纷", "2021年", "人民调解", "平安建设", "综治中心", "雪亮工程",
           "潭政办发", "调度", "志愿服务"]


def p95(values: list[float]) -> float:
    """The 95th percentile (nearest rank): the worst but one in twenty."""
    ordered = sorted(values)
    return round(ordered[max(0, -(-len(ordered) * 95 // 100) - 1)], 1)


def pump_until(app, condition, timeout: float = 120.0) -> bool:
    end = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > end:
            return False
        app.processEvents()
        time.sleep(0.001)
    return True


def main() -> int:
    parser = argparse.ArgumentParser(description="time the window on an archive")
    parser.add_argument("archive")
    parser.add_argument("--queries", default=",".join(QUERIES))
    args = parser.parse_args()
    queries = [q for q in args.queries.split(",") if q]

    load_before = os.getloadavg()[0]
    t0 = time.perf_counter()
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from evidence_app.ui.app import app_settings, setup_application
    from evidence_app.ui.mainwindow import MainWindow

    settings_dir = tempfile.mkdtemp(prefix="evidence-bench-settings-")
    QSettings.setDefaultFormat(QSettings.IniFormat)
    QSettings.setPath(QSettings.IniFormat, QSettings.UserScope, settings_dir)
    app = QApplication.instance() or QApplication(["bench"])
    setup_application(app, "zh_CN")
    t1 = time.perf_counter()

    window = MainWindow(app_settings(), language="zh_CN")
    window.resize(1400, 860)
    window.show()
    if not window.open_archive(args.archive, read_only=True):
        print(json.dumps({"error": window.last_message}, ensure_ascii=False))
        return 1
    window.table.viewport().repaint()
    pump_until(app, lambda: window.doc_model.fetches >= 1 or window.doc_model.rowCount() == 0)
    t2 = time.perf_counter()
    documents = window.doc_model.rowCount()
    counts_ready = pump_until(app, lambda: not window.runner.busy(), timeout=1800)
    t3 = time.perf_counter()

    # scrolling: jump across the whole list, repainting synchronously each time
    bar = window.table.verticalScrollBar()
    frames = []
    for step in range(1, 41):
        bar.setValue(bar.maximum() * step // 40)
        start = time.perf_counter()
        window.table.viewport().repaint()
        frames.append((time.perf_counter() - start) * 1000)
    bar.setValue(0)
    app.processEvents()
    # paging down as a reader does (a page every ~50 ms): rows come from the prefetch
    pages = []
    for _ in range(80):
        bar.setValue(bar.value() + bar.pageStep())
        start = time.perf_counter()
        window.table.viewport().repaint()
        pages.append((time.perf_counter() - start) * 1000)
        end = time.perf_counter() + 0.05
        while time.perf_counter() < end:
            app.processEvents()
            time.sleep(0.002)
    bar.setValue(0)

    # search as the user types: committed text in the box, until the hits are painted
    shown, core = [], []
    for query in queries:
        window.search_box.clear()
        app.processEvents()
        before = window.search.seq
        start = time.perf_counter()
        window.search_box.setText(query)
        # until answered: not the background conversion the first hit's preview may start
        pump_until(app, lambda: window.search.seq > before
                   and not window.runner.busy(including_background=False), timeout=600)
        window.hits_view.viewport().repaint()
        shown.append((time.perf_counter() - start) * 1000)
        core.append(window.search.last_search_ms)
    inspection = bench_inspection(app, window, queries)
    warm = shown[1:] or shown
    result = {
        "archive": str(args.archive), "documents": documents,
        "app_start_s": round(t1 - t0, 3), "open_s": round(t2 - t1, 3),
        "counts_s": round(t3 - t1, 3) if counts_ready else None,
        "scroll_median_ms": round(statistics.median(frames), 1),
        "scroll_p95_ms": p95(frames),
        "scroll_max_ms": round(max(frames), 1),
        "page_down_median_ms": round(statistics.median(pages), 1),
        "page_down_p95_ms": p95(pages),
        "page_down_max_ms": round(max(pages), 1),
        "search_first_ms": round(shown[0], 1) if shown else None,
        "search_median_ms": round(statistics.median(warm), 1) if warm else None,
        "search_p95_ms": p95(warm) if warm else None,
        "search_max_ms": round(max(warm), 1) if warm else None,
        "search_core_median_ms": round(statistics.median(core[1:] or core), 1) if core else None,
        "search_debounce_ms": window.search.timer.interval(),
        "queries": len(queries),
        **inspection,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "load_average": [round(load_before, 2), round(os.getloadavg()[0], 2)],
    }
    window.close()
    app.processEvents()
    print(json.dumps(result, ensure_ascii=False))
    return 0


def bench_inspection(app, window, queries: list[str]) -> dict:
    """Look-ups and opening documents on the inspection screen, timed until painted."""
    page = window.inspection
    window.toggle_inspection(True)
    codes = [r.code for r in window.archive.requirements(include_retired=False)][::7][:10]
    tasks = [t[0] for t in window.archive.tasks()][::3][:5]
    looked, opened, bound_opened = [], [], 0
    by_kind: dict[str, list[float]] = {"requirement": [], "task": [], "words": []}
    kinds = ["requirement"] * len(codes) + ["task"] * len(tasks) + ["words"] * len(queries)
    for kind, text in zip(kinds, codes + tasks + queries):
        answered = []
        page.answered.connect(lambda: answered.append(True))
        page.query.setText(text)
        start = time.perf_counter()
        page.look_up()
        if not page.results.topLevelItemCount():       # words: searched in the background
            pump_until(app, lambda: answered or page.results.topLevelItemCount(), timeout=600)
        page.results.viewport().repaint()
        looked.append((time.perf_counter() - start) * 1000)
        by_kind[kind].append(looked[-1])
        page.answered.disconnect()
        item = page.results.topLevelItem(0)
        if item is not None and item.childCount():
            item = item.child(0)
        if item is None:
            continue
        start = time.perf_counter()
        page.open_item(item)
        page.viewer.repaint()
        opened.append((time.perf_counter() - start) * 1000)
        bound_opened += page.viewer.doc is None       # a volume, not an original
        page.back_to_list()
    window.toggle_inspection(False)
    return {"inspection_median_ms": round(statistics.median(looked), 1),
            "inspection_p95_ms": p95(looked),
            "inspection_max_ms": round(max(looked), 1), "inspection_lookups": len(looked),
            **{f"inspection_{kind}_median_ms": round(statistics.median(times), 1)
               for kind, times in by_kind.items() if times},
            "inspection_open_median_ms": round(statistics.median(opened), 1) if opened else None,
            "inspection_open_p95_ms": p95(opened) if opened else None,
            "inspection_open_max_ms": round(max(opened), 1) if opened else None,
            "inspection_opened": len(opened), "inspection_opened_in_volume": bound_opened}


if __name__ == "__main__":
    sys.exit(main())
