"""Many workspaces: the OAuth install flow against the fake, installations kept in the project's database."""

from __future__ import annotations

import asyncio
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import aiohttp

from adapters.slack._oauth import DatabaseInstallations, DatabaseOAuthStates
from bot.outbox import Posted
from bot.reply import message
from bot.request import Place
from tests.adapters.slack.conftest import close_world, open_world

CLIENT = {"bot_token": None, "client_id": "111.222", "client_secret": "client-secret"}


async def _get(url: str, cookie: str = "") -> tuple[int, str, str]:
    headers = {"Cookie": cookie} if cookie else {}
    async with aiohttp.ClientSession(trust_env=False) as session:
        async with session.get(url, headers=headers, allow_redirects=False) as response:
            return response.status, await response.text(), response.headers.get("Set-Cookie", "")


async def test_install_then_serve_the_new_workspace_with_its_own_token(fake, tmp_path: Path):
    world = await open_world(fake, tmp_path, **CLIENT)
    try:
        status, page, set_cookie = await _get(world.server.url + "/slack/install")
        assert status == 200 and "slack.com/oauth/v2/authorize" in page
        cookie = set_cookie.split(";")[0]
        state = cookie.split("=", 1)[1]
        assert parse_qs(urlparse(page[page.index("https://slack.com/oauth") :].split('"')[0]).query)["state"] == [state]

        fake.codes["code-1"] = "T9"
        callback = f"{world.server.url}/slack/oauth_redirect?code=code-1&state={state}"
        status, _, _ = await _get(callback, cookie)
        assert status == 200
        [access] = fake.calls_to("oauth.v2.access")
        assert access.ok
        bot = await DatabaseInstallations(world.companion.store, "111.222").async_find_bot(
            enterprise_id=None, team_id="T9"
        )
        assert bot is not None and bot.bot_token in fake.tokens and fake.tokens[bot.bot_token] == "T9"

        world.expected_errors = {"invalid_code"}
        replayed, _, _ = await _get(callback, cookie)
        assert replayed != 200 and len(fake.calls_to("oauth.v2.access")) == 1

        fake.team = "T9"
        seen = await world.ask("/progress s1e2", user="U1")
        assert "S1E2" in seen.text
        assert await world.companion.store.progress("slack", "T9", "U1") is not None
        assert {call.token for call in fake.calls_to("users.info")} == {bot.bot_token}

        posted = await world.companion.outbox.post(Place("slack", "T9", "C1"), message("Round at 8"))
        assert isinstance(posted, Posted)
        assert fake.calls_to("chat.postMessage")[-1].token == bot.bot_token

        store = world.companion.store
        deletions: list[str] = []
        both_deleted = asyncio.Event()
        original = store.delete_slack_installs

        async def noting_deletions(key, **options):
            await original(key, **options)
            deletions.append(key.kind)
            if len(deletions) == 2:
                both_deleted.set()

        store.delete_slack_installs = noting_deletions  # type: ignore[method-assign]
        uninstalled = await world.sender.event({"type": "app_uninstalled", "event_ts": "1.1"})
        assert uninstalled.status == 200
        await asyncio.wait_for(both_deleted.wait(), 5)
        assert sorted(deletions) == ["bot", "installation"]
        installs = DatabaseInstallations(store, "111.222")
        assert await installs.async_find_bot(enterprise_id=None, team_id="T9") is None
        assert await installs.async_find_installation(enterprise_id=None, team_id="T9") is None
    finally:
        await close_world(world)
    world.check_everything_sent()


async def test_states_are_used_once_and_expire(store):
    now = [1000.0]
    states = DatabaseOAuthStates(store, expiration_seconds=600, now=lambda: now[0])
    first = await states.async_issue()
    second = await states.async_issue()
    assert await states.async_consume(first) is True
    assert await states.async_consume(first) is False
    now[0] += 601
    assert await states.async_consume(second) is False
    assert await states.async_consume("never-issued") is False


async def test_installations_round_trip_through_slack_sdk_objects(store):
    from slack_sdk.oauth.installation_store import Installation

    installs = DatabaseInstallations(store, "111.222")
    first = Installation(
        app_id="A1",
        team_id="T5",
        user_id="U1",
        bot_token="xoxb-old",
        bot_id="B1",
        bot_user_id="UB",
        bot_scopes=["commands"],
        installed_at=100.0,
    )
    second = Installation(
        app_id="A1",
        team_id="T5",
        user_id="U2",
        bot_token="xoxb-new",
        bot_id="B1",
        bot_user_id="UB",
        bot_scopes=["commands", "chat:write"],
        installed_at=200.0,
    )
    await installs.async_save(first)
    await installs.async_save(second)
    by_first = await installs.async_find_installation(enterprise_id=None, team_id="T5", user_id="U1")
    assert by_first is not None and by_first.user_id == "U1" and by_first.bot_token == "xoxb-new"
    latest = await installs.async_find_installation(enterprise_id=None, team_id="T5")
    assert latest is not None and latest.user_id == "U2"
    bot = await installs.async_find_bot(enterprise_id=None, team_id="T5")
    assert bot is not None and bot.bot_token == "xoxb-new" and bot.bot_scopes == ["commands", "chat:write"]
    await installs.async_delete_installation(enterprise_id=None, team_id="T5", user_id="U1")
    assert await installs.async_find_installation(enterprise_id=None, team_id="T5", user_id="U1") is None
    await installs.async_delete_all(enterprise_id=None, team_id="T5")
    assert await installs.async_find_bot(enterprise_id=None, team_id="T5") is None
    assert await DatabaseInstallations(store, "other-app").async_find_bot(enterprise_id=None, team_id="T5") is None
