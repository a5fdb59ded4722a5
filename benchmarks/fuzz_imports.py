"""The importer's long fuzz run: 10,000+ generated files through the real import.

The files come from the strategies of ``tests/fuzz/strategies.py`` (hostile CSV, JSON and
XLSX, valid exports with edited rows, mutations of them), memory bombs included: each worker
runs under a memory limit (``--memory-gb``) and a time limit per file (``--seconds``), so a
bomb that goes off is a recorded crash (MemoryError) or hang, not a dead machine.

Each file goes through the core API (plan, apply a clean plan, roll back) on a scratch copy
of the curated database, restored by copying the file back after anything that changed it;
every ``--cli-every``-th file also through the command line (in this process), which checks
the refusal's report and, for a valid export, the round trip. Prints the files tried, refused,
accepted, crashes and partial writes, and each distinct failure. Every failing file is written
to ``/tmp/forge-fuzz-crashes/`` (one folder per distinct failure, with what happened), and the
first file of each crash is shrunk to a small one that still crashes the same way
(``minimal-…``).

    python -m benchmarks.fuzz_imports [--files 10000] [--workers 2] [--seconds 30]
"""

from __future__ import annotations

import argparse
import ast
import collections
import concurrent.futures
import hashlib
import multiprocessing
import os
import re
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.setrecursionlimit(max(sys.getrecursionlimit(), 1_000))

CRASHES = Path("/tmp/forge-fuzz-crashes")
COUNTED = ("tried", "refused", "accepted", "crashes", "hangs", "partial writes", "bad refusals",
           "round-trip failures")
VERDICT_COUNTER = {"accepted": "accepted", "refused": "refused", "crash": "crashes", "hang": "hangs",
                   "partial": "partial writes", "shape": "bad refusals", "roundtrip": "round-trip failures"}


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-")[:80] or "failure"


def _save(file: Any, outcome: Any) -> Path:
    folder = CRASHES / f"{outcome.verdict}-{_slug(outcome.signature)}"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{hashlib.sha256(file.data).hexdigest()[:16]}-{file.name}"
    path.write_bytes(file.data)
    (folder / f"{path.name}.txt").write_text(
        f"kind: {file.kind}\nargs: {file.args}\nsignature: {outcome.signature}\n\n{outcome}\n\n"
        f"stderr:\n{outcome.stderr}\n", encoding="utf-8", errors="replace")
    return path


