"""`companion run` talks to Slack over one kept-alive session: a burst of presses and their answers does
not open a connection each, and a press never asks users.info who pressed."""

from __future__ import annotations

from tests.adapters.slack.fake_slack import FakeSlack
from tests.adapters.slack.running import serving, stop
from tests.adapters.slack.sender import Sender

TIMEOUT = 60
PRESSES = 12


async def test_presses_and_their_answers_share_kept_alive_connections(tmp_path, fake: FakeSlack):
    process, url = await serving(tmp_path, fake)
    try:
        sender = Sender(url, fake)
        started = await sender.command("/trivia", "start questions:1 seconds:60", user="U1")
        assert started.status == 200
        [question] = await fake.wait_for("chat.postMessage", timeout=TIMEOUT)
        values = [e["value"] for b in question.args["blocks"] if b["type"] == "actions" for e in b["elements"]]
        for number in range(PRESSES):
            sent = await sender.click(values[number % 4], user=f"UFAN{number}", message_ts=question.answer["ts"])
            assert sent.status == 200
        answers = await fake.wait_for(
            "response_url", PRESSES, where=lambda call: "/hooks/actions/" in call.url, timeout=TIMEOUT
        )
    finally:
        await stop(process)

    assert all("Got it" in (call.args.get("text") or "") for call in answers)
    asked_about = {call.args.get("user") for call in fake.calls_to("users.info")}
    assert asked_about == {"U1"}, "a press asked users.info who pressed"
    from_the_bot = {call.connection for call in fake.calls if call.method not in ("ack",)}
    assert None not in from_the_bot
    # One session with keep-alive: a few connections at most (one per concurrent call), never one per press.
    assert len({call.connection for call in answers}) <= 2, [call.connection for call in answers]
    assert len(from_the_bot) <= 3, from_the_bot
