"""The fake's own rules, checked with a bare HTTP client: a fake that lets wrong payloads through proves nothing."""

import aiohttp
import pytest

from tests.adapters.discord.fake import Interaction

pytestmark = pytest.mark.usefixtures("fake")


@pytest.fixture
async def http(fake):
    async with aiohttp.ClientSession(base_url=fake.api_base + "/") as session:
        yield session


async def call(http, method, path, body=None, token=None):
    headers = {"Authorization": f"Bot {token}"} if token else {}
    async with http.request(method, path.lstrip("/"), json=body, headers=headers) as response:
        return response.status, (await response.json() if response.status != 204 else None)


def pending(fake, kind=2, deadline_passed=False):
    interaction = Interaction(
        fake.ids.next(),
        f"token-{len(fake.interactions)}",
        kind,
        fake.user("alice"),
        fake.channel("general"),
        fake.guild,
        {"name": "bio"},
    )
    if deadline_passed:
        interaction.created -= fake.ack_deadline + 0.1
    fake.interactions[interaction.id] = interaction
    return interaction


def button(custom_id, label="Go"):
    return {"type": 2, "style": 1, "label": label, "custom_id": custom_id}


@pytest.mark.parametrize(
    ("body", "where"),
    [
        ({"content": "x" * 2001}, ["content"]),
        ({"embeds": [{"description": "x"}] * 11}, ["embeds"]),
        ({"embeds": [{"description": "x" * 4097}]}, ["embeds", "0", "description"]),
        ({"embeds": [{"title": "x" * 257}]}, ["embeds", "0", "title"]),
        ({"embeds": [{"description": "x" * 4000}, {"description": "x" * 2001}]}, ["embeds"]),
        ({"embeds": [{"fields": [{"name": "n", "value": "v"}] * 26}]}, ["embeds", "0", "fields"]),
        ({"components": [{"type": 1, "components": [button(str(n))]} for n in range(6)]}, ["components"]),
        (
            {"components": [{"type": 1, "components": [button(str(n)) for n in range(6)]}]},
            ["components", "0", "components"],
        ),
        (
            {"components": [{"type": 1, "components": [button("x" * 101)]}]},
            ["components", "0", "components", "0", "custom_id"],
        ),
        (
            {"components": [{"type": 1, "components": [button("a"), button("a")]}]},
            ["components", "0", "components", "1", "custom_id"],
        ),
        (
            {"components": [{"type": 1, "components": [button("a", "x" * 81)]}]},
            ["components", "0", "components", "0", "label"],
        ),
        ({"content": "hi", "allowed_mentions": {"parse": ["users"], "users": ["1"]}}, ["allowed_mentions", "users"]),
    ],
)
async def test_a_message_past_discords_limits_is_refused_with_50035(fake, http, body, where):
    status, error = await call(http, "POST", f"/channels/{fake.channel('general').id}/messages", body, fake.token)
    assert (status, error["code"]) == (400, 50035)
    node = error["errors"]
    for key in where:
        node = node[key]
    assert node["_errors"]


async def test_empty_unknown_and_unauthorized_posts_are_refused(fake, http):
    channel = fake.channel("general").id
    assert (await call(http, "POST", f"/channels/{channel}/messages", {"content": ""}, fake.token))[1]["code"] == 50006
    assert (await call(http, "POST", "/channels/1/messages", {"content": "hi"}, fake.token))[1]["code"] == 10003
    assert (await call(http, "POST", f"/channels/{channel}/messages", {"content": "hi"}))[0] == 401


async def test_without_allowed_mentions_discord_pings_what_the_content_names(fake, http):
    alice = fake.user("alice")
    body = {"content": f"@everyone look, <@{alice.id}> and <@&42>"}
    _, loud = await call(http, "POST", f"/channels/{fake.channel('general').id}/messages", body, fake.token)
    assert (
        loud["mention_everyone"]
        and [u["id"] for u in loud["mentions"]] == [str(alice.id)]
        and loud["mention_roles"] == ["42"]
    )
    _, quiet = await call(
        http,
        "POST",
        f"/channels/{fake.channel('general').id}/messages",
        {**body, "allowed_mentions": {"parse": []}},
        fake.token,
    )
    assert not quiet["mention_everyone"] and not quiet["mentions"] and not quiet["mention_roles"]


