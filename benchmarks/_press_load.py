"""The load generator: `python -m benchmarks._press_load PLAN OUT`, a process of its own.

It reads a plan of button presses, signs every `block_actions` request the way Slack does before the
clock starts, then sends each at its planned moment whatever happened to the ones before (open loop),
over a pool of keep-alive connections. For each press it writes when it was planned, when its headers
went out (so a generator that fell behind shows up as lateness, not as a faster bot), when the HTTP
ack came back and its status.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any
from urllib.parse import urlencode

import aiohttp
from slack_sdk.signature import SignatureVerifier


@dataclass(slots=True)
class _Signed:
    id: str
    url: str
    at: float
    body: bytes
    headers: dict[str, str]


def sign_all(plan: dict[str, Any]) -> list[_Signed]:
    signer = SignatureVerifier(plan["secret"])
    stamp = str(int(time.time()))
    signed = []
    for press in plan["presses"]:
        body = urlencode({"payload": json.dumps(press["payload"], separators=(",", ":"))})
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "X-Slack-Request-Timestamp": stamp,
            "X-Slack-Signature": signer.generate_signature(timestamp=stamp, body=body) or "",
        }
        signed.append(_Signed(press["id"], press["url"], float(press["at"]), body.encode(), headers))
    return signed


async def send_all(signed: list[_Signed], start: float, connections: int, timeout: float) -> list[list[Any]]:
    """[id, planned, sent, acked, status] per press, times in Unix seconds (acked and sent None if never)."""
    results: list[list[Any]] = []
    tracing = aiohttp.TraceConfig()
    tracing.on_request_headers_sent.append(_headers_sent)
    connector = aiohttp.TCPConnector(limit=connections, force_close=False, keepalive_timeout=60)
    limits = aiohttp.ClientTimeout(total=timeout)
    async with aiohttp.ClientSession(
        connector=connector, timeout=limits, trace_configs=[tracing], trust_env=False
    ) as session:

        async def send(press: _Signed, planned: float) -> None:
            row: list[Any] = [press.id, planned, None, None, 0]
            results.append(row)
            try:
                async with session.post(
                    press.url, data=press.body, headers=press.headers, trace_request_ctx=SimpleNamespace(row=row)
                ) as response:
                    await response.read()
                    row[3], row[4] = time.time(), response.status
            except (aiohttp.ClientError, TimeoutError) as error:
                row[4] = type(error).__name__

        tasks = []
        for press in signed:
            planned = start + press.at
            if (wait := planned - time.time()) > 0:
                await asyncio.sleep(wait)
            tasks.append(asyncio.create_task(send(press, planned)))
        await asyncio.gather(*tasks)
    return results


async def _headers_sent(session: aiohttp.ClientSession, context: SimpleNamespace, params: Any) -> None:
    row = context.trace_request_ctx.row
    if row[2] is None:
        row[2] = time.time()


def main(argv: list[str]) -> int:
    plan = json.loads(open(argv[0], encoding="utf-8").read())
    signed = sign_all(plan)
    results = asyncio.run(send_all(signed, float(plan["start"]), int(plan["connections"]), float(plan["timeout"])))
    with open(argv[1], "w", encoding="utf-8") as out:
        json.dump(results, out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
