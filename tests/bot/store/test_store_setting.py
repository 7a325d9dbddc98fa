"""COMPANION_DB: a file, sqlite:///path or postgresql:// URL; anything wrong with it is one line and exit 1."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.store import StoreSettingError, locate
from tests.backends import require_postgres

ROOT = Path(__file__).resolve().parents[3]


def companion(*args: str, cwd: Path, db: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=cwd,
        env={**os.environ, "COMPANION_DB": db, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_forms_of_the_setting():
    assert (locate("companion.db").backend, locate("companion.db").target) == ("sqlite", "companion.db")
    assert locate("sqlite:///data/c.db").target == "data/c.db"
    assert locate("sqlite:////var/lib/c.db").target == "/var/lib/c.db"
    assert locate("postgresql://u@h:5432/db").backend == "postgresql"
    assert locate("postgres://u:secret@h/db").shown == "postgres://u:***@h/db"
    for bad in ("mysql://u@h/db", "postgresql://u@h:port/db", "postgresql:///db", "sqlite://c.db", " "):
        with pytest.raises(StoreSettingError, match="COMPANION_DB"):
            locate(bad)


async def test_a_sqlite_url_opens_the_file_it_names(tmp_path):
    done = companion("ask", "/progress s1e3", cwd=tmp_path, db="sqlite:///nested/c.db")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "nested" / "c.db").is_file()


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("mysql://postgres@127.0.0.1/test", "unknown scheme"),
        ("postgresql://postgres@127.0.0.1:notaport/test", "not a valid PostgreSQL URL"),
        ("postgresql://postgres@127.0.0.1:1/test", "cannot reach the PostgreSQL server"),
        ("postgresql://no_such_viewer@127.0.0.1:5432/test", "refused the credentials"),
        ("postgresql://postgres@127.0.0.1:5432/no_such_database_here", "database does not exist"),
    ],
)
async def test_a_bad_store_is_one_clear_line_and_exit_one(tmp_path, url, says):
    if "5432" in url:
        await require_postgres()
    for args in (("ask", "/progress"), ("db", "status")):
        done = companion(*args, cwd=tmp_path, db=url)
        assert done.returncode == 1, done.stdout + done.stderr
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and "COMPANION_DB" in lines[0] and says in lines[0], done.stderr
        assert "Traceback" not in done.stderr
    assert list(tmp_path.iterdir()) == []  # a URL is never created as a file
