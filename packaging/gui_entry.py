"""Entry of the bundled ``evidence-app-gui`` executable (windowed): the desktop app.

``multiprocessing.freeze_support()`` comes first, as in cli_entry.py: worker processes are
this executable started again. A windowed build on Windows has no console, so
``sys.stdout``/``sys.stderr`` are None there; they are pointed at os.devnull so a stray
print() or warning cannot raise.
"""

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


if __name__ == "__main__":
    _restore_library_path()
    multiprocessing.freeze_support()
    for _name in ("stdout", "stderr"):
        if getattr(sys, _name) is None:
            setattr(sys, _name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115
    from evidence_app.ui.app import main

    sys.exit(main())
