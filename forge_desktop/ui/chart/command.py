"""``forge-desktop chart``: the window's chart rendered headless, for reports and scripts."""

from __future__ import annotations

import argparse
import os
import sys

from sqlalchemy.orm import Session

from ...core import columnar
from ...core.cli import UsageError, build_query
from ...core.country_totals import country_totals
from ...core.exports import atomic_file
from ...core.query import Query, known_terms, validate
from ...core.timeline import timeline
from .export import export_chart
from .map_data import map_picture
from .map_view import MapView
from .options import MAP, TIMELINE, ChartOptions, chart_totals
from .timeline_view import TimelineView


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
    view = MAP if args.map else TIMELINE if args.timeline else args.by
    options = ChartOptions(view=view, stack=args.stack, log=args.log,
                           include_conditional=not args.exclude_conditional,
                           cumulative=args.cumulative, dark=args.theme == "dark")
    app = QApplication.instance() or QApplication([])
    with columnar.analytics_session(args.db) as session:
        validate(query, known_terms(session))
        if options.map:
            data = _map(session, query, options, size, args.format)
        elif options.timeline:
            data = _timeline(session, query, options, size, args.format)
        else:
            result = chart_totals(session, query, options)
    if options.map or options.timeline:
        with atomic_file(args.output, binary=True) as handle:
            handle.write(data)
    else:
        export_chart(result, options, args.output, args.format, size, title=options.grouping.title)
    print(f"wrote {args.format} chart ({size[0]}x{size[1]}) to {args.output}", file=sys.stderr)
    app.processEvents()
    return 0


def _map(session: Session, query: Query, options: ChartOptions, size: tuple[int, int], fmt: str) -> bytes:
    """The world map as the window's chart draws it, with its title and footnote."""
    result = country_totals(session, query, include_conditional=options.include_conditional)
    view = MapView()
    picture = map_picture(result, options, view.shapes)
    view.set_data(picture.values, log=options.log, dark=options.dark, no_shape=picture.no_shape)
    if not picture.has_money:
        view.show_message("No dollar amounts in these rows.")
    title = "Committed USD by country"
    return (view.render_svg(*size, title, picture.footnote) if fmt == "svg"
            else view.render_png(*size, title, picture.footnote))


def _timeline(session: Session, query: Query, options: ChartOptions, size: tuple[int, int], fmt: str) -> bytes:
    """The timeline, whole, as the window's chart draws it, with its footnote."""
    result = timeline(session, query, lane_by=options.lane_by, include_conditional=options.include_conditional)
    view = TimelineView()
    view.resize(*size)
    view.draw(result, lane_by=options.lane_by, dark=options.dark, log=options.log)
    title = "Commitments over time"
    return view.render_svg(*size, title) if fmt == "svg" else view.render_png(*size, title)
