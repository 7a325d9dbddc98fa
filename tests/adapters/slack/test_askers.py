"""Who asks: names and moderator status from users.info, remembered briefly; failures make a viewer."""

from __future__ import annotations

from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack._askers import People, place_of_click, team_of
from bot.request import Asker, Place
from tests.adapters.slack.fake_slack import FakeSlack


async def test_admins_moderate_and_answers_are_remembered(fake: FakeSlack):
    now = [0.0]
    people = People(ttl=300, now=lambda: now[0])
    client = AsyncWebClient(token="xoxb-test-token", base_url=fake.api_url)
    assert await people.asker(client, "T1", "UMOD") == Asker("UMOD", "Mona", moderator=True, server_moderator=True)
    assert await people.asker(client, "T1", "U1", "alice") == Asker("U1", "Alice", moderator=False)
    await people.asker(client, "T1", "UMOD")
    assert len(fake.calls_to("users.info")) == 2
    now[0] = 301
    await people.asker(client, "T1", "UMOD")
    assert len(fake.calls_to("users.info")) == 3


async def test_a_failed_lookup_makes_a_viewer_for_a_while(fake: FakeSlack):
    now = [0.0]
    people = People(ttl=300, now=lambda: now[0])
    client = AsyncWebClient(token="xoxb-test-token", base_url=fake.api_url)
    assert await people.asker(client, "T1", "UNKNOWN", "ghost") == Asker("UNKNOWN", "ghost", moderator=False)
    await people.asker(client, "T1", "UNKNOWN", "ghost")
    assert len(fake.calls_to("users.info")) == 1
    now[0] = 61
    await people.asker(client, "T1", "UNKNOWN", "ghost")
    assert len(fake.calls_to("users.info")) == 2


def test_places_come_from_the_payload():
    assert team_of({"team_id": "T1"}) == team_of({"team": {"id": "T1"}}) == team_of({"user": {"team_id": "T1"}}) == "T1"
    assert place_of_click({"team": {"id": "T1"}, "container": {"channel_id": "C7"}}) == Place("slack", "T1", "C7")
    assert place_of_click({"team": {"id": "T1"}, "container": {"type": "view"}}) is None
