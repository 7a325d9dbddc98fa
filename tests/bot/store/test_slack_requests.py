"""Slack requests already acted on (both backends): the first insert of a key wins until it expires."""

from __future__ import annotations

from bot.store import SlackRequestStore, SlackWorkspaceStore, Store
from tests.backends import query


async def test_a_key_is_first_once_until_it_expires(store: Store):
    assert isinstance(store, SlackRequestStore)
    assert await store.first_slack_request("signature:v0=a", expires_at=1300.0, now=1000.0)
    assert not await store.first_slack_request("signature:v0=a", expires_at=1300.0, now=1299.0)
    assert await store.first_slack_request("signature:v0=a", expires_at=1700.0, now=1300.0)


async def test_expired_rows_are_purged_as_new_ones_are_written(store: Store):
    for number in range(50):
        await store.first_slack_request(f"event:T1:Ev{number}", expires_at=1000.0 + number, now=900.0)
    await store.first_slack_request("event:T1:later", expires_at=5000.0, now=2000.0)
    assert await query(store, "SELECT key FROM slack_seen_request") == [("event:T1:later",)]


async def test_a_workspace_is_remembered_under_its_latest_org(store: Store):
    assert isinstance(store, SlackWorkspaceStore)
    assert await store.slack_enterprise_of("T1") is None
    await store.remember_slack_workspace("T1", "E1")
    await store.remember_slack_workspace("T1", "E2")
    assert await store.slack_enterprise_of("T1") == "E2"
