"""The health route of `companion run` in Slack HTTP mode reports the store: a real process whose database
file is deleted under it says so on /healthz (503) and stops acknowledging writes."""

from __future__ import annotations

from pathlib import Path

import aiohttp

from tests.adapters.slack.fake_slack import FakeSlack
from tests.adapters.slack.running import serving, stop
from tests.adapters.slack.sender import Sender


async def _health(url: str) -> tuple[int, dict[str, object]]:
    async with aiohttp.ClientSession(trust_env=False) as session, session.get(url + "/healthz") as health:
        return health.status, await health.json()


async def test_a_deleted_database_makes_the_health_check_fail_and_writes_apologise(tmp_path: Path, fake: FakeSlack):
    process, url = await serving(tmp_path, fake)
    try:
        assert await _health(url) == (200, {"ok": True})
        sender = Sender(url, fake)
        assert "S1E3" in (await sender.command("/progress", "s1e3", user="U1")).body
        (tmp_path / "run.db").unlink()
        status, body = await _health(url)
        assert status == 503 and body["ok"] is False and "deleted" in str(body["problem"])
        refused = await sender.command("/progress", "s1e5", user="U1")
        assert refused.status == 200 and "Sorry" in refused.body and "S1E5" not in refused.body
        stderr = await stop(process)
        errors = [line for line in stderr.splitlines() if " ERROR " in line]
        assert len(errors) == 1 and "deleted" in errors[0], errors
        assert "Traceback" not in stderr
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
