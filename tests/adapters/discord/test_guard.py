"""The spoiler guard end to end on the fake Discord: a member's message created → deleted → reposted hidden."""

from __future__ import annotations

from typing import Any

import discord
import pytest

from tests.adapters.discord.conftest import Bots
from tests.adapters.discord.fake import FakeDiscord, read_message
from tests.adapters.discord.fake._messages import MANAGE_MESSAGES, MANAGE_WEBHOOKS
from tests.adapters.discord.fake._model import EVERYTHING
from tests.adapters.discord.reading import is_ephemeral, shown, spoiler_safe

SPOILER = "can't believe Gary was the killer all along 😱"
LABEL = "hidden by the spoiler guard: reveals S1E10"


async def guarded_bot(fake: FakeDiscord, bots: Bots, action: str | None = None) -> None:
    fake.message_content_enabled = True
    await bots.start(message_content=True)
    options = {"action": action} if action else {}
    reply = await fake.answered(await fake.slash("mod", "guard on", "watch", **options))
    assert "spoiler guard is on" in shown(reply[0]), shown(reply[0])


def others(fake: FakeDiscord, channel: str = "watch") -> list[dict[str, Any]]:
    """What members see in the channel now, apart from the guard's own confirmation."""
    return [m for m in fake.history_of(channel) if "spoiler guard is on" not in m["content"]]


async def test_a_spoiler_is_deleted_and_reposted_hidden_under_its_authors_name(fake: FakeDiscord, bots: Bots):
    await guarded_bot(fake, bots)
    posted = await fake.post_as("alice", "watch", SPOILER)
    await fake.until(lambda: others(fake) and others(fake)[0]["id"] != posted["id"], "the repost")
    assert int(posted["id"]) not in fake.messages
    [repost] = others(fake)
    assert repost["webhook_id"] and repost["author"]["username"] == "alice"
    assert repost["content"].startswith(f"-# {LABEL}\n||") and repost["content"].endswith("||")
    reading = spoiler_safe(repost, "S1E0")
    assert "Gary" in reading.hidden_text and "killer" in reading.hidden_text
    await fake.until(lambda: fake.dms_to("alice"), "a DM to the author")
    [dm] = fake.dms_to("alice")
    assert "hidden by the spoiler guard" in dm["content"] and "S1E10" in dm["content"]
    status = await fake.answered(await fake.slash("alice", "guard status", "watch"))
    assert "it hid 1 message" in shown(status[0]) and is_ephemeral(status[0])


async def test_safe_talk_premise_talk_and_tagged_spoilers_stay(fake: FakeDiscord, bots: Bots):
    await guarded_bot(fake, bots)
    for text in ("I bet Jake did it", "Ballard and the LAPD cold case unit 🔥", "||gary is the killer||"):
        await fake.post_as("alice", "watch", text)
    canary = await fake.post_as("bob", "watch", "gary is the killer")
    await fake.until(lambda: int(canary["id"]) not in fake.messages, "the canary's removal")
    texts = [m["content"] for m in others(fake)]
    assert texts[:3] == ["I bet Jake did it", "Ballard and the LAPD cold case unit 🔥", "||gary is the killer||"]


async def test_an_edit_that_adds_a_spoiler_is_caught(fake: FakeDiscord, bots: Bots):
    await guarded_bot(fake, bots)
    posted = await fake.post_as("alice", "watch", "what a finale")
    await fake.edit_as("alice", posted, "what a finale, Gary the killer!!")
    await fake.until(lambda: int(posted["id"]) not in fake.messages, "the edited message's removal")
    await fake.until(lambda: any(LABEL in m["content"] for m in others(fake)), "the repost")
    await fake.until(lambda: fake.dms_to("alice"), "a DM to the author")
    assert [call.method for call in fake.calls].count("DELETE") == 1


async def test_warn_replies_naming_no_fact(fake: FakeDiscord, bots: Bots):
    await guarded_bot(fake, bots, action="warn")
    posted = await fake.post_as("alice", "watch", SPOILER)
    await fake.until(lambda: len(others(fake)) == 2, "the warning")
    original, warning = others(fake)
    assert original["id"] == posted["id"]
    assert str(warning["message_reference"]["message_id"]) == posted["id"]
    assert "S1E10" in warning["content"] and "Scroll with care" in warning["content"]
    assert "gary" not in warning["content"].lower() and "killer" not in warning["content"].lower()


