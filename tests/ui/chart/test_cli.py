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


def _pixel_colours(image: QImage, step: int = 7) -> set[int]:
    return {image.pixel(x, y) for x in range(0, image.width(), step) for y in range(0, image.height(), step)}


def test_cli_draws_the_world_map_by_country(run_cli, db_url, tmp_path):
    everything, dod = tmp_path / "map.png", tmp_path / "dod.png"
    result = run_cli(db_url, tmp_path, "--by", "country", "--map", "--size", "900x500", "-o", str(everything))
    assert result.returncode == 0, result.stderr
    image = QImage(str(everything))
    assert (image.width(), image.height()) == (900, 500)
    assert run_cli(db_url, tmp_path, "--map", "--where", "agency = DOD", "--size", "900x500",
                   "-o", str(dod)).returncode == 0
    assert everything.read_bytes() != dod.read_bytes()  # the filter is drawn
    assert len(_pixel_colours(image)) > 20  # shaded countries, a legend, text: not a blank page
    svg = tmp_path / "map.svg"
    assert run_cli(db_url, tmp_path, "--map", "--theme", "dark", "--log", "-o", str(svg)).returncode == 0
    text = svg.read_text(encoding="utf-8")
    assert "<title>Committed USD by country</title>" in text and "co-financing is not counted" in text


def test_cli_draws_the_timeline(run_cli, db_url, tmp_path):
    out = tmp_path / "timeline.svg"
    result = run_cli(db_url, tmp_path, "--timeline", "--stack", "agency", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "dated records drawn" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize("args, message", [
    (("--map", "--by", "agency"), "--map draws countries, not --by agency"),
    (("--timeline", "--by", "mineral"), "--timeline draws records over time, not --by mineral"),
    (("--map", "--timeline"), "not allowed with argument --map"),
])
def test_cli_refuses_a_map_or_timeline_of_something_else(run_cli, db_url, tmp_path, args, message):
    out = tmp_path / "x.png"
    result = run_cli(db_url, tmp_path, *args, "-o", str(out))
    assert result.returncode == 2 and message in result.stderr
    assert not out.exists()
