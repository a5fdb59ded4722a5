"""The importer's fuzzer (issue "Hostile files and faults").

* :mod:`.strategies` — hypothesis strategies that build hostile CSV, XLSX and JSON files
  (and plain valid exports, and mutations of them) from a real export of the curated data;
* :mod:`.harness` — the oracle: one file through the real import (the command line in this
  process and the core API), with what must hold of every outcome;
* ``test_import_fuzz.py`` — the quick profile, in the normal suite, and the corpus replay;
* ``make_corpus.py`` — writes the seed corpus in ``corpus/``.

The long run is ``make fuzz`` (``benchmarks/fuzz_imports.py``). The profile is chosen by
``FORGE_FUZZ_PROFILE`` (``quick``, the default, or ``long``).
"""
