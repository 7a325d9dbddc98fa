"""`companion discord plan`: how many shards for a number of servers, and which process runs which.

Discord allows at most 2,500 servers per shard and recommends about 1,000 (`GET /gateway/bot` says so too).
Shards IDENTIFY in buckets `shard_id % max_concurrency`, one bucket each 5 s; a bot with a max_concurrency
above 1 must use a multiple of it as its shard count, and a process is given whole runs of buckets.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

SERVERS_PER_SHARD = 1_000
MOST_SERVERS_PER_SHARD = 2_500
SHARDS_PER_PROCESS = 16
"""A process of 16 shards holds ~16,000 servers: comfortable memory and one event loop that keeps up."""
IDENTIFY_EVERY = 5


@dataclass(frozen=True, slots=True)
class Plan:
    servers: int
    shards: int
    max_concurrency: int
    groups: tuple[tuple[int, ...], ...]

    def lines(self) -> list[str]:
        per = math.ceil(self.servers / self.shards)
        startup = math.ceil(self.shards / self.max_concurrency) * IDENTIFY_EVERY
        out = [
            f"{self.servers:,} servers: DISCORD_SHARD_COUNT={self.shards} (about {per:,} servers per shard; "
            f"Discord allows at most {MOST_SERVERS_PER_SHARD:,}).",
            f"Shards connect {self.max_concurrency} every {IDENTIFY_EVERY} s (max_concurrency "
            f"{self.max_concurrency}): all {self.shards} in about {startup} s.",
            f"{len(self.groups)} process{'es' if len(self.groups) != 1 else ''}:",
        ]
        for number, group in enumerate(self.groups, start=1):
            out.append(
                f"  process {number}: DISCORD_SHARD_COUNT={self.shards} DISCORD_SHARD_IDS={_span(group)}"
                f"  ({len(group)} shard{'s' if len(group) != 1 else ''}, about {per * len(group):,} servers)"
            )
        return out


class PlanError(ValueError):
    """Numbers that make no plan, said in a line for the operator."""


def plan(servers: int, processes: int | None = None, max_concurrency: int = 1) -> Plan:
    if servers < 1:
        raise PlanError("--servers must be at least 1.")
    if max_concurrency < 1:
        raise PlanError("--max-concurrency must be at least 1 (Discord's GET /gateway/bot says which).")
    shards = max(1, math.ceil(servers / SERVERS_PER_SHARD))
    shards = math.ceil(shards / max_concurrency) * max_concurrency
    buckets_runs = shards // max_concurrency
    if processes is None:
        processes = max(1, math.ceil(shards / SHARDS_PER_PROCESS))
    if processes < 1:
        raise PlanError("--processes must be at least 1.")
    if processes > buckets_runs:
        unit = f" (whole runs of {max_concurrency})" if max_concurrency > 1 else ""
        raise PlanError(f"{shards} shards{unit} cannot be split over {processes} processes; at most {buckets_runs}.")
    groups: list[tuple[int, ...]] = []
    start = 0
    for index in range(processes):
        runs = buckets_runs // processes + (1 if index < buckets_runs % processes else 0)
        size = runs * max_concurrency
        groups.append(tuple(range(start, start + size)))
        start += size
    return Plan(servers, shards, max_concurrency, tuple(groups))


def _span(group: tuple[int, ...]) -> str:
    return str(group[0]) if len(group) == 1 else f"{group[0]}-{group[-1]}"