async def test_an_interaction_is_answered_once_and_within_the_deadline(fake, http):
    interaction = pending(fake)
    path = f"/interactions/{interaction.id}/{interaction.token}/callback?with_response=1"
    status, first = await call(http, "POST", path, {"type": 4, "data": {"content": "hi"}})
    assert status == 200 and first["interaction"]["response_message_id"] == first["resource"]["message"]["id"]
    assert (await call(http, "POST", path, {"type": 4, "data": {"content": "again"}}))[1]["code"] == 40060
    late = pending(fake, deadline_passed=True)
    status, error = await call(http, "POST", f"/interactions/{late.id}/{late.token}/callback", {"type": 5})
    assert (status, error["code"]) == (404, 10062)


async def test_callback_types_must_suit_the_interaction(fake, http):
    command, autocomplete = pending(fake, kind=2), pending(fake, kind=4)
    for interaction, body in (
        (command, {"type": 8, "data": {"choices": []}}),
        (command, {"type": 6}),
        (autocomplete, {"type": 4, "data": {"content": "x"}}),
    ):
        status, error = await call(http, "POST", f"/interactions/{interaction.id}/{interaction.token}/callback", body)
        assert (status, error["code"]) == (400, 50035)
    choices = [{"name": str(n), "value": str(n)} for n in range(26)]
    status, error = await call(
        http,
        "POST",
        f"/interactions/{autocomplete.id}/{autocomplete.token}/callback",
        {"type": 8, "data": {"choices": choices}},
    )
    assert (status, error["code"]) == (400, 50035)


async def test_the_first_followup_after_a_defer_replaces_thinking_and_keeps_its_visibility(fake, http):
    interaction = pending(fake)
    webhook = f"/webhooks/{fake.application_id}/{interaction.token}"
    assert (await call(http, "POST", webhook, {"content": "too early"}))[1]["code"] == 10015
    await call(
        http, "POST", f"/interactions/{interaction.id}/{interaction.token}/callback", {"type": 5, "data": {"flags": 64}}
    )
    _, replaced = await call(http, "POST", webhook, {"content": "public?", "flags": 0})
    _, second = await call(http, "POST", webhook, {"content": "public!", "flags": 0})
    assert replaced["id"] == interaction.original["id"] and replaced["flags"] == 64
    assert second["flags"] == 0 and [m["content"] for m in interaction.messages] == ["public?", "public!"]
    assert fake.channel("general").history == [interaction.followups[0]]


@pytest.mark.parametrize(
    "command",
    [
        {"name": "Bio", "description": "d", "type": 1},
        {"name": "bio", "description": "d" * 101, "type": 1},
        {
            "name": "bio",
            "description": "d",
            "type": 1,
            "options": [
                {"type": 3, "name": "a", "description": "d", "required": False},
                {"type": 3, "name": "b", "description": "d", "required": True},
            ],
        },
        {
            "name": "bio",
            "description": "d",
            "type": 1,
            "options": [
                {
                    "type": 3,
                    "name": "a",
                    "description": "d",
                    "autocomplete": True,
                    "choices": [{"name": "x", "value": "x"}],
                },
            ],
        },
        {
            "name": "bio",
            "description": "d",
            "type": 1,
            "options": [
                {"type": 1, "name": "sub", "description": "d"},
                {"type": 3, "name": "a", "description": "d"},
            ],
        },
    ],
)
async def test_command_sync_refuses_what_discord_refuses(fake, http, command):
    status, error = await call(http, "PUT", f"/applications/{fake.application_id}/commands", [command], fake.token)
    assert (status, error["code"]) == (400, 50035)
    assert fake.commands == {}
