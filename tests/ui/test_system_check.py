"""Before the window: the X11 libraries Qt's xcb plugin cannot find, named as the Debian
packages to install, in one line instead of Qt's abort."""

from __future__ import annotations

import pytest

from forge_desktop.ui import app, system_check

LDD = """\
\tlinux-vdso.so.1 (0x00007ffd)
\tlibQt6XcbQpa.so.6 => /x/PySide6/Qt/lib/libQt6XcbQpa.so.6 (0x00007f)
\tlibxcb-icccm.so.4 => not found
\tlibxcb-keysyms.so.1 => not found
\tlibxkbcommon-x11.so.0 => not found
\tlibEGL.so.1 => not found
\tlibxcb-icccm.so.4 => not found
"""


def test_ldd_output_names_each_missing_library_once():
    assert system_check.missing_libraries(LDD) == [
        "libxcb-icccm.so.4", "libxcb-keysyms.so.1", "libxkbcommon-x11.so.0", "libEGL.so.1"]


@pytest.mark.parametrize("soname, package", [
    ("libxcb-icccm.so.4", "libxcb-icccm4"), ("libxcb-cursor.so.0", "libxcb-cursor0"),
    ("libxkbcommon-x11.so.0", "libxkbcommon-x11-0"), ("libEGL.so.1", "libegl1"),
    ("libdbus-1.so.3", "libdbus-1-3"), ("libxcb-render-util.so.0", "libxcb-render-util0"),
    ("libfontconfig.so.1.12.0", "libfontconfig1"), ("odd-name", "odd-name"),
])
def test_debian_package_names(soname, package):
    assert system_check.debian_package(soname) == package


def test_no_check_when_the_window_does_not_use_xcb(monkeypatch):
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    assert system_check.missing_packages() == []


def test_the_real_plugin_is_checked_with_ldd(monkeypatch):
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    found = system_check.missing_packages()  # on this machine: whatever it lacks, as packages
    assert all(name.startswith("lib") and " " not in name for name in found)


def test_the_app_stops_with_one_line_before_qt_aborts(monkeypatch, capsys):
    monkeypatch.setattr(system_check, "missing_packages", lambda: ["libxcb-icccm4", "libxcb-keysyms1"])
    assert app.run("sqlite://") == 1
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0
    assert err.endswith("sudo apt install libxcb-icccm4 libxcb-keysyms1")
