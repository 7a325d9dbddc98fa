"""The connection type PostgreSQL queries run on: one of its own, or one borrowed from the pool."""

from __future__ import annotations

from typing import Any, TypeAlias

import asyncpg
from asyncpg.pool import PoolConnectionProxy

Db: TypeAlias = "asyncpg.Connection[Any] | PoolConnectionProxy[Any]"
