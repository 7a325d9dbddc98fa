"""The press generator against a real aiohttp server: signed bodies Slack's check accepts, both ways a
response may be framed, and presses given up once the platform would have given up on them."""

from __future__ import annotations

import asyncio
import json
import time
from urllib.parse import parse_qs

from aiohttp import web
from slack_sdk.signature import SignatureVerifier

from benchmarks._night import _press_fill, body_template
from benchmarks._press_load import GAVE_UP, send_all, sign_all

SECRET = "test-secret"


async def _server(seen: list[dict]) -> tuple[web.AppRunner, str]:
    verifier = SignatureVerifier(SECRET)

    async def events(request: web.Request) -> web.StreamResponse:
        body = await request.text()
        if not verifier.is_valid_request(body, dict(request.headers)):
            return web.Response(status=401)
        seen.append(json.loads(parse_qs(body)["payload"][0]))
        if request.match_info["how"] == "slow":
            await asyncio.sleep(2)
        if request.match_info["how"] == "chunked":
            response = web.StreamResponse()
            response.enable_chunked_encoding()
            await response.prepare(request)
            await response.write(b"first part")
            await response.write(b"second part")
            await response.write_eof()
            return response
        return web.Response(text="")

    app = web.Application()
    app.router.add_post("/{how}", events)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    host, port = runner.addresses[0][:2]
    return runner, f"http://{host}:{port}"


def _plan(url: str, presses: list[tuple[str, str]]) -> dict:
    return {
        "secret": SECRET,
        "template": body_template(),
        "presses": [
            {
                "id": press_id,
                "url": f"{url}/{how}",
                "at": 0.0,
                "fill": _press_fill("C00007", f"U{n:07d}", "trivia:3:1:C", "1700000000.000009", f"{url}/r/{press_id}"),
            }
            for n, (press_id, how) in enumerate(presses)
        ],
    }


async def test_signed_presses_are_accepted_over_one_kept_alive_connection_however_the_response_is_framed():
    seen: list[dict] = []
    runner, url = await _server(seen)
    try:
        presses = [("a", "plain"), ("b", "chunked"), ("c", "plain"), ("d", "chunked")]
        results = await send_all(sign_all(_plan(url, presses)), time.time(), connections=1, timeout=30)
    finally:
        await runner.cleanup()
    assert [(row[0], row[4]) for row in results] == [(press_id, 200) for press_id, _ in presses]
    assert all(row[1] <= row[2] <= row[3] for row in results)
    payload = seen[1]
    assert payload["type"] == "block_actions" and payload["channel"] == {"id": "C00007", "name": "c00007"}
    assert payload["user"]["id"] == "U0000001" and payload["trigger_id"] == "U0000001.C00007"
    assert payload["actions"][0]["action_id"] == "2:trivia:3:1:C" and payload["actions"][0]["text"]["text"] == "C"
    assert payload["response_url"] == f"{url}/r/b"


async def test_a_press_is_given_up_at_the_timeout_even_if_it_never_found_a_free_connection():
    seen: list[dict] = []
    runner, url = await _server(seen)
    try:
        results = await send_all(
            sign_all(_plan(url, [("slow", "slow"), ("queued", "plain")])), time.time(), connections=1, timeout=0.5
        )
    finally:
        await runner.cleanup()
    slow, queued = results
    assert slow[4] == "TimeoutError" and slow[2] is not None and slow[3] is None
    assert queued[4] == GAVE_UP and queued[2] is None  # its moment passed while the one connection waited
    assert len(seen) == 1
