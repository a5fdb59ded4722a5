"""Importing records from CSV, XLSX or JSON: read, map headers, parse, validate, then write.

An import happens in two steps. :func:`plan_import` reads the whole file and checks every
row without writing anything; its :class:`ImportPlan` lists each row's errors and
warnings (the preview). :func:`apply_import` writes a plan with no errors in the caller's
transaction, so a failure changes nothing. Both tell an optional ``progress(done, total)``
how far they are and ask an optional ``cancelled()`` whether to stop
(:class:`ImportCancelled`: nothing is written). Imported records carry ``origin = imported``
and the import's timestamp, which is what :func:`remove_import` removes (the
:mod:`..undo` module takes a change set back, an import's included).

The app's own exports import unchanged (round trip); other files are mapped by header,
ignoring case, spaces and punctuation, and may name columns by their labels.

The modules follow an import's steps: :mod:`.reading` (file → rows), :mod:`.headers`
(header → column), :mod:`.cells` (cell → value), :mod:`.records` (row → record),
:mod:`.plan` (file → checked plan) and :mod:`.apply` (plan → database, and undo).
"""

from ..schema import TERM_MODELS
from .apply import ImportResult, apply_import, remove_import
from .cells import parse_money
from .headers import map_headers
from .plan import Cancelled, ImportCancelled, ImportPlan, Issue, NewValue, Progress, plan_import
from .reading import ENCODINGS, FORMATS, ImportFileError, decode, read_rows, sniff_format

__all__ = [
    "ENCODINGS",
    "FORMATS",
    "TERM_MODELS",
    "Cancelled",
    "ImportCancelled",
    "ImportFileError",
    "ImportPlan",
    "ImportResult",
    "Issue",
    "NewValue",
    "Progress",
    "apply_import",
    "decode",
    "map_headers",
    "parse_money",
    "plan_import",
    "read_rows",
    "remove_import",
    "sniff_format",
]
