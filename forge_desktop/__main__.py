"""``forge-desktop`` and ``python -m forge_desktop``: commands, or the window by default."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from .core import cli


def main(argv: Sequence[str] | None = None) -> int:
    return cli.main(argv, launch_gui=None)


if __name__ == "__main__":
    sys.exit(main())
