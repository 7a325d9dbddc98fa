"""Real `companion run` processes in Slack HTTP mode, for tests with several of them on one database."""

from __future__ import annotations

import asyncio
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from tests.adapters.slack.fake_slack import Call, texts_of
from tests.adapters.slack.sender import SIGNING_SECRET, Sender

ROOT = Path(__file__).resolve().parents[3]
READY = re.compile(r"Slack adapter ready: (http://127\.0\.0\.1:\d+)/slack/events")
START_TIMEOUT = 60.0


@dataclass
class BotProcess:
    """One `companion run`; its stderr read as it comes (so the pipe never fills), its URL once it is ready."""

    process: asyncio.subprocess.Process
    lines: list[str] = field(default_factory=list)
    url: asyncio.Future[str] = field(default_factory=lambda: asyncio.get_running_loop().create_future())
    reader: asyncio.Task[None] | None = None

    async def _read(self) -> None:
        assert self.process.stderr is not None
        while line := (await self.process.stderr.readline()).decode():
            self.lines.append(line)
            found = READY.search(line)
            if found and not self.url.done():
                self.url.set_result(found.group(1))
        if not self.url.done():
            self.url.set_exception(AssertionError("the process ended before it was ready:\n" + "".join(self.lines)))

    async def stop(self) -> None:
        if self.process.returncode is None:
            self.process.kill()
            await asyncio.wait_for(self.process.wait(), START_TIMEOUT)
        if self.reader is not None:
            await asyncio.wait_for(self.reader, START_TIMEOUT)


async def start_bot(cwd: Path, database: str, api_url: str, **values: str) -> BotProcess:
    keep = {name: value for name, value in os.environ.items() if name in ("PATH", "HOME", "LANG", "SYSTEMROOT")}
    environment = {
        **keep,
        "PYTHONPATH": str(ROOT),
        "COMPANION_DB": database,
        "SLACK_BOT_TOKEN": "xoxb-test-token",
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": api_url,
        "HOST": "127.0.0.1",
        "PORT": "0",
        **values,
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", cwd=cwd, env=environment,
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    bot = BotProcess(process)
    bot.reader = asyncio.create_task(bot._read())
    await asyncio.wait_for(asyncio.shield(bot.url), START_TIMEOUT)
    return bot


def buttons(call: Call) -> list[dict[str, str]]:
    return [e for block in call.args.get("blocks") or [] if block["type"] == "actions" for e in block["elements"]]


def text(call: Call) -> str:
    return "\n".join(texts_of(call))


async def click(sender: Sender, question: Call, letter: str, user: str) -> str:
    """Press a question's button as `user`; what the bot answered them (through the response URL)."""
    value = next(b["value"] for b in buttons(question) if b["value"].endswith(":" + letter))
    sent = await sender.click(value, user=user, message_ts=question.answer["ts"])
    assert sent.status == 200, sent.body
    url = sent.response_url
    [said] = await sender.fake.wait_for("response_url", where=lambda call: call.url == url, timeout=30)
    return text(said)


class Outage:
    """A TCP relay in front of PostgreSQL that can go down (every connection cut, new ones refused) and back."""

    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        self.port = 0
        self._server: asyncio.Server | None = None
        self._open: set[asyncio.StreamWriter] = set()

    async def up(self) -> None:
        self._server = await asyncio.start_server(self._relay, "127.0.0.1", self.port, reuse_address=True)
        self.port = int(self._server.sockets[0].getsockname()[1])

    async def down(self) -> None:
        assert self._server is not None
        self._server.close()
        for writer in list(self._open):
            writer.transport.abort()
        self._open.clear()
        await self._server.wait_closed()
        self._server = None

    async def _relay(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            upstream_reader, upstream_writer = await asyncio.open_connection(*self.target)
        except OSError:
            writer.transport.abort()
            return
        self._open.update((writer, upstream_writer))

        async def pipe(source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
            try:
                while data := await source.read(65536):
                    sink.write(data)
                    await sink.drain()
            except (ConnectionError, OSError):
                pass
            finally:
                sink.transport.abort()
                self._open.discard(sink)

        await asyncio.gather(pipe(reader, upstream_writer), pipe(upstream_reader, writer))
