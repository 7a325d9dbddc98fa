"""`companion`: the command line, and the composition root that wires the core to its adapters."""

from __future__ import annotations

import argparse
import asyncio
import importlib
import logging
import os
import sys
from pathlib import Path

from pydantic import ValidationError

from bot import logs
from bot.facts import FactBaseError, check_show, show_folders
from bot.settings import FACTS_DIR, CoreSettings, Settings
from bot.startup import StartupError, unreadable_settings
from bot.store import StoreUnusable


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "action", None):
        parser.print_help()
        return 2
    try:
        return int(args.action(args) or 0)
    except FactBaseError as error:
        print("The fact base is invalid; the bot will not start:", file=sys.stderr)
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return 1
    except StoreUnusable as error:  # one line naming COMPANION_DB and what is wrong (a bad URL, a newer file, …)
        print(error, file=sys.stderr)
        return 1
    except StartupError as error:
        print(f"Cannot start: {error}", file=sys.stderr)
        return 1
    except ValidationError as error:
        unreadable = unreadable_settings(error)
        if unreadable is None:
            raise
        print(f"Cannot start: {unreadable}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Stopped (Ctrl-C).", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (`companion ask … | head`): stop quietly, as other command-line tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="companion", description="A spoiler-safe TV show companion.")
    commands = parser.add_subparsers(metavar="COMMAND")

    run = commands.add_parser(
        "run",
        help="start the configured adapters (the console when no token is set)",
        description="Start every adapter whose settings are present: Discord with DISCORD_TOKEN, Slack with "
        "SLACK_BOT_TOKEN (or SLACK_CLIENT_ID for many workspaces). With none of them, the interactive console. "
        "Settings come from the environment and .env; Ctrl-C or SIGTERM stops the bot.",
    )
    run.set_defaults(action=_run)

    console = commands.add_parser(
        "console",
        help="the interactive console",
        description="Talk to the bot in this terminal, as if in a chat channel: /commands, masked spoilers, "
        "buttons, trivia rounds. Type 'help' inside for the console's own commands; Ctrl-D or 'quit' to leave.",
    )
    console.set_defaults(action=_console)

    from adapters.console import DEFAULT_USER

    ask = commands.add_parser(
        "ask",
        help='run one command, e.g. companion ask "/bio renee"',
        description="Run ONE bot command and print the reply. State (progress, horizons, rounds) is kept in the "
        "database between calls. Exit status: 0 when answered, 2 when the command was not understood, 1 when the "
        "bot cannot start.",
    )
    ask.add_argument("text", help='the command as you would type it in chat, e.g. "/bio gary pearlman share:yes"')
    ask.add_argument(
        "--db", metavar="DB", help="SQLite file, sqlite:///path or postgresql:// URL (default: COMPANION_DB)"
    )
    ask.add_argument(
        "--server", default="local", metavar="ID", help="the server (workspace) it is asked in (default: local)"
    )
    ask.add_argument("--channel", default="general", metavar="ID", help="the channel it is asked in (default: general)")
    ask.add_argument("--user", default=DEFAULT_USER, metavar="ID", help=f"who asks (default: {DEFAULT_USER})")
    ask.add_argument("--moderator", action="store_true", help="ask with a moderator's rights")
    ask.add_argument("--json", action="store_true", dest="as_json", help="print the reply as one JSON object")
    ask.set_defaults(action=_ask)

    facts = commands.add_parser("facts", help="check the fact base, or write its JSON Schemas")
    facts_commands = facts.add_subparsers(metavar="ACTION")
    check = facts_commands.add_parser("check", help="validate a fact base (a show's folder or a folder of shows)")
    check.add_argument("dir", nargs="?", type=Path, default=FACTS_DIR)
    check.add_argument("--quiet", action="store_true", help="print problems only")
    check.set_defaults(action=_facts_check)
    schema = facts_commands.add_parser("schema", help="write the JSON Schemas editors validate with")
    schema.add_argument("--out", type=Path, default=FACTS_DIR / "schema")
    schema.set_defaults(action=_facts_schema)

    guard = commands.add_parser("guard", help="the spoiler guard from the shell")
    guard_commands = guard.add_subparsers(metavar="ACTION")
    guard_check = guard_commands.add_parser("check", help="would the guard hide this text at a horizon?")
    guard_check.add_argument("text")
    guard_check.add_argument("--horizon", default="S1E0", help="the channel's horizon (default S1E0)")
    guard_check.add_argument("--json", action="store_true", dest="as_json")
    guard_check.set_defaults(action=_guard_check)

    _add_adapter_commands(commands)
    return parser


