"""A start-up failure the operator fixes: `companion run` prints its one line and exits 1, no traceback."""

from __future__ import annotations


class StartupError(Exception):
    """Its message names the setting at fault and what to do about it, in one line."""
