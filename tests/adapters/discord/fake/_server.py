"""A local Discord for discord.py: REST under /api/v10 and the gateway websocket, on 127.0.0.1.

Tests act as Discord's users (`slash`, `autocomplete`, `click`) and read what the bot sent: every
request is kept in `calls`, every message Discord would store in `messages` and channel histories.
Whatever Discord would refuse is refused the way Discord does (status, code, `errors` object) and
also kept in `rejections`.
"""

from __future__ import annotations

import asyncio
import copy
import json
import secrets
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import yarl
from aiohttp import web

from tests.adapters.discord.fake import _gateway
from tests.adapters.discord.fake._markdown import mentions
from tests.adapters.discord.fake._messages import READ_MESSAGE_HISTORY, SEND_MESSAGES, MemberMessages
from tests.adapters.discord.fake._model import (
    ADMINISTRATOR,
    EPHEMERAL,
    EVERYTHING,
    LOADING,
    MEMBER,
    MODERATOR,
    Channel,
    Guild,
    Interaction,
    Overwrite,
    Role,
    Snowflakes,
    User,
    now_iso,
)
from tests.adapters.discord.fake._rules import Rejected, check_choices, check_commands, check_message, invalid

Handler = Callable[[web.Request, Any], Awaitable[tuple[int, Any]]]
GUILDS = 1 << 0
"""The intent for servers, their channels, threads and roles."""
MESSAGE_KEYS = ("content", "embeds", "components", "allowed_mentions")
CALLBACKS_FOR = {2: {4, 5, 9}, 3: {4, 5, 6, 7, 9}, 4: {8}}


class NotOffered(AssertionError):
    """A real Discord client would not let the user send this: an unknown or hidden command, a bad option value,
    a disabled button."""


@dataclass(frozen=True)
class Call:
    method: str
    path: str
    query: dict[str, str]
    body: Any
    authorization: str | None
    status: int
    response: Any
    connection: tuple[str, int] | None = None
    """The bot's end of the TCP connection the call came on."""


