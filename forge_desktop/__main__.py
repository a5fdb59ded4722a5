"""``forge-desktop`` and ``python -m forge_desktop``: commands, or the window by default."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from .core import cli


def _launch_gui(db_url: str | None) -> int:
    from .ui.app import run  # Qt loads only when the window is wanted

    return run(db_url)


def _render_chart(args: argparse.Namespace) -> int:
    from .ui.chart.command import run

    return run(args)


def main(argv: Sequence[str] | None = None) -> int:
    return cli.main(argv, launch_gui=_launch_gui, render_chart=_render_chart)


if __name__ == "__main__":
    sys.exit(main())
