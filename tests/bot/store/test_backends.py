"""Without a PostgreSQL server its tests are skipped with one line saying how to enable them; CI fails instead."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
ONE_TEST = "tests/bot/store/test_progress.py::test_setting_progress_again_replaces_it"


def _pytest(**env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider", ONE_TEST],
        cwd=ROOT,
        env={**os.environ, "COMPANION_TEST_POSTGRES": "postgresql://postgres@127.0.0.1:1/test", **env},
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_no_server_skips_with_one_line_saying_how_to_enable():
    done = _pytest(COMPANION_REQUIRE_POSTGRES="")
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith(".s") and "SKIPPED" in done.stdout  # SQLite ran, PostgreSQL skipped
    assert "set COMPANION_TEST_POSTGRES=postgresql://" in done.stdout


def test_ci_fails_instead_of_skipping():
    done = _pytest(COMPANION_REQUIRE_POSTGRES="1")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "PostgreSQL not reachable" in done.stdout


def test_ci_requires_postgres():
    assert "export COMPANION_REQUIRE_POSTGRES=1" in (ROOT / ".ci" / "run").read_text()
