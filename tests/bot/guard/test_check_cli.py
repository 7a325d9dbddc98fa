"""`companion guard check` from the shell: the contract outside tests rely on (DESIGN §6)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def companion(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", "guard", "check", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--json", "can't believe Gary was the killer all along"], {"hide": True, "revealed": "S1E10"}),
        (["--json", "--horizon", "S1E10", "can't believe Gary was the killer all along"], {"hide": False}),
        (["--json", "||gary is the killer||"], {"hide": False}),
        (["--json", "I bet Jake did it"], {"hide": False}),
    ],
)
def test_json_verdicts_exit_zero_either_way(args, expected):
    done = companion(*args)
    assert done.returncode == 0, done.stderr
    verdict = json.loads(done.stdout)
    assert set(verdict) == {"hide", "revealed", "tell"}
    for key, value in expected.items():
        assert verdict[key] == value
    if verdict["hide"]:
        assert isinstance(verdict["tell"], list) and all(isinstance(term, str) for term in verdict["tell"])
    else:
        assert verdict["revealed"] is None and verdict["tell"] is None


def test_plain_output_and_a_bad_horizon():
    assert companion("gary is the killer").stdout.startswith("hide it: reveals S1E10")
    done = companion("--horizon", "S9E9", "gary is the killer")
    assert done.returncode == 2 and "no S9E9" in done.stderr and done.stdout == ""
