"""Whether the store's file is still the one it opened: a file deleted or replaced under a running bot
takes every later write with it at the next start, so once that is seen no write is acknowledged again.

Checked under the write lock before every COMMIT (one `stat`, cheap beside the fsync that follows) and
whenever a health check asks.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from bot.store._faults import StoreGone

log = logging.getLogger(__name__)


class StoreHealth:
    def __init__(self, path: Path | None) -> None:
        self._path = path
        self._identity = _identity(path) if path is not None else None
        self.problem: str | None = None
        """Why the store is unhealthy, once it is; it stays so until the bot restarts on a good file."""

    @property
    def healthy(self) -> bool:
        return self.current_problem() is None

    def current_problem(self) -> str | None:
        """Why the store is unhealthy, checked now (for a health check); None while it is healthy."""
        self.check(raising=False)
        return self.problem

    def check(self, *, raising: bool = True) -> None:
        """Raise StoreGone (and log it, once) if the file was deleted or replaced since the store opened it."""
        if self.problem is None and self._path is not None:
            now = _identity(self._path)
            if now != self._identity:
                what = "deleted" if now is None else "replaced by another file"
                self.problem = (
                    f"the database file {self._path} was {what} while the bot was running; "
                    "no write is acknowledged any more. Restore the file and restart the bot."
                )
                log.error("%s", self.problem)
        if self.problem is not None and raising:
            raise StoreGone(self.problem)


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_dev, status.st_ino
