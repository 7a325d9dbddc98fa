"""Members' own messages, as Discord delivers and lets a bot handle them.

- Members post, edit and delete (`post_as`, `edit_as`, `delete_as`); the gateway dispatches MESSAGE_CREATE,
  MESSAGE_UPDATE (the whole message, as API v10 does) and MESSAGE_DELETE to sessions that asked for the
  GUILD_MESSAGES intent. Without the privileged MESSAGE_CONTENT intent, `content`, `embeds`, `attachments`
  and `components` arrive empty (except in the bot's own messages and DMs). Asking for MESSAGE_CONTENT when
  the application has not enabled it in the developer portal closes the connection with 4014.
- DELETE /channels/{c}/messages/{m}: a bot deletes its own messages freely, others' with Manage Messages.
- Channel webhooks: GET and POST /channels/{c}/webhooks (Manage Webhooks); executing one posts a message
  under the name and avatar given, marked with the webhook's id.
- DMs: POST /users/@me/channels opens one; a member who closed their DMs refuses messages (50007).
"""

from __future__ import annotations

import copy
import secrets
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aiohttp import web

from tests.adapters.discord.fake._model import Channel, User, now_iso
from tests.adapters.discord.fake._rules import Rejected, check_message, invalid

if TYPE_CHECKING:
    from tests.adapters.discord.fake._server import FakeDiscord

GUILD_MESSAGES = 1 << 9
MESSAGE_CONTENT = 1 << 15
MANAGE_MESSAGES = 1 << 13
MANAGE_WEBHOOKS = 1 << 29
SEND_MESSAGES = 1 << 11
READ_MESSAGE_HISTORY = 1 << 16
CONTENT_KEYS = {"content": "", "embeds": [], "attachments": [], "components": []}


@dataclass(eq=False)
class Webhook:
    id: int
    token: str
    channel: Channel
    name: str
    creator: User
    avatar: str | None = None

    def as_webhook(self, application_id: int) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "type": 1,
            "guild_id": str(self.channel.guild_id),
            "channel_id": str(self.channel.id),
            "name": self.name,
            "avatar": self.avatar,
            "token": self.token,
            "application_id": str(application_id),
            "user": self.creator.as_user(),
        }


@dataclass(eq=False)
class DirectChannel:
    id: int
    user: User
    history: list[dict[str, Any]] = field(default_factory=list)

    def as_channel(self) -> dict[str, Any]:
        return {"id": str(self.id), "type": 1, "recipients": [self.user.as_user()], "last_message_id": None}


