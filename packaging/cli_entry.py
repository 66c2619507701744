"""Entry of the bundled ``evidence-app`` executable (console): the command line.

``multiprocessing.freeze_support()`` must run first: the import workers (forkserver) and the
volume workers (spawn) are started by running this same executable again with
multiprocessing's own arguments; freeze_support() recognises those, runs the worker (or the
fork server / resource tracker) and exits, before the command line is ever parsed.
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
    from evidence_app.cli import main

    sys.exit(main())
