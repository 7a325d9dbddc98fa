"""`companion discord invite-url`: the OAuth2 link that adds the bot to a server with exactly what it needs."""

from __future__ import annotations

import argparse
import base64
import binascii
import sys

import discord

SCOPES = ("bot", "applications.commands")
PERMISSIONS = discord.Permissions(
    view_channel=True,
    send_messages=True,
    send_messages_in_threads=True,
    embed_links=True,
)
"""Channel posts (trivia questions, recaps) with embeds, in channels and threads. Interaction replies and
edits of its own messages need no permission at all."""
GUARD_PERMISSIONS = discord.Permissions(manage_messages=True, manage_webhooks=True, read_message_history=True)
"""Only with --guard, for the spoiler guard: delete a spoiler, repost it under its author's name through a
webhook, and reply to a message with a warning."""


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    discord_parser = commands.add_parser("discord", help="Discord helpers (the invite URL)")
    actions = discord_parser.add_subparsers(metavar="ACTION")
    invite = actions.add_parser("invite-url", help="print the OAuth2 URL that adds the bot to a server")
    invite.add_argument("--client-id", type=int, help="the application id (default: read from DISCORD_TOKEN)")
    invite.add_argument("--guild", type=int, help="preselect this server in Discord's dialog")
    invite.add_argument(
        "--guard", action="store_true", help="add what the spoiler guard needs: Manage Messages, Manage Webhooks"
    )
    invite.set_defaults(action=_invite_url)


def invite_url(application_id: int, guild: int | None = None, *, guard: bool = False) -> str:
    place = discord.Object(guild) if guild else discord.utils.MISSING
    permissions = PERMISSIONS | GUARD_PERMISSIONS if guard else PERMISSIONS
    return discord.utils.oauth_url(application_id, permissions=permissions, guild=place, scopes=SCOPES)


def application_id_from_token(token: str) -> int | None:
    """A bot token starts with its user id in base64; a bot's user id is its application's id."""
    head = token.split(".", 1)[0]
    try:
        decoded = base64.b64decode(head + "=" * (-len(head) % 4), altchars=b"-_", validate=True).decode("ascii")
    except (binascii.Error, UnicodeDecodeError):
        return None
    return int(decoded) if decoded.isdigit() else None


def _invite_url(args: argparse.Namespace) -> int:
    application_id = args.client_id
    if application_id is None:
        from bot.settings import DiscordSettings

        token = DiscordSettings().token
        if token is None:
            print(
                "Give the application id with --client-id (Developer Portal → your app → General Information), "
                "or set DISCORD_TOKEN.",
                file=sys.stderr,
            )
            return 1
        application_id = application_id_from_token(token.get_secret_value())
        if application_id is None:
            print(
                "DISCORD_TOKEN does not look like a bot token (it starts with the application id in base64). "
                "Copy it again from the Developer Portal (Bot → Reset Token), or give --client-id.",
                file=sys.stderr,
            )
            return 1
    print(invite_url(application_id, args.guild, guard=args.guard))
    return 0
