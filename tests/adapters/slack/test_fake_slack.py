"""The fake answers like Slack, errors included, so the adapter's tests can trust what it accepts."""

from __future__ import annotations

import aiohttp
import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from tests.adapters.slack.fake_slack import FakeSlack


def _section(length: int) -> dict:
    return {"type": "section", "text": {"type": "mrkdwn", "text": "x" * length}}


@pytest.mark.parametrize(
    ("blocks", "channel", "token", "error"),
    [
        ([_section(10)] * 51, "C1", "xoxb-test-token", "invalid_blocks"),
        ([_section(3001)], "C1", "xoxb-test-token", "invalid_blocks"),
        ([{"type": "header", "text": {"type": "mrkdwn", "text": "h"}}], "C1", "xoxb-test-token", "invalid_blocks"),
        ([_section(10)], "C3", "xoxb-test-token", "not_in_channel"),
        ([_section(10)], "G9", "xoxb-test-token", "channel_not_found"),
        ([_section(10)], "C1", "xoxb-stolen", "invalid_auth"),
    ],
)
async def test_posts_are_refused_like_slack_refuses_them(fake: FakeSlack, blocks, channel, token, error):
    client = AsyncWebClient(token=token, base_url=fake.api_url)
    with pytest.raises(SlackApiError) as raised:
        await client.chat_postMessage(channel=channel, text="t", blocks=blocks)
    assert raised.value.response["error"] == error
    assert fake.messages == {}


async def test_a_good_post_is_stored_and_can_be_updated(fake: FakeSlack):
    client = AsyncWebClient(token="xoxb-test-token", base_url=fake.api_url)
    posted = await client.chat_postMessage(channel="C1", text="t", blocks=[_section(3000)])
    await client.chat_update(channel="C1", ts=posted["ts"], text="u")
    assert fake.messages[("C1", posted["ts"])]["text"] == "u"
    with pytest.raises(SlackApiError):
        await client.chat_update(channel="C1", ts="9.9", text="u")


async def test_a_response_url_takes_five_posts_and_replaces_a_button_message_by_default(fake: FakeSlack):
    url = fake.response_url("actions", "C1", source_public=True)
    async with aiohttp.ClientSession(trust_env=False) as session:
        statuses = []
        for body in [{"text": "a"}, *({"text": "b", "replace_original": False} for _ in range(5))]:
            async with session.post(url, json=body) as response:
                statuses.append(response.status)
    assert statuses == [200] * 5 + [404]
    replaced, kept = fake.calls_to("response_url")[:2]
    assert replaced.public and not kept.public
