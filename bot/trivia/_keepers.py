"""Which round keepers are gone. A keeper is `host:pid:nonce` (`Companion.identity`).

A keeper on another host is judged by its heartbeat alone. One on this host is also judged by its
process: a bot restarted after a crash finds its predecessor's pid gone and closes that round at once,
instead of waiting for the heartbeat to go stale.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterable


def gone_here(keepers: Iterable[str], me: str) -> set[str]:
    """The keepers whose process on this host has ended."""
    host, pid = socket.gethostname(), os.getpid()
    gone = set()
    for keeper in keepers:
        keeper_host, _, rest = keeper.partition(":")
        keeper_pid = rest.partition(":")[0]
        if keeper == me or keeper_host != host or not keeper_pid.isdigit() or int(keeper_pid) == pid:
            continue  # elsewhere, unreadable, or a companion of this very process: the heartbeat decides
        if not _running(int(keeper_pid)):
            gone.add(keeper)
    return gone


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process: alive
    return True
