"""`companion db status` and `companion db copy --from SRC --to DST`."""

from __future__ import annotations

import argparse
import asyncio
import sys

from bot.settings import CoreSettings


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    db = commands.add_parser("db", help="the store: its status, or a copy of it into another (SQLite or PostgreSQL)")
    actions = db.add_subparsers(metavar="ACTION")
    status = actions.add_parser("status", help="the backend, schema version and row counts of COMPANION_DB")
    status.add_argument("--db", help="SQLite file or postgresql:// URL (default: COMPANION_DB)")
    status.set_defaults(action=_status)
    copy = actions.add_parser("copy", help="copy every table into an empty store, and verify it")
    copy.add_argument("--from", dest="source", help="the store to copy (default: COMPANION_DB)")
    copy.add_argument("--to", dest="target", required=True, help="an empty SQLite file or PostgreSQL database")
    copy.set_defaults(action=_copy)


def _status(args: argparse.Namespace) -> int:
    from bot.store._admin import status

    found = asyncio.run(status(args.db or CoreSettings().db))
    print(f"backend: {found.backend}")
    print(f"database: {found.location}")
    print(f"schema version: {found.version}")
    width = max((len(name) for name, _ in found.counts), default=0)
    for name, count in found.counts:
        print(f"{name.ljust(width)}  {count} rows")
    return 0


def _copy(args: argparse.Namespace) -> int:
    from bot.store._admin import CopyError, copy
    from bot.store._location import locate

    source = args.source or CoreSettings().db
    try:
        sums = asyncio.run(copy(source, args.target))
    except CopyError as error:
        print(f"db copy: {error}", file=sys.stderr)
        return 1
    width = max((len(s.table) for s in sums), default=0)
    for s in sums:
        print(f"{s.table.ljust(width)}  {s.rows} rows  sha256 {s.checksum[:16]}  verified")
    total = sum(s.rows for s in sums)
    print(f"Copied {total} rows in {len(sums)} tables from {locate(source).shown} to {locate(args.target).shown}.")
    return 0
