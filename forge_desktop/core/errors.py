"""The one base of every error the project raises on purpose.

A :class:`ForgeError`'s message is written for the user: it says what went wrong and what
to do. The command line prints it as one line and exits with code 2; the window shows it
in a dialog. Anything else that escapes is a bug.
"""

from __future__ import annotations


class ForgeError(Exception):
    """A failure the user can act on; ``str(error)`` is the message to show."""
