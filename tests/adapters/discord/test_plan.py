"""`companion discord plan`: the shard count for a number of servers and its split over processes."""

from __future__ import annotations

import re

import pytest

from adapters.discord._plan import MOST_SERVERS_PER_SHARD, PlanError, plan
from bot.cli import main
from bot.settings import shard_numbers


def test_fifty_thousand_servers(capsys):
    assert main(["discord", "plan", "--servers", "50000", "--processes", "4"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("50,000 servers: DISCORD_SHARD_COUNT=50 (about 1,000 servers per shard")
    groups = re.findall(r"DISCORD_SHARD_COUNT=50 DISCORD_SHARD_IDS=(\S+)", "\n".join(out))
    assert groups == ["0-12", "13-25", "26-37", "38-49"]


@pytest.mark.parametrize("servers", [1, 999, 1000, 1001, 50_000, 2_400_000])
@pytest.mark.parametrize("processes", [None, 1, 2, 3])
@pytest.mark.parametrize("max_concurrency", [1, 16])
def test_every_shard_once_within_discords_limit_in_whole_buckets(servers, processes, max_concurrency):
    try:
        found = plan(servers, processes, max_concurrency)
    except PlanError as error:  # more processes than runs of buckets
        assert processes is not None and "cannot be split" in str(error)
        return
    assert servers / found.shards <= MOST_SERVERS_PER_SHARD
    assert found.shards % max_concurrency == 0
    assert [shard for group in found.groups for shard in group] == list(range(found.shards))
    assert all(len(group) % max_concurrency == 0 for group in found.groups)
    assert max(map(len, found.groups)) - min(map(len, found.groups)) <= max_concurrency
    for line in found.lines():
        ids = re.search(r"DISCORD_SHARD_IDS=(\S+)", line)
        if ids:  # what the plan prints is what DISCORD_SHARD_IDS reads
            assert shard_numbers(ids.group(1)) == found.groups[int(line.split()[1].rstrip(":")) - 1]


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--servers", "0"], "--servers must be at least 1."),
        (["--servers", "3000", "--processes", "5"], "3 shards cannot be split over 5 processes; at most 3."),
        (["--servers", "10", "--processes", "0"], "--processes must be at least 1."),
        (["--servers", "10", "--max-concurrency", "0"], "--max-concurrency must be at least 1"),
    ],
)
def test_numbers_that_make_no_plan_are_one_line(capsys, args, said):
    assert main(["discord", "plan", *args]) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.startswith(said) and len(captured.err.splitlines()) == 1


@pytest.mark.parametrize(
    ("text", "shards"), [("0,1", (0, 1)), ("0-3", (0, 1, 2, 3)), ("3, 1-2,1", (1, 2, 3)), ("7", (7,))]
)
def test_shard_ids_are_numbers_and_ranges(text, shards):
    assert shard_numbers(text) == shards


@pytest.mark.parametrize("text", ["", "a", "1-", "-1", "3-1", "0-999999999", "1.5"])
def test_shard_ids_that_are_not_numbers_are_refused(text):
    with pytest.raises(ValueError):
        shard_numbers(text)
