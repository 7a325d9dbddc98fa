"""Bare slack-bolt, the floor to compare with: `python -m benchmarks._bare_slack SECRET TOKEN API_URL`.

An `AsyncApp` that checks the signature, acks every button press and says "Got it" through the
press's `response_url` with Bolt's own `respond()`; nothing else. It prints its base URL on stdout and
serves on 127.0.0.1 until SIGTERM.
"""

from __future__ import annotations

import asyncio
import re
import sys

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from benchmarks._serving import serve_until_sigterm

EVENTS = "/slack/events"


def bare_app(secret: str, token: str, api_url: str) -> AsyncApp:
    app = AsyncApp(signing_secret=secret, client=AsyncWebClient(token=token, base_url=api_url))

    async def press(ack: AsyncAck, respond: AsyncRespond) -> None:
        await ack()
        await respond({"text": "Got it.", "response_type": "ephemeral", "replace_original": False})

    app.action(re.compile(".*"))(press)
    return app


async def _serve(secret: str, token: str, api_url: str) -> None:
    await serve_until_sigterm(bare_app(secret, token, api_url).web_app(path=EVENTS))


if __name__ == "__main__":
    asyncio.run(_serve(*sys.argv[1:4]))
    sys.exit(0)
