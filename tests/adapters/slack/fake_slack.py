"""A local Slack: the Web API and response_url hooks on 127.0.0.1, recording every call and answering like Slack.

It models what the adapter relies on: auth, channel membership (`not_in_channel`, `channel_not_found`),
Block Kit limits (`invalid_blocks`), message storage and edits (`message_not_found`), response_url rules
(five posts each; on a button's message a post replaces it unless `replace_original` is false), users.info
with admin flags, views.publish, oauth.v2.access, and a Socket Mode WebSocket. What it does not model is
listed in the adapter's report and at the end of this docstring.

Members' messages are modelled for the spoiler guard: `member_says` and `member_edits` store a member's message
and give the `message` event Slack would send for it (`message_changed` for an edit); a post with `thread_ts`
is kept as a reply in that message's thread (`thread_of`).

Not modelled: rate limits (429), rich text, block kit elements other than buttons,
the 30-minute lifetime of a response_url, the Slack client's own rendering of mrkdwn.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import WSMsgType, web

MESSAGE_BLOCKS = 50
VIEW_BLOCKS = 100
SECTION_TEXT = 3000
HEADER_TEXT = 150
CONTEXT_ELEMENTS = 10
BUTTONS = 25
BUTTON_LABEL = 75
BUTTON_VALUE = 2000
ID_LENGTH = 255
MESSAGE_TEXT = 40_000
RESPONSE_URL_USES = 5


@dataclass
class Call:
    """One request Slack received: a Web API method, a response_url post, or an ack the app returned."""

    method: str
    args: dict[str, Any]
    token: str | None = None
    url: str = ""
    answer: dict[str, Any] = field(default_factory=dict)
    connection: tuple[str, int] | None = None
    """The caller's end of the TCP connection it came over: calls sharing one came over a kept-alive connection."""

    @property
    def ok(self) -> bool:
        return bool(self.answer.get("ok", True))

    @property
    def error(self) -> str | None:
        return None if self.ok else self.answer.get("error")

    @property
    def public(self) -> bool:
        """Whether the whole channel sees what this call carried."""
        if self.method in ("chat.postMessage", "chat.update"):
            return self.ok
        if self.method in ("ack", "response_url"):
            return self.args.get("response_type") == "in_channel" or self.args.get("_replaces_public", False)
        return False

    @property
    def ephemeral(self) -> bool:
        return self.method in ("ack", "response_url", "chat.postEphemeral") and not self.public


@dataclass
class Hook:
    """A response_url Slack issued with a command or a click."""

    kind: str
    channel: str
    uses: int = 0
    source_public: bool = False


