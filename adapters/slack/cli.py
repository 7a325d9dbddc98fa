"""`companion slack manifest`: print the app manifest to paste into api.slack.com/apps → Create New App."""

from __future__ import annotations

import argparse
import sys

from cryptography.fernet import Fernet

from adapters.slack._config import secret_value
from adapters.slack._manifest import PLACEHOLDER_URL, manifest_yaml
from bot.commands import CommandSet
from bot.features import ALL_FEATURES
from bot.settings import SlackSettings


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    slack = commands.add_parser("slack", help="Slack: print the app manifest, or a new secret key")
    actions = slack.add_subparsers(metavar="ACTION")
    printer = actions.add_parser("manifest", help="print the Slack app manifest (YAML) generated from the commands")
    printer.add_argument("--url", help=f"public base URL for HTTP mode (default: {PLACEHOLDER_URL})")
    printer.add_argument("--socket-mode", action="store_true", default=None, help="Socket Mode: no public URL needed")
    printer.add_argument("--oauth", action="store_true", default=None, help="installs in many workspaces")
    printer.add_argument("--name", default="Show Companion", help="the app's name in Slack")
    printer.add_argument(
        "--guard",
        action="store_true",
        default=None,
        help="the spoiler guard: read members' messages (message.channels, channels:history); default SLACK_GUARD",
    )
    printer.set_defaults(action=_print_manifest)
    key = actions.add_parser("new-key", help="print a new key for COMPANION_SECRET_KEY (seals tokens at rest)")
    key.set_defaults(action=_print_new_key)


def _print_new_key(args: argparse.Namespace) -> int:
    print(Fernet.generate_key().decode())
    return 0


def _print_manifest(args: argparse.Namespace) -> int:
    settings = SlackSettings()
    socket_mode = args.socket_mode if args.socket_mode is not None else bool(secret_value(settings.app_token))
    oauth = args.oauth if args.oauth is not None else bool(settings.client_id)
    if not socket_mode and not args.url:
        print(f"# HTTP mode: replace {PLACEHOLDER_URL} with your public URL, or pass --url.", file=sys.stderr)
    print(
        manifest_yaml(
            CommandSet(ALL_FEATURES),
            name=args.name,
            prefix=settings.command_prefix,
            url=args.url,
            socket_mode=socket_mode,
            oauth=oauth,
            guard=args.guard if args.guard is not None else settings.guard,
        ),
        end="",
    )
    return 0
