"""Bare slack-bolt, the floor to compare with: `python -m benchmarks._bare_slack SECRET TOKEN API_URL`.

An `AsyncApp` that checks the signature, acks every button press and says "Got it" through the
press's `response_url` with Bolt's own `respond()`; nothing else. It prints its base URL on stdout and
serves on 127.0.0.1 until SIGTERM.
"""

from __future__ import annotations

import asyncio
import re
import signal
import sys

from aiohttp import web
from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

EVENTS = "/slack/events"


def bare_app(secret: str, token: str, api_url: str) -> AsyncApp:
    app = AsyncApp(signing_secret=secret, client=AsyncWebClient(token=token, base_url=api_url))

    async def press(ack: AsyncAck, respond: AsyncRespond) -> None:
        await ack()
        await respond({"text": "Got it.", "response_type": "ephemeral", "replace_original": False})

    app.action(re.compile(".*"))(press)
    return app


async def _serve(secret: str, token: str, api_url: str) -> None:
    runner = web.AppRunner(bare_app(secret, token, api_url).web_app(path=EVENTS), access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0, backlog=1024).start()
    host, port = runner.addresses[0][:2]
    print(f"http://{host}:{port}", flush=True)
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    await stop.wait()
    await runner.cleanup()


if __name__ == "__main__":
    asyncio.run(_serve(*sys.argv[1:4]))
    sys.exit(0)
