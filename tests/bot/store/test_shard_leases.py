"""Discord shard leases in the store: all or nothing, one holder per shard, one shard count, the database's clock."""

from __future__ import annotations

import asyncio

from bot.shard_leases import ShardHeld
from bot.store import Store
from tests.backends import query

LEASE = 30.0


async def test_a_claim_is_all_or_nothing_and_names_what_is_in_the_way(store: Store):
    assert await store.claim_shards([0, 1], 4, "a", LEASE) == []
    held = await store.claim_shards([1, 2], 4, "b", LEASE)
    assert [(item.shard, item.count, item.holder) for item in held] == [(1, 4, "a")]
    assert isinstance(held[0], ShardHeld) and 0 <= held[0].quiet_for < LEASE
    assert await store.claim_shards([2, 3], 4, "b", LEASE) == []  # shard 2 was not taken by the refused claim
    assert await store.renew_shards("a", LEASE) == 2 and await store.renew_shards("b", LEASE) == 2


async def test_another_shard_count_is_refused_while_any_process_runs_with_the_old_one(store: Store):
    assert await store.claim_shards([0, 1], 4, "a", LEASE) == []
    held = await store.claim_shards([5], 8, "b", LEASE)
    assert [(item.shard, item.count) for item in held] == [(0, 4), (1, 4)]


async def test_the_same_holder_may_claim_again(store: Store):
    assert await store.claim_shards([0, 1], 4, "a", LEASE) == []
    assert await store.claim_shards([0, 1], 4, "a", LEASE) == []


async def test_a_released_claim_is_free_at_once(store: Store):
    assert await store.claim_shards([0], 2, "a", LEASE) == []
    await store.release_shards("a")
    assert await store.claim_shards([0], 2, "b", LEASE) == []
    assert await store.renew_shards("a", LEASE) == 0


async def test_an_expired_claim_is_taken_over_and_its_holder_finds_out_when_renewing(store: Store):
    assert await store.claim_shards([0], 2, "a", 0.05) == []
    deadline = asyncio.get_running_loop().time() + 30
    while held := await store.claim_shards([0], 2, "b", LEASE):  # free once the database's clock passes it
        assert asyncio.get_running_loop().time() < deadline, held
        await asyncio.sleep(0.05)
    assert await store.renew_shards("a", LEASE) == 0
    assert await store.renew_shards("b", LEASE) == 1


async def test_leases_are_timed_by_the_database_not_the_process(store: Store):
    """A process whose clock is far off cannot see a live lease as expired: no time is given by the caller."""
    assert await store.claim_shards([0], 2, "a", LEASE) == []
    [(renewed, expires)] = await query(store, "SELECT renewed_at, expires_at FROM discord_shard_lease")
    assert renewed < expires  # both written by the database from its own now


async def test_two_processes_claiming_one_shard_at_once_one_wins(stores):
    first, second = await stores(), await stores()
    results = await asyncio.gather(first.claim_shards([0, 1], 2, "a", LEASE), second.claim_shards([1], 2, "b", LEASE))
    assert sorted(bool(held) for held in results) == [False, True]


async def test_the_leases_of_a_holder_known_to_be_gone_are_not_in_the_way(store: Store):
    assert await store.claim_shards([0, 1], 2, "crashed", LEASE) == []
    assert await store.claim_shards([0], 2, "restarted", LEASE, gone={"someone else"}) != []
    assert await store.claim_shards([0, 1], 2, "restarted", LEASE, gone={"crashed"}) == []
    assert await store.renew_shards("crashed", LEASE) == 0


async def test_one_identify_turn_per_bucket_across_processes(stores):
    first, second = await stores(), await stores()
    assert await first.take_identify_turn(0, "a", 30.0) == 0.0
    waits = await second.take_identify_turn(0, "b", 30.0)
    assert 0 < waits < 31  # how long until the turn frees, by the database's clock (julianday rounds)
    assert await second.take_identify_turn(1, "b", 30.0) == 0.0  # another bucket identifies alongside
    assert await first.take_identify_turn(0, "a", 0.001) > 0  # a turn is a turn, even for its holder


async def test_a_turn_frees_when_its_time_is_up(store: Store):
    assert await store.take_identify_turn(0, "a", 0.05) == 0.0
    deadline = asyncio.get_running_loop().time() + 30
    while (wait := await store.take_identify_turn(0, "b", 30.0)) > 0:
        assert asyncio.get_running_loop().time() < deadline
        await asyncio.sleep(min(wait, 0.05))
