"""A real, throwaway PostgreSQL server for one test run (never a mock).

The test run's controller starts it in a temporary folder on a free 127.0.0.1 port and stops
it at the end; the xdist workers find its URL in ``FORGE_TEST_POSTGRES``. Set that variable
yourself to test against a server you run. The binaries come from Debian's ``postgresql``
package (``make test`` installs it where it is missing and it may: see the README).
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

ENV_URL = "FORGE_TEST_POSTGRES"
ENV_SKIP = "FORGE_TEST_POSTGRES_SKIPPED"  # why the server could not start, for the workers


def _binaries() -> Path | None:
    """The folder holding initdb and pg_ctl: on PATH, else Debian's versioned folder."""
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(found).resolve().parent
    for folder in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if Path(folder, "initdb").exists() and Path(folder, "pg_ctl").exists():
            return Path(folder)
    return None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Server:
    url: str
    folder: Path
    pg_ctl: list[str]

    def stop(self) -> None:
        subprocess.run([*self.pg_ctl, "stop", "-m", "immediate", "-w"],
                       capture_output=True, check=False, timeout=60)
        shutil.rmtree(self.folder, ignore_errors=True)


def start() -> Server:
    """Start a server; raises RuntimeError saying why it cannot."""
    binaries = _binaries()
    if binaries is None:
        raise RuntimeError("no PostgreSQL server binaries (initdb, pg_ctl) on this machine; "
                           "install Debian's postgresql package (make test does, as root)")
    folder = Path(tempfile.mkdtemp(prefix="forge-pg-"))
    data = folder / "data"
    run_as: list[str] = []
    if os.geteuid() == 0:  # initdb refuses to run as root: run the server as 'postgres'
        try:
            user = pwd.getpwnam("postgres")
        except KeyError:
            raise RuntimeError("running as root and there is no 'postgres' user to run the "
                               "server as") from None
        os.chown(folder, user.pw_uid, user.pw_gid)
        run_as = ["runuser", "-u", "postgres", "--"]
    port = _free_port()
    initdb = [*run_as, str(binaries / "initdb"), "-D", str(data), "-U", "postgres",
              "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8"]
    done = subprocess.run(initdb, capture_output=True, text=True, check=False, timeout=300)
    if done.returncode != 0:
        shutil.rmtree(folder, ignore_errors=True)
        raise RuntimeError(f"initdb failed: {done.stderr.strip() or done.stdout.strip()}")
    options = (f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off "
               "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200")
    pg_ctl = [*run_as, str(binaries / "pg_ctl"), "-D", str(data)]
    done = subprocess.run([*pg_ctl, "-o", options, "-l", str(folder / "server.log"), "-w",
                           "start"], capture_output=True, text=True, check=False, timeout=120)
    if done.returncode != 0:
        log = (folder / "server.log").read_text(errors="replace")[-500:]
        shutil.rmtree(folder, ignore_errors=True)
        raise RuntimeError(f"the server did not start: {log.strip() or done.stderr.strip()}")
    return Server(f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres", folder, pg_ctl)