def _limit_memory(gigabytes: float) -> None:
    limit = int(gigabytes * 2**30)
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def worker(index: int, files: int, pristine: str, options: dict[str, Any]) -> dict[str, Any]:
    """Fuzz *files* files on a scratch copy of *pristine*: the counts and the failures."""
    from hypothesis import HealthCheck, Phase, given, seed, settings

    from tests.fuzz.harness import ScratchDb, check_file
    from tests.fuzz.strategies import fuzz_files, load_seed

    _limit_memory(options["memory_gb"])
    folder = Path(tempfile.mkdtemp(prefix=f"forge-fuzz-{index}-"))
    db = ScratchDb(Path(pristine), folder)
    data = load_seed(db.url)
    counts: collections.Counter[str] = collections.Counter()
    failures: dict[str, dict[str, Any]] = {}
    kinds: collections.Counter[str] = collections.Counter()
    started = time.perf_counter()

    @seed(options["seed"] + index)
    @settings(max_examples=files, deadline=None, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(file=fuzz_files(data, memory_bombs=True))
    def run(file: Any) -> None:
        number = counts["tried"]
        counts["tried"] += 1
        kinds[file.kind.split(":")[0]] += 1
        cli = number % options["cli_every"] == 0 or file.expected is not None
        try:
            report = check_file(db, folder, file, cli=cli, core=True, seconds=options["seconds"])
        except MemoryError:
            db.restore()
            counts["crashes"] += 1
            return
        counts[VERDICT_COUNTER[report.verdict]] += 1
        for outcome in report.failures:
            key = f"{outcome.verdict}|{outcome.signature}"
            entry = failures.setdefault(key, {"verdict": outcome.verdict, "signature": outcome.signature,
                                              "via": outcome.via, "count": 0, "first": None,
                                              "detail": outcome.detail[:4000], "kinds": set()})
            entry["count"] += 1
            entry["kinds"].add(file.kind.split(":")[0])
            if entry["count"] <= 3:
                saved = _save(file, outcome)
                entry["first"] = entry["first"] or str(saved)
        if index == 0 and counts["tried"] % 500 == 0:
            print(f"  worker 0: {counts['tried']:,} files, {time.perf_counter() - started:.0f} s",
                  file=sys.stderr, flush=True)

    try:
        run()
    finally:
        db.close()
        shutil.rmtree(folder, ignore_errors=True)
    return {"counts": dict(counts), "failures": failures, "kinds": dict(kinds),
            "seconds": time.perf_counter() - started}


def _reproduces(path: Path, data: bytes, signature: str, via: str, args: tuple[str, ...],
                db: Any, folder: Path, seconds: float) -> bool:
    from tests.fuzz.harness import run_cli, run_core

    target = folder / path.name
    target.write_bytes(data)
    try:
        if via == "core":
            outcome = run_core(db, target, _core_options(args), seconds=seconds)
        else:
            outcome = run_cli(db, target, args, seconds=seconds)
    except MemoryError:
        return False
    finally:
        db.restore()
    return outcome.signature == signature


def _core_options(args: tuple[str, ...]) -> dict[str, Any]:
    names = {"--encoding": "encoding", "--delimiter": "delimiter", "--format": "fmt"}
    return {names[args[i]]: args[i + 1] for i in range(0, len(args) - 1, 2) if args[i] in names}


def minimize(first: Path, signature: str, via: str, db: Any, folder: Path, *, budget: float = 60.0,
             seconds: float = 10.0) -> Path | None:
    """Delete byte ranges while the file still fails with *signature* (a ddmin, bounded)."""
    notes = Path(f"{first}.txt").read_text(encoding="utf-8", errors="replace")
    found = re.search(r"^args: (.*)$", notes, re.M)
    args: tuple[str, ...] = ast.literal_eval(found.group(1)) if found else ()
    data = first.read_bytes()
    if not _reproduces(first, data, signature, via, args, db, folder, seconds):
        return None
    deadline = time.monotonic() + budget
    chunk = max(1, len(data) // 2)
    while chunk >= 1 and time.monotonic() < deadline:
        start, shrunk = 0, False
        while start < len(data) and time.monotonic() < deadline:
            candidate = data[:start] + data[start + chunk:]
            if candidate and _reproduces(first, candidate, signature, via, args, db, folder, seconds):
                data, shrunk = candidate, True
            else:
                start += chunk
        if not shrunk:
            chunk //= 2
    path = first.parent / f"minimal-{first.name}"
    path.write_bytes(data)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=30.0, help="per file; longer is a hang")
    parser.add_argument("--cli-every", type=int, default=4, help="every Nth file also via the CLI")
    parser.add_argument("--memory-gb", type=float, default=4.0, help="each worker's address space")
    parser.add_argument("--seed", type=int, default=20_251_203)
    parser.add_argument("--no-minimize", action="store_true")
    args = parser.parse_args(argv)

    from forge_desktop.core import database

    CRASHES.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="forge-fuzz-"))
    pristine = folder / "curated.sqlite"
    database.build_sqlite_file(pristine)
    options = {"seconds": args.seconds, "cli_every": max(1, args.cli_every), "memory_gb": args.memory_gb,
               "seed": args.seed}
    share = [args.files // args.workers + (i < args.files % args.workers) for i in range(args.workers)]
    print(f"fuzzing the importer: {args.files:,} files, {args.workers} workers, "
          f"crashing files to {CRASHES}/", file=sys.stderr)
    started = time.perf_counter()
    context = multiprocessing.get_context("fork")
    results = []
    with concurrent.futures.ProcessPoolExecutor(args.workers, mp_context=context) as pool:
        futures = [pool.submit(worker, i, n, str(pristine), options) for i, n in enumerate(share)]
        for future in concurrent.futures.as_completed(futures):
            try:
                results.append(future.result())
            except Exception as exc:  # a worker killed outright (the OOM killer): say so
                print(f"a worker died: {type(exc).__name__}: {exc}", file=sys.stderr)
    elapsed = time.perf_counter() - started

    counts: collections.Counter[str] = collections.Counter()
    kinds: collections.Counter[str] = collections.Counter()
    failures: dict[str, dict[str, Any]] = {}
    for result in results:
        counts.update(result["counts"])
        kinds.update(result["kinds"])
        for key, entry in result["failures"].items():
            merged = failures.setdefault(key, {**entry, "count": 0, "kinds": set()})
            merged["count"] += entry["count"]
            merged["kinds"] |= entry["kinds"]
            merged["first"] = merged["first"] or entry["first"]

    print(f"\nimporter fuzz: {elapsed:.0f} s, {counts['tried'] / max(elapsed, 1e-9):.0f} files/s")
    for name in COUNTED:
        print(f"  {name:<20} {counts[name]:>7,}")
    print("  by strategy: " + ", ".join(f"{k} {v:,}" for k, v in sorted(kinds.items())))
    if not failures:
        print("\nno failures")
        return 0

    scratch = None
    if not args.no_minimize:
        from tests.fuzz.harness import ScratchDb

        scratch = ScratchDb(pristine, folder)
    print(f"\n{len(failures)} distinct failures:")
    for entry in sorted(failures.values(), key=lambda e: (e["verdict"], -e["count"])):
        print(f"\n* [{entry['verdict']}, {entry['count']:,} files, via {entry['via']}, from "
              f"{', '.join(sorted(entry['kinds']))}] {entry['signature']}")
        print("  " + entry["detail"].splitlines()[0][:300] if entry["detail"] else "")
        print(f"  file: {entry['first']}")
        if scratch is not None and entry["first"] and entry["verdict"] == "crash":
            small = minimize(Path(entry["first"]), entry["signature"], entry["via"], scratch, folder,
                             seconds=min(args.seconds, 10.0))
            if small is not None:
                print(f"  minimal: {small} ({small.stat().st_size:,} bytes)")
    if scratch is not None:
        scratch.close()
    shutil.rmtree(folder, ignore_errors=True)
    return 1


if __name__ == "__main__":
    sys.exit(main())
