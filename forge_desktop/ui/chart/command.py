"""``forge-desktop chart``: the window's chart rendered headless, for reports and scripts."""

from __future__ import annotations

import argparse
import os
import sys

from ...core import database
from ...core.cli import UsageError, build_query
from ...core.query import known_terms, validate
from .export import export_chart
from .options import ChartOptions, chart_totals


def parse_size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise UsageError(f"--size {text!r}: write WIDTHxHEIGHT, e.g. 1200x700") from None
    if not (100 <= width <= 10000 and 100 <= height <= 10000):
        raise UsageError(f"--size {text!r}: each side must be between 100 and 10000 pixels")
    return width, height


def run(args: argparse.Namespace) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # no window, no display needed
    from PySide6.QtWidgets import QApplication

    size = parse_size(args.size)
    query = build_query(args, "financing")
    options = ChartOptions(view=args.by, stack=args.stack, log=args.log,
                           include_conditional=not args.exclude_conditional,
                           cumulative=args.cumulative, dark=args.theme == "dark")
    app = QApplication.instance() or QApplication([])
    with database.session_scope(args.db) as session:
        validate(query, known_terms(session))
        result = chart_totals(session, query, options)
    export_chart(result, options, args.output, args.format, size, title=options.grouping.title)
    print(f"wrote {args.format} chart ({size[0]}x{size[1]}) to {args.output}", file=sys.stderr)
    app.processEvents()
    return 0
