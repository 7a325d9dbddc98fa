"""deploy/Procfile is the example in README's "Deploying at scale", line for line, and every line is a valid process."""

from __future__ import annotations

from tests.procfile import PROCFILE, processes
from tests.test_readme import README


def test_the_readme_shows_the_process_file_the_tests_start():
    section = README[README.index("## Deploying at scale") :]
    shown = "".join(f"    {line}\n" for line in PROCFILE.read_text().splitlines())
    assert shown in section


def test_every_process_runs_companion_with_settings_it_knows():
    found = processes()
    assert len(found) >= 4 and len({process.name for process in found}) == len(found)
    for process in found:
        assert process.command == ["companion", "run"]
        assert set(process.settings) <= {"DISCORD_SHARD_COUNT", "DISCORD_SHARD_IDS", "SLACK_REUSE_PORT"}
        assert f"{next(iter(process.settings))}=" in (PROCFILE.parent.parent / ".env.example").read_text()
