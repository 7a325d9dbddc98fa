"""Slack's side of the wire: signed slash commands, button clicks and events, POSTed to the app over HTTP.

Signatures are computed here from the protocol (HMAC-SHA256 over "v0:<timestamp>:<body>"), not with
slack_sdk's own verifier, so a bug there could not hide one in the adapter.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import aiohttp

from tests.adapters.slack.fake_slack import Call, FakeSlack, message_problem

SIGNING_SECRET = "test-signing-secret"


def signature(secret: str, timestamp: str, body: str) -> str:
    digest = hmac.new(secret.encode(), f"v0:{timestamp}:{body}".encode(), hashlib.sha256).hexdigest()
    return f"v0={digest}"


@dataclass
class Sent:
    status: int
    body: str
    response_url: str = ""

    def json(self) -> dict[str, Any]:
        return json.loads(self.body) if self.body.startswith("{") else {}


class Sender:
    def __init__(self, app_url: str, fake: FakeSlack, secret: str = SIGNING_SECRET) -> None:
        self.events_url = app_url + "/slack/events"
        self.fake = fake
        self.secret = secret
        self._ids = itertools.count(1)

    async def post(
        self,
        body: str,
        content_type: str,
        *,
        timestamp: int | None = None,
        headers: dict[str, str] | None = None,
        sign_body: str | None = None,
        secret: str | None = None,
    ) -> Sent:
        """POST `body` signed for `sign_body` (default: the body itself) at `timestamp` (default: now)."""
        stamp = str(int(time.time()) if timestamp is None else timestamp)
        sent_headers = {
            "Content-Type": content_type,
            "X-Slack-Request-Timestamp": stamp,
            "X-Slack-Signature": signature(secret or self.secret, stamp, body if sign_body is None else sign_body),
            **(headers or {}),
        }
        async with aiohttp.ClientSession(trust_env=False) as session:
            async with session.post(self.events_url, data=body.encode(), headers=sent_headers) as response:
                return Sent(response.status, await response.text())

    def command_body(
        self, command: str, text: str, *, user: str, channel: str, team: str | None = None
    ) -> tuple[str, str]:
        url = self.fake.response_url("commands", channel)
        fields = {
            "token": "legacy",
            "team_id": team or self.fake.team,
            "team_domain": "fake",
            "channel_id": channel,
            "channel_name": channel.lower(),
            "user_id": user,
            "user_name": user.lower(),
            "command": command,
            "text": text,
            "api_app_id": "A1",
            "is_enterprise_install": "false",
            "response_url": url,
            "trigger_id": f"trigger-{next(self._ids)}",
        }
        return urlencode(fields), url

    async def command(self, command: str, text: str = "", *, user: str = "U1", channel: str = "C1") -> Sent:
        body, url = self.command_body(command, text, user=user, channel=channel)
        sent = await self.post(body, "application/x-www-form-urlencoded")
        sent.response_url = url
        if sent.status == 200 and sent.body:
            ack = sent.json() or {"text": sent.body}
            await self.fake.record(Call("ack", ack, url=url, answer=message_problem(ack) or {"ok": True}))
        return sent

    async def click(
        self, value: str, *, user: str = "U1", channel: str = "C1", message_ts: str = "", public: bool = True
    ) -> Sent:
        url = self.fake.response_url("actions", channel, source_public=public)
        payload = {
            "type": "block_actions",
            "user": {"id": user, "username": user.lower(), "name": user.lower(), "team_id": self.fake.team},
            "api_app_id": "A1",
            "token": "legacy",
            "trigger_id": f"trigger-{next(self._ids)}",
            "container": {
                "type": "message",
                "message_ts": message_ts,
                "channel_id": channel,
                "is_ephemeral": not public,
            },
            "team": {"id": self.fake.team, "domain": "fake"},
            "enterprise": None,
            "is_enterprise_install": False,
            "channel": {"id": channel, "name": channel.lower()},
            "state": {"values": {}},
            "response_url": url,
            "actions": [
                {
                    "type": "button",
                    "action_id": f"0:{value}",
                    "block_id": "b1",
                    "value": value,
                    "text": {"type": "plain_text", "text": "x"},
                    "action_ts": "1700000000.1",
                }
            ],
        }
        sent = await self.post(urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded")
        sent.response_url = url
        return sent

    def event_body(self, event: dict[str, Any], event_id: str | None = None) -> str:
        return json.dumps(
            {
                "token": "legacy",
                "team_id": self.fake.team,
                "api_app_id": "A1",
                "type": "event_callback",
                "event_id": event_id or f"Ev{next(self._ids)}",
                "event_time": int(time.time()),
                "authorizations": [{"team_id": self.fake.team, "user_id": "UBOT", "is_bot": True}],
                "is_ext_shared_channel": False,
                "event": event,
            }
        )

    async def event(self, event: dict[str, Any], *, event_id: str | None = None, retry: int | None = None) -> Sent:
        headers = {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"} if retry else None
        return await self.post(self.event_body(event, event_id), "application/json", headers=headers)

    async def open_home(self, user: str) -> Sent:
        return await self.event(
            {"type": "app_home_opened", "user": user, "channel": f"D{user}", "tab": "home", "event_ts": "1700000000.2"}
        )
