"""Which shards this process runs (DISCORD_SHARD_IDS of DISCORD_SHARD_COUNT), checked at start and leased in the
shared store for as long as it runs, so that no shard is served by two processes."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

from bot.settings import DiscordSettings
from bot.shard_leases import ShardHeld, ShardLeaseStore
from bot.startup import StartupError
from bot.trivia._keepers import gone_here  # the rule round keepers follow: a holder is host:pid:nonce

log = logging.getLogger(__name__)

LEASE = 30.0
"""Seconds a claim lasts unless renewed: how long a crashed process's shards wait before another may take them."""
RENEW_EVERY = LEASE / 3
IDENTIFY_EVERY = 5.5
"""Discord's IDENTIFY rate is one shard per bucket every 5 s, whichever process it is in; the half second
more covers the time from taking the turn to the IDENTIFY reaching Discord."""


@dataclass(frozen=True, slots=True)
class ShardGroup:
    """The shards one process of several runs."""

    ids: tuple[int, ...]
    count: int

    @property
    def registers_commands(self) -> bool:
        """Shard 0's process syncs the commands, once for all; DMs reach shard 0 only, too."""
        return 0 in self.ids

    def __str__(self) -> str:
        return f"{_ranges(self.ids)} of {self.count}"


def shard_group(settings: DiscordSettings) -> ShardGroup | None:
    """This process's shards, or None when it runs them all (DISCORD_SHARD_IDS unset). StartupError, naming the
    setting, when they do not fit together."""
    ids, count = settings.shard_ids, settings.shard_count
    if count is not None and count < 0:
        raise StartupError("DISCORD_SHARD_COUNT must be 0 (Discord's recommendation) or a number of shards.")
    if ids is None:
        return None
    if not ids:
        raise StartupError("DISCORD_SHARD_IDS is empty: give this process's shards, e.g. 0,1, or unset it.")
    if not count:
        raise StartupError(
            "DISCORD_SHARD_IDS needs DISCORD_SHARD_COUNT, the total number of shards across every process "
            "(`companion discord plan --servers N` suggests one); 0 (Discord's recommendation) cannot be split."
        )
    outside = [shard for shard in ids if shard >= count]
    if outside:
        raise StartupError(
            f"DISCORD_SHARD_IDS: shard {_ranges(outside)} is outside DISCORD_SHARD_COUNT={count} "
            f"(shards are numbered 0 to {count - 1})."
        )
    return ShardGroup(ids, count)


class ShardLease:
    """This process's claim on its shards: taken before the gateway connects, renewed, given back at the end."""

    def __init__(self, store: ShardLeaseStore, group: ShardGroup, holder: str, *, lease: float = LEASE) -> None:
        self._store = store
        self._group = group
        self._holder = holder
        self._lease = lease
        self._renewing: asyncio.Task[None] | None = None
        self.lost = asyncio.Event()

    async def claim(self) -> None:
        """A holder on this host whose process has ended (a crash, then a restart) is not waited for."""
        group, holder = self._group, self._holder
        held = await self._store.claim_shards(group.ids, group.count, holder, self._lease)
        gone = gone_here({item.holder for item in held}, holder)
        if held and gone:
            held = await self._store.claim_shards(group.ids, group.count, holder, self._lease, gone=gone)
        if held:
            raise StartupError(refusal(self._group, held, self._lease))
        log.info("running Discord shards %s", self._group)
        self._renewing = asyncio.create_task(self._renew(), name="discord-shard-lease")

    async def _renew(self) -> None:
        """A renewal the database refuses for a while is retried; a lease found gone (another process took the
        shards after this one went quiet too long) ends this process's claim: it must not serve them too."""
        while True:
            await asyncio.sleep(RENEW_EVERY)
            try:
                kept = await self._store.renew_shards(self._holder, self._lease)
            except Exception as error:
                log.warning("could not renew the lease on Discord shards %s (%s); trying again", self._group, error)
                continue
            if kept < len(self._group.ids):
                log.error("the lease on Discord shards %s expired and another process took them", self._group)
                self.lost.set()
                return

    async def release(self) -> None:
        if self._renewing is not None:
            self._renewing.cancel()
            await asyncio.gather(self._renewing, return_exceptions=True)
            self._renewing = None
            try:
                await self._store.release_shards(self._holder)
            except Exception as error:
                log.warning(
                    "could not give back Discord shards %s (%s); they free up by themselves", self._group, error
                )


async def wait_identify_turn(store: ShardLeaseStore, bucket: int, holder: str) -> None:
    """Until this process may IDENTIFY a shard of `bucket`: processes starting together queue, not race."""
    while (wait := await store.take_identify_turn(bucket, holder, IDENTIFY_EVERY)) > 0:
        await asyncio.sleep(min(wait, IDENTIFY_EVERY))


def refusal(group: ShardGroup, held: list[ShardHeld], lease: float) -> str:
    first = held[0]
    who = f"another process ({first.holder}, heard from {first.quiet_for:.0f} s ago)"
    if first.count != group.count:
        return (
            f"DISCORD_SHARD_COUNT={group.count}, but {who} runs shard {first.shard} of {first.count}. Every "
            "process must use the same DISCORD_SHARD_COUNT; stop the others first when changing it."
        )
    taken = _ranges([item.shard for item in held])
    return (
        f"DISCORD_SHARD_IDS: shard {taken} is already run by {who}. Give each process its own shards, or stop "
        f"that one first (a stopped process's shards are free at once; a crashed one's within {lease:.0f} s)."
    )


def _ranges(numbers: tuple[int, ...] | list[int]) -> str:
    """0,1,2,5 → 0-2,5."""
    parts: list[str] = []
    for number in sorted(set(numbers)):
        if parts and parts[-1].rpartition("-")[2] == str(number - 1):
            parts[-1] = f"{parts[-1].partition('-')[0]}-{number}"
        else:
            parts.append(str(number))
    return ",".join(parts)
