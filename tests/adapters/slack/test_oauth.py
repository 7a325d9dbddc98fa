"""Many workspaces: the OAuth install flow against the fake, installations kept in the project's database."""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path
from urllib.parse import parse_qs, parse_qsl, urlencode, urlparse

import aiohttp
import pytest
from cryptography.fernet import Fernet

from adapters.slack import SlackSettingsError, build_app
from adapters.slack._install_page import INSTALL_VISITS
from adapters.slack._oauth import MAX_INSTALL_STATES, DatabaseInstallations, DatabaseOAuthStates
from adapters.slack._sealed import SealError, sealer
from bot.outbox import Posted
from bot.reply import message
from bot.request import Place
from bot.store._codec import stamp, unix
from tests.adapters.slack.conftest import close_world, open_world, slack_settings

KEY = Fernet.generate_key().decode()
CLIENT = {"bot_token": None, "client_id": "111.222", "client_secret": "client-secret", "secret_key": KEY}


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
        bot = await DatabaseInstallations(world.companion.store, "111.222", sealer(KEY)).async_find_bot(
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
        installs = DatabaseInstallations(store, "111.222", sealer(KEY))
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


# --- Enterprise Grid: posts find a workspace's install, a Grid workspace's, and an org-wide one -------------


def _bot_install(token: str, *, team: str | None, enterprise: str | None = None, org_wide: bool = False):
    from slack_sdk.oauth.installation_store import Installation

    return Installation(
        app_id="A1",
        enterprise_id=enterprise,
        team_id=team,
        user_id="UINSTALLER",
        bot_token=token,
        bot_id="BBOT",
        bot_user_id="UBOT",
        bot_scopes=["commands", "chat:write"],
        is_enterprise_install=org_wide,
        installed_at=1.0,
    )


async def _post_token(world, team: str) -> str | None:
    before = len(world.fake.calls_to("chat.postMessage"))
    posted = await world.companion.outbox.post(Place("slack", team, "C1"), message("Round at 8"))
    calls = world.fake.calls_to("chat.postMessage")
    assert isinstance(posted, Posted) == (len(calls) > before)
    return calls[-1].token if len(calls) > before else None


async def test_posts_reach_a_workspace_a_grid_workspace_and_an_org_wide_install(fake, tmp_path: Path):
    world = await open_world(fake, tmp_path, **CLIENT)
    try:
        installs = world.app.installations
        assert installs is not None
        for token, team in (("xoxb-plain", "T5"), ("xoxb-grid", "T6"), ("xoxb-org", "T7")):
            fake.tokens[token] = team
        await installs.async_save(_bot_install("xoxb-plain", team="T5"))
        await installs.async_save(_bot_install("xoxb-grid", team="T6", enterprise="E1"))
        await installs.async_save(_bot_install("xoxb-org", team=None, enterprise="E2", org_wide=True))

        assert await _post_token(world, "T5") == "xoxb-plain"
        assert await _post_token(world, "T6") == "xoxb-grid"
        assert await _post_token(world, "E2") == "xoxb-org"  # a payload with no workspace names the org

        # A workspace of the org-wide install is known once a request from it arrived (and after a restart).
        assert await _post_token(world, "T7") is None
        body, _ = world.sender.command_body("/progress", "s1e2", user="U1", channel="C1", team="T7")
        grid = urlencode(dict(parse_qsl(body)) | {"enterprise_id": "E2", "is_enterprise_install": "true"})
        sent = await world.sender.post(grid, "application/x-www-form-urlencoded")
        assert sent.status == 200 and "S1E2" in sent.body
        assert await _post_token(world, "T7") == "xoxb-org"
        restarted = DatabaseInstallations(world.companion.store, "111.222", sealer(KEY))
        found = await restarted.find_bot_for("T7")
        assert found is not None and found.bot_token == "xoxb-org"
    finally:
        await close_world(world)
    world.check_everything_sent()


# --- tokens at rest -----------------------------------------------------------------------------------------


async def test_tokens_are_sealed_at_rest_and_survive_a_key_rotation(store):
    first, second = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    installs = DatabaseInstallations(store, "111.222", sealer(first))
    await installs.async_save(_bot_install("xoxb-secret-token", team="T5"))
    rows = await store.db.execute_fetchall("SELECT data FROM slack_installation")
    assert len(rows) == 2 and not any("xoxb-secret" in row[0] for row in rows)

    rotating = DatabaseInstallations(store, "111.222", sealer(f"{second},{first}"))
    assert await rotating.reseal() == 2
    after = DatabaseInstallations(store, "111.222", sealer(second))
    bot = await after.async_find_bot(enterprise_id=None, team_id="T5")
    assert bot is not None and bot.bot_token == "xoxb-secret-token"
    with pytest.raises(SealError):
        await DatabaseInstallations(store, "111.222", sealer(first)).async_find_bot(enterprise_id=None, team_id="T5")
    with pytest.raises(SealError):
        await DatabaseInstallations(store, "111.222", sealer("")).async_find_bot(enterprise_id=None, team_id="T5")


async def test_rows_stored_before_a_key_was_set_are_sealed_at_the_next_start(store):
    await DatabaseInstallations(store, "111.222", sealer("")).async_save(_bot_install("xoxb-plain", team="T5"))
    key = Fernet.generate_key().decode()
    assert await DatabaseInstallations(store, "111.222", sealer(key)).reseal() == 2
    rows = await store.db.execute_fetchall("SELECT data FROM slack_installation")
    assert all(row[0].startswith("fernet:") for row in rows)


def test_oauth_without_a_key_is_refused_unless_the_operator_opts_out(fake, companion):
    with pytest.raises(SlackSettingsError, match="COMPANION_SECRET_KEY is empty"):
        build_app(slack_settings(fake, bot_token=None, client_id="1.2", client_secret="s"), companion)
    with pytest.raises(SlackSettingsError, match="COMPANION_SECRET_KEY is not a Fernet key"):
        bad_key = slack_settings(fake, secret_key="short", bot_token=None, client_id="1.2", client_secret="s")
        build_app(bad_key, companion)
    opted_out = slack_settings(fake, bot_token=None, client_id="1.2", client_secret="s", allow_plaintext_tokens=True)
    assert build_app(opted_out, companion).installations is not None


async def test_a_revoked_bot_token_is_removed_from_every_row(fake, tmp_path: Path):
    world = await open_world(fake, tmp_path, **CLIENT)
    try:
        installs = world.app.installations
        assert installs is not None
        fake.tokens["xoxb-revoked"] = "T1"
        await installs.async_save(_bot_install("xoxb-revoked", team="T1"))
        other = _bot_install("xoxb-revoked", team="T1")
        other.user_id = "USECOND"
        await installs.async_save(other)
        revoked = await world.sender.event({"type": "tokens_revoked", "tokens": {"bot": ["UBOT"]}})
        assert revoked.status == 200

        async def gone() -> None:
            while await installs.async_find_bot(enterprise_id=None, team_id="T1") is not None or any(
                row.get("bot_token") for row in await _installation_rows(world.companion.store)
            ):
                await asyncio.sleep(0.01)

        await asyncio.wait_for(gone(), 10)
        rows = await _installation_rows(world.companion.store)
        assert len(rows) == 2 and all(row["bot_token"] is None for row in rows)
        assert await _post_token(world, "T1") is None
    finally:
        await close_world(world)


async def _installation_rows(store) -> list[dict]:
    opened = sealer(KEY)
    rows = await store.db.execute_fetchall("SELECT data FROM slack_installation WHERE kind='installation'")
    return [json.loads(opened.open(row[0])) for row in rows]


# --- the install page -----------------------------------------------------------------------------------------


async def test_the_install_page_is_rate_limited_per_address(fake, tmp_path: Path):
    world = await open_world(fake, tmp_path, **CLIENT)
    try:
        statuses = [(await _get(world.server.url + "/slack/install"))[0] for _ in range(INSTALL_VISITS + 2)]
        assert statuses == [200] * INSTALL_VISITS + [429, 429]
        _, page, _ = await _get(world.server.url + "/slack/install")
        assert "Wait a minute" in page
        rows = await world.companion.store.db.execute_fetchall("SELECT count(*) FROM slack_oauth_state")
        assert rows[0][0] == INSTALL_VISITS
    finally:
        await close_world(world)


async def test_expired_states_are_purged_and_outstanding_ones_capped(fake, tmp_path: Path):
    world = await open_world(fake, tmp_path, **CLIENT)
    store = world.companion.store
    try:
        old = [(f"old{number}", stamp(unix(time.time() - 1))) for number in range(MAX_INSTALL_STATES)]
        await store.db.executemany("INSERT INTO slack_oauth_state VALUES (?, ?)", old)
        assert (await _get(world.server.url + "/slack/install"))[0] == 200
        assert (await store.db.execute_fetchall("SELECT count(*) FROM slack_oauth_state"))[0][0] == 1

        live = [(f"live{number}", stamp(unix(time.time() + 600))) for number in range(MAX_INSTALL_STATES)]
        await store.db.executemany("INSERT INTO slack_oauth_state VALUES (?, ?)", live)
        status, page, _ = await _get(world.server.url + "/slack/install")
        assert status == 503 and "Try again in ten minutes" in page
        assert (await store.db.execute_fetchall("SELECT count(*) FROM slack_oauth_state"))[0][0] == 1 + len(live)
    finally:
        await close_world(world)
