"""``forge-desktop`` and ``python -m forge_desktop``: commands, or the window by default."""

from __future__ import annotations

import argparse
import contextlib
import gc
import sys
from collections.abc import Iterator, Sequence


@contextlib.contextmanager
def _loading_modules() -> Iterator[None]:
    """No garbage collection while modules load: SQLAlchemy's and Qt's make tens of thousands
    of objects and nothing to collect, and the collector's passes over them cost a launch
    about a tenth of a second (benchmarks/launch.py)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _launch_gui(db_url: str | None) -> int:
    with _loading_modules():
        from .ui.app import run  # Qt loads only when the window is wanted

    return run(db_url)


def _render_chart(args: argparse.Namespace) -> int:
    from .ui.chart.command import run

    return run(args)


def main(argv: Sequence[str] | None = None) -> int:
    with _loading_modules():
        from .core import cli

    return cli.main(argv, launch_gui=_launch_gui, render_chart=_render_chart)


if __name__ == "__main__":
    sys.exit(main())
