"""Start-up of the bundled executables (PyInstaller); a no-op from a checkout.

Both executables call :func:`prepare_process` before anything else: worker processes (the
import pool's forkserver, the volume builder's spawn workers) are the same executable started
again with multiprocessing's own arguments, which ``freeze_support()`` recognises and runs.
"""

from __future__ import annotations

import multiprocessing
import os
import sys


def _restore_library_path() -> None:
    """Give programs we start (LibreOffice) the library path the user had, not ours.

    On Linux the bootloader puts _internal/ first on LD_LIBRARY_PATH (saving any earlier
    value as LD_LIBRARY_PATH_ORIG). The dynamic loader of this process read it at start-up
    already, so taking it back out of the environment changes nothing here; it only keeps
    LibreOffice from loading our copies of libstdc++, glib or X11 instead of its own. Our own
    worker processes are this executable again, and get it again from the bootloader.
    """
    if not getattr(sys, "frozen", False) or not sys.platform.startswith("linux"):
        return
    original = os.environ.pop("LD_LIBRARY_PATH_ORIG", None)
    if original is not None:
        os.environ["LD_LIBRARY_PATH"] = original
    else:
        os.environ.pop("LD_LIBRARY_PATH", None)


def prepare_process() -> None:
    """Run a worker and exit if this process is one; otherwise set up the environment."""
    _restore_library_path()
    multiprocessing.freeze_support()
