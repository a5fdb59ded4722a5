"""``forge-desktop chart``: the window's chart, headless. Run in this process (pytest-qt's
QApplication is the one the command finds), but for one smoke test of the real command."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass

import pytest
from PySide6.QtGui import QImage

from forge_desktop.__main__ import main


@dataclass(frozen=True)
class Ran:
    returncode: int
    stderr: str


@pytest.fixture
def run_cli(qapp, capfd, monkeypatch):
    """Run ``chart --db URL ARGS`` in *cwd*; its exit code and what it wrote to stderr."""

    def run(db_url: str, cwd, *args: str) -> Ran:
        monkeypatch.chdir(cwd)
        capfd.readouterr()  # what came before is not the command's
        code = main(["chart", "--db", db_url, *args])
        return Ran(code, capfd.readouterr().err)

    return run


@pytest.mark.parametrize("view", ["agency", "mineral", "location", "month"])
def test_cli_renders_every_view(run_cli, db_url, tmp_path, view):
    out = tmp_path / f"{view}.png"
    result = run_cli(db_url, tmp_path, "--by", view, "--size", "640x400", "-o", str(out))
    assert result.returncode == 0, result.stderr
    image = QImage(str(out))
    assert (image.width(), image.height()) == (640, 400)


def test_cli_svg_with_filters_log_and_dark(run_cli, db_url, tmp_path):
    out = tmp_path / "dod.svg"
    result = run_cli(db_url, tmp_path, "--where", "agency = DOD", "--stack", "instrument", "--log",
                     "--theme", "dark", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert re.search(r'viewBox="0 0 1200 700"', out.read_text(encoding="utf-8"))


@pytest.mark.parametrize(("args", "message"), [
    (("--size", "big", "-o", "x.png"), "WIDTHxHEIGHT"),
    (("-o", "x.pdf"), ".png or .svg"),
    (("--where", "agency = NASA", "-o", "x.png"), "'NASA'"),
    (("--by", "colour", "-o", "x.png"), "invalid choice"),
])
def test_cli_bad_input_is_one_line(run_cli, db_url, tmp_path, args, message):
    work = tmp_path / "work"
    work.mkdir()
    result = run_cli(db_url, work, *args)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0]
    assert not list(work.iterdir())  # nothing written


def test_python_dash_m_renders_without_a_display(db_url, tmp_path):
    """The real command in a process of its own, told nothing about Qt: it picks offscreen."""
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    out = tmp_path / "chart.png"
    result = subprocess.run([sys.executable, "-m", "forge_desktop", "chart", "--db", db_url,
                             "--size", "640x400", "-o", str(out)],
                            capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    assert f"wrote png chart (640x400) to {out}" in result.stderr
    image = QImage(str(out))
    assert (image.width(), image.height()) == (640, 400)
