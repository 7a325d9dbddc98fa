"""The checks a reviewer would run, on all shipped code: ruff's lint and format rules, mypy's strict types and
vulture's dead code, as pyproject.toml configures them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ["bot", "adapters", "benchmarks"]


def _ruff(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ruff", *args, *SHIPPED], cwd=ROOT, capture_output=True, text=True, timeout=120
    )


def test_lint_rules_hold():
    done = _ruff("check", "--no-cache")
    assert done.returncode == 0, done.stdout + done.stderr


def test_code_is_formatted():
    done = _ruff("format", "--check", "--no-cache")
    assert done.returncode == 0, done.stdout + done.stderr


def test_types_check_strictly():
    """mypy --strict over bot/, adapters/ and benchmarks/ (the files and options are in pyproject.toml)."""
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-error-summary"], cwd=ROOT, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_no_dead_code_ships():
    """vulture over bot/, adapters/ and benchmarks/ (not tests/): code only tests call belongs in tests/."""
    done = subprocess.run([sys.executable, "-m", "vulture"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