class FakeSlack:
    def __init__(
        self,
        *,
        team: str = "T1",
        bot_token: str = "xoxb-test-token",
        app_token: str = "xapp-test-token",
        joined: set[str] | None = None,
        public: set[str] | None = None,
    ) -> None:
        self.team = team
        self.tokens: dict[str, str] = {bot_token: team}
        self.app_token = app_token
        self.joined = set(joined if joined is not None else {"C1", "C2"})
        """Channels the bot is a member of."""
        self.public = set(public if public is not None else {"C1", "C2", "C3"})
        """Channels that exist but the bot may not be in (the rest do not exist, for the bot)."""
        self.users: dict[str, dict[str, Any]] = {}
        self.codes: dict[str, str] = {}
        """OAuth codes waiting for oauth.v2.access, by code → team."""
        self.calls: list[Call] = []
        self.messages: dict[tuple[str, str], dict[str, Any]] = {}
        self.hooks: dict[str, Hook] = {}
        self.socket_inbox: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self.socket_outbox: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self._ts = itertools.count(1)
        self._hook_numbers = itertools.count(1)
        self.hold_next: list[asyncio.Event] = []
        """The next response_urls issued answer only once their event is set, one event each: a slow endpoint."""
        self.held: dict[str, asyncio.Event] = {}
        self.holding: set[str] = set()
        """Held response_url posts that have arrived and wait for their event."""
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self.url = ""
        self.socket_url: str | None = None
        """Where apps.connections.open sends the app (default: this fake's own WebSocket)."""

    # --- set-up -------------------------------------------------------------------------------------------

    def add_user(self, user: str, name: str, *, admin: bool = False, team: str | None = None) -> None:
        self.users[user] = {
            "id": user,
            "team_id": team or self.team,
            "name": name.lower().replace(" ", "."),
            "real_name": name,
            "is_admin": admin,
            "is_owner": False,
            "is_primary_owner": False,
            "profile": {"display_name": name, "real_name": name},
        }

    def member_says(self, user: str, channel: str, text: str) -> dict[str, Any]:
        """A member posts in a channel; the `message` event (message.channels) Slack sends the app."""
        ts = f"1700000000.{next(self._ts):06d}"
        self.messages[(channel, ts)] = {"text": text, "user": user, "ts": ts, "blocks": None}
        return {
            "type": "message",
            "channel": channel,
            "user": user,
            "text": text,
            "ts": ts,
            "team": self.team,
            "event_ts": ts,
            "channel_type": "channel",
        }

    def member_edits(self, channel: str, ts: str, text: str) -> dict[str, Any]:
        before = dict(self.messages[(channel, ts)])
        self.messages[(channel, ts)] = {**before, "text": text, "edited": {"user": before["user"], "ts": ts}}
        event_ts = f"1700000000.{next(self._ts):06d}"
        return {
            "type": "message",
            "subtype": "message_changed",
            "channel": channel,
            "hidden": True,
            "message": {"type": "message", **self.messages[(channel, ts)]},
            "previous_message": {"type": "message", **before},
            "ts": event_ts,
            "event_ts": event_ts,
            "channel_type": "channel",
        }

    def thread_of(self, channel: str, ts: str) -> list[dict[str, Any]]:
        return [m for (c, _), m in self.messages.items() if c == channel and m.get("thread_ts") == ts]

    def response_url(self, kind: str, channel: str, *, source_public: bool = False) -> str:
        number = next(self._hook_numbers)
        path = f"/hooks/{kind}/{self.team}/{number}/{secrets.token_hex(8)}"
        self.hooks[path] = Hook(kind, channel, source_public=source_public)
        if self.hold_next:
            self.held[path] = self.hold_next.pop(0)
        return self.url + path

    async def start(self) -> None:
        app = web.Application()
        app.router.add_route("*", "/api/{method}", self._api)
        app.router.add_post("/hooks/{kind}/{team}/{number}/{secret}", self._hook)
        app.router.add_get("/socket", self._socket)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()
        host, port = self._runner.addresses[0][:2]
        self.url = f"http://{host}:{port}"

    @property
    def api_url(self) -> str:
        return self.url + "/api/"

    async def close(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    # --- what the tests read ------------------------------------------------------------------------------

    def calls_to(self, method: str) -> list[Call]:
        return [call for call in self.calls if call.method == method]

    async def wait_for(
        self, method: str, count: int = 1, *, where: Callable[[Call], bool] | None = None, timeout: float = 5.0
    ) -> list[Call]:
        """At least `count` calls to `method` (matching `where`), waiting at most `timeout` seconds."""

        def found() -> list[Call]:
            return [call for call in self.calls_to(method) if where is None or where(call)]

        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(lambda: len(found()) >= count), timeout)
        return found()

    async def record(self, call: Call) -> None:
        self.calls.append(call)
        async with self._changed:
            self._changed.notify_all()

    # --- the Web API --------------------------------------------------------------------------------------

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        raw = await request.text()
        if request.content_type == "application/json":
            args = json.loads(raw or "{}")
        else:
            args = {**request.query, **dict(parse_qsl(raw))}
        for key in ("blocks", "view"):
            if isinstance(args.get(key), str):
                args[key] = json.loads(args[key])
        header = request.headers.get("Authorization", "")
        token = header.removeprefix("Bearer ") if header.startswith("Bearer ") else args.get("token")
        answer = self._answer(method, args, token)
        await self.record(Call(method, args, token, str(request.url), answer, _connection(request)))
        return web.json_response(answer)

    def _answer(self, method: str, args: dict[str, Any], token: str | None) -> dict[str, Any]:
        if method == "oauth.v2.access":
            return self._oauth_access(args)
        if method == "apps.connections.open":
            if token != self.app_token:
                return _error("invalid_auth")
            return {"ok": True, "url": self.socket_url or self.url.replace("http://", "ws://") + "/socket"}
        if not token:
            return _error("not_authed")
        if token not in self.tokens:
            return _error("invalid_auth")
        team = self.tokens[token]
        handlers: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
            "auth.test": lambda _: {
                "ok": True,
                "url": "https://fake.slack.test/",
                "team": "Fake",
                "user": "companion",
                "team_id": team,
                "user_id": "UBOT",
                "bot_id": "BBOT",
                "is_enterprise_install": False,
            },
            "chat.postMessage": self._post_message,
            "chat.postEphemeral": self._post_ephemeral,
            "chat.update": self._update,
            "views.publish": self._publish,
            "users.info": self._user_info,
        }
        handler = handlers.get(method)
        return handler(args) if handler else _error("unknown_method")

    def _membership(self, channel: str) -> dict[str, Any] | None:
        if channel in self.joined:
            return None
        return _error("not_in_channel" if channel in self.public else "channel_not_found")

    def _post_message(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = str(args.get("channel", ""))
        problem = self._membership(channel) or message_problem(args)
        if problem:
            return problem
        thread = args.get("thread_ts")
        if thread is not None and (channel, str(thread)) not in self.messages:
            return _error("thread_not_found")
        ts = f"1700000000.{next(self._ts):06d}"
        self.messages[(channel, ts)] = {"text": args.get("text"), "blocks": args.get("blocks"), "ts": ts}
        if thread is not None:
            self.messages[(channel, ts)]["thread_ts"] = str(thread)
        return {"ok": True, "channel": channel, "ts": ts, "message": self.messages[(channel, ts)]}

    def _post_ephemeral(self, args: dict[str, Any]) -> dict[str, Any]:
        problem = self._membership(str(args.get("channel", ""))) or message_problem(args)
        if problem:
            return problem
        if args.get("user") not in self.users:
            return _error("user_not_in_channel")
        return {"ok": True, "message_ts": f"1700000000.{next(self._ts):06d}"}

    def _update(self, args: dict[str, Any]) -> dict[str, Any]:
        key = (str(args.get("channel", "")), str(args.get("ts", "")))
        if key not in self.messages:
            return _error("message_not_found")
        problem = message_problem(args)
        if problem:
            return problem
        self.messages[key] = {"text": args.get("text"), "blocks": args.get("blocks"), "ts": key[1]}
        return {"ok": True, "channel": key[0], "ts": key[1]}

    def _publish(self, args: dict[str, Any]) -> dict[str, Any]:
        view = args.get("view") or {}
        if args.get("user_id") not in self.users or view.get("type") != "home":
            return _error("invalid_arguments")
        problems = block_problems(view.get("blocks") or [], VIEW_BLOCKS)
        if problems:
            return _error("invalid_blocks", problems)
        return {"ok": True, "view": {"id": "V1", **view}}

    def _user_info(self, args: dict[str, Any]) -> dict[str, Any]:
        user = self.users.get(str(args.get("user", "")))
        return {"ok": True, "user": user} if user else _error("user_not_found")

    def _oauth_access(self, args: dict[str, Any]) -> dict[str, Any]:
        team = self.codes.pop(str(args.get("code", "")), None)
        if team is None:
            return _error("invalid_code")
        token = f"xoxb-{team}-{secrets.token_hex(4)}"
        self.tokens[token] = team
        return {
            "ok": True,
            "app_id": "A1",
            "access_token": token,
            "token_type": "bot",
            "scope": "commands,chat:write",
            "bot_user_id": "UBOT",
            "team": {"id": team, "name": f"Team {team}"},
            "enterprise": None,
            "is_enterprise_install": False,
            "authed_user": {"id": "UINSTALLER"},
        }

    # --- response_url -------------------------------------------------------------------------------------

    async def _hook(self, request: web.Request) -> web.Response:
        if (gate := self.held.get(request.path)) is not None:
            self.holding.add(request.path)
            await gate.wait()
        hook = self.hooks.get(request.path)
        body = json.loads(await request.text() or "{}")
        if hook is None:
            answer = _error("invalid_url")
        elif hook.uses >= RESPONSE_URL_USES:
            answer = _error("used_url")
        else:
            hook.uses += 1
            # On a button's message, a response replaces that message unless told not to (Slack's default).
            replaces = hook.kind == "actions" and body.get("replace_original") is not False
            body["_replaces_public"] = replaces and hook.source_public
            answer = message_problem(body) or {"ok": True}
            if answer.get("ok") and body.get("response_type") == "in_channel":
                ts = f"1700000000.{next(self._ts):06d}"
                self.messages[(hook.channel, ts)] = {"text": body.get("text"), "blocks": body.get("blocks"), "ts": ts}
        called = Call("response_url", body, url=str(request.url), answer=answer, connection=_connection(request))
        await self.record(called)
        if not answer.get("ok"):
            return web.Response(status=404, text=answer["error"])
        return web.Response(text="ok")

    # --- Socket Mode --------------------------------------------------------------------------------------

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse()
        await socket.prepare(request)
        await socket.send_json({"type": "hello", "num_connections": 1})

        async def send() -> None:
            while True:
                await socket.send_json(await self.socket_inbox.get())

        sender = asyncio.ensure_future(send())
        try:
            async for frame in socket:
                if frame.type is WSMsgType.TEXT:
                    await self.socket_outbox.put(json.loads(frame.data))
        finally:
            sender.cancel()
        return socket


def _error(error: str, messages: list[str] | None = None) -> dict[str, Any]:
    answer: dict[str, Any] = {"ok": False, "error": error}
    if messages:
        answer["response_metadata"] = {"messages": messages}
    return answer


def message_problem(args: dict[str, Any]) -> dict[str, Any] | None:
    text, blocks = args.get("text"), args.get("blocks")
    if not text and not blocks:
        return _error("no_text")
    if text and len(text) > MESSAGE_TEXT:
        return _error("msg_too_long")
    problems = block_problems(blocks or [], MESSAGE_BLOCKS)
    return _error("invalid_blocks", problems) if problems else None


def block_problems(blocks: list[dict[str, Any]], limit: int) -> list[str]:
    """What Slack would reject in a list of blocks, in the subset of Block Kit the adapter uses."""
    problems = [f"{len(blocks)} blocks, more than {limit}"] if len(blocks) > limit else []
    block_ids = [block["block_id"] for block in blocks if "block_id" in block]
    if len(block_ids) != len(set(block_ids)):
        problems.append("duplicate block_id")
    for index, block in enumerate(blocks):
        problems += [f"block {index}: {problem}" for problem in _block_problems(block)]
    return problems


def _block_problems(block: dict[str, Any]) -> list[str]:
    kind = block.get("type")
    if kind == "section":
        return _text_problems(block.get("text"), SECTION_TEXT, ("mrkdwn", "plain_text"))
    if kind == "header":
        return _text_problems(block.get("text"), HEADER_TEXT, ("plain_text",))
    if kind == "context":
        elements = block.get("elements") or []
        if not 1 <= len(elements) <= CONTEXT_ELEMENTS:
            return [f"context with {len(elements)} elements"]
        return [p for element in elements for p in _text_problems(element, SECTION_TEXT, ("mrkdwn", "plain_text"))]
    if kind == "actions":
        return _buttons_problems(block.get("elements") or [])
    if kind == "divider":
        return []
    return [f"unknown block type {kind!r}"]


def _buttons_problems(buttons: list[dict[str, Any]]) -> list[str]:
    problems = [] if 1 <= len(buttons) <= BUTTONS else [f"actions with {len(buttons)} elements"]
    ids = [button.get("action_id", "") for button in buttons]
    if len(ids) != len(set(ids)):
        problems.append("duplicate action_id in one block")
    for button in buttons:
        if button.get("type") != "button":
            problems.append(f"element type {button.get('type')!r}")
        problems += _text_problems(button.get("text"), BUTTON_LABEL, ("plain_text",))
        if len(button.get("value", "")) > BUTTON_VALUE or len(button.get("action_id", "")) > ID_LENGTH:
            problems.append("button value or action_id too long")
        if button.get("style") not in (None, "primary", "danger"):
            problems.append(f"button style {button.get('style')!r}")
    return problems


def _text_problems(text: Any, limit: int, kinds: tuple[str, ...]) -> list[str]:
    if not isinstance(text, dict) or text.get("type") not in kinds:
        return [f"text object must be one of {kinds}"]
    body = text.get("text")
    if not isinstance(body, str) or not body:
        return ["empty text"]
    return [f"text of {len(body)} characters, more than {limit}"] if len(body) > limit else []


def texts_of(call: Call) -> list[str]:
    """Every piece of text a call would show: the notification text, block texts and button labels."""
    args = call.args
    blocks = (args.get("view") or {}).get("blocks") if call.method == "views.publish" else args.get("blocks")
    found = [args["text"]] if isinstance(args.get("text"), str) else []
    for block in blocks or []:
        if isinstance(block.get("text"), dict):
            found.append(block["text"].get("text", ""))
        for element in block.get("elements") or []:
            label = element.get("text")
            found.append(label.get("text", "") if isinstance(label, dict) else str(label or ""))
    return found


def _connection(request: web.Request) -> tuple[str, int] | None:
    peer = request.transport.get_extra_info("peername") if request.transport is not None else None
    return (str(peer[0]), int(peer[1])) if peer else None
