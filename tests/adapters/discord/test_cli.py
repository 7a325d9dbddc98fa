"""`companion discord invite-url`: exactly the scopes and permissions the bot needs."""

import base64
from urllib.parse import parse_qs, urlsplit

import discord
import pytest

from bot.cli import main

NEEDED = {"read_messages", "send_messages", "send_messages_in_threads", "embed_links"}  # read_messages: View Channel


@pytest.fixture(autouse=True)
def no_settings_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)  # no .env here
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)


def invite(capsys, *args):
    assert main(["discord", "invite-url", *args]) == 0
    url = urlsplit(capsys.readouterr().out.strip())
    return url, {key: values[0] for key, values in parse_qs(url.query).items()}


def test_the_invite_url_asks_for_two_scopes_and_four_permissions(capsys):
    url, query = invite(capsys, "--client-id", "123456789012345678")
    assert (url.scheme, url.netloc, url.path) == ("https", "discord.com", "/oauth2/authorize")
    assert query["client_id"] == "123456789012345678"
    assert query["scope"].split() == ["bot", "applications.commands"]
    granted = {name for name, on in discord.Permissions(int(query["permissions"])) if on}
    assert granted == NEEDED


def test_the_application_id_is_read_from_the_token(capsys, monkeypatch):
    head = base64.b64encode(b"987654321098765432").decode().rstrip("=")
    monkeypatch.setenv("DISCORD_TOKEN", f"{head}.Gabcde.signature")
    _, query = invite(capsys, "--guild", "42")
    assert query["client_id"] == "987654321098765432" and query["guild_id"] == "42"


def test_without_a_token_or_an_id_it_says_what_to_give(capsys):
    assert main(["discord", "invite-url"]) == 1
    assert "--client-id" in capsys.readouterr().err
