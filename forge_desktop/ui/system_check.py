"""Before the window opens: the system libraries Qt's X11 platform plugin needs.

PySide6's wheel brings Qt but not the X11 libraries its ``xcb`` plugin links to. Without
one, Qt aborts the process (exit 134) with a misleading "xcb-cursor0 or libxcb-cursor0 is
needed" even when the one missing is ``libxcb-icccm4``. Asking ``ldd`` which of the plugin's
libraries cannot be found names exactly the packages to install, in one line, before Qt
starts. Nothing here imports Qt.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

# The plugin and the library holding most of its code; both link to the X11 libraries.
_PLUGIN_FILES = ("Qt/plugins/platforms/libqxcb.so", "Qt/lib/libQt6XcbQpa.so.6")
_NOT_FOUND = re.compile(r"^\s*(\S+)\s+=>\s+not found", re.MULTILINE)


def debian_package(soname: str) -> str:
    """The Debian/Ubuntu package that ships *soname*, by Debian's naming policy:
    ``libxcb-icccm.so.4`` → ``libxcb-icccm4``, ``libxkbcommon-x11.so.0`` → ``libxkbcommon-x11-0``,
    ``libEGL.so.1`` → ``libegl1``."""
    match = re.fullmatch(r"(lib[^/]+?)\.so\.(\d+)(?:\.\d+)*", soname)
    if match is None:
        return soname
    name, version = match[1].lower(), match[2]
    return f"{name}-{version}" if name[-1].isdigit() else f"{name}{version}"


def missing_libraries(ldd_output: str) -> list[str]:
    """The libraries ``ldd`` reports as not found, each once, in its order."""
    return list(dict.fromkeys(_NOT_FOUND.findall(ldd_output)))


def _uses_xcb() -> bool:
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform:
        return platform.split(":")[0].split(";")[0] == "xcb"
    return sys.platform.startswith("linux") and not os.environ.get("WAYLAND_DISPLAY")


def missing_packages() -> list[str]:
    """The Debian packages Qt's xcb plugin still needs here; empty when it needs none, when
    the window will not use xcb, or when this cannot be told (no ldd, no plugin)."""
    spec = importlib.util.find_spec("PySide6")
    ldd = shutil.which("ldd")
    if not _uses_xcb() or spec is None or spec.origin is None or ldd is None:
        return []
    root = Path(spec.origin).parent
    output = ""
    for name in _PLUGIN_FILES:
        path = root / name
        if path.exists():
            try:
                output += subprocess.run([ldd, str(path)], capture_output=True, text=True,
                                         timeout=20, check=False).stdout
            except (OSError, subprocess.SubprocessError):
                return []
    return [debian_package(lib) for lib in missing_libraries(output)]


def message(packages: list[str]) -> str:
    return ("forge-desktop: the window needs system libraries that are not installed; on "
            f"Debian or Ubuntu: sudo apt install {' '.join(packages)}")
