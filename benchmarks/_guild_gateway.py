"""The benchmark's fake Discord for one bot running many shards, each shard with its servers.

Every IDENTIFY gets a READY listing the shard's servers as unavailable, as Discord's does; their GUILD_CREATEs
wait until `send_guilds`, so the bot's memory can be read in between. `processed` tells when the bot has
parsed everything sent: its heartbeat carries the last sequence number it has handled.
"""

from __future__ import annotations

import asyncio
import json
import secrets
import zlib
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

from benchmarks._fake_discord import FakeDiscord, _json
from benchmarks._guild_payloads import guild, guild_id

HEARTBEAT_MS = 41_250
ASK_EVERY = 0.5
"""Seconds between the fake's requests for a heartbeat (op 1) while it waits for the bot to catch up."""


@dataclass
class _Shard:
    socket: web.WebSocketResponse
    compressor: Any
    sequence: int = 0
    heard: int = 0
    """The highest sequence number the bot's heartbeats have carried."""
    beat: asyncio.Event = field(default_factory=asyncio.Event)

    async def send(self, op: int, data: Any, event: str | None = None) -> None:
        if op == 0:
            self.sequence += 1
        frame = json.dumps({"op": op, "d": data, "s": self.sequence if op == 0 else None, "t": event})
        if self.compressor is None:
            await self.socket.send_str(frame)
        else:
            await self.socket.send_bytes(
                self.compressor.compress(frame.encode()) + self.compressor.flush(zlib.Z_SYNC_FLUSH)
            )


class GuildGateway(FakeDiscord):
    def __init__(self, servers: int, shards: tuple[int, ...], count: int, max_concurrency: int) -> None:
        super().__init__()
        self._count = count
        self._max_concurrency = max_concurrency
        per_shard, extra = divmod(servers, len(shards))
        self._servers = {shard: per_shard + (n < extra) for n, shard in enumerate(shards)}
        self._shards: dict[int, _Shard] = {}
        self.token = self.add_bot("companion")
        self.all_ready = asyncio.Event()

    async def send_guilds(self) -> None:
        """Every shard's GUILD_CREATEs, the shards side by side as Discord sends them: one shard sent in full
        before the others would leave the last ones silent past discord.py's 60 s, and it would reconnect."""
        await asyncio.gather(*(self._send_guilds(shard) for shard in self._shards))

    async def processed(self) -> None:
        """Until the bot has handled every dispatch sent on each of its shards."""
        await asyncio.gather(*(self._caught_up(state) for state in self._shards.values()))

    async def _send_guilds(self, shard: int) -> None:
        state, bot = self._shards[shard], self._bots[self.token].user()
        for number in range(self._servers[shard]):
            payload = guild(number * self._count + shard, guild_id(number, shard, self._count), bot)
            await state.send(0, payload, "GUILD_CREATE")
            await asyncio.sleep(0)  # a send that need not wait for the socket does not let the other shards go

    async def _caught_up(self, state: _Shard) -> None:
        target = state.sequence
        while state.heard < target:
            state.beat.clear()
            await state.send(1, None)
            try:
                await asyncio.wait_for(state.beat.wait(), ASK_EVERY)
            except TimeoutError:
                pass

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse(max_msg_size=0)
        await socket.prepare(request)
        compressor = zlib.compressobj() if request.query.get("compress") == "zlib-stream" else None
        state = _Shard(socket, compressor)
        await state.send(10, {"heartbeat_interval": HEARTBEAT_MS})
        async for frame in socket:
            if frame.type not in (WSMsgType.TEXT, WSMsgType.BINARY):
                break
            payload = json.loads(frame.data)
            if payload.get("op") == 1:
                state.heard = max(state.heard, payload.get("d") or 0)
                state.beat.set()
                await state.send(11, None)
            elif payload.get("op") == 2:
                if payload["d"].get("token") not in self._bots:
                    await socket.close(code=4004, message=b"Authentication failed.")
                    break
                shard, count = payload["d"].get("shard") or (0, 1)
                if count != self._count or shard not in self._servers:
                    await socket.close(code=4010, message=b"Invalid shard.")
                    break
                self._shards[shard] = state
                await self._ready_shard(state, shard)
        return socket

    async def _ready_shard(self, state: _Shard, shard: int) -> None:
        bot = self._bots[self.token]
        ids = [guild_id(number, shard, self._count) for number in range(self._servers[shard])]
        ready = {
            "v": 10,
            "user": bot.user(),
            "guilds": [{"id": str(one), "unavailable": True} for one in ids],
            "session_id": secrets.token_hex(16),
            "resume_gateway_url": self._ws_url(),
            "application": {"id": str(bot.id), "flags": 0},
            "shard": [shard, self._count],
        }
        await state.send(0, ready, "READY")
        if len(self._shards) == len(self._servers):
            self.all_ready.set()

    async def _gateway_url(self, request: web.Request) -> web.Response:
        limit = {"total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": self._max_concurrency}
        return _json({"url": self._ws_url(), "shards": self._count, "session_start_limit": limit})
