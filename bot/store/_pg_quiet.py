"""asyncpg's pool logs a full traceback each time it fails to reopen a connection while the server is away:
one line each (the error, no traceback) says the same to an operator reading the log of an outage."""

from __future__ import annotations

import logging

POOL_LOGGER = "asyncpg.pool"


class OneLineReconnects(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and record.exc_info[1] is not None and "connection floor" in str(record.msg):
            record.msg = f"{record.msg} ({type(record.exc_info[1]).__name__}: {record.exc_info[1]})"
            record.exc_info = None
        return True


def quiet_pool_reconnects() -> None:
    pool_log = logging.getLogger(POOL_LOGGER)
    if not any(isinstance(existing, OneLineReconnects) for existing in pool_log.filters):
        pool_log.addFilter(OneLineReconnects())
