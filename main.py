"""Start the Evidence Archive Compiler window: ``python main.py [ARCHIVE] [--screenshot FILE]``."""

import sys

from evidence_app.ui.app import main

if __name__ == "__main__":
    sys.exit(main())
