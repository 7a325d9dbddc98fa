"""`companion run` with Discord, as a real process against the fake: start-up failures are one line, and a
running bot stops cleanly on SIGTERM."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

import pytest

from adapters.discord import build_bot
from bot.cli import main
from tests.adapters.discord.fake import FakeDiscord

ROOT = Path(__file__).resolve().parents[3]
SETTINGS = ("DISCORD_", "SLACK_", "COMPANION_")
WAIT = 60


class Companion:
    """One `companion run` process; stderr and stdout are read when it ends."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process
        self.stdout = ""
        self.stderr = ""

    async def ended(self) -> int:
        out, err = await asyncio.wait_for(self.process.communicate(), WAIT)
        self.stdout, self.stderr = out.decode(), err.decode()
        assert self.process.returncode is not None
        return self.process.returncode


async def companion_run(fake: FakeDiscord, tmp_path: Path, token: str, **settings: str) -> Companion:
    clean = {key: value for key, value in os.environ.items() if not key.startswith(SETTINGS)}
    env = {
        **clean,
        "PYTHONPATH": str(ROOT),
        "FAKE_DISCORD_API": fake.api_base,
        "FAKE_DISCORD_GATEWAY": str(fake.gateway_url),
        "DISCORD_TOKEN": token,
        "DISCORD_GUILD_READY_TIMEOUT": "0.05",
        "COMPANION_DB": str(tmp_path / "companion.db"),
        **settings,
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "tests.adapters.discord.launch",
        "run",
        cwd=tmp_path,
        env=env,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    return Companion(process)


def problems(stderr: str) -> list[str]:
    """Every line that is not the usual INFO progress log."""
    return [line for line in stderr.splitlines() if " INFO " not in line]


@pytest.mark.parametrize("token", ["abc", "MTIz.abc.def", "not a token at all"])
async def test_a_token_discord_refuses_is_one_line_naming_the_setting(fake, tmp_path, token):
    run = await companion_run(fake, tmp_path, token)
    assert await run.ended() == 1
    assert problems(run.stderr) == [
        "Cannot start: DISCORD_TOKEN: Discord refused this token. Reset it in the Developer Portal "
        "(your application → Bot → Reset Token) and set DISCORD_TOKEN to the new one."
    ]
    assert "voice" not in run.stderr
    assert [call.status for call in fake.calls] == [401]


async def test_an_unreachable_discord_is_one_line(fake, tmp_path):
    await fake.close()  # nothing listens on its port any more
    run = await companion_run(fake, tmp_path, fake.token)
    assert await run.ended() == 1
    (line,) = problems(run.stderr)
    assert line.startswith("Cannot start: DISCORD_TOKEN is set, but Discord cannot be reached (")
    assert line.endswith("). Check the network connection.")


async def test_a_development_server_the_bot_is_not_in_is_one_line_naming_it(fake, tmp_path):
    run = await companion_run(fake, tmp_path, fake.token, DISCORD_GUILD_ID="4242")
    assert await run.ended() == 1
    assert problems(run.stderr) == [
        "Cannot start: DISCORD_GUILD_ID: Discord does not let the bot add its commands to server 4242 "
        "(403: Missing Access). Invite the bot there with `companion discord invite-url --guild 4242`, "
        "or unset DISCORD_GUILD_ID."
    ]


async def test_a_running_bot_stops_cleanly_on_sigterm(fake, tmp_path):
    run = await companion_run(fake, tmp_path, fake.token)
    await fake.until(lambda: fake.sessions and fake.commands, "the bot's gateway session", timeout=WAIT)
    run.process.send_signal(signal.SIGTERM)
    assert await run.ended() == 0
    assert problems(run.stderr) == [], run.stderr
    assert "voice" not in run.stderr


# --- `companion discord invite-url` -----------------------------------------------------------------------


@pytest.mark.parametrize("token", ["abc", "bm90IGFuIGlk.x.y", "!!!.x.y"])
def test_invite_url_with_a_malformed_token_says_so(capsys, monkeypatch, tmp_path, token):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DISCORD_TOKEN", token)
    assert main(["discord", "invite-url"]) == 1
    err = capsys.readouterr().err
    assert err.splitlines() == [
        "DISCORD_TOKEN does not look like a bot token (it starts with the application id in "
        "base64). Copy it again from the Developer Portal (Bot → Reset Token), or give --client-id."
    ]


async def test_a_ready_that_comes_while_closing_starts_nothing(bots):
    """SIGTERM can land between the gateway's READY and its handler: the handler then finds the bot closing."""
    bot = build_bot(bots.settings(), clock=bots.clock)
    await bot.close()
    await bot.on_ready()  # before: the companion was started on a closed (here: never opened) store
    assert bot._starting is None
