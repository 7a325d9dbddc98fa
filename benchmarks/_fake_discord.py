"""A minimal Discord on 127.0.0.1 for several bots at once: login, the gateway handshake, command sync,
slash interactions whose responses it waits for, and button presses sent without waiting (open loop),
whose acknowledgements it refuses after Discord's 3 s (10062) and whose follow-ups it times.

discord.py finds Discord through two process-wide settings; `pointed_at` sets and restores them.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import secrets
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import discord
import yarl
from aiohttp import WSMsgType, web

DISCORD_EPOCH_MS = 1_420_070_400_000
EVERYTHING = (1 << 50) - 1
MEMBER = (1 << 10) | (1 << 11) | (1 << 14) | (1 << 16) | (1 << 31)
"""View channel, send messages, embed links, read history, use application commands."""
API = "/api/v10"
ANSWER_WITHIN = 5.0
ACK_WINDOW = 3.0


@dataclass
class PressLog:
    """When each press went out, was acknowledged and was confirmed (seconds, `time.monotonic`)."""

    sent: dict[int, float] = field(default_factory=dict)
    acked: dict[int, float] = field(default_factory=dict)
    confirmed: dict[int, float] = field(default_factory=dict)
    busy: int = 0
    refused: int = 0
    confirmed_unacked: int = 0


@dataclass
class _Bot:
    token: str
    id: int
    name: str
    commands: list[dict[str, Any]] = field(default_factory=list)
    socket: web.WebSocketResponse | None = None
    compressor: Any = None
    sequence: int = 0

    def user(self) -> dict[str, Any]:
        return _user(self.id, self.name, bot=True)

    async def send(self, op: int, data: Any, event: str | None = None) -> None:
        if op == 0:
            self.sequence += 1
        frame = json.dumps({"op": op, "d": data, "s": self.sequence if op == 0 else None, "t": event})
        assert self.socket is not None
        if self.compressor is None:
            await self.socket.send_str(frame)
        else:
            await self.socket.send_bytes(
                self.compressor.compress(frame.encode()) + self.compressor.flush(zlib.Z_SYNC_FLUSH)
            )


class FakeDiscord:
    def __init__(self) -> None:
        self._counter = itertools.count(1)
        self.guild_id, self.channel_id, self.viewer_id = self._snowflake(), self._snowflake(), self._snowflake()
        self._bots: dict[str, _Bot] = {}
        self._answers: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self._tokens: dict[str, int] = {}
        self._runner: web.AppRunner | None = None
        self.port = 0
        self.posted: list[dict[str, Any]] = []
        self.presses = PressLog()

    def add_bot(self, name: str) -> str:
        """A bot account (and its application) that may log in; returns its token."""
        token = f"bench.{secrets.token_urlsafe(24)}"
        self._bots[token] = _Bot(token, self._snowflake(), name)
        return token

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/gateway", self._gateway)
        app.router.add_get(API + "/users/@me", self._me)
        app.router.add_get(API + "/oauth2/applications/@me", self._application)
        app.router.add_get(API + "/gateway", self._gateway_url)
        app.router.add_get(API + "/gateway/bot", self._gateway_url)
        app.router.add_put(API + "/applications/{app}/commands", self._sync)
        app.router.add_post(API + "/interactions/{interaction}/{token}/callback", self._callback)
        app.router.add_post(API + "/webhooks/{app}/{token}", self._followup)
        app.router.add_post(API + "/channels/{channel}/messages", self._post_message)
        app.router.add_patch(API + "/channels/{channel}/messages/{message}", self._edit_message)
        app.router.add_route("*", "/{tail:.*}", self._unknown)
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]

    async def close(self) -> None:
        for bot in self._bots.values():
            if bot.socket is not None:
                await bot.socket.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @contextmanager
    def pointed_at(self) -> Iterator[None]:
        base, gateway = discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
        discord.http.Route.BASE = f"http://127.0.0.1:{self.port}{API}"
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(self._ws_url())
        try:
            yield
        finally:
            discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = base, gateway

    async def slash(self, token: str, command: str, **options: str) -> dict[str, Any]:
        """A viewer's `/command` to the bot with `token`; returns the body of the bot's interaction response."""
        bot = self._bots[token]
        registered = next(c for c in bot.commands if c["name"] == command)
        interaction = self._snowflake()
        answered: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._answers[interaction] = answered
        data = {
            "id": registered["id"],
            "name": command,
            "type": 1,
            "options": [{"name": name, "type": 3, "value": value} for name, value in options.items()],
        }
        await bot.send(0, self._interaction(bot, interaction, data), "INTERACTION_CREATE")
        try:
            return await asyncio.wait_for(answered, ANSWER_WITHIN)
        finally:
            del self._answers[interaction]

    async def press(self, token: str, message: dict[str, Any], custom_id: str, member: int) -> None:
        """A press on `message`'s button by viewer number `member`, sent and not waited for."""
        bot = self._bots[token]
        interaction = self._snowflake()
        payload = self._interaction(bot, interaction, {"custom_id": custom_id, "component_type": 2})
        payload.update(type=3, message=message, member=self._member(member))
        self._tokens[payload["token"]] = interaction
        self.presses.sent[interaction] = time.monotonic()
        await bot.send(0, payload, "INTERACTION_CREATE")

    # --- the gateway ---------------------------------------------------------------------------------

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse(max_msg_size=0)
        await socket.prepare(request)
        compressor = zlib.compressobj() if request.query.get("compress") == "zlib-stream" else None
        pending = _Bot("", 0, "", socket=socket, compressor=compressor)
        await pending.send(10, {"heartbeat_interval": 41_250})
        async for frame in socket:
            if frame.type not in (WSMsgType.TEXT, WSMsgType.BINARY):
                break
            payload = json.loads(frame.data)
            if payload.get("op") == 1:
                await pending.send(11, None)
            elif payload.get("op") == 2:
                bot = self._bots.get(payload["d"].get("token"))
                if bot is None:
                    await socket.close(code=4004, message=b"Authentication failed.")
                    break
                bot.socket, bot.compressor = socket, compressor
                pending = bot
                await self._ready(bot)
        return socket

    async def _ready(self, bot: _Bot) -> None:
        ready = {
            "v": 10,
            "user": bot.user(),
            "guilds": [{"id": str(self.guild_id), "unavailable": True}],
            "session_id": secrets.token_hex(16),
            "resume_gateway_url": self._ws_url(),
            "application": {"id": str(bot.id), "flags": 0},
            "shard": [0, 1],
        }
        await bot.send(0, ready, "READY")
        everyone = {
            "id": str(self.guild_id),
            "name": "@everyone",
            "permissions": str(MEMBER),
            "position": 0,
            "color": 0,
            "hoist": False,
            "managed": False,
            "mentionable": False,
            "flags": 0,
        }
        guild = {
            "id": str(self.guild_id),
            "name": "Bench",
            "owner_id": str(self.viewer_id),
            "member_count": 2,
            "large": False,
            "unavailable": False,
            "features": [],
            "roles": [everyone],
            "emojis": [],
            "stickers": [],
            "channels": [self._channel()],
            "threads": [],
            "voice_states": [],
            "presences": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
            "soundboard_sounds": [],
            "preferred_locale": "en-US",
            "members": [self._member(), {**self._member(), "user": bot.user(), "permissions": str(EVERYTHING)}],
        }
        await bot.send(0, guild, "GUILD_CREATE")

    def _interaction(self, bot: _Bot, interaction: int, data: dict[str, Any]) -> dict[str, Any]:
        return {
            "id": str(interaction),
            "application_id": str(bot.id),
            "type": 2,
            "token": secrets.token_urlsafe(32),
            "version": 1,
            "locale": "en-US",
            "guild_locale": "en-US",
            "app_permissions": str(EVERYTHING),
            "entitlements": [],
            "authorizing_integration_owners": {"0": str(self.guild_id)},
            "context": 0,
            "guild_id": str(self.guild_id),
            "guild": {"id": str(self.guild_id), "locale": "en-US", "features": []},
            "channel_id": str(self.channel_id),
            "channel": {**self._channel(), "permissions": str(MEMBER)},
            "member": self._member(),
            "data": data,
            "attachment_size_limit": 26_214_400,
        }

    # --- REST ----------------------------------------------------------------------------------------

    def _bot(self, request: web.Request) -> _Bot:
        token = request.headers.get("Authorization", "").removeprefix("Bot ")
        if token not in self._bots:
            raise web.HTTPUnauthorized(
                text=json.dumps({"message": "401: Unauthorized", "code": 0}), content_type="application/json"
            )
        return self._bots[token]

    async def _me(self, request: web.Request) -> web.Response:
        return _json(self._bot(request).user())

    async def _application(self, request: web.Request) -> web.Response:
        bot = self._bot(request)
        return _json(
            {
                "id": str(bot.id),
                "name": bot.name,
                "description": "",
                "icon": None,
                "bot_public": True,
                "bot_require_code_grant": False,
                "owner": _user(self.viewer_id, "owner"),
                "verify_key": "0" * 64,
                "flags": 0,
            }
        )

    async def _gateway_url(self, request: web.Request) -> web.Response:
        limit = {"total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1}
        return _json({"url": self._ws_url(), "shards": 1, "session_start_limit": limit})

    async def _sync(self, request: web.Request) -> web.Response:
        bot = self._bot(request)
        bot.commands = [
            {
                **command,
                "id": str(self._snowflake()),
                "application_id": str(bot.id),
                "version": str(self._snowflake()),
                "default_member_permissions": _text_or_none(command.get("default_member_permissions")),
            }
            for command in await request.json()
        ]
        return _json(bot.commands)

    async def _callback(self, request: web.Request) -> web.Response:
        interaction = int(request.match_info["interaction"])
        body = await request.json()
        if interaction in self.presses.sent:
            if interaction in self.presses.acked:
                return _json({"message": "Interaction has already been acknowledged.", "code": 40060}, status=400)
            if time.time() - ((interaction >> 22) + DISCORD_EPOCH_MS) / 1000 > ACK_WINDOW:
                self.presses.refused += 1
                return _json({"message": "Unknown interaction", "code": 10062}, status=404)
            self.presses.acked[interaction] = time.monotonic()
            if body.get("type") == 4:  # answered at once: "busy", or bare discord.py's whole answer
                self.presses.confirmed[interaction] = time.monotonic()
                self.presses.busy += "busy" in str((body.get("data") or {}).get("content", ""))
        waiting = self._answers.get(interaction)
        if waiting is not None and not waiting.done():
            waiting.set_result(body)
        return _json({"interaction": {"id": str(interaction), "type": 2}, "resource": {"type": body.get("type")}})

    async def _followup(self, request: web.Request) -> web.Response:
        interaction = self._tokens.get(request.match_info["token"])
        if interaction is None or interaction not in self.presses.acked:
            self.presses.confirmed_unacked += 1
            return _json({"message": "Unknown Webhook", "code": 10015}, status=404)
        self.presses.confirmed.setdefault(interaction, time.monotonic())
        return _json(self._message(await request.json()))

    async def _post_message(self, request: web.Request) -> web.Response:
        message = self._message(await request.json())
        self.posted.append(message)
        return _json(message)

    async def _edit_message(self, request: web.Request) -> web.Response:
        return _json({**self._message(await request.json()), "id": request.match_info["message"]})

    def _message(self, body: dict[str, Any]) -> dict[str, Any]:
        return {
            "id": str(self._snowflake()),
            "channel_id": str(self.channel_id),
            "type": 0,
            "content": body.get("content") or "",
            "author": _user(next(iter(self._bots.values())).id, "bot", bot=True),
            "attachments": [],
            "embeds": body.get("embeds") or [],
            "mentions": [],
            "mention_roles": [],
            "pinned": False,
            "mention_everyone": False,
            "tts": False,
            "timestamp": "2026-01-01T00:00:00+00:00",
            "edited_timestamp": None,
            "flags": body.get("flags") or 0,
            "components": body.get("components") or [],
        }

    async def _unknown(self, request: web.Request) -> web.Response:
        return _json({"message": "404: Not Found", "code": 0}, status=404)

    # --- shapes ----------------------------------------------------------------------------------------

    def _snowflake(self) -> int:
        return (int(time.time() * 1000) - DISCORD_EPOCH_MS) << 22 | next(self._counter)

    def _ws_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

    def _channel(self) -> dict[str, Any]:
        return {
            "id": str(self.channel_id),
            "type": 0,
            "name": "general",
            "position": 0,
            "guild_id": str(self.guild_id),
            "permission_overwrites": [],
            "nsfw": False,
            "topic": None,
            "last_message_id": None,
            "rate_limit_per_user": 0,
            "parent_id": None,
        }

    def _member(self, number: int = 0) -> dict[str, Any]:
        return {
            "user": _user(self.viewer_id + number, f"viewer{number}" if number else "viewer"),
            "roles": [],
            "flags": 0,
            "nick": None,
            "avatar": None,
            "joined_at": "2025-01-01T00:00:00+00:00",
            "deaf": False,
            "mute": False,
            "pending": False,
            "permissions": str(MEMBER),
        }


def _json(data: Any, status: int = 200) -> web.Response:
    """discord.py reads a body as JSON only when the content type is exactly application/json."""
    return web.Response(status=status, body=json.dumps(data), headers={"Content-Type": "application/json"})


def _user(user_id: int, name: str, *, bot: bool = False) -> dict[str, Any]:
    return {
        "id": str(user_id),
        "username": name,
        "global_name": name,
        "discriminator": "0",
        "avatar": None,
        "bot": bot,
        "public_flags": 0,
    }


def _text_or_none(value: Any) -> str | None:
    return None if value is None else str(value)
