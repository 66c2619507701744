"""Entry of the bundled ``evidence-app-gui`` executable (windowed): the desktop app.

A windowed build on Windows has no console, so ``sys.stdout``/``sys.stderr`` are None there;
they are pointed at os.devnull so a stray print() or warning cannot raise.
"""

import os
import sys

if __name__ == "__main__":
    from evidence_app.frozen import prepare_process

    prepare_process()  # first: this may be a worker process, which runs and exits here
    for _name in ("stdout", "stderr"):
        if getattr(sys, _name) is None:
            setattr(sys, _name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115
    from evidence_app.ui.app import main

    sys.exit(main())
