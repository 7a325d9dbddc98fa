"""Why a database cannot be used, said in one line an operator can act on (item: no traceback at start)."""

from __future__ import annotations

import errno
import os
from pathlib import Path

SETTING = "COMPANION_DB"


def unusable(path: Path, error: BaseException) -> str | None:
    """One line: the setting, the path, what is wrong and what to do; None when the file is not to blame."""
    what = _what(path, error)
    return f"{SETTING}={path}: {what}" if what else None


def _what(path: Path, error: BaseException) -> str | None:
    if path.is_dir():
        return "this is a folder, not a database file. Point COMPANION_DB at a file (e.g. companion.db)."
    if isinstance(error, OSError):
        return _folder_problem(path, error)
    text = str(error).lower()
    if "not a database" in text:
        return (
            "the file is not a SQLite database (or its first page is damaged). "
            "Restore it from a backup, or point COMPANION_DB at another file."
        )
    if "malformed" in text or "damaged" in text or "corrupt" in text:
        return f"the database is damaged ({error}). Restore it from a backup, or point COMPANION_DB at another file."
    if "readonly" in text or "read-only" in text:
        return (
            "the database is read-only; the bot must write to it and to its -wal and -shm files beside it. "
            "Make the file and its folder writable for this user."
        )
    if "unable to open" in text:
        folder = path.parent
        if path.exists() and not os.access(path, os.R_OK | os.W_OK):
            return "the file cannot be opened for reading and writing by this user. Fix its permissions."
        if not os.access(folder, os.W_OK | os.X_OK):
            return (
                f"the folder {folder} is not writable; the bot creates the database and its -wal and -shm files "
                "there. Make it writable for this user, or point COMPANION_DB elsewhere."
            )
        return f"the file cannot be opened ({error}). Check the path and its permissions."
    if "disk is full" in text or "disk i/o" in text:
        return f"the disk holding it is full or failing ({error}). Free some space, or point COMPANION_DB elsewhere."
    if "locked" in text:
        return "another process has held the database's write lock for 30 s. Stop it, or point COMPANION_DB elsewhere."
    return None  # a fault of the bot's own (a migration's SQL, say): its traceback is what helps


def _folder_problem(path: Path, error: OSError) -> str:
    folder = path.parent
    if error.errno in (errno.ENOTDIR, errno.EEXIST):
        blocker = next((p for p in [folder, *folder.parents] if p.exists() and not p.is_dir()), folder)
        return f"its folder cannot be created: {blocker} is a file, not a folder. Point COMPANION_DB elsewhere."
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return (
            f"its folder {folder} cannot be created or written ({os.strerror(error.errno)}). "
            "Create it with write access for this user, or point COMPANION_DB elsewhere."
        )
    return f"the file cannot be opened ({error.strerror or error}). Check the path and its permissions."
