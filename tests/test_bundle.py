"""Smoke test of the self-contained build (scripts/build-bundle, packaging/evidence-app.spec).

Skipped unless EVIDENCE_TEST_BUNDLE=1, so the normal suite stays fast. It builds
dist/evidence-app/ (or takes the folder named by EVIDENCE_BUNDLE_DIR), copies it to a temporary
"USB stick" folder, and runs the copied executables headless with a bare environment
(``env -i``-like: no PYTHONPATH, PATH=/usr/bin:/bin, a fresh HOME, QT_QPA_PLATFORM=offscreen),
from a temporary working directory and, where the machine allows, with no network at all
(``unshare -rn``). So what runs is the bundle alone, never the checkout:

    evidence-app --version
    evidence-app demo X --size small
    evidence-app compile X --out OUT --only CODE --jobs 2 --json   (spawn workers)
    evidence-app add X note.txt --json, then search for its text    (forkserver workers)
    evidence-app gui X --screenshot shot.png, evidence-app-gui X --screenshot shot2.png

Run it: ``EVIDENCE_TEST_BUNDLE=1 python -m pytest -q -m bundle tests/test_bundle.py``
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import evidence_app

ROOT = Path(__file__).resolve().parent.parent

pytestmark = [
    pytest.mark.bundle,
    pytest.mark.skipif(os.environ.get("EVIDENCE_TEST_BUNDLE") != "1",
                       reason="set EVIDENCE_TEST_BUNDLE=1 to build and test the bundle"),
    pytest.mark.skipif(sys.platform == "win32",
                       reason="drives the Linux build; on Windows follow README by hand"),
]

TIMEOUT = 900  # seconds for one command of the bundle (the demo takes ~25 s here)


def _no_network_prefix() -> list[str]:
    """``unshare -rn`` (a private network namespace with no interfaces) when it works here."""
    unshare = shutil.which("unshare")
    if not unshare:
        return []
    try:
        ok = subprocess.run([unshare, "-rn", "true"], capture_output=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return []
    return [unshare, "-rn"] if ok.returncode == 0 else []


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    """A copy of the built folder in a temporary place, as a user would have it."""
    given = os.environ.get("EVIDENCE_BUNDLE_DIR")
    if given:
        built = Path(given).resolve()
    else:
        env = dict(os.environ, PYTHON=sys.executable)
        subprocess.run([str(ROOT / "scripts" / "build-bundle")], cwd=ROOT, env=env,
                       check=True, timeout=3600)
        built = ROOT / "dist" / "evidence-app"
    for exe in ("evidence-app", "evidence-app-gui"):
        assert (built / exe).is_file(), f"{built / exe} missing"
    stick = tmp_path_factory.mktemp("usb-stick") / "evidence-app"
    shutil.copytree(built, stick, symlinks=True)
    return stick


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory) -> dict:
    """A working directory, home and environment that know nothing of the checkout."""
    work = tmp_path_factory.mktemp("bundle-work")
    home = work / "home"
    home.mkdir()
    env = {"PATH": "/usr/bin:/bin", "HOME": str(home), "QT_QPA_PLATFORM": "offscreen",
           "LANG": "C.UTF-8", "EVIDENCE_CONFIG_DIR": str(work / "config"),
           "TMPDIR": str(work)}
    return {"cwd": work, "env": env, "prefix": _no_network_prefix()}


def run(bundle: Path, sandbox: dict, exe: str, *args, check: bool = True
        ) -> subprocess.CompletedProcess:
    proc = subprocess.run([*sandbox["prefix"], str(bundle / exe), *map(str, args)],
                          cwd=sandbox["cwd"], env=sandbox["env"], capture_output=True,
                          text=True, encoding="utf-8", errors="replace", timeout=TIMEOUT,
                          stdin=subprocess.DEVNULL)
    if check:
        assert proc.returncode == 0, (
            f"{exe} {' '.join(map(str, args))} exited {proc.returncode}\n"
            f"--- stdout\n{proc.stdout[-3000:]}\n--- stderr\n{proc.stderr[-3000:]}")
    return proc


def last_json(proc: subprocess.CompletedProcess) -> dict:
    return json.loads(proc.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def demo(bundle, sandbox) -> Path:
    """The small demo archive, built by the bundle (relative path: from the working dir)."""
    data = last_json(run(bundle, sandbox, "evidence-app", "demo", "X", "--size", "small",
                         "--json"))
    assert data["stats"]["documents"] > 0 and data["stats"]["requirements"] > 0
    assert not data["import_errors"]
    assert data["ocr_waiting_pages"] > 0   # its scans are queued for OCR, not read during the build
    return sandbox["cwd"] / "X"


def test_the_bundle_carries_its_own_python_and_assets(bundle):
    internal = bundle / "_internal"
    assert list(internal.glob("libpython3*")) or list(internal.glob("python3*.dll"))
    assert (internal / "evidence_app" / "assets" / "fonts" / "wqy-microhei.ttc").is_file()
    assert list((internal / "evidence_app" / "assets" / "i18n").glob("*.qm"))
    assert not list(internal.rglob("*WebEngine*")) and not list(internal.rglob("*Qt6Quick*"))


def test_version(bundle, sandbox):
    out = run(bundle, sandbox, "evidence-app", "--version").stdout
    assert out.strip() == f"evidence-app {evidence_app.__version__}"


def test_demo_archive_is_complete(bundle, sandbox, demo):
    stats = last_json(run(bundle, sandbox, "evidence-app", "stats", demo, "--json"))
    assert stats["requirements"] == 191 and stats["documents"] > 0


def _a_requirement_with_evidence(bundle, sandbox, demo) -> str:
    data = last_json(run(bundle, sandbox, "evidence-app", "coverage", demo, "--json"))
    for req in data["requirements"]:
        docs = req.get("documents")
        count = len(docs) if isinstance(docs, list) else (docs or req.get("document_count"))
        if count:
            return req["code"]
    pytest.fail("the demo archive has no requirement with documents")


def test_compile_one_volume_like_the_checkout(bundle, sandbox, demo, tmp_path):
    code = _a_requirement_with_evidence(bundle, sandbox, demo)
    copy = tmp_path / "X"              # for the checkout, before the bundle fills cache/
    shutil.copytree(demo, copy)
    out = sandbox["cwd"] / "OUT"
    data = last_json(run(bundle, sandbox, "evidence-app", "compile", demo.resolve(),
                         "--out", out, "--only", code, "--jobs", "2", "--json"))
    assert not data["errors"], data["errors"]
    assert len(data["volumes"]) == 1, data["volumes"]
    volume = Path(data["volumes"][0]["path"])
    assert volume.is_file() and volume.read_bytes()[:5] == b"%PDF-"
    assert data["volumes"][0]["pages"] > 0
    manifest = json.loads(Path(data["files"]["manifest"]).read_text(encoding="utf-8"))
    assert manifest["fonts"]["roles"], "the manifest records the fonts used"
    if shutil.which("soffice", path="/usr/bin:/bin"):
        # found from the bundle; its conversions (no errors above, same bytes as the checkout
        # below) ran with the user's library path, not _internal/
        assert manifest["libreoffice"], "LibreOffice is installed but the bundle did not find it"
    # The bundle binds exactly what the checkout binds: same archive, same bytes.
    checkout = subprocess.run(
        [sys.executable, "-m", "evidence_app", "compile", str(copy), "--out",
         str(tmp_path / "OUT"), "--only", code, "--jobs", "1", "--json"],
        cwd=ROOT, capture_output=True, text=True, encoding="utf-8", timeout=TIMEOUT)
    assert checkout.returncode == 0, checkout.stderr[-2000:]
    expected = last_json(checkout)["volumes"][0]["sha256"]
    assert data["volumes"][0]["sha256"] == expected


def test_add_a_text_file_through_the_worker_processes(bundle, sandbox, demo):
    note = sandbox["cwd"] / "会议纪要.txt"
    note.write_text("打包冒烟测试：网格化管理工作会议纪要（2021年）\n", encoding="utf-8")
    data = last_json(run(bundle, sandbox, "evidence-app", "add", demo, note, "--json"))
    assert not data["errors"], data["errors"]
    assert len(data["added"]) == 1 and data["added"][0]["pages"] == 1
    doc_id = data["added"][0]["id"]
    found = last_json(run(bundle, sandbox, "evidence-app", "search", demo, "打包冒烟测试",
                          "--json"))
    assert doc_id in [hit["id"] for hit in found["hits"]]


def test_a_scan_is_read_by_ocr_with_the_bundled_models(bundle, sandbox, demo):
    """OCR runs from the bundle alone (its engine and models inside, no network): a picture
    of Chinese text becomes searchable."""
    from PIL import Image, ImageDraw, ImageFont

    from evidence_app.export.fonts import bundled_font_path

    scan = sandbox["cwd"] / "扫描件.png"
    image = Image.new("RGB", (1200, 300), "white")
    font = ImageFont.truetype(str(bundled_font_path()), 64)
    ImageDraw.Draw(image).text((60, 100), "网格化服务管理工作台账", font=font, fill="black")
    image.save(scan)
    data = last_json(run(bundle, sandbox, "evidence-app", "add", demo, scan, "--ocr",
                         "--json"))
    assert not data["errors"], data["errors"]
    doc_id = data["added"][0]["id"]
    found = last_json(run(bundle, sandbox, "evidence-app", "search", demo, "服务管理工作",
                          "--json"))
    assert doc_id in [hit["id"] for hit in found["hits"]]


def test_an_archive_on_a_server_from_the_bundle(bundle, sandbox, pg_cluster):
    """The bundle's psycopg (with the libpq its wheel carries) reaches a PostgreSQL server: an
    archive made there, a document added through the worker processes and found. With the
    network on, as on an office LAN (the server is another machine's, not the internet)."""
    pg_cluster.admin("CREATE DATABASE from_bundle")
    url = pg_cluster.url("from_bundle")
    on_the_lan = dict(sandbox, prefix=[])
    run(bundle, on_the_lan, "evidence-app", "init", url)
    note = sandbox["cwd"] / "服务器纪要.txt"
    note.write_text("打包服务器测试：综治中心例会纪要\n", encoding="utf-8")
    data = last_json(run(bundle, on_the_lan, "evidence-app", "add", url, note, "--json"))
    assert not data["errors"], data["errors"]
    doc_id = data["added"][0]["id"]
    found = last_json(run(bundle, on_the_lan, "evidence-app", "search", url, "综治中心例会",
                          "--json"))
    assert doc_id in [hit["id"] for hit in found["hits"]]
    assert "archive OK" in run(bundle, on_the_lan, "evidence-app", "check", url).stdout


@pytest.mark.parametrize("exe, args", [("evidence-app", ["gui"]), ("evidence-app-gui", [])],
                         ids=["cli-gui", "gui"])
def test_main_window_renders_offscreen(bundle, sandbox, demo, exe, args):
    shot = sandbox["cwd"] / f"{exe}.png"
    run(bundle, sandbox, exe, *args, demo, "--screenshot", shot)
    assert shot.is_file() and shot.stat().st_size > 1000
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
