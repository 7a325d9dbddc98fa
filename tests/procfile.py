"""The example process file in `deploy/Procfile`, read the way Procfile runners (foreman, honcho) read it, so that
the multi-process tests start exactly what the README tells operators to run."""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from pathlib import Path

PROCFILE = Path(__file__).resolve().parent.parent / "deploy" / "Procfile"


@dataclass(frozen=True)
class Process:
    name: str
    settings: dict[str, str]
    command: list[str]


def processes(prefix: str = "") -> list[Process]:
    """Each line `name: VAR=value … command args`, whose name starts with `prefix`."""
    found = []
    for line in PROCFILE.read_text().splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        name, _, rest = line.partition(":")
        words = shlex.split(rest)
        settings = {}
        while words and "=" in words[0] and words[0].split("=", 1)[0].isidentifier():
            key, _, value = words.pop(0).partition("=")
            settings[key] = value
        if name.strip().startswith(prefix):
            found.append(Process(name.strip(), settings, words))
    return found
