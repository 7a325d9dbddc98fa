"""The spoiler guard on Slack, end to end: a member's spoiler gets a warning in its thread and a private note."""

from __future__ import annotations

import yaml

from adapters.slack._manifest import manifest
from bot.commands import CommandSet
from bot.features import ALL_FEATURES
from tests.adapters.slack.conftest import SlackWorld

SPOILER = "can't believe Gary was the killer all along"


async def guard_on(world: SlackWorld, action: str = "") -> str:
    seen = await world.ask(f"/guard on {action}".strip(), user="UMOD")
    return seen.text


async def test_hide_degrades_honestly_to_a_threaded_warning_and_a_private_note(world: SlackWorld):
    confirmation = await guard_on(world)
    assert "does not let the bot take members' messages down" in confirmation
    event = world.fake.member_says("U1", "C1", SPOILER)
    sent = await world.sender.event(event)
    assert sent.status == 200
    [note] = await world.fake.wait_for("chat.postEphemeral")
    [warning] = world.fake.thread_of("C1", event["ts"])
    assert "reveals something from S1E10" in warning["text"] and "scroll with care" in warning["text"]
    assert "gary" not in warning["text"].lower() and "killer" not in warning["text"].lower()
    assert note.args["user"] == "U1" and "delete it, or edit" in note.args["text"]
    assert "gary" not in note.args["text"].lower()
    status = await world.ask("/guard status")
    assert "warned about 1 message" in status.text and "only lets the bot warn" in status.text
    world.check_everything_sent()


async def test_safe_talk_and_unguarded_channels_get_nothing(world: SlackWorld):
    await guard_on(world)
    for text in ("I bet Jake did it", "Ballard and her cold case unit are great", "😱🔥"):
        await world.sender.event(world.fake.member_says("U1", "C1", text))
    await world.sender.event(world.fake.member_says("U1", "C2", SPOILER))  # not guarded
    canary = world.fake.member_says("U2", "C1", "gary is the killer")
    await world.sender.event(canary)
    await world.fake.wait_for("chat.postEphemeral")
    warnings = [call for call in world.fake.calls_to("chat.postMessage")]
    assert [call.args["thread_ts"] for call in warnings] == [canary["ts"]]


async def test_an_edit_that_adds_a_spoiler_is_caught_once(world: SlackWorld):
    await guard_on(world, "warn")
    said = world.fake.member_says("U1", "C1", "that finale though")
    await world.sender.event(said)
    await world.sender.event(world.fake.member_edits("C1", said["ts"], "that finale though, Gary the killer"))
    await world.fake.wait_for("chat.postEphemeral")
    await world.sender.event(world.fake.member_edits("C1", said["ts"], "that finale, Gary the killer!!"))
    canary = world.fake.member_says("U2", "C1", "rawls got shot")
    await world.sender.event(canary)
    await world.fake.wait_for("chat.postEphemeral", count=2)
    threads = [call.args["thread_ts"] for call in world.fake.calls_to("chat.postMessage")]
    assert threads == [said["ts"], canary["ts"]]


async def test_spoiler_tags_mean_nothing_on_slack(world: SlackWorld):
    await guard_on(world)
    await world.sender.event(world.fake.member_says("U1", "C1", "||gary is the killer||"))
    await world.fake.wait_for("chat.postEphemeral")


async def test_the_bots_own_messages_and_other_bots_are_never_read(world: SlackWorld):
    await guard_on(world)
    bot_post = {**world.fake.member_says("U1", "C1", SPOILER), "bot_id": "BOTHER", "subtype": "bot_message"}
    await world.sender.event(bot_post)
    canary = world.fake.member_says("U2", "C1", "gary is the killer")
    await world.sender.event(canary)
    await world.fake.wait_for("chat.postEphemeral")
    assert [call.args["thread_ts"] for call in world.fake.calls_to("chat.postMessage")] == [canary["ts"]]


def test_the_manifest_asks_for_messages_only_with_guard():
    plain = manifest(CommandSet(ALL_FEATURES), socket_mode=True)
    guarded = manifest(CommandSet(ALL_FEATURES), socket_mode=True, guard=True)
    assert "message.channels" not in plain["settings"]["event_subscriptions"]["bot_events"]
    assert "channels:history" not in plain["oauth_config"]["scopes"]["bot"]
    assert "message.channels" in guarded["settings"]["event_subscriptions"]["bot_events"]
    assert "channels:history" in guarded["oauth_config"]["scopes"]["bot"]
    assert yaml.safe_dump(guarded)
