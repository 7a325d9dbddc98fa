"""The load generator: `python -m benchmarks._press_load PLAN OUT`, a process of its own.

It reads a plan of button presses (a form-encoded body template and what each press fills its slots
with) and, before its clock starts, signs every `block_actions` request the way Slack does and renders
it to the bytes that go on the wire. Then it releases each press at its planned moment whatever
happened to the ones before (open loop) to a fixed pool of keep-alive connections per worker, each
carrying one request at a time, as Slack's pool would. A press still
waiting for a free connection, or for its ack, `timeout` seconds after its planned moment is given up
(Slack gives up on an app that slow). For each press it writes when it was planned, when it went out
(so a generator that fell behind shows up as lateness, not as a faster bot), when the HTTP ack came back
and its status: the HTTP status, or why there was none.

The client is a few lines over asyncio streams rather than a general HTTP library, so that offering
thousands of presses a second costs the generator little of the machine the workers share.
"""

from __future__ import annotations

import asyncio
import json
import re
import sys
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote_plus, urlsplit

from slack_sdk.signature import SignatureVerifier

GAVE_UP = "GaveUp"
"""The status of a press given up before a connection was free to send it."""


@dataclass(slots=True)
class _Signed:
    id: str
    target: tuple[str, int]
    at: float
    wire: bytes
    """The whole request: request line, headers, signed body."""


def sign_all(plan: dict[str, Any]) -> list[_Signed]:
    signer = SignatureVerifier(plan["secret"])
    stamp = str(int(time.time()))
    signed = []
    pieces = re.split(r"([A-Z]+_SLOT)", plan["template"])  # text, slot, text, slot, …, text
    for press in plan["presses"]:
        fill = {slot: _encoded(value) for slot, value in press["fill"].items()}
        body = "".join(fill[piece] if n % 2 else piece for n, piece in enumerate(pieces))
        signature = signer.generate_signature(timestamp=stamp, body=body) or ""
        url = urlsplit(press["url"])
        head = (
            f"POST {url.path} HTTP/1.1\r\nHost: {url.netloc}\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\n"
            f"X-Slack-Request-Timestamp: {stamp}\r\nX-Slack-Signature: {signature}\r\n"
            f"Content-Length: {len(body)}\r\n\r\n"
        )
        target = (url.hostname or "127.0.0.1", url.port or 80)
        signed.append(_Signed(press["id"], target, float(press["at"]), (head + body).encode()))
    return signed


def _encoded(value: str) -> str:
    """As the value appears inside a form-encoded JSON string."""
    return value if value.isalnum() else quote_plus(json.dumps(value)[1:-1])


async def send_all(signed: list[_Signed], start: float, connections: int, timeout: float) -> list[list[Any]]:
    """[id, planned, sent, acked, status] per press, times in Unix seconds (sent and acked None if never)."""
    results: list[list[Any]] = []
    queues: dict[tuple[str, int], asyncio.Queue[list[Any] | None]] = {
        target: asyncio.Queue() for target in dict.fromkeys(press.target for press in signed)
    }
    wires = {press.id: press.wire for press in signed}
    each = max(1, connections // len(queues))
    senders = [
        asyncio.create_task(_connection(target, queue, wires, timeout))
        for target, queue in queues.items()
        for _ in range(each)
    ]
    for press in signed:
        planned = start + press.at
        if (wait := planned - time.time()) > 0:
            await asyncio.sleep(wait)
        row: list[Any] = [press.id, planned, None, None, GAVE_UP]
        results.append(row)
        queues[press.target].put_nowait(row)
    for queue in queues.values():
        for _ in range(each):
            queue.put_nowait(None)
    await asyncio.gather(*senders)
    return results


async def _connection(
    target: tuple[str, int], queue: asyncio.Queue[list[Any] | None], wires: dict[str, bytes], timeout: float
) -> None:
    """One keep-alive connection: the next waiting press, one at a time; reopened after any failure."""
    streams: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None
    while (row := await queue.get()) is not None:
        left = row[1] + timeout - time.time()
        if left <= 0:
            continue  # given up while every connection was busy
        try:
            async with asyncio.timeout(left):
                if streams is None:
                    streams = await asyncio.open_connection(*target)
                reader, writer = streams
                row[2] = time.time()
                writer.write(wires[row[0]])
                row[4] = await _response(reader)
                row[3] = time.time()
        except (OSError, TimeoutError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError) as error:
            row[4] = type(error).__name__
            if streams is not None:
                streams[1].close()
            streams = None
    if streams is not None:
        streams[1].close()


async def _response(reader: asyncio.StreamReader) -> int:
    """Read one whole response (Content-Length or chunked); its status."""
    head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1")
    status = int(head.split(" ", 2)[1])
    lines = (line.partition(":") for line in head.split("\r\n")[1:])
    fields = {name.strip().lower(): value.strip() for name, _, value in lines}
    if fields.get("transfer-encoding", "").lower() == "chunked":
        while size := int((await reader.readuntil(b"\r\n")).split(b";")[0], 16):
            await reader.readexactly(size + 2)
        await reader.readuntil(b"\r\n")
    else:
        await reader.readexactly(int(fields.get("content-length", "0")))
    return status


def main(argv: list[str]) -> int:
    plan = json.loads(open(argv[0], encoding="utf-8").read())
    signed = sign_all(plan)
    start = time.time() + float(plan["lead"])  # the clock starts once every request is signed, however long that took
    results = asyncio.run(send_all(signed, start, int(plan["connections"]), float(plan["timeout"])))
    with open(argv[1], "w", encoding="utf-8") as out:
        json.dump(results, out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
