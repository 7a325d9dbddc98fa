"""An unusable database at start: one line naming COMPANION_DB, the path and what is wrong; exit non-zero.

Each case runs a real `companion run` and `companion ask` process. When the tests run as root, the
permission cases run the child without the capabilities that let root write through any mode bits.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent
COMPANION = [str(BIN / "companion")] if (BIN / "companion").exists() else [sys.executable, "-m", "bot"]
PLATFORM_SETTINGS = ("DISCORD_", "SLACK_", "COMPANION_")


def unprivileged() -> list[str]:
    """A prefix that makes the child honour mode bits even as root."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: a read-only file cannot be made read-only for the child")
    return [setpriv, "--bounding-set=-dac_override,-dac_read_search"]


@pytest.fixture
def folder(tmp_path: Path) -> Iterator[Path]:
    yield tmp_path
    for path in [tmp_path, *tmp_path.rglob("*")]:
        if path.is_dir():
            path.chmod(0o755)  # so pytest can clean it up


def companion(cwd: Path, db: Path, *args: str, unprivileged_child: bool = False) -> subprocess.CompletedProcess[str]:
    clean = {key: value for key, value in os.environ.items() if not key.startswith(PLATFORM_SETTINGS)}
    return subprocess.run(
        [*(unprivileged() if unprivileged_child else []), *COMPANION, *args],
        cwd=cwd,
        env={**clean, "COMPANION_DB": str(db), "HOME": str(cwd)},
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )


def a_database(path: Path, rows: int = 500) -> Path:
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE filler (x TEXT)")
        db.executemany("INSERT INTO filler VALUES (?)", [("x" * 200,)] * rows)
    db.close()
    return path


def garbage(folder: Path) -> Path:
    path = folder / "companion.db"
    path.write_bytes(b"this is a shopping list, not a database\n" * 200)
    return path


def truncated(folder: Path) -> Path:
    path = a_database(folder / "companion.db")
    with path.open("r+b") as file:
        file.truncate(path.stat().st_size // 2)
    return path


def damaged(folder: Path) -> Path:
    path = a_database(folder / "companion.db")
    with path.open("r+b") as file:
        file.seek(4096 * 3 + 100)
        file.write(bytes(range(256)) * 8)
    return path


def read_only_file(folder: Path) -> Path:
    path = a_database(folder / "companion.db", rows=1)
    path.chmod(0o444)
    return path


def read_only_folder(folder: Path) -> Path:
    inner = folder / "locked"
    inner.mkdir()
    inner.chmod(0o555)
    return inner / "companion.db"


def uncreatable_folder(folder: Path) -> Path:
    (folder / "notes.txt").write_text("a file where a folder should be")
    return folder / "notes.txt" / "data" / "companion.db"


def a_folder(folder: Path) -> Path:
    inner = folder / "companion.db"
    inner.mkdir()
    return inner


CASES: dict[str, tuple[Callable[[Path], Path], str, bool]] = {
    "garbage": (garbage, "not a SQLite database", False),
    "truncated": (truncated, "damaged", False),
    "damaged": (damaged, "damaged", False),
    "read-only file": (read_only_file, "read-only", True),
    "read-only folder": (read_only_folder, "is not writable", True),
    "folder cannot be created": (uncreatable_folder, "is a file, not a folder", False),
    "a folder, not a file": (a_folder, "this is a folder", False),
}


@pytest.mark.parametrize("command", [("run",), ("ask", "/progress s1e4")], ids=["run", "ask"])
@pytest.mark.parametrize("case", list(CASES))
def test_an_unusable_database_is_one_line_and_a_failed_exit(folder: Path, case: str, command: tuple[str, ...]):
    make, what, unprivileged_child = CASES[case]
    path = make(folder)
    before = path.read_bytes() if path.is_file() else None
    done = companion(folder, path, *command, unprivileged_child=unprivileged_child)
    assert done.returncode != 0, done.stdout
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith(f"COMPANION_DB={path}: ") and what in lines[0], lines[0]
    assert "Traceback" not in done.stdout + done.stderr
    if before is not None:
        assert path.read_bytes() == before  # nothing was changed


def test_a_good_database_still_opens(folder: Path):
    done = companion(folder, folder / "sub" / "companion.db", "ask", "/progress s1e4", unprivileged_child=True)
    assert done.returncode == 0, done.stderr
    assert "S1E4" in done.stdout


def test_the_read_only_cases_really_are_read_only_for_the_child(folder: Path):
    """Guards the two permission cases: the child must not be able to write where they say it cannot."""
    path = read_only_file(folder)
    assert not stat.S_IMODE(path.stat().st_mode) & 0o222
    done = subprocess.run(
        [*unprivileged(), sys.executable, "-c", f"open({str(path)!r}, 'ab')"], capture_output=True, timeout=60
    )
    assert done.returncode != 0
