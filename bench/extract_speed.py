"""Text extraction throughput through ExtractionPool (budget: import >= 500 pages/s, 2 cores).

Generates its own input — multi-page Chinese text PDFs — in a temporary folder, extracts them
once in-process (baseline) and once through ExtractionPool, and prints one JSON line.

    python bench/extract_speed.py [--files 300] [--pages 10] [--lines 25] [--workers 2]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from evidence_app.errors import FileRejectedError  # noqa: E402
from evidence_app.intake import ExtractionPool, extract  # noqa: E402

WORDS = ("市域社会治理 网格化服务管理 矛盾纠纷多元化解 综治中心 平安建设 雪亮工程 公共法律服务 "
         "村规民约 城乡社区协商 扫黑除恶 信访积案 安全生产 重点人群 网络舆情 专职网格员 考核督导").split()


def make_pdfs(folder: Path, files: int, pages: int, lines: int = 25, seed: int = 1) -> list[Path]:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    rng = random.Random(seed)
    paths = []
    for i in range(files):
        path = folder / f"doc{i:04d}.pdf"
        c = canvas.Canvas(str(path), pageCompression=1)
        for _ in range(pages):
            c.setFont("STSong-Light", 11)
            # 25 lines x ~30 characters ~ 770 characters: the design corpus's average page
            # (90M characters / 117,000 pages).
            for line in range(lines):
                text = "，".join(rng.choice(WORDS) for _ in range(5)) + "。"
                c.drawString(40, 800 - 19 * line, text)
            c.showPage()
        c.save()
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=300)
    parser.add_argument("--pages", type=int, default=10)
    parser.add_argument("--lines", type=int, default=25, help="text lines per page")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="evidence-bench-") as tmp:
        folder = Path(tmp)
        t0 = time.perf_counter()
        paths = make_pdfs(folder, args.files, args.pages, args.lines)
        generate_s = time.perf_counter() - t0

        t0 = time.perf_counter()
        baseline_pages = sum(extract(p).page_count for p in paths[: max(1, len(paths) // 5)])
        baseline_s = time.perf_counter() - t0

        # Steady state: workers are long-lived, so their start (fork server, imports) is paid
        # once per import batch; it is measured separately.
        t0 = time.perf_counter()
        pages = chars = rejected = 0
        with ExtractionPool(workers=args.workers) as pool:
            list(pool.map(paths[: args.workers]))
            startup_s = time.perf_counter() - t0
            t1 = time.perf_counter()
            for _path, result in pool.map(paths):
                if isinstance(result, FileRejectedError):
                    rejected += 1
                else:
                    pages += result.page_count
                    chars += sum(len(p) for p in result.pages)
            pool_s = time.perf_counter() - t1

    print(json.dumps({
        "bench": "extract_speed",
        "files": args.files,
        "pages": pages,
        "chars": chars,
        "rejected": rejected,
        "workers": args.workers,
        "cpus": os.cpu_count(),
        "seconds": round(pool_s, 3),
        "pages_per_s": round(pages / pool_s, 1),
        "files_per_s": round(args.files / pool_s, 1),
        "startup_seconds": round(startup_s, 2),
        "pages_per_s_with_startup": round(pages / (pool_s + startup_s), 1),
        "inprocess_pages_per_s": round(baseline_pages / baseline_s, 1),
        "generate_seconds": round(generate_s, 1),
        "budget_pages_per_s": 500,
    }, ensure_ascii=False))


if __name__ == "__main__":
    main()