class FakeDiscord(MemberMessages):
    def __init__(
        self,
        *,
        ack_deadline: float = 3.0,
        token_lifetime: float = 900.0,
        most_guilds_per_shard: int = 2500,
        max_concurrency: int = 1,
    ) -> None:
        self._messages_init()
        self.ack_deadline = ack_deadline
        self.token_lifetime = token_lifetime
        self.most_guilds_per_shard = most_guilds_per_shard
        """Above this many servers on one shard, IDENTIFY is closed 4011 (sharding required)."""
        self.max_concurrency = max_concurrency
        self.identify_interval = 0.0
        """Seconds between two IDENTIFYs of one bucket (Discord: 5); a faster one is refused. 0: unchecked."""
        self.identified_at: dict[int, float] = {}
        self.ids = Snowflakes()
        self.token = "fake." + secrets.token_urlsafe(24)
        self.application_id = self.ids.next()
        self.bot_user = User(self.application_id, "Companion", EVERYTHING, bot=True)
        guild_id = self.ids.next()
        self.users = {
            name: User(self.ids.next(), name, permissions)
            for name, permissions in (
                ("owner", EVERYTHING | ADMINISTRATOR),
                ("mod", MODERATOR),
                ("alice", MEMBER),
                ("bob", MEMBER),
                ("carol", MEMBER),
            )
        }
        channels = [
            Channel(self.ids.next(), name, guild_id, index) for index, name in enumerate(("general", "watch", "trivia"))
        ]
        self.guild = Guild(guild_id, "Ballard fans", channels, [*self.users.values(), self.bot_user])
        self.guilds = [self.guild]
        self.commands: dict[int | None, list[dict[str, Any]]] = {}
        self.messages: dict[int, dict[str, Any]] = {}
        self.ephemeral_owner: dict[int, User] = {}
        self.interactions: dict[int, Interaction] = {}
        self.calls: list[Call] = []
        self.sessions: list[_gateway.Session] = []
        self.closed_sessions: list[_gateway.Session] = []
        self.gateway_received: list[dict[str, Any]] = []
        self.gateway_connections: list[dict[str, str]] = []
        self.resumes = 0
        self.refused_identifies: list[tuple[tuple[int, int], int]] = []
        """((shard, count), close code) of each IDENTIFY closed: 4010 invalid shard, 4011 sharding required."""
        self._condition = asyncio.Condition()
        self._watched: list[asyncio.Task[Any]] = []
        self._runner: web.AppRunner | None = None
        self.port = 0

    # --- running -----------------------------------------------------------------------------------

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/gateway", self._socket)
        api = "/api/v10"
        routes: list[tuple[str, str, Handler]] = [
            ("GET", "/users/@me", self._me),
            ("GET", "/oauth2/applications/@me", self._application),
            ("GET", "/gateway", self._gateway_url),
            ("GET", "/gateway/bot", self._gateway_bot),
            ("PUT", "/applications/{app}/commands", self._put_commands),
            ("GET", "/applications/{app}/commands", self._get_commands),
            ("PUT", "/applications/{app}/guilds/{guild}/commands", self._put_commands),
            ("GET", "/applications/{app}/guilds/{guild}/commands", self._get_commands),
            ("POST", "/interactions/{interaction}/{token}/callback", self._callback),
            ("POST", "/webhooks/{app}/{token}", self._followup),
            ("GET", "/webhooks/{app}/{token}/messages/{message}", self._get_webhook_message),
            ("PATCH", "/webhooks/{app}/{token}/messages/{message}", self._edit_webhook_message),
            ("DELETE", "/webhooks/{app}/{token}/messages/{message}", self._delete_webhook_message),
            ("GET", "/channels/{channel}", self._get_channel),
            ("POST", "/channels/{channel}/messages", self._post_message),
            ("GET", "/channels/{channel}/messages/{message}", self._get_message),
            ("PATCH", "/channels/{channel}/messages/{message}", self._edit_message),
            ("DELETE", "/channels/{channel}/messages/{message}", self._delete_message),
            ("GET", "/channels/{channel}/webhooks", self._channel_webhooks),
            ("POST", "/channels/{channel}/webhooks", self._create_webhook),
            ("POST", "/users/@me/channels", self._open_dm),
        ]
        for method, path, handler in routes:
            app.router.add_route(method, api + path, self._recorded(handler))
        app.router.add_route("*", "/{tail:.*}", self._recorded(self._unknown))
        self._runner = web.AppRunner(app, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]

    async def close(self) -> None:
        for session in list(self.sessions):
            await session.socket.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def api_base(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v10"

    @property
    def gateway_url(self) -> yarl.URL:
        return yarl.URL(f"ws://127.0.0.1:{self.port}/gateway")

    def watch(self, task: asyncio.Task[Any]) -> None:
        """Waits fail at once, with the cause, when the bot's task ends (a bad event kills discord.py's client)."""
        self._watched.append(task)

    def unwatch(self, task: asyncio.Task[Any]) -> None:
        """Before stopping a bot on purpose."""
        if task in self._watched:
            self._watched.remove(task)

    async def changed(self) -> None:
        async with self._condition:
            self._condition.notify_all()

    async def until(self, predicate: Callable[[], Any], what: str = "the bot", timeout: float = 5.0) -> None:
        """Wait, at most `timeout` seconds, for `predicate`; re-checked on every request and every 10 ms."""
        deadline = asyncio.get_running_loop().time() + timeout
        while not predicate():
            for task in self._watched:
                if task.done():
                    error = None if task.cancelled() else task.exception()
                    raise AssertionError(f"the bot stopped while waiting for {what}") from error
            remaining = deadline - asyncio.get_running_loop().time()
            if remaining <= 0:
                raise AssertionError(f"timed out waiting for {what}")
            async with self._condition:
                try:
                    await asyncio.wait_for(self._condition.wait(), min(remaining, 0.01))
                except TimeoutError:
                    pass

    async def reconnect(self) -> None:
        """Ask every connected shard to reconnect (op 7); discord.py resumes on `resume_gateway_url`."""
        for session in list(self.sessions):
            await session.send(7, None)

    # --- what tests read ---------------------------------------------------------------------------

    @property
    def rejections(self) -> list[Call]:
        return [call for call in self.calls if call.status >= 400]

    def sent_messages(self) -> list[dict[str, Any]]:
        """Every message body the bot sent: responses, follow-ups, edits and channel posts, as on the wire."""
        bodies = []
        for call in self.calls:
            if call.method == "POST" and call.path.endswith("/callback") and isinstance(call.body, dict):
                if call.body.get("type") in (4, 7):
                    bodies.append(call.body.get("data") or {})
            elif call.method in ("POST", "PATCH") and ("/webhooks/" in call.path or "/messages" in call.path):
                bodies.append(call.body)
        return bodies

    def channel(self, name: str) -> Channel:
        return self.guild.channel(name)

    def add_channel(self, name: str) -> Channel:
        """A new text channel (Discord would send CHANNEL_CREATE; the bot needs none: it posts by id)."""
        channel = Channel(self.ids.next(), name, self.guild.id, len(self.guild.channels))
        self.guild.channels.append(channel)
        return channel

    async def create_channel(self, name: str) -> Channel:
        """A new text channel while the bot runs, announced with CHANNEL_CREATE to sessions with the guilds
        intent, as Discord does."""
        channel = self.add_channel(name)
        await self._announce("CHANNEL_CREATE", channel.as_channel(), channel.guild_id)
        return channel

    async def start_thread(self, user: User | str, channel: Channel | str, name: str) -> int:
        """A public thread a member starts in `channel`: THREAD_CREATE to sessions with the guilds intent."""
        who, parent = self._who(user), self._where(channel)
        thread = {
            "id": str(self.ids.next()),
            "type": 11,
            "guild_id": str(parent.guild_id),
            "parent_id": str(parent.id),
            "owner_id": str(who.id),
            "name": name,
            "last_message_id": None,
            "rate_limit_per_user": 0,
            "flags": 0,
            "message_count": 0,
            "member_count": 1,
            "total_message_sent": 0,
            "newly_created": True,
            "thread_metadata": {
                "archived": False,
                "auto_archive_duration": 1440,
                "archive_timestamp": now_iso(),
                "locked": False,
                "create_timestamp": now_iso(),
            },
        }
        await self._announce("THREAD_CREATE", thread, parent.guild_id)
        return int(thread["id"])

    async def _announce(self, event: str, data: dict[str, Any], guild_id: int) -> None:
        for session in list(self.sessions):
            if session.ready and session.serves(guild_id) and session.intents & GUILDS:
                await session.send(0, data, event)

    def add_guild(self, name: str, *, shard: int = 0, count: int = 1) -> Guild:
        """Another server with the same members and channels named as the first's, living on `shard` of `count`
        (its id decides: `(id >> 22) % count`). Call before the bot starts: it arrives with GUILD_CREATE."""
        guild_id = self.ids.on_shard(shard, count)
        channels = [Channel(self.ids.next(), c.name, guild_id, c.position) for c in self.guild.channels]
        guild = Guild(guild_id, name, channels, list(self.guild.members))
        self.guilds.append(guild)
        return guild

    def recommended_shards(self) -> int:
        """As GET /gateway/bot recommends: about one shard per 1,000 servers."""
        return max(1, -(-len(self.guilds) // 1000))

    def add_user(self, name: str, permissions: int = MEMBER) -> User:
        user = self.users[name] = User(self.ids.next(), name, permissions)
        self.guild.members.append(user)
        return user

    def user(self, name: str) -> User:
        return self.users[name]

    def add_role(self, name: str, permissions: int, *members: User | str) -> Role:
        """A server role granting `permissions`, given to `members` (Discord would send GUILD_ROLE_CREATE and
        GUILD_MEMBER_UPDATE; the bot, with the guilds intent only, hears the first: call before the bot starts)."""
        role = Role(self.ids.next(), name, permissions)
        for member in members:
            self._who(member).roles.append(role)
        return role

    def overwrite(self, channel: Channel | str, target: Role | User | str, *, allow: int = 0, deny: int = 0) -> None:
        """A permission overwrite on one channel, for a role or a member, as Server Settings would add it."""
        who = target if isinstance(target, Role) else self._who(target)
        kind = 0 if isinstance(who, Role) else 1
        self._where(channel).overwrites.append(Overwrite(who.id, kind, allow, deny))

    # --- acting as users ---------------------------------------------------------------------------

    async def slash(
        self,
        user: User | str,
        command: str,
        channel: Channel | str = "general",
        *,
        override: bool = False,
        **options: Any,
    ) -> Interaction:
        """`/command sub` as `user` would send it from Discord's client; `override` stands for a server
        admin granting a hidden command to everyone (Server Settings → Integrations)."""
        who, where = self._who(user), self._where(channel)
        data = self._command_data(who, where, command, options, focused=None, override=override)
        return await self._interact(2, who, where, data)

    async def autocomplete(
        self,
        user: User | str,
        command: str,
        option: str,
        partial: str,
        channel: Channel | str = "general",
        **options: Any,
    ) -> list[dict[str, Any]]:
        who, where = self._who(user), self._where(channel)
        data = self._command_data(who, where, command, {**options, option: partial}, focused=option, override=True)
        interaction = await self._interact(4, who, where, data)
        await self.until(lambda: interaction.choices is not None, f"autocomplete for /{command} {option}")
        assert interaction.choices is not None
        return interaction.choices

    async def click(
        self,
        user: User | str,
        message: dict[str, Any],
        custom_id: str,
        *,
        ago: float = 0.0,
        acknowledged: bool = False,
    ) -> Interaction:
        """A press; with `ago`, one the member made that many seconds ago (its id says so, and Discord's 3 s
        run from then), as when the gateway or the bot's loop held it up; `acknowledged`, one that Discord
        already holds as acknowledged (a second delivery), so a callback gets 40060."""
        who = self._who(user)
        current = self.messages.get(int(message["id"]))
        if current is None:
            raise NotOffered("that message does not exist")
        owner = self.ephemeral_owner.get(int(current["id"]))
        if owner is not None and owner is not who:
            raise NotOffered("only its user sees an ephemeral message")
        buttons = [item for row in current.get("components") or [] for item in row.get("components") or []]
        button = next((item for item in buttons if item.get("custom_id") == custom_id), None)
        if button is None:
            raise NotOffered(f"no button {custom_id!r} on that message")
        if button.get("disabled"):
            raise NotOffered(f"button {custom_id!r} is disabled")
        channel = next(c for g in self.guilds for c in g.channels if str(c.id) == current["channel_id"])
        data = {"custom_id": custom_id, "component_type": 2}
        return await self._interact(
            3, who, channel, data, message=copy.deepcopy(current), ago=ago, acknowledged=acknowledged
        )

    async def answered(self, interaction: Interaction, messages: int = 1) -> list[dict[str, Any]]:
        """Wait until the bot has answered with at least `messages` visible messages; they are returned."""
        await self.until(
            lambda: interaction.answered and len(interaction.messages) >= messages,
            f"an answer to interaction {interaction.data.get('name') or interaction.data.get('custom_id')}",
        )
        return interaction.messages

    def _who(self, user: User | str) -> User:
        return self.users[user] if isinstance(user, str) else user

    def _where(self, channel: Channel | str) -> Channel:
        return self.guild.channel(channel) if isinstance(channel, str) else channel

    def _guild_of(self, channel: Channel) -> Guild:
        return next(guild for guild in self.guilds if guild.id == channel.guild_id)

    def _registered(self, name: str, guild: Guild) -> tuple[dict[str, Any], bool]:
        for guild_id in (guild.id, None):
            for command in self.commands.get(guild_id, []):
                if command["name"] == name and command.get("type", 1) == 1:
                    return command, guild_id is not None
        raise NotOffered(f"/{name} is not registered")

    def _command_data(
        self,
        user: User,
        channel: Channel,
        command: str,
        options: dict[str, Any],
        *,
        focused: str | None,
        override: bool,
    ) -> dict[str, Any]:
        top, *subs = command.split()
        schema, in_guild = self._registered(top, self._guild_of(channel))
        required = schema.get("default_member_permissions")
        if required is not None and not override:
            needed, has = int(required), self._guild_of(channel).permissions(user, channel)
            if not has & ADMINISTRATOR and (needed == 0 or has & needed != needed):
                raise NotOffered(f"/{top} is hidden from {user.name}")
        data: dict[str, Any] = {"id": schema["id"], "name": top, "type": 1}
        if in_guild:
            data["guild_id"] = str(channel.guild_id)
        container, declared = data, schema.get("options") or []
        for sub in subs:
            found = next((o for o in declared if o["name"] == sub and o["type"] in (1, 2)), None)
            if found is None:
                raise NotOffered(f"/{command}: no subcommand {sub}")
            node: dict[str, Any] = {"type": found["type"], "name": sub}
            container["options"] = [node]
            container, declared = node, found.get("options") or []
        if any(o["type"] in (1, 2) for o in declared):
            raise NotOffered(f"/{command} needs a subcommand")
        container["options"] = _option_values(command, declared, options, focused)
        return data

    async def _interact(
        self,
        kind: int,
        user: User,
        channel: Channel,
        data: dict[str, Any],
        message: dict[str, Any] | None = None,
        *,
        ago: float = 0.0,
        acknowledged: bool = False,
    ) -> Interaction:
        guild = next(g for g in self.guilds if g.id == channel.guild_id)
        token = secrets.token_urlsafe(48)
        interaction = Interaction(self.ids.next(ago), token, kind, user, channel, guild, data, message)
        interaction.created -= ago
        if acknowledged:
            interaction.callback = 6
        self.interactions[interaction.id] = interaction
        session = next((s for s in self.sessions if s.ready and s.serves(guild.id)), None)
        if session is None:
            raise AssertionError("the bot has no gateway session for this server")
        interaction.shard = session.shard
        await session.send(0, self._interaction_payload(interaction), "INTERACTION_CREATE")
        return interaction

    def _interaction_payload(self, interaction: Interaction) -> dict[str, Any]:
        guild, channel, user = interaction.guild, interaction.channel, interaction.user
        payload: dict[str, Any] = {
            "id": str(interaction.id),
            "application_id": str(self.application_id),
            "type": interaction.type,
            "token": interaction.token,
            "version": 1,
            "attachment_size_limit": 26214400,
            "locale": "en-US",
            "guild_locale": "en-US",
            "app_permissions": str(self.bot_user.permissions),
            "entitlements": [],
            "authorizing_integration_owners": {"0": str(guild.id)},
            "context": 0,
            "guild_id": str(guild.id),
            "guild": {"id": str(guild.id), "locale": "en-US", "features": []},
            "channel_id": str(channel.id),
            "channel": {**channel.as_channel(), "permissions": str(guild.permissions(user, channel))},
            "member": {**user.as_member(), "permissions": str(guild.permissions(user, channel))},
            "data": interaction.data,
        }
        if interaction.message is not None:
            payload["message"] = interaction.message
        return payload

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        return await _gateway.serve(self, request)

    # --- REST --------------------------------------------------------------------------------------

    def _recorded(self, handler: Handler) -> Callable[[web.Request], Awaitable[web.Response]]:
        async def respond(request: web.Request) -> web.Response:
            body = json.loads(await request.text() or "null") if request.can_read_body else None
            try:
                status, payload = await handler(request, body)
            except Rejected as rejected:
                status, payload = rejected.status, rejected.body()
            self.calls.append(
                Call(
                    request.method,
                    request.path,
                    dict(request.query),
                    body,
                    request.headers.get("Authorization"),
                    status,
                    payload,
                    _peer(request),
                )
            )
            await self.changed()
            if status == 204:
                return web.Response(status=204)
            return web.Response(status=status, body=json.dumps(payload), headers={"Content-Type": "application/json"})

        return respond

    def _bot_only(self, request: web.Request) -> None:
        if request.headers.get("Authorization") != f"Bot {self.token}":
            raise Rejected(401, 0, "401: Unauthorized")

    async def _unknown(self, request: web.Request, body: Any) -> tuple[int, Any]:
        raise Rejected(404, 0, "404: Not Found")

    async def _me(self, request: web.Request, body: Any) -> tuple[int, Any]:
        self._bot_only(request)
        return 200, self.bot_user.as_user()

    async def _application(self, request: web.Request, body: Any) -> tuple[int, Any]:
        self._bot_only(request)
        owner = self.users["owner"].as_user()
        return 200, {
            "id": str(self.application_id),
            "name": "Show Companion",
            "description": "",
            "icon": None,
            "bot_public": True,
            "bot_require_code_grant": False,
            "owner": owner,
            "verify_key": "0" * 64,
            "flags": 0,
        }

    async def _gateway_url(self, request: web.Request, body: Any) -> tuple[int, Any]:
        return 200, {"url": str(self.gateway_url)}

    async def _gateway_bot(self, request: web.Request, body: Any) -> tuple[int, Any]:
        self._bot_only(request)
        limit = {"total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": self.max_concurrency}
        return 200, {"url": str(self.gateway_url), "shards": self.recommended_shards(), "session_start_limit": limit}

    def _scope(self, request: web.Request) -> int | None:
        self._bot_only(request)
        if request.match_info["app"] != str(self.application_id):
            raise Rejected(403, 50001, "Missing Access")
        guild = request.match_info.get("guild")
        if guild is not None and int(guild) not in {g.id for g in self.guilds}:
            raise Rejected(403, 50001, "Missing Access")
        return int(guild) if guild is not None else None

    async def _put_commands(self, request: web.Request, body: Any) -> tuple[int, Any]:
        scope = self._scope(request)
        check_commands(body)
        stored = []
        for command in body:
            known = next((c for c in self.commands.get(scope, []) if c["name"] == command["name"]), None)
            record = {
                **command,
                "id": known["id"] if known else str(self.ids.next()),
                "application_id": str(self.application_id),
                "version": str(self.ids.next()),
            }
            if command.get("default_member_permissions") is not None:  # sent as a number, stored as a string
                record["default_member_permissions"] = str(command["default_member_permissions"])
            if scope is not None:
                record["guild_id"] = str(scope)
            stored.append(record)
        self.commands[scope] = stored
        return 200, stored

    async def _get_commands(self, request: web.Request, body: Any) -> tuple[int, Any]:
        return 200, self.commands.get(self._scope(request), [])

    async def _callback(self, request: web.Request, body: Any) -> tuple[int, Any]:
        interaction = self.interactions.get(int(request.match_info["interaction"]))
        if interaction is None or interaction.token != request.match_info["token"]:
            raise Rejected(404, 10062, "Unknown interaction")
        if interaction.callback is not None:
            raise Rejected(400, 40060, "Interaction has already been acknowledged.")
        if time.monotonic() - interaction.created > self.ack_deadline:
            raise Rejected(404, 10062, "Unknown interaction")
        kind = body.get("type") if isinstance(body, dict) else None
        if kind not in CALLBACKS_FOR[interaction.type]:
            invalid(
                [
                    (
                        ("type",),
                        "INTERACTION_CALLBACK_TYPE_INVALID",
                        f"Callback {kind} does not suit interaction type {interaction.type}",
                    )
                ]
            )
        data = body.get("data") or {}
        message: dict[str, Any] | None = None
        if kind == 8:
            check_choices(data.get("choices"))
            interaction.choices = data["choices"]
        elif kind == 4:
            check_message(data, creating=True)
            message = interaction.original = self._store(
                data, interaction.channel, data.get("flags", 0) & EPHEMERAL, interaction
            )
        elif kind == 5:
            flags = (data.get("flags", 0) & EPHEMERAL) | LOADING
            message = interaction.original = self._store({"content": ""}, interaction.channel, flags, interaction)
            interaction.loading = True
        elif kind == 7:
            assert interaction.message is not None
            message = self._edit(self.messages[int(interaction.message["id"])], data)
        interaction.callback, interaction.callback_body = kind, body
        response: dict[str, Any] = {
            "interaction": {
                "id": str(interaction.id),
                "type": interaction.type,
                "response_message_loading": interaction.loading,
                "response_message_ephemeral": bool(message and message["flags"] & EPHEMERAL),
            },
            "resource": {"type": kind},
        }
        if message is not None:
            response["interaction"]["response_message_id"] = message["id"]
            response["resource"]["message"] = _public(message)
        return 200, response

    def _by_token(self, request: web.Request) -> Interaction:
        interaction = next((i for i in self.interactions.values() if i.token == request.match_info["token"]), None)
        if interaction is None or request.match_info["app"] != str(self.application_id):
            raise Rejected(404, 10015, "Unknown Webhook")
        if time.monotonic() - interaction.created > self.token_lifetime:
            raise Rejected(401, 50027, "Invalid Webhook Token")
        if interaction.callback is None or interaction.callback == 8:
            raise Rejected(404, 10015, "Unknown Webhook")
        return interaction

    async def _followup(self, request: web.Request, body: Any) -> tuple[int, Any]:
        hook = self.webhooks.get(int(request.match_info["app"])) if request.match_info["app"].isdigit() else None
        if hook is not None:
            return await self._execute_webhook(request, body, hook)
        interaction = self._by_token(request)
        check_message(body, creating=True)
        if interaction.loading and interaction.original is not None:
            # The first follow-up after a defer replaces "thinking…" and keeps the defer's visibility.
            interaction.loading = False
            original = interaction.original
            return 200, _public(self._edit(original, body, flags=original["flags"] & EPHEMERAL))
        message = self._store(body, interaction.channel, (body.get("flags") or 0) & EPHEMERAL, interaction)
        interaction.followups.append(message)
        return 200, _public(message)

    def _webhook_message(self, interaction: Interaction, key: str) -> dict[str, Any]:
        if key == "@original":
            target = interaction.original if interaction.callback in (4, 5) else interaction.message
        else:
            target = next((m for m in [interaction.original, *interaction.followups] if m and m["id"] == key), None)
        if target is None or int(target["id"]) not in self.messages:
            raise Rejected(404, 10008, "Unknown Message")
        return self.messages[int(target["id"])]

    async def _get_webhook_message(self, request: web.Request, body: Any) -> tuple[int, Any]:
        interaction = self._by_token(request)
        return 200, _public(self._webhook_message(interaction, request.match_info["message"]))

    async def _edit_webhook_message(self, request: web.Request, body: Any) -> tuple[int, Any]:
        interaction = self._by_token(request)
        target = self._webhook_message(interaction, request.match_info["message"])
        if target is interaction.original and interaction.loading:
            interaction.loading = False
            return 200, _public(self._edit(target, body, flags=target["flags"] & EPHEMERAL))
        return 200, _public(self._edit(target, body))

    async def _delete_webhook_message(self, request: web.Request, body: Any) -> tuple[int, Any]:
        interaction = self._by_token(request)
        target = self._webhook_message(interaction, request.match_info["message"])
        self._forget(target)
        if target is interaction.original:
            interaction.original, interaction.loading = None, False
        return 204, None

    def _channel(self, request: web.Request) -> Channel:
        self._bot_only(request)
        wanted = request.match_info["channel"]
        channel = next((c for g in self.guilds for c in g.channels if str(c.id) == wanted), None)
        if channel is None:
            raise Rejected(404, 10003, "Unknown Channel")
        return channel

    async def _get_channel(self, request: web.Request, body: Any) -> tuple[int, Any]:
        return 200, self._channel(request).as_channel()

    async def _post_message(self, request: web.Request, body: Any) -> tuple[int, Any]:
        wanted = request.match_info["channel"]
        dm = self.dms.get(int(wanted)) if wanted.isdigit() else None
        if dm is not None:
            self._bot_only(request)
            return await self._post_dm(dm, body)
        channel = self._channel(request)
        self._needs(SEND_MESSAGES)
        if (body.get("flags") or 0) & EPHEMERAL:
            invalid([(("flags",), "MESSAGE_FLAGS_INVALID", "Only interaction responses can be ephemeral")])
        check_message(body, creating=True)
        reference = body.get("message_reference")
        if reference is not None:
            self._needs(READ_MESSAGE_HISTORY)
            replied = self.messages.get(int(reference.get("message_id") or 0))
            if replied is None and reference.get("fail_if_not_exists", True):
                invalid([(("message_reference",), "REPLIES_UNKNOWN_MESSAGE", "Unknown message")])
        message = self._store(body, channel, 0, None)
        if reference is not None:
            message["type"] = 19
            message["message_reference"] = {**reference, "channel_id": str(channel.id)}
        await self._dispatch("MESSAGE_CREATE", message, channel)
        return 200, _public(message)

    def _channel_message(self, request: web.Request) -> dict[str, Any]:
        channel = self._channel(request)
        message = self.messages.get(int(request.match_info["message"]))
        if message is None or message["channel_id"] != str(channel.id) or int(message["id"]) in self.ephemeral_owner:
            raise Rejected(404, 10008, "Unknown Message")
        return message

    async def _get_message(self, request: web.Request, body: Any) -> tuple[int, Any]:
        return 200, _public(self._channel_message(request))

    async def _edit_message(self, request: web.Request, body: Any) -> tuple[int, Any]:
        message = self._channel_message(request)
        if message["author"]["id"] != str(self.bot_user.id):
            raise Rejected(403, 50005, "Cannot edit a message authored by another user")
        return 200, _public(self._edit(message, body))

    # --- messages ----------------------------------------------------------------------------------

    def _store(
        self, body: dict[str, Any], channel: Channel, flags: int, interaction: Interaction | None
    ) -> dict[str, Any]:
        message: dict[str, Any] = {
            "id": str(self.ids.next()),
            "channel_id": str(channel.id),
            "guild_id": str(channel.guild_id),
            "type": 20 if interaction is not None and interaction.type == 2 else 0,
            "author": self.bot_user.as_user(),
            "content": body.get("content") or "",
            "embeds": body.get("embeds") or [],
            "components": body.get("components") or [],
            "flags": flags,
            "tts": False,
            "pinned": False,
            "attachments": [],
            "timestamp": now_iso(),
            "edited_timestamp": None,
            "application_id": str(self.application_id),
        }
        if interaction is not None:
            message["webhook_id"] = str(self.application_id)
        self._ping(message, body.get("allowed_mentions"))
        self.messages[int(message["id"])] = message
        if flags & EPHEMERAL and interaction is not None:
            self.ephemeral_owner[int(message["id"])] = interaction.user
        elif not flags & LOADING:
            channel.history.append(message)
        return message

    def _edit(self, message: dict[str, Any], body: dict[str, Any], *, flags: int | None = None) -> dict[str, Any]:
        merged = {**message, **{key: body[key] for key in MESSAGE_KEYS if key in body}}
        check_message(merged, creating=True)
        was_loading = message["flags"] & LOADING
        for key in ("content", "embeds", "components"):
            if key in body:
                message[key] = body[key] if body[key] is not None else ("" if key == "content" else [])
        if flags is not None:
            message["flags"] = flags
        if not was_loading:
            message["edited_timestamp"] = now_iso()
        elif not message["flags"] & EPHEMERAL:
            channel = next(c for g in self.guilds for c in g.channels if str(c.id) == message["channel_id"])
            channel.history.append(message)
        self._ping(message, body.get("allowed_mentions"))
        return message

    def _forget(self, message: dict[str, Any]) -> None:
        self.messages.pop(int(message["id"]), None)
        for guild in self.guilds:
            for channel in guild.channels:
                channel.history[:] = [m for m in channel.history if m is not message]

    def _ping(self, message: dict[str, Any], allowed: dict[str, Any] | None) -> None:
        """What Discord stores about pings for this content under these allowed_mentions (the bot may ping everyone)."""
        found = mentions(message["content"], allowed)
        by_id = {str(user.id): user for user in self.users.values()}
        message["mention_everyone"] = found["mention_everyone"]
        message["mentions"] = [
            by_id[uid].as_user() if uid in by_id else {"id": uid, "username": "?", "discriminator": "0", "avatar": None}
            for uid in found["mentions"]
        ]
        message["mention_roles"] = found["mention_roles"]


def _peer(request: web.Request) -> tuple[str, int] | None:
    peer = request.transport.get_extra_info("peername") if request.transport is not None else None
    return (str(peer[0]), int(peer[1])) if peer else None


def _public(message: dict[str, Any]) -> dict[str, Any]:
    return copy.deepcopy(message)


def _option_values(
    command: str, declared: list[dict[str, Any]], given: dict[str, Any], focused: str | None
) -> list[dict[str, Any]]:
    """Options as Discord's client sends them, refusing what its UI would not let a user enter."""
    by_name = {option["name"]: option for option in declared}
    values = []
    for name, value in given.items():
        option = by_name.get(name)
        if option is None:
            raise NotOffered(f"/{command} has no option {name}")
        if name == focused:
            values.append({"name": name, "type": option["type"], "value": str(value), "focused": True})
            continue
        _check_value(command, option, value)
        values.append({"name": name, "type": option["type"], "value": value})
    if focused is None:
        missing = [o["name"] for o in declared if o.get("required") and o["name"] not in given]
        if missing:
            raise NotOffered(f"/{command} needs {missing}")
    return values


def _check_value(command: str, option: dict[str, Any], value: Any) -> None:
    kind, name = option["type"], option["name"]
    if kind == 3 and not isinstance(value, str) or kind == 5 and not isinstance(value, bool):
        raise NotOffered(f"/{command} {name}: wrong type {type(value).__name__}")
    if kind == 4 and (not isinstance(value, int) or isinstance(value, bool)):
        raise NotOffered(f"/{command} {name}: wrong type {type(value).__name__}")
    choices = [choice["value"] for choice in option.get("choices") or []]
    if choices and value not in choices:
        raise NotOffered(f"/{command} {name}: {value!r} is not one of {choices}")
    if kind == 3 and not option.get("min_length", 0) <= len(value) <= option.get("max_length", 6000):
        raise NotOffered(f"/{command} {name}: length out of bounds")
    if kind == 4 and option.get("min_value") is not None and value < option["min_value"]:
        raise NotOffered(f"/{command} {name}: below {option['min_value']}")
    if kind == 4 and option.get("max_value") is not None and value > option["max_value"]:
        raise NotOffered(f"/{command} {name}: above {option['max_value']}")
