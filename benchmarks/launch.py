"""How long `forge-desktop` takes from process start to the first table row on screen.

Each run is a fresh process, started the way a user starts the app (``python -m
forge_desktop``'s ``main``), with its own data and config folders (XDG_* pointed at a
temporary directory), so nothing of the user's own database or settings is read or written:

* **cold** — no database file yet: the first launch after installing;
* **warm** — the database and the settings file a previous launch left.

The child process installs an event filter before the window exists and notes two moments
on the system-wide monotonic clock the parent also reads: the first paint of the main
window (the user sees a window) and the first paint of a table viewport that has rows (the
user sees data), and the CPU time the process had used by then (which other work on a
shared machine changes far less than the wall clock). The parent notes the clock just
before it starts the process, so the figures include the interpreter's start and every
import. The child then closes the window as a user would (its settings are saved) and exits.

    python -m benchmarks.launch [--runs 5] [--platform offscreen]

It prints, per mode, the median and the spread (min–max) in milliseconds of both moments
and of the CPU time, then the per-run figures.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

MARK = "LAUNCH-TIMES "  # the child's one line of results on stdout
TIMEOUT_S = 120


def _child() -> int:
    """Run the app as `forge-desktop` does, noting when the window and the first row paint.

    The entry point runs as it does for a user (it loads the core, then, for the window,
    Qt): the watcher is installed at the moment the entry point goes for the window, so
    nothing is imported in another order than the app's (PySide6 reads the source of every
    module imported after it, looking for ``from __feature__ import``: importing Qt first
    would make every import slower)."""
    import importlib

    entry = importlib.import_module("forge_desktop.__main__")
    launch_gui = entry._launch_gui
    moments: dict[str, float] = {}

    def watched_launch(db_url: str | None) -> int:
        from PySide6.QtCore import QEvent, QObject, QTimer
        from PySide6.QtWidgets import QAbstractItemView, QApplication, QMainWindow

        app = QApplication.instance() or QApplication([sys.argv[0]])

        class PaintWatcher(QObject):
            def eventFilter(self, watched: QObject, event: QEvent) -> bool:
                if event.type() != QEvent.Type.Paint:
                    return False
                if "window" not in moments and isinstance(watched, QMainWindow):
                    moments["window"] = time.monotonic()
                view = watched.parent()
                if (isinstance(view, QAbstractItemView) and watched is view.viewport()
                        and view.model() is not None and view.model().rowCount() > 0
                        and "row" not in moments):
                    # The paint runs after this filter returns: note the moment after it.
                    QTimer.singleShot(0, lambda: self._painted(view))
                return False

            def _painted(self, view: QAbstractItemView) -> None:
                if "row" in moments:
                    return
                moments["row"] = time.monotonic()
                cpu = time.process_time()  # every thread's, from the process start
                print(MARK + json.dumps({**moments, "cpu": cpu}), flush=True)
                view.window().close()  # as a user would: the window saves its settings
                QTimer.singleShot(0, app.quit)

        watcher = PaintWatcher()
        app.installEventFilter(watcher)
        return launch_gui(db_url)

    entry._launch_gui = watched_launch
    return int(entry.main([]))


def launch_once(home: Path, qpa: str) -> dict[str, float]:
    """One launch in *home*: when the window and the first row painted, in ms after the
    process was started, and the CPU time the process had used by then."""
    import os
    import subprocess

    env = dict(os.environ)
    for name in ("DATA", "CONFIG", "CACHE", "STATE"):
        env[f"XDG_{name}_HOME"] = str(home / name.lower())
    env.pop("FORGE_DB_URL", None)
    # As installed: pip compiles the package's bytecode, so no launch recompiles its modules.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["QT_QPA_PLATFORM"] = qpa
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "benchmarks.launch", "--child"], env=env,
                          capture_output=True, text=True, timeout=TIMEOUT_S, check=False,
                          cwd=Path(__file__).resolve().parents[1])
    line = next((ln for ln in done.stdout.splitlines() if ln.startswith(MARK)), None)
    if line is None:
        raise RuntimeError(f"the app showed no row (exit {done.returncode}):\n{done.stderr[-2000:]}")
    moments = json.loads(line[len(MARK):])
    cpu = moments.pop("cpu")
    times = {name: round((moment - started) * 1000, 1) for name, moment in moments.items()}
    return {**times, "cpu": round(cpu * 1000, 1)}


def measure(runs: int, qpa: str) -> dict[str, list[dict[str, float]]]:
    """*runs* cold and warm launches, taken in turn (so a busy spell hits both alike)."""
    import shutil
    import tempfile

    results: dict[str, list[dict[str, float]]] = {"cold": [], "warm": []}
    with tempfile.TemporaryDirectory(prefix="forge-launch-") as tmp:
        warm_home = Path(tmp) / "warm"
        launch_once(warm_home, qpa)  # builds the database and writes the settings
        for run in range(runs):
            cold_home = Path(tmp) / f"cold-{run}"
            results["cold"].append(launch_once(cold_home, qpa))
            shutil.rmtree(cold_home)
            results["warm"].append(launch_once(warm_home, qpa))
    return results


def _summary(samples: list[float]) -> str:
    import statistics

    return f"{statistics.median(samples):,.0f} ({min(samples):,.0f}–{max(samples):,.0f})"


def report(results: dict[str, list[dict[str, float]]]) -> str:
    lines = ["ms, median (min–max):", "",
             "| launch | window painted | first row painted | CPU time to first row |",
             "|---|---:|---:|---:|"]
    for mode, rows in results.items():
        lines.append(f"| {mode} | {_summary([r['window'] for r in rows])} "
                     f"| {_summary([r['row'] for r in rows])} "
                     f"| {_summary([r['cpu'] for r in rows])} |")
    lines.append("")
    for mode, rows in results.items():
        lines.append(f"{mode} runs (window / row / CPU): " + ", ".join(
            f"{r['window']:,.0f} / {r['row']:,.0f} / {r['cpu']:,.0f}" for r in rows))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    import argparse
    import os
    import platform

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="launches per mode (default 5)")
    parser.add_argument("--platform", default=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
                        help="the Qt platform plugin (default offscreen, or $QT_QPA_PLATFORM)")
    args = parser.parse_args(argv)
    print(f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"Qt platform {args.platform}, {args.runs} runs per mode", flush=True)
    print(report(measure(args.runs, args.platform)))
    return 0


if __name__ == "__main__":
    sys.exit(_child() if sys.argv[1:] == ["--child"] else main())
