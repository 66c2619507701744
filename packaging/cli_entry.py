"""Entry of the bundled ``evidence-app`` executable (console): the command line."""

import sys

if __name__ == "__main__":
    from evidence_app.frozen import prepare_process

    prepare_process()  # first: this may be a worker process, which runs and exits here
    from evidence_app.cli import main

    sys.exit(main())
