"""POST /slack/events under hostile traffic: the signature first, exact parsing, and every request acted on once."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
from pathlib import Path
from urllib.parse import parse_qsl, urlencode

import aiohttp
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from slack_sdk.signature import SignatureVerifier

from adapters.slack import SlackHttpServer, SlackOutbox, build_app
from adapters.slack._intake import MAX_DEPTH, form_fields
from bot.companion import Companion
from bot.store import SqliteStore
from tests.adapters.slack.conftest import SlackWorld, slack_settings
from tests.adapters.slack.fake_slack import FakeSlack
from tests.adapters.slack.sender import SIGNING_SECRET, Sender
from tests.conftest import FACTS

FORM = "application/x-www-form-urlencoded"
JSON = "application/json"
DEEP = "[" * 100_000 + "]" * 100_000

MALFORMED = [
    pytest.param(b"{not json", JSON, id="bad JSON"),
    pytest.param(b"[1, 2]", JSON, id="a JSON list"),
    pytest.param(b'"text"', JSON, id="a JSON string"),
    pytest.param(b"null", JSON, id="JSON null"),
    pytest.param(b"payload=notjson", FORM, id="payload=notjson"),
    pytest.param(b"payload=%5B1%5D", FORM, id="a payload that is a list"),
    pytest.param(b"text=caf\xe9&command=%2Fbio", FORM, id="invalid UTF-8"),
    pytest.param(b"command=%2Fbio&text=a", FORM + "; charset=klingon", id="unknown charset"),
    pytest.param(DEEP.encode(), JSON, id="very deep JSON"),
    pytest.param(("payload=" + DEEP).encode(), FORM, id="a very deep payload"),
    pytest.param(json.dumps({"type": "block_actions", "team": 7, "user": "x"}).encode(), JSON, id="odd ids"),
]


async def _post(url: str, body: bytes, content_type: str, *, signed: bool, headers: dict[str, str] | None = None):
    stamp = str(int(time.time()))
    sent = {"Content-Type": content_type, **(headers or {})}
    if signed:
        digest = hmac.new(SIGNING_SECRET.encode(), b"v0:" + stamp.encode() + b":" + body, hashlib.sha256)
        sent |= {"X-Slack-Request-Timestamp": stamp, "X-Slack-Signature": "v0=" + digest.hexdigest()}
    async with aiohttp.ClientSession(trust_env=False) as session:
        async with session.post(url, data=body, headers=sent) as response:
            return response.status, await response.text()


def _no_traceback(caplog: pytest.LogCaptureFixture) -> None:
    assert not [record for record in caplog.records if record.exc_info], [r.getMessage() for r in caplog.records]
    assert "Traceback" not in caplog.text


# --- item 5: a form body containing the word "payload" -------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value"),
    [("text", "s1e4 payload"), ("channel_name", "payload-crew"), ("user_name", "payload"), ("team_domain", "payload")],
)
async def test_a_command_mentioning_payload_anywhere_is_answered(world: SlackWorld, field: str, value: str):
    body, url = world.sender.command_body("/progress", "s1e4", user="U1", channel="C1")
    fields = dict(parse_qsl(body)) | {field: value}
    sent = await world.sender.post(urlencode(fields), FORM)
    assert sent.status == 200, sent.body
    if field == "text":
        assert "dispatch_failed" not in sent.body and sent.body  # the core's own answer to odd text
    else:
        assert "S1E4" in sent.body
        assert await world.companion.store.progress("slack", "T1", "U1") is not None
    del url


async def test_a_bio_ending_in_payload_reaches_the_core(world: SlackWorld):
    seen = await world.ask("/bio gary pearlman payload")
    assert "Gary" in seen.text


async def test_a_click_is_still_read_from_its_payload_field(world: SlackWorld):
    seen = await world.click("trivia:999:1:0")
    assert seen.text


# --- item 6: junk, signed or not ----------------------------------------------------------------------------


@pytest.mark.parametrize(("body", "content_type"), MALFORMED)
async def test_unsigned_junk_is_refused_401_without_a_traceback(
    world: SlackWorld, caplog: pytest.LogCaptureFixture, body: bytes, content_type: str
):
    caplog.set_level(logging.DEBUG)
    status, answer = await _post(world.sender.events_url, body, content_type, signed=False)
    assert (status, json.loads(answer)) == (401, {"error": "invalid request"})
    _no_traceback(caplog)


@pytest.mark.parametrize(("body", "content_type"), MALFORMED)
async def test_signed_but_malformed_is_refused_400_without_a_traceback(
    world: SlackWorld, caplog: pytest.LogCaptureFixture, body: bytes, content_type: str
):
    caplog.set_level(logging.DEBUG)
    status, answer = await _post(world.sender.events_url, body, content_type, signed=True)
    assert status == 400, answer
    _no_traceback(caplog)
    assert world.fake.calls == []


async def test_a_flood_of_junk_is_one_log_line(world: SlackWorld, caplog: pytest.LogCaptureFixture):
    caplog.set_level(logging.DEBUG)
    for number in range(300):
        body, content_type = (b"{not json", JSON) if number % 2 else (b"payload=notjson", FORM)
        status, _ = await _post(world.sender.events_url, body, content_type, signed=number % 3 == 0)
        assert status in (400, 401)
    lines = [record for record in caplog.records if record.name.startswith("adapters.slack")]
    assert len(lines) == 1 and len(lines[0].getMessage()) < 120, [r.getMessage() for r in lines]
    _no_traceback(caplog)


# --- item 7: replays and retries ----------------------------------------------------------------------------


async def test_a_replayed_command_is_answered_200_and_does_nothing(world: SlackWorld):
    body, _ = world.sender.command_body("/schedule", 'trivia when:"2026-01-02 20:05"', user="UMOD", channel="C1")
    stamp = int(time.time())
    first = await world.sender.post(body, FORM, timestamp=stamp)
    replayed = await world.sender.post(body, FORM, timestamp=stamp)
    assert first.status == 200 and "Scheduled #1" in first.body
    assert (replayed.status, replayed.body) == (200, "")
    assert len(await world.companion.store.active_schedules("slack", "T1")) == 1


async def test_the_same_command_sent_again_later_acts_again(world: SlackWorld):
    body, _ = world.sender.command_body("/progress", "s1e4", user="U1", channel="C1")
    first = await world.sender.post(body, FORM, timestamp=int(time.time()) - 1)
    again = await world.sender.post(body, FORM)
    assert "S1E4" in first.body and "S1E4" in again.body


async def test_a_replay_to_another_worker_on_the_same_database_does_nothing(
    world: SlackWorld, fake: FakeSlack, tmp_path: Path
):
    store = await SqliteStore.open(tmp_path / "companion.db")
    companion = Companion(FACTS, store, outbox=SlackOutbox())
    other = SlackHttpServer(build_app(slack_settings(fake), companion), "127.0.0.1", 0)
    await other.start()
    try:
        body, _ = world.sender.command_body("/schedule", 'trivia when:"2026-01-02 20:05"', user="UMOD", channel="C1")
        stamp = int(time.time())
        first = await world.sender.post(body, FORM, timestamp=stamp)
        replayed = await Sender(other.url, fake).post(body, FORM, timestamp=stamp)
        assert "Scheduled #1" in first.body and (replayed.status, replayed.body) == (200, "")
        assert len(await store.active_schedules("slack", "T1")) == 1
    finally:
        await other.stop()
        await companion.close()


async def test_a_replayed_event_and_its_retries_act_once(world: SlackWorld):
    event = {"type": "app_home_opened", "user": "U1", "channel": "DU1", "tab": "home", "event_ts": "1.2"}
    body = world.sender.event_body(event, event_id="Ev7")
    stamp = int(time.time())
    assert (await world.sender.post(body, JSON, timestamp=stamp)).status == 200
    assert (await world.sender.post(body, JSON, timestamp=stamp)).status == 200
    retry = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
    assert (await world.sender.post(body, JSON, timestamp=stamp + 1, headers=retry)).status == 200
    await world.sender.event({**event, "user": "U2", "channel": "DU2"}, event_id="Ev8")
    await world.fake.wait_for("views.publish", where=lambda call: call.args["user_id"] == "U2")
    assert [call.args["user_id"] for call in world.fake.calls_to("views.publish")] == ["U1", "U2"]


async def test_button_presses_leave_no_record(world: SlackWorld):
    await world.click("trivia:999:1:0")
    await world.click("trivia:999:1:0")
    assert await world.companion.store.db.execute_fetchall("SELECT key FROM slack_seen_request") == []


async def test_a_body_over_the_size_limit_is_refused_413_without_a_traceback(
    world: SlackWorld, caplog: pytest.LogCaptureFixture
):
    caplog.set_level(logging.DEBUG)
    status, _ = await _post(world.sender.events_url, b"text=" + b"a" * 2_000_000, FORM, signed=True)
    assert status == 413
    _no_traceback(caplog)


# --- the press path reads and checks each request once --------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*"ab=&+;#?/ %éZ\x00", "%2B", "%E9", "%e2%82%ac", "%25", "%3D", "%0"])).map("".join))
def test_form_fields_read_as_urllib_reads_them(text: str):
    assert form_fields(text) == dict(parse_qsl(text, keep_blank_values=True))


def _nested(levels: int) -> bytes:
    return json.dumps({"type": "block_actions", "deep": json.loads("[" * (levels - 1) + "]" * (levels - 1))}).encode()


async def test_a_body_as_deep_as_allowed_is_read_and_one_level_deeper_is_refused(world: SlackWorld):
    status, _ = await _post(world.sender.events_url, _nested(MAX_DEPTH), JSON, signed=True)
    assert status != 400
    status, _ = await _post(world.sender.events_url, _nested(MAX_DEPTH + 1), JSON, signed=True)
    assert status == 400


async def test_bolts_own_signature_check_is_never_asked(world: SlackWorld, monkeypatch: pytest.MonkeyPatch):
    """The Intake checked the signature on the raw bytes; checking it again in Bolt costs every request."""

    def asked(*args: object, **kwargs: object) -> bool:
        raise AssertionError("Bolt checked a signature the Intake had checked")

    monkeypatch.setattr(SignatureVerifier, "is_valid", asked)
    monkeypatch.setattr(SignatureVerifier, "is_valid_request", asked)
    seen = await world.click("trivia:999:1:0")
    assert seen.text
    assert "S1E4" in (await world.ask("/progress s1e4")).text
