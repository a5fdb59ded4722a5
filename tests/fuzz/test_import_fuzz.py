"""The importer, fuzzed: every generated file is imported for real (the command line in
this process, and the core API) against a private copy of the curated database, and must
be imported or refused cleanly (see :mod:`tests.fuzz.harness` for what "cleanly" is).

The quick profile (the default) runs a few hundred files in the normal suite; the long one
(``FORGE_FUZZ_PROFILE=long``, or ``make fuzz`` for the standalone run) tens of thousands.
A failing file is also saved under /tmp/forge-fuzz-crashes/pytest/.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings

from .harness import Report, ScratchDb, check_file
from .strategies import FuzzFile, Seed, fuzz_files, load_seed, valid_exports

CORPUS = Path(__file__).parent / "corpus"
CRASHES = Path("/tmp/forge-fuzz-crashes/pytest")

_common = {"deadline": None, "suppress_health_check": list(HealthCheck), "print_blob": True}
# Quick: no shrinking, so a failing run stays as short as a passing one (the failing file is
# saved, and the long run shrinks what it finds).
settings.register_profile("quick", max_examples=200, phases=(Phase.explicit, Phase.reuse, Phase.generate),
                          **_common)
settings.register_profile("long", max_examples=10_000, **_common)
PROFILE = os.environ.get("FORGE_FUZZ_PROFILE", "quick")
if PROFILE not in ("quick", "long"):
    raise ValueError(f"FORGE_FUZZ_PROFILE must be quick or long, not {PROFILE!r}")
LONG = PROFILE == "long"
SECONDS = 30.0 if LONG else 10.0  # per file: longer is a hang
# What share of the profile each test runs (the quick profile's whole is a few hundred files).
HOSTILE = settings(settings.get_profile(PROFILE), max_examples=10_000 if LONG else 220)
VALID = settings(settings.get_profile(PROFILE), max_examples=1_000 if LONG else 50)


@pytest.fixture(scope="module")
def seed(curated_db_file, tmp_path_factory) -> Seed:
    copy = tmp_path_factory.mktemp("seed") / "forge.sqlite"
    shutil.copyfile(curated_db_file, copy)
    return load_seed(f"sqlite:///{copy}")


@pytest.fixture
def scratch(curated_db_file, tmp_path):
    """One copy of the curated database for the whole test function, restored by copying
    the file back after every file that changed it."""
    db = ScratchDb(curated_db_file, tmp_path)
    yield db
    db.close()


def _assert_clean(report: Report, file: FuzzFile, folder: Path) -> None:
    if not report.failures:
        return
    CRASHES.mkdir(parents=True, exist_ok=True)
    saved = CRASHES / f"{hashlib.sha256(file.data).hexdigest()[:16]}-{file.name}"
    saved.write_bytes(file.data)
    lines = "\n".join(f"- {o}" for o in report.failures)
    pytest.fail(f"{file.kind} ({len(file.data):,} bytes, args {file.args}, saved as {saved}):\n{lines}",
                pytrace=False)


def test_generated_files_are_imported_or_refused_cleanly(seed, scratch, tmp_path):
    @HOSTILE
    @given(files=fuzz_files(seed))
    def check(files: FuzzFile) -> None:
        report = check_file(scratch, tmp_path, files, seconds=SECONDS)
        _assert_clean(report, files, tmp_path)

    check()


def test_valid_exports_with_edited_rows_export_back_as_written(seed, scratch, tmp_path):
    @VALID
    @given(files=valid_exports(seed))
    def check(files: FuzzFile) -> None:
        report = check_file(scratch, tmp_path, files, dry_run=True, seconds=SECONDS)
        _assert_clean(report, files, tmp_path)

    check()


CORPUS_FILES = sorted(p for p in CORPUS.glob("*") if p.is_file() and p.suffix != ".md")


@pytest.mark.parametrize("path", CORPUS_FILES, ids=[p.name for p in CORPUS_FILES])
def test_corpus_file_is_imported_or_refused_cleanly(path, scratch, tmp_path):
    file = FuzzFile(path.name, path.read_bytes(), f"corpus:{path.name}")
    report = check_file(scratch, tmp_path, file, dry_run=True, seconds=SECONDS)
    _assert_clean(report, file, tmp_path)


def test_the_corpus_is_there():
    assert len(CORPUS_FILES) >= 15, "run python -m tests.fuzz.make_corpus"