class MemberMessages:
    """Mixed into FakeDiscord."""

    def _messages_init(self: FakeDiscord) -> None:
        self.webhooks: dict[int, Webhook] = {}
        self.dms: dict[int, DirectChannel] = {}
        self.closed_dms: set[int] = set()
        """Users who do not accept DMs from server members."""
        self.message_content_enabled = False
        """The Message Content intent switched on in the developer portal."""

    # --- acting as members -------------------------------------------------------------------------

    async def post_as(
        self: FakeDiscord, user: User | str, channel: Channel | str, content: str, *, deleted_at_once: bool = False
    ) -> dict[str, Any]:
        """A member's message. `deleted_at_once`: its author deletes it before any bot can act on it."""
        who, where = self._who(user), self._where(channel)
        assert 0 < len(content) <= 4000, "Discord takes 1 to 4,000 characters from a member (with Nitro)"
        message = self._stored_by(who, where, content)
        if not deleted_at_once:
            where.history.append(message)
            self.messages[int(message["id"])] = message
        await self._dispatch("MESSAGE_CREATE", message, where)
        if deleted_at_once:
            await self._dispatch_delete(message, where)
        return message

    async def edit_as(self: FakeDiscord, user: User | str, message: dict[str, Any], content: str) -> dict[str, Any]:
        who = self._who(user)
        assert message["author"]["id"] == str(who.id), "members edit only their own messages"
        current = self.messages[int(message["id"])]
        current["content"] = content
        current["edited_timestamp"] = now_iso()
        channel = self._channel_of(current)
        await self._dispatch("MESSAGE_UPDATE", current, channel)
        return current

    async def delete_as(self: FakeDiscord, user: User | str, message: dict[str, Any]) -> None:
        current = self.messages[int(message["id"])]
        channel = self._channel_of(current)
        self._forget(current)
        await self._dispatch_delete(current, channel)

    def history_of(self: FakeDiscord, channel: Channel | str) -> list[dict[str, Any]]:
        return self._where(channel).history

    def dms_to(self: FakeDiscord, user: User | str) -> list[dict[str, Any]]:
        who = self._who(user)
        return [message for dm in self.dms.values() if dm.user is who for message in dm.history]

    # --- the gateway -------------------------------------------------------------------------------

    async def _dispatch(self: FakeDiscord, event: str, message: dict[str, Any], channel: Channel) -> None:
        for session in list(self.sessions):
            if not session.ready or not session.serves(channel.guild_id) or not session.intents & GUILD_MESSAGES:
                continue
            payload = copy.deepcopy(message)
            if not session.intents & MESSAGE_CONTENT and message["author"]["id"] != str(self.bot_user.id):
                payload.update(copy.deepcopy(CONTENT_KEYS))
            await session.send(0, payload, event)

    async def _dispatch_delete(self: FakeDiscord, message: dict[str, Any], channel: Channel) -> None:
        data = {"id": message["id"], "channel_id": message["channel_id"], "guild_id": message["guild_id"]}
        for session in list(self.sessions):
            if session.ready and session.serves(channel.guild_id) and session.intents & GUILD_MESSAGES:
                await session.send(0, data, "MESSAGE_DELETE")

    def _stored_by(self: FakeDiscord, user: User, channel: Channel, content: str) -> dict[str, Any]:
        member = user.as_member()
        member.pop("user")
        message = {
            "id": str(self.ids.next()),
            "channel_id": str(channel.id),
            "guild_id": str(channel.guild_id),
            "type": 0,
            "author": user.as_user(),
            "member": member,
            "content": content,
            "embeds": [],
            "components": [],
            "attachments": [],
            "flags": 0,
            "tts": False,
            "pinned": False,
            "timestamp": now_iso(),
            "edited_timestamp": None,
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
        }
        return message

    def _channel_of(self: FakeDiscord, message: dict[str, Any]) -> Channel:
        return next(c for g in self.guilds for c in g.channels if str(c.id) == message["channel_id"])

    def privileged_intents_refused(self: FakeDiscord, intents: int) -> bool:
        return bool(intents & MESSAGE_CONTENT) and not self.message_content_enabled

    # --- REST: deleting, webhooks, DMs -------------------------------------------------------------

    def _needs(self: FakeDiscord, permission: int) -> None:
        if self.bot_user.permissions & permission != permission:
            raise Rejected(403, 50013, "Missing Permissions")

    async def _delete_message(self: FakeDiscord, request: web.Request, body: Any) -> tuple[int, Any]:
        message = self._channel_message(request)
        if message["author"]["id"] != str(self.bot_user.id):
            self._needs(MANAGE_MESSAGES)
        channel = self._channel_of(message)
        self._forget(message)
        await self._dispatch_delete(message, channel)
        return 204, None

    async def _channel_webhooks(self: FakeDiscord, request: web.Request, body: Any) -> tuple[int, Any]:
        channel = self._channel(request)
        self._needs(MANAGE_WEBHOOKS)
        found = [hook.as_webhook(self.application_id) for hook in self.webhooks.values() if hook.channel is channel]
        return 200, found

    async def _create_webhook(self: FakeDiscord, request: web.Request, body: Any) -> tuple[int, Any]:
        channel = self._channel(request)
        self._needs(MANAGE_WEBHOOKS)
        name = (body or {}).get("name")
        _check_webhook_name(name, "name")
        hook = Webhook(self.ids.next(), secrets.token_urlsafe(48), channel, name, self.bot_user)
        self.webhooks[hook.id] = hook
        return 200, hook.as_webhook(self.application_id)

    async def _execute_webhook(self: FakeDiscord, request: web.Request, body: Any, hook: Webhook) -> tuple[int, Any]:
        if request.match_info["token"] != hook.token:
            raise Rejected(401, 50027, "Invalid Webhook Token")
        body = body or {}
        check_message(body, creating=True)
        if body.get("username") is not None:
            _check_webhook_name(body["username"], "username")
        message = self._store(body, hook.channel, 0, None)
        message["author"] = {
            "id": str(hook.id),
            "username": body.get("username") or hook.name,
            "avatar": None,
            "discriminator": "0000",
            "bot": True,
        }
        message["avatar_url"] = body.get("avatar_url")
        message["webhook_id"] = str(hook.id)
        await self._dispatch("MESSAGE_CREATE", message, hook.channel)
        if request.query.get("wait") in ("true", "True", "1"):
            return 200, copy.deepcopy(message)
        return 204, None

    async def _open_dm(self: FakeDiscord, request: web.Request, body: Any) -> tuple[int, Any]:
        self._bot_only(request)
        recipient = str((body or {}).get("recipient_id"))
        user = next((u for u in self.users.values() if str(u.id) == recipient), None)
        if user is None:
            invalid([(("recipient_id",), "NUMBER_TYPE_COERCE", "Unknown user")])
        assert user is not None
        dm = next((d for d in self.dms.values() if d.user is user), None)
        if dm is None:
            dm = DirectChannel(self.ids.next(), user)
            self.dms[dm.id] = dm
        return 200, dm.as_channel()

    async def _post_dm(self: FakeDiscord, dm: DirectChannel, body: Any) -> tuple[int, Any]:
        if dm.user.id in self.closed_dms:
            raise Rejected(403, 50007, "Cannot send messages to this user")
        check_message(body, creating=True)
        message: dict[str, Any] = {
            "id": str(self.ids.next()),
            "channel_id": str(dm.id),
            "type": 0,
            "author": self.bot_user.as_user(),
            "content": body.get("content") or "",
            "embeds": body.get("embeds") or [],
            "components": body.get("components") or [],
            "attachments": [],
            "flags": 0,
            "tts": False,
            "pinned": False,
            "timestamp": now_iso(),
            "edited_timestamp": None,
        }
        self._ping(message, body.get("allowed_mentions"))
        dm.history.append(message)
        return 200, copy.deepcopy(message)


def _check_webhook_name(name: Any, key: str) -> None:
    """Discord's rules for a webhook's name and a message's username: 1-80 characters, no 'clyde' or 'discord'."""
    if not isinstance(name, str) or not 1 <= len(name) <= 80:
        invalid([((key,), "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 80 in length.")])
    lowered = str(name).lower()
    if "clyde" in lowered or "discord" in lowered:
        invalid([((key,), "USERNAME_INVALID_CONTAINS", f'Username cannot contain "{lowered}"')])
