"""Slack installation rows and OAuth states on both backends: latest wins, kinds kept apart, states used once."""

from __future__ import annotations

from bot.store import SlackInstallKey, SlackInstallStore, Store
from tests.backends import query


def _key(kind: str = "installation", team: str = "T1", user: str = "U1") -> SlackInstallKey:
    return SlackInstallKey("app", kind, "", team, user)


async def test_rows_are_found_by_user_or_latest_in_the_workspace(store: Store):
    assert isinstance(store, SlackInstallStore)
    await store.save_slack_install(_key(user="U1"), 100.0, '{"who": "U1"}')
    await store.save_slack_install(_key(user="U2"), 200.0, '{"who": "U2"}')
    await store.save_slack_install(_key("bot", user=""), 150.0, '{"bot": 1}')
    assert await store.find_slack_install(_key(user="U1")) == '{"who": "U1"}'
    assert await store.find_slack_install(_key(user="nobody"), any_user=True) == '{"who": "U2"}'
    assert await store.find_slack_install(_key("bot", user="")) == '{"bot": 1}'
    assert await store.find_slack_install(_key(team="T2"), any_user=True) is None
    await store.save_slack_install(_key(user="U1"), 300.0, '{"who": "U1 again"}')
    assert await store.find_slack_install(_key(), any_user=True) == '{"who": "U1 again"}'


async def test_deletes_are_scoped(store: Store):
    for user in ("U1", "U2"):
        await store.save_slack_install(_key(user=user), 1.0, "{}")
    await store.save_slack_install(_key("bot", user=""), 1.0, "{}")
    await store.delete_slack_installs(_key(user="U1"))
    assert await store.find_slack_install(_key(user="U1")) is None
    assert await store.find_slack_install(_key(user="U2")) is not None
    await store.delete_slack_installs(_key(), any_user=True)
    assert await store.find_slack_install(_key(), any_user=True) is None
    assert await store.find_slack_install(_key("bot", user="")) is not None


async def test_installations_survive_a_restart(stores):
    first = await stores()
    await first.save_slack_install(_key(), 1.0, '{"kept": true}')
    await first.issue_slack_oauth_state("s1", 2000.0)
    await first.close()
    second = await stores()
    assert await second.find_slack_install(_key()) == '{"kept": true}'
    assert await second.consume_slack_oauth_state("s1", 1000.0) is True
    assert await second.consume_slack_oauth_state("s1", 1000.0) is False


async def test_issuing_a_state_purges_expired_ones_and_stops_at_the_cap(store: Store):
    for number in range(3):
        assert await store.issue_slack_oauth_state(f"old{number}", 1000.0, now=900.0, limit=3)
    assert not await store.issue_slack_oauth_state("over", 1500.0, now=900.0, limit=3)
    assert await store.issue_slack_oauth_state("new", 1700.0, now=1100.0, limit=3)  # the three expired go first
    assert await query(store, "SELECT state FROM slack_oauth_state") == [("new",)]


async def test_slack_installs_lists_one_apps_rows(store: Store):
    await store.save_slack_install(_key(user="U1"), 1.0, "a")
    await store.save_slack_install(SlackInstallKey("other", "bot", "", "T1", ""), 2.0, "b")
    assert await store.slack_installs("app") == [(_key(user="U1"), 1.0, "a")]
