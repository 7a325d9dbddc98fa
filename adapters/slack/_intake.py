"""POST /slack/events: signed, read, parsed and seen once, in that order, before Bolt dispatches it.

- The signature (HMAC-SHA256 of "v0:<timestamp>:<body>") is checked on the raw bytes before anything is
  parsed, so a body that is not even UTF-8 is refused like any other: junk from anyone gets a 401 (a
  body over aiohttp's size limit a 413), never a 500, and at most one short log line a minute.
- A signed body that cannot be read (not UTF-8, an unknown charset, bad JSON, JSON that is not an object,
  nesting deeper than Slack ever sends) gets a 400.
- Bolt 1.30 takes any form body containing the word "payload" for a button click, so `/bio payload` or a
  channel called #payload-crew would be lost. The body is parsed here, exactly: a click is the form with a
  `payload` field, a slash command any other form. Bolt gets the parsed body, so its own parser is never
  asked, whether or not a later version fixes it.
- Repeats (see `Repeats`) are answered 200 and do nothing.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
from collections.abc import Callable
from typing import Any

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response
from slack_bolt.async_app import AsyncApp
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.request.async_internals import build_async_context
from slack_bolt.request.async_request import AsyncBoltRequest
from yarl import URL

from adapters.slack._repeats import Repeats

SIGNATURE_WINDOW = 300
"""Seconds either side of now a request's timestamp may be (Slack's rule, as Bolt applies it)."""
MAX_DEPTH = 64
"""Nesting levels a JSON body may have; Slack's deepest (a message's rich text in a click) is far below."""
UTF8 = frozenset({"utf-8", "utf8"})

log = logging.getLogger(__name__)


class BadRequest(ValueError):
    """A signed body the adapter cannot read; its message says why, briefly."""


class Refusals:
    """One log line a minute at most about refused requests, saying how many there were since the last."""

    def __init__(self, every: float = 60.0, now: Callable[[], float] = time.monotonic) -> None:
        self._every = every
        self._now = now
        self._next = 0.0
        self._quiet = 0

    def note(self, status: int, reason: str) -> None:
        if self._now() < self._next:
            self._quiet += 1
            return
        more = f" ({self._quiet} more refused since the last line)" if self._quiet else ""
        log.warning("refused a request to the Slack endpoint: %s, HTTP %d%s", reason, status, more)
        self._next, self._quiet = self._now() + self._every, 0


class Intake:
    def __init__(
        self,
        app: AsyncApp,
        signing_secret: str,
        repeats: Repeats | None = None,
        *,
        now: Callable[[], float] = time.time,
        refusals: Refusals | None = None,
    ) -> None:
        self._app = app
        self._secret = signing_secret.strip().encode()
        self.repeats = repeats
        self._now = now
        self._refusals = refusals or Refusals()

    async def handle(self, request: web.Request) -> web.StreamResponse:
        raw = await request.read()
        timestamp = request.headers.get("X-Slack-Request-Timestamp", "")
        signature = request.headers.get("X-Slack-Signature", "")
        problem = self._unsigned(raw, timestamp, signature)
        if problem:
            return self._refuse(401, problem, {"error": "invalid request"})
        try:
            text = _text(raw, request.charset)
            body = parse_body(text, request.content_type)
        except BadRequest as error:
            return self._refuse(400, str(error), {"error": "bad request"})
        if not await self._first_time(body, signature, int(timestamp)):
            return web.Response(status=200)
        bolt_request = AsyncBoltRequest(body="", query=request.query_string, headers=dict(request.headers))
        bolt_request.raw_body = text
        bolt_request.body = body
        try:
            bolt_request.context = build_async_context(AsyncBoltContext({}), body)
        except (TypeError, AttributeError, KeyError, IndexError):
            return self._refuse(400, "ids of an unexpected shape", {"error": "bad request"})
        return await to_aiohttp_response(await self._app.async_dispatch(bolt_request))

    async def _first_time(self, body: dict[str, Any], signature: str, timestamp: int) -> bool:
        """Whether to act; when the store cannot record it (its file is gone, say), the core answers with its
        apology, which is better than silence."""
        if self.repeats is None:
            return True
        try:
            return await self.repeats.first_time(body, signature, timestamp)
        except Exception as error:
            log.debug("could not record a Slack request (%s): handling it anyway", error)
            return True

    def _unsigned(self, raw: bytes, timestamp: str, signature: str) -> str | None:
        """Why the request is not Slack's, or None when its signature holds."""
        if not self._secret:
            return "no signing secret is set (Socket Mode takes no HTTP requests)"
        if not timestamp.isascii() or not timestamp.isdigit() or not signature.isascii():
            return "no valid signature headers"
        if abs(self._now() - int(timestamp)) > SIGNATURE_WINDOW:
            return "a timestamp outside the five-minute window"
        digest = hmac.new(self._secret, b"v0:" + timestamp.encode() + b":" + raw, hashlib.sha256).hexdigest()
        if not hmac.compare_digest(f"v0={digest}".encode(), signature.encode()):
            return "a bad signature"
        return None

    def _refuse(self, status: int, reason: str, answer: dict[str, str]) -> web.Response:
        self._refusals.note(status, reason)
        return web.json_response(answer, status=status)


def parse_body(text: str, content_type: str) -> dict[str, Any]:
    """A request's fields: an event's JSON object, a click's `payload` object, or a slash command's form."""
    if content_type == "application/json" or text.startswith("{"):
        return _object(text, "the JSON body")
    fields = form_fields(text)
    if "payload" in fields:
        return _object(fields["payload"], "the payload field")
    return fields


def form_fields(text: str) -> dict[str, str]:
    """A form's fields, as `dict(parse_qsl(text, keep_blank_values=True))` reads them (the last of a repeated
    name wins), through yarl's compiled unquoting: a click's payload is a kilobyte of percent-escaped JSON,
    which urllib unquotes in Python a hundred times slower."""
    return dict(URL.build(query_string=text, encoded=True).query.items())


def _text(raw: bytes, charset: str | None) -> str:
    if charset is not None and charset.lower() not in UTF8:
        raise BadRequest("a charset other than UTF-8")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise BadRequest("a body that is not UTF-8") from None


def _object(text: str, what: str) -> dict[str, Any]:
    try:
        parsed = json.loads(text)
    except (ValueError, RecursionError):
        raise BadRequest(f"{what} is not JSON") from None
    if not isinstance(parsed, dict):
        raise BadRequest(f"{what} is not a JSON object")
    # every level opens with a bracket, so a text with few of them (a press has about twenty) cannot be too deep
    if text.count("{") + text.count("[") > MAX_DEPTH and _too_deep(parsed):
        raise BadRequest(f"{what} is nested more than {MAX_DEPTH} levels")
    return parsed


def _too_deep(value: Any) -> bool:
    level: list[Any] = [value]
    for _ in range(MAX_DEPTH):
        level = [
            child
            for item in level
            for child in (item.values() if isinstance(item, dict) else item)
            if isinstance(child, (dict, list))
        ]
        if not level:
            return False
    return True
