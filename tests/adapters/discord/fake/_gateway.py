"""The gateway websocket: HELLO, IDENTIFY or RESUME, heartbeats, READY, GUILD_CREATE, and dispatched events.

Frames go out zlib-stream compressed when the client asks for it (one compressor per connection,
each message flushed with Z_SYNC_FLUSH, as Discord does), else as plain text.
"""

from __future__ import annotations

import json
import secrets
import zlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aiohttp import WSMsgType, web

if TYPE_CHECKING:
    from tests.adapters.discord.fake._server import FakeDiscord

HEARTBEAT_INTERVAL_MS = 41250


@dataclass
class Session:
    """One IDENTIFYed gateway connection (a shard)."""

    socket: web.WebSocketResponse
    compressor: Any
    session_id: str = field(default_factory=lambda: secrets.token_hex(16))
    shard: tuple[int, int] = (0, 1)
    sequence: int = 0
    intents: int = 0
    ready: bool = False

    async def send(self, op: int, data: Any, event: str | None = None) -> None:
        frame: dict[str, Any] = {"op": op, "d": data, "s": None, "t": event}
        if op == 0:
            self.sequence += 1
            frame["s"] = self.sequence
        text = json.dumps(frame)
        if self.compressor is None:
            await self.socket.send_str(text)
        else:
            await self.socket.send_bytes(
                self.compressor.compress(text.encode()) + self.compressor.flush(zlib.Z_SYNC_FLUSH)
            )

    def serves(self, guild_id: int | None) -> bool:
        index, count = self.shard
        return guild_id is None and index == 0 or guild_id is not None and (guild_id >> 22) % count == index


async def serve(fake: FakeDiscord, request: web.Request) -> web.WebSocketResponse:
    socket = web.WebSocketResponse(autoping=True, max_msg_size=0)
    await socket.prepare(request)
    compress = request.query.get("compress") == "zlib-stream"
    fake.gateway_connections.append(dict(request.query))
    session: Session | None = None
    pending = Session(socket, zlib.compressobj() if compress else None)
    await pending.send(10, {"heartbeat_interval": HEARTBEAT_INTERVAL_MS})
    async for frame in socket:
        if frame.type is not WSMsgType.TEXT and frame.type is not WSMsgType.BINARY:
            break
        payload = json.loads(frame.data)
        op, data = payload.get("op"), payload.get("d")
        fake.gateway_received.append(payload)
        if op == 1:
            await pending.send(11, None)
        elif op == 2:
            session = await _identify(fake, pending, data)
            if session is None:
                break
        elif op == 6:
            session = await _resume(fake, pending, data)
            if session is None:
                break
        elif op == 8 and session is not None:
            await session.send(
                0,
                {
                    "guild_id": data["guild_id"],
                    "members": [],
                    "chunk_index": 0,
                    "chunk_count": 1,
                    "nonce": data.get("nonce"),
                },
                "GUILD_MEMBERS_CHUNK",
            )
    if session is not None and session in fake.sessions:
        fake.sessions.remove(session)
        fake.closed_sessions.append(session)
    return socket


async def _identify(fake: FakeDiscord, session: Session, data: dict[str, Any]) -> Session | None:
    if data.get("token") != fake.token:
        await session.socket.close(code=4004, message=b"Authentication failed.")
        return None
    session.intents = int(data.get("intents", 0))
    if fake.privileged_intents_refused(session.intents):
        await session.socket.close(code=4014, message=b"Disallowed intent(s).")
        return None
    shard = data.get("shard") or [0, 1]
    session.shard = (int(shard[0]), int(shard[1]))
    guilds = [guild for guild in fake.guilds if session.serves(guild.id)]
    await session.send(
        0,
        {
            "v": 10,
            "user": fake.bot_user.as_user(),
            "guilds": [{"id": str(guild.id), "unavailable": True} for guild in guilds],
            "session_id": session.session_id,
            "resume_gateway_url": str(fake.gateway_url),
            "application": {"id": str(fake.application_id), "flags": 0},
            "shard": list(session.shard),
        },
        "READY",
    )
    for guild in guilds:
        await session.send(0, guild.as_guild_create(fake), "GUILD_CREATE")
    session.ready = True
    fake.sessions.append(session)
    await fake.changed()
    return session


async def _resume(fake: FakeDiscord, session: Session, data: dict[str, Any]) -> Session | None:
    old = next((s for s in [*fake.sessions, *fake.closed_sessions] if s.session_id == data.get("session_id")), None)
    if data.get("token") != fake.token or old is None:
        await session.send(9, False)
        return None
    if old in fake.sessions:
        fake.sessions.remove(old)
    session.session_id, session.shard, session.intents = old.session_id, old.shard, old.intents
    session.sequence = int(data.get("seq") or old.sequence)
    await session.send(0, {}, "RESUMED")
    session.ready = True
    fake.sessions.append(session)
    fake.resumes += 1
    await fake.changed()
    return session
