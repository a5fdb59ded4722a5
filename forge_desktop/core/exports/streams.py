"""Where exported rows go: a file that appears whole or not at all, progress and Cancel."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any, TypeVar

from ..errors import ForgeError

PROGRESS_EVERY = 1000

Progress = Callable[[int], bool]  # rows written so far → False to cancel
Row = TypeVar("Row")


class ExportError(ForgeError, RuntimeError):
    """The export could not be written; nothing was left behind."""


class ExportCancelled(ExportError):
    def __init__(self) -> None:
        super().__init__("export cancelled; no file was written")


@contextlib.contextmanager
def atomic_file(path: str | Path, *, binary: bool = False, bom: bool = False) -> Iterator[IO[Any]]:
    """Open a temporary file beside *path*; rename it over *path* only if the block succeeds."""
    target = Path(path)
    if target.is_dir():
        raise ExportError(f"cannot write {target}: it is a folder; give a file name")
    if not target.parent.is_dir():
        raise ExportError(f"cannot write {target}: the folder {target.parent} does not exist")
    try:
        fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    except OSError as exc:
        raise ExportError(f"cannot write to {target.parent}: {exc.strerror or exc}") from exc
    tmp = Path(tmp_name)
    try:
        handle: IO[Any] = (os.fdopen(fd, "wb") if binary else
                           os.fdopen(fd, "w", encoding="utf-8-sig" if bom else "utf-8", newline=""))
        with handle:
            yield handle
        os.chmod(tmp, _file_mode(target))  # mkstemp makes 0600; a user's file is not secret
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ExportError(f"cannot write {target}: {exc.strerror or exc}") from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _file_mode(target: Path) -> int:
    """The existing file's mode, or what a new file gets under the user's umask."""
    if target.exists():
        return target.stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def reporting_progress(rows: Iterable[Row], progress: Progress | None) -> Iterator[Row]:
    """*rows*, telling *progress* every so often how many have passed; it answers False to
    cancel, which raises :class:`ExportCancelled` (so the file is never renamed into place)."""
    for n, row in enumerate(rows, 1):
        yield row
        if progress is not None and n % PROGRESS_EVERY == 0 and progress(n) is False:
            raise ExportCancelled()