ADAPTER_COMMANDS = {
    "db": "bot.db_commands",
    "discord": "adapters.discord.cli",
    "slack": "adapters.slack.cli",
    "bench": "benchmarks.cli",
}
"""Subcommands that the store, adapters and the benchmarks contribute, by the module whose `register` adds them."""
OWN_PACKAGES = ("bot", "adapters", "benchmarks", "tests")


def _add_adapter_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Each adapter adds its own subcommands. One whose optional dependency is not installed is still listed, and
    says what to install; any other import error is a bug and is raised, never skipped."""
    for command, module_name in ADAPTER_COMMANDS.items():
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as error:
            missing = (error.name or "").partition(".")[0]
            if not missing or missing in OWN_PACKAGES:
                raise
            _add_unavailable(commands, command, missing)
            continue
        module.register(commands)


def _add_unavailable(commands: argparse._SubParsersAction[argparse.ArgumentParser], command: str, missing: str) -> None:
    why = f"the '{command}' commands need the '{missing}' package, which is not installed"
    unavailable = commands.add_parser(command, help=f"(unavailable: {why})")
    unavailable.add_argument("rest", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)

    def explain(args: argparse.Namespace) -> int:
        print(f"{why[0].upper()}{why[1:]}. Install it with: pip install -e '.[test,bench]'", file=sys.stderr)
        return 1

    unavailable.set_defaults(action=explain)


def _configure_logging(level: str) -> None:
    logging.basicConfig(level=level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logs.install()


def _run(args: argparse.Namespace) -> int:
    settings = Settings()
    _configure_logging(settings.core.log_level)
    from bot.runner import run

    return asyncio.run(run(settings))


def _console(args: argparse.Namespace) -> int:
    from adapters.console import run_console

    asyncio.run(run_console(CoreSettings()))
    return 0


def _ask(args: argparse.Namespace) -> int:
    from adapters.console import ask_reply, printed

    reply = asyncio.run(
        ask_reply(
            args.text,
            db=args.db,
            server=args.server,
            channel=args.channel,
            user=args.user,
            moderator=args.moderator,
        )
    )
    print(printed(reply, as_json=args.as_json))
    return 2 if reply.usage_error else 0


def _facts_check(args: argparse.Namespace) -> int:
    from bot.facts._summary import summary

    root: Path = args.dir
    if not root.is_dir():
        print(f"{root}:1: not a folder", file=sys.stderr)
        return 1
    folders = show_folders(root)
    if not folders:
        print(f"{root}:1: no show here (a show's folder has a show.yaml)", file=sys.stderr)
        return 1
    failed = False
    for folder in folders:
        facts, problems = check_show(folder, warnings=True)
        for problem in problems:
            print(problem)
        failed = failed or any(not problem.warning for problem in problems)
        if facts is not None and not args.quiet:
            print(summary(facts))
    return 1 if failed else 0


def _facts_schema(args: argparse.Namespace) -> int:
    from bot.facts._schema import write_schemas

    for path in write_schemas(args.out):
        print(path)
    return 0


def _guard_check(args: argparse.Namespace) -> int:
    """Exit 0 either way; a bad horizon is the one error (exit 2, as argparse does for bad options)."""
    from bot.guard.check import check

    return check(CoreSettings(), args.text, args.horizon, as_json=args.as_json)
