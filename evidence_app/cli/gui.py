"""`evidence-app gui [ARCHIVE] [--screenshot FILE.png]`: open the desktop window."""

from __future__ import annotations


def cmd_gui(args) -> int:
    from ..ui.app import run  # Qt is imported only when the window is wanted

    return run(args.gui_archive, args.screenshot, args.lang)


def register(command) -> None:
    """Add `gui`."""
    p = command("gui", cmd_gui, "open the desktop window (the last archive if none is given)",
                archive=False)
    p.add_argument("gui_archive", nargs="?", metavar="ARCHIVE",
                   help="the archive folder, or a server archive's postgresql:// address")
    p.add_argument("--screenshot", metavar="FILE.png",
                   help="render the window offscreen, save the picture and exit")
    p.add_argument("--lang", choices=["zh_CN", "en"], help="UI language")