async def test_without_manage_webhooks_the_bot_reposts_naming_the_author(fake: FakeDiscord, bots: Bots):
    fake.bot_user.permissions = EVERYTHING & ~MANAGE_WEBHOOKS
    bots.allow_rejections = True
    await guarded_bot(fake, bots)
    await fake.post_as("alice", "watch", "@everyone <@&123> gary is the KILLER")
    await fake.until(lambda: any(LABEL in m["content"] for m in others(fake)), "the repost")
    [repost] = others(fake)
    assert "webhook_id" not in repost and repost["content"].startswith(f"**alice** wrote ({LABEL}):\n||")
    assert not repost["mention_everyone"] and not repost["mention_roles"]
    assert {call.status for call in fake.rejections} == {403}


async def test_without_manage_messages_moderators_are_told_once_and_it_warns(fake: FakeDiscord, bots: Bots):
    fake.bot_user.permissions = EVERYTHING & ~MANAGE_MESSAGES
    bots.allow_rejections = True
    await guarded_bot(fake, bots)
    first = await fake.post_as("alice", "watch", SPOILER)
    second = await fake.post_as("bob", "watch", "gary murdered them all, the killer")
    await fake.until(lambda: len(others(fake)) == 5, "one notice and two warnings")
    texts = [m["content"] for m in others(fake)]
    assert sum("Manage Messages" in text for text in texts) == 1
    assert sum("Scroll with care" in text for text in texts) == 2
    assert int(first["id"]) in fake.messages and int(second["id"]) in fake.messages


async def test_closed_dms_get_a_notice_in_the_channel_instead(fake: FakeDiscord, bots: Bots):
    fake.closed_dms.add(fake.user("alice").id)
    bots.allow_rejections = True
    await guarded_bot(fake, bots)
    await fake.post_as("alice", "watch", SPOILER)
    await fake.until(lambda: any("could not message you privately" in m["content"] for m in others(fake)), "notice")
    notice = next(m for m in others(fake) if "could not message you privately" in m["content"])
    assert notice["content"].startswith("alice: your message was hidden") and not notice["mentions"]


async def test_a_message_deleted_before_the_guard_acts_is_left_gone(fake: FakeDiscord, bots: Bots):
    bots.allow_rejections = True
    await guarded_bot(fake, bots)
    await fake.post_as("alice", "watch", SPOILER, deleted_at_once=True)
    canary = await fake.post_as("bob", "watch", "gary is the killer")
    await fake.until(lambda: int(canary["id"]) not in fake.messages, "the canary's removal")
    await fake.until(lambda: len(others(fake)) == 1, "the canary's repost")
    await fake.until(lambda: fake.dms_to("bob"), "a DM to the canary's author")
    assert {(c.method, c.status) for c in fake.rejections} == {("DELETE", 404)}
    status = await fake.answered(await fake.slash("mod", "guard status", "watch"))
    assert "it hid 1 message" in shown(status[0])


async def test_a_4000_character_spoiler_is_reposted_in_parts_all_hidden(fake: FakeDiscord, bots: Bots):
    await guarded_bot(fake, bots)
    text = ("what a ride *honestly* `code` || pipes " * 100)[:3950] + " gary is the killer"
    await fake.post_as("alice", "watch", text)
    await fake.until(lambda: len(others(fake)) >= 5, "the reposts")
    reposts = others(fake)
    hidden = "".join(read_message(m).hidden_text for m in reposts)
    for repost in reposts:
        assert len(repost["content"]) <= 2000
        spoiler_safe(repost, "S1E0")
    assert "gary is the killer" in hidden and "what a ride" in hidden


async def test_guard_on_without_the_intent_says_what_is_missing(fake: FakeDiscord, bots: Bots):
    await bots.start()
    reply = await fake.answered(await fake.slash("mod", "guard on", "watch"))
    text = shown(reply[0])
    assert "DISCORD_MESSAGE_CONTENT=true" in text and "Privileged Gateway Intents" in text
    assert is_ephemeral(reply[0])
    assert all(session.intents & (1 << 15) == 0 for session in fake.sessions)


async def test_the_intent_not_enabled_in_the_portal_stops_the_bot_with_discords_reason(fake: FakeDiscord, bots: Bots):
    with pytest.raises(AssertionError) as stopped:
        await bots.start(message_content=True)
    assert isinstance(stopped.value.__cause__, discord.PrivilegedIntentsRequired)
    bot, task = bots._running.pop()  # it stopped on its own; nothing left to stop
    fake.unwatch(task)
    await bot.close()


async def test_invite_url_asks_for_the_guards_permissions_only_with_guard():
    from adapters.discord.cli import invite_url

    plain = discord.Permissions(int(invite_url(1).split("permissions=")[1].split("&")[0]))
    guard = discord.Permissions(int(invite_url(1, guard=True).split("permissions=")[1].split("&")[0]))
    assert not plain.manage_messages and not plain.manage_webhooks
    assert guard.manage_messages and guard.manage_webhooks and guard.read_message_history
    assert plain < guard
