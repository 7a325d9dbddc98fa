"""Which process runs which Discord shards: leases in the shared store, so two processes never serve one shard.

Discord lets two sessions hold one shard at once (for hand-offs); both then get its events and answer its
interactions twice. A process claims its shards before it connects, renews the claim by heartbeat, and gives
it back at a clean stop; a claim not renewed within its lease is free to take. Times are the database's own,
so a process whose clock is off cannot make a live lease look expired.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable


@dataclass(frozen=True, slots=True)
class ShardHeld:
    """A live lease held by another process: its shard, the shard count it runs with, who, and how long ago
    it was last renewed (seconds, by the database's clock)."""

    shard: int
    count: int
    holder: str
    quiet_for: float


@runtime_checkable
class ShardLeaseStore(Protocol):
    async def claim_shards(
        self, shards: Sequence[int], count: int, holder: str, lease: float, *, gone: Collection[str] = ()
    ) -> list[ShardHeld]:
        """Claim every shard in `shards` for `lease` seconds, or none of them. Empty when claimed; otherwise
        the live leases in the way: one of these shards held by another holder, or any shard held with a
        different shard count (the processes would disagree about which guild lives where). Leases of the
        `gone` holders (processes known to have ended) are not in the way."""
        ...

    async def renew_shards(self, holder: str, lease: float) -> int:
        """Extend every lease `holder` still has; how many it has."""
        ...

    async def take_identify_turn(self, bucket: int, holder: str, seconds: float) -> float:
        """Discord lets one shard per bucket (`shard_id % max_concurrency`) IDENTIFY every 5 s, across every
        process. Take the bucket's turn for `seconds` if it is free: 0.0; else the seconds until it frees."""
        ...

    async def release_shards(self, holder: str) -> None:
        """Give back every lease `holder` has (at a clean stop: the next process need not wait for expiry)."""
        ...
