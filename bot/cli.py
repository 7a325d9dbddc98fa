"""`companion`: the command line, and the composition root that wires the core to its adapters."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from pathlib import Path

from bot.facts import FactBaseError, check_show, show_folders
from bot.settings import FACTS_DIR, CoreSettings, Settings
from bot.store._faults import StoreUnusable


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
    except StoreUnusable as error:  # one line naming COMPANION_DB, the path and what is wrong (a newer file, too)
        print(error, file=sys.stderr)
        return 1
    except BrokenPipeError:
        # The reader went away (`companion ask … | head`): stop quietly, as other command-line tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="companion", description="A spoiler-safe TV show companion.")
    commands = parser.add_subparsers(metavar="COMMAND")

    run = commands.add_parser("run", help="start the configured adapters (the console when no token is set)")
    run.set_defaults(action=_run)

    console = commands.add_parser("console", help="the interactive console")
    console.set_defaults(action=_console)

    ask = commands.add_parser("ask", help='run one command, e.g. companion ask "/bio renee"')
    ask.add_argument("text")
    ask.add_argument("--db", type=Path, help="SQLite file (default: COMPANION_DB)")
    ask.add_argument("--server", default="local")
    ask.add_argument("--channel", default="general")
    ask.add_argument("--user", default="you")
    ask.add_argument("--moderator", action="store_true")
    ask.add_argument("--json", action="store_true", dest="as_json")
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

    _add_adapter_commands(commands)
    return parser


def _add_adapter_commands(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Adapters contribute their own subcommands (invite URL, manifest, bench) when installed."""
    for module_name in ("adapters.discord.cli", "adapters.slack.cli", "benchmarks.cli"):
        try:
            module = __import__(module_name, fromlist=["register"])
        except ImportError:
            continue
        module.register(commands)


def _configure_logging(level: str) -> None:
    logging.basicConfig(level=level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")


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
    from adapters.console import ask

    print(
        asyncio.run(
            ask(
                args.text,
                db=args.db,
                server=args.server,
                channel=args.channel,
                user=args.user,
                moderator=args.moderator,
                as_json=args.as_json,
            )
        )
    )
    return 0


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
