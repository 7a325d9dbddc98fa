"""Only Slack gets in: bad signatures, old or future timestamps and tampered bodies change nothing."""

from __future__ import annotations

import time

import pytest

from tests.adapters.slack.conftest import SlackWorld

FORM = "application/x-www-form-urlencoded"


async def _refused(world: SlackWorld, status: int) -> None:
    assert status == 401
    assert world.fake.calls == []
    assert await world.companion.store.progress("slack", "T1", "U1") is None


async def test_a_correctly_signed_command_acts(world: SlackWorld):
    body, _ = world.sender.command_body("/progress", "s1e4", user="U1", channel="C1")
    sent = await world.sender.post(body, FORM)
    assert sent.status == 200
    assert await world.companion.store.progress("slack", "T1", "U1") is not None


async def test_a_wrong_signature_is_refused(world: SlackWorld):
    body, _ = world.sender.command_body("/progress", "s1e4", user="U1", channel="C1")
    sent = await world.sender.post(body, FORM, secret="not-the-secret")
    assert sent.json() == {"error": "invalid request"}
    await _refused(world, sent.status)


@pytest.mark.parametrize("age", [330, 3600, -330, -3600])  # past the 300 s window, with room for a slow run
async def test_a_stale_or_future_timestamp_is_refused(world: SlackWorld, age: int):
    body, _ = world.sender.command_body("/progress", "s1e4", user="U1", channel="C1")
    sent = await world.sender.post(body, FORM, timestamp=int(time.time()) - age)
    await _refused(world, sent.status)


async def test_a_tampered_body_is_refused(world: SlackWorld):
    body, _ = world.sender.command_body("/progress", "s1e1", user="U1", channel="C1")
    tampered = body.replace("s1e1", "s1e9")
    sent = await world.sender.post(tampered, FORM, sign_body=body)
    await _refused(world, sent.status)


async def test_missing_signature_headers_are_refused(world: SlackWorld):
    body, _ = world.sender.command_body("/progress", "s1e4", user="U1", channel="C1")
    sent = await world.sender.post(body, FORM, headers={"X-Slack-Signature": "", "X-Slack-Request-Timestamp": ""})
    await _refused(world, sent.status)


async def test_a_tampered_click_is_refused(world: SlackWorld):
    sent = await world.sender.post("payload=%7B%7D", FORM, sign_body="payload=%7B%22x%22%3A1%7D")
    await _refused(world, sent.status)


async def test_a_retried_event_acts_once(world: SlackWorld):
    event = {"type": "app_home_opened", "user": "U1", "channel": "DU1", "tab": "home", "event_ts": "1.2"}
    first = await world.sender.event(event, event_id="Ev42")
    retried = await world.sender.event(event, event_id="Ev42", retry=1)
    again = await world.sender.event(event, event_id="Ev42", retry=2)
    assert (first.status, retried.status, again.status) == (200, 200, 200)
    sentinel = await world.sender.event({**event, "user": "U2", "channel": "DU2"}, event_id="Ev43")
    assert sentinel.status == 200
    await world.fake.wait_for("views.publish", where=lambda call: call.args["user_id"] == "U2")
    assert [call.args["user_id"] for call in world.fake.calls_to("views.publish")] == ["U1", "U2"]
