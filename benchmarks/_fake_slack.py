"""A fake Slack for benchmarks: the Web API methods the bot calls, and the `response_url` sink.

In-process (`web_api()`, for the overhead benchmark) or as a process of its own
(`python -m benchmarks._fake_slack`, for the HTTP peak benchmark): it prints its base URL on
stdout and serves until SIGTERM. It keeps what the benchmark reads back afterwards: each
channel's posted trivia buttons, every `response_url` post with the time it arrived, and how
many TCP connections each kind of caller opened.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import sys
import time
from collections import defaultdict
from typing import Any

from aiohttp import web

from benchmarks._serving import serve_until_sigterm

TEAM = "T0BENCH"
MODERATOR = "UMOD"
"""The one user users.info calls a workspace admin."""


class _Record:
    def __init__(self) -> None:
        self.buttons: dict[str, list[str]] = {}
        """Each channel's latest question: its button values (`trivia:<round>:<number>:<letter>`)."""
        self.messages: dict[str, str] = {}
        """Each channel's latest question message ts."""
        self.asked_at: dict[str, float] = {}
        """When each channel's latest question was posted (Unix seconds)."""
        self.confirmations: dict[str, list[tuple[float, str]]] = defaultdict(list)
        """Per press id: when each response_url post arrived (Unix seconds) and its text."""
        self.peers: dict[str, set[tuple[str, int]]] = defaultdict(set)
        self.calls: dict[str, int] = defaultdict(int)
        self._ts = itertools.count(1)

    def next_ts(self) -> str:
        return f"1700000000.{next(self._ts):06d}"


def web_api() -> web.Application:
    record = _Record()
    app = web.Application(middlewares=[_count_connections])
    app["record"] = record
    app.router.add_route("*", "/api/{method}", _method)
    app.router.add_post("/respond/{press}", _respond)
    app.router.add_get("/bench/questions", _questions)
    app.router.add_get("/bench/confirmations", _confirmations)
    app.router.add_get("/bench/connections", _connections)
    return app


@web.middleware
async def _count_connections(request: web.Request, handler: Any) -> web.StreamResponse:
    peer = request.transport.get_extra_info("peername") if request.transport else None
    kind = "respond" if request.path.startswith("/respond/") else request.path.split("/")[1]
    if peer is not None:
        request.app["record"].peers[kind].add(tuple(peer[:2]))
    response: web.StreamResponse = await handler(request)
    return response


async def _method(request: web.Request) -> web.Response:
    record: _Record = request.app["record"]
    method = request.match_info["method"]
    record.calls[method] += 1
    if request.content_type == "application/json":
        args: dict[str, Any] = await request.json()
    else:
        args = {**request.query, **(await request.post())}
    if method == "auth.test":
        return web.json_response(
            {
                "ok": True,
                "url": "https://bench.slack.test/",
                "team": "Bench",
                "user": "companion",
                "team_id": TEAM,
                "user_id": "UBOT",
                "bot_id": "BBOT",
                "is_enterprise_install": False,
            }
        )
    if method == "users.info":
        user = str(args.get("user", ""))
        profile = {"display_name": f"Viewer {user}", "real_name": f"Viewer {user}"}
        found = {"id": user, "name": user.lower(), "profile": profile, "is_admin": user == MODERATOR}
        return web.json_response({"ok": True, "user": found})
    if method in ("chat.postMessage", "chat.update"):
        channel = str(args.get("channel", ""))
        ts = str(args.get("ts") or record.next_ts())
        blocks = args.get("blocks") or []
        if isinstance(blocks, str):
            blocks = json.loads(blocks)
        values = [e["value"] for b in blocks if b.get("type") == "actions" for e in b["elements"] if "value" in e]
        if method == "chat.postMessage" and any(value.startswith("trivia:") for value in values):
            record.buttons[channel] = values
            record.messages[channel] = ts
            record.asked_at[channel] = time.time()
        return web.json_response({"ok": True, "channel": channel, "ts": ts})
    return web.json_response({"ok": True})


async def _respond(request: web.Request) -> web.Response:
    arrived = time.time()
    body = await request.json()
    request.app["record"].confirmations[request.match_info["press"]].append((arrived, str(body.get("text", ""))))
    return web.json_response({"ok": True})


async def _questions(request: web.Request) -> web.Response:
    record: _Record = request.app["record"]
    return web.json_response({"buttons": record.buttons, "messages": record.messages, "asked_at": record.asked_at})


async def _confirmations(request: web.Request) -> web.Response:
    return web.json_response(request.app["record"].confirmations)


async def _connections(request: web.Request) -> web.Response:
    record: _Record = request.app["record"]
    return web.json_response(
        {"connections": {kind: len(peers) for kind, peers in record.peers.items()}, "calls": record.calls}
    )


if __name__ == "__main__":
    asyncio.run(serve_until_sigterm(web_api()))
    sys.exit(0)
