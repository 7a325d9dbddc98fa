"""Which store `COMPANION_DB` (or `--db`) names: a SQLite file, or a PostgreSQL database by URL.

A file path or `sqlite:///path` is SQLite; `postgresql://user@host:port/db` (or `postgres://`) is PostgreSQL.
Anything else that looks like a URL is refused: a URL is never created as a file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from bot.store._faults import StoreUnusable

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")
POSTGRES_SCHEMES = ("postgresql", "postgres")


class StoreSettingError(StoreUnusable):
    """The store named by COMPANION_DB cannot be used; the message is one line naming the setting and the fix."""


@dataclass(frozen=True, slots=True)
class Location:
    backend: str
    """'sqlite' or 'postgresql'."""
    target: str
    """The SQLite file's path, or the PostgreSQL URL."""

    @property
    def shown(self) -> str:
        """The location without a password, for messages and `db status`."""
        if self.backend == "sqlite":
            return self.target
        parts = urlsplit(self.target)
        if parts.password is None:
            return self.target
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
        return parts._replace(netloc=netloc).geturl()


def locate(where: str | Path) -> Location:
    text = str(where).strip()
    if not text:
        raise StoreSettingError("COMPANION_DB is empty: set it to a SQLite file or a postgresql:// URL.")
    scheme = _SCHEME.match(text)
    if scheme is None:
        return Location("sqlite", text)
    name = scheme.group(1).lower()
    if name == "sqlite":
        path = text[len(scheme.group(0)) :]
        if not path.startswith("/") or path == "/":
            raise StoreSettingError(f"COMPANION_DB {text!r} is not a SQLite URL: write sqlite:///relative/path.db.")
        return Location("sqlite", path[1:])
    if name in POSTGRES_SCHEMES:
        return Location("postgresql", _checked_postgres(text))
    raise StoreSettingError(
        f"COMPANION_DB {text!r} has an unknown scheme {name!r}: use a file path, sqlite:///path or postgresql://…"
    )


def _checked_postgres(url: str) -> str:
    try:
        parts = urlsplit(url)
        port = parts.port  # raises on a port that is not a number
    except ValueError as error:
        raise StoreSettingError(f"COMPANION_DB is not a valid PostgreSQL URL ({error}).") from None
    if not parts.hostname and "host=" not in parts.query:
        raise StoreSettingError("COMPANION_DB names no PostgreSQL host: write postgresql://user@host:5432/database.")
    if port == 0:
        raise StoreSettingError("COMPANION_DB has port 0: write postgresql://user@host:5432/database.")
    return url
