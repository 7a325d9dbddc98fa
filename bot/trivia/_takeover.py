"""Rounds outlive their process: every live companion holds a lease and takes over rounds whose keeper's lapsed.

Each companion renews its keeper lease every BEAT; the lease runs LEASE past the renewal by the database's
clock (so a process whose own clock is off cannot make leases flap). Every BEAT it also looks for running
rounds whose keeper holds no live lease, and claims each with a compare-and-set on the round's keeper:
of several companions looking at once, exactly one wins and drives the round on from its open question.

A companion that has just (re)gained the database waits one LEASE before taking anything over, so after an
outage every live keeper renews first and keeps its own rounds.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from datetime import timedelta
from typing import TYPE_CHECKING

from bot.outbox import platform_of
from bot.reply import Visibility, message
from bot.trivia import _round as game
from bot.trivia import _views as views
from bot.trivia._model import RoundStatus

if TYPE_CHECKING:
    from bot.companion import Companion

log = logging.getLogger(__name__)

LEASE = 7.0
"""Seconds a keeper's lease runs past its last renewal: three missed beats before its rounds move on."""
BEAT = 2.0
"""Seconds between renewals, and between looks for rounds to take over."""
TOOK_OVER = "The bot process keeping this round stopped; another one took over"
"""How the one line a takeover posts begins, whichever it is."""
MOVED_ON = f"{TOOK_OVER}, and the round goes on."
LEAST_LEFT = timedelta(seconds=10)
"""A question taken over with less time than this left is given this much from the takeover, once in its life:
players of a keeper that died just before the close still get to answer."""
CLAIM_AT_ONCE = 500
"""Rounds claimed in one write."""
CARRIED_ON_AT_ONCE = 50
"""Claimed rounds whose channels are told at the same time."""


async def start(companion: Companion) -> None:
    """At start-up: hold a lease, close rounds left by a dead process only if no other one is alive, then watch."""
    platform = platform_of(companion.outbox)
    await companion.store.renew_lease(companion.identity, platform, LEASE)
    if not await companion.store.live_keepers(platform, companion.identity):
        await game.interrupt_running(companion)
    companion.spawn(watch(companion), name="trivia-keeper-lease")


async def watch(companion: Companion) -> None:
    """Renew this companion's lease and take over lapsed keepers' rounds, until the companion closes."""
    platform = platform_of(companion.outbox)
    renewed_since: float | None = time.monotonic()
    try:
        while True:
            await asyncio.sleep(BEAT)
            try:
                await companion.store.renew_lease(companion.identity, platform, LEASE)
            except Exception as error:
                if renewed_since is not None:
                    log.warning("could not renew this process's keeper lease (%s); retrying", error)
                renewed_since = None
                continue
            if renewed_since is None:
                renewed_since = time.monotonic()
            if time.monotonic() - renewed_since < LEASE:
                continue
            try:
                await take_over(companion, platform)
            except Exception as error:
                log.warning("looking for rounds to take over failed (%s); retrying", error)
    finally:
        with contextlib.suppress(Exception):
            await asyncio.wait_for(companion.store.release_lease(companion.identity), timeout=2.0)


async def take_over(companion: Companion, platform: str | None) -> list[int]:
    """Claim every round whose keeper's lease has lapsed, a batch per write; the ids this companion won.

    A batch's rounds carry on side by side, so a dead process's thousands of rounds move on in seconds."""
    won: list[int] = []
    while claimed := await companion.store.claim_lapsed_rounds(platform, companion.identity, CLAIM_AT_ONCE):
        for round_id, was in claimed:
            log.info("trivia round %s: taken over from %s", round_id, was)
        ids = [round_id for round_id, _ in claimed]
        won += ids
        for start in range(0, len(ids), CARRIED_ON_AT_ONCE):
            await asyncio.gather(
                *(_carry_on(companion, round_id) for round_id in ids[start : start + CARRIED_ON_AT_ONCE])
            )
    return won


async def _carry_on(companion: Companion, round_id: int) -> None:
    """The round's timer in this process, whatever becomes of its line: a claimed round is never left undriven."""
    try:
        await _say_moved_on(companion, round_id)
    except Exception:
        log.exception("trivia round %s: taken over, but telling its channel failed", round_id)
    companion.spawn(game.drive(companion, round_id), name=f"trivia-round-{round_id}")


async def _say_moved_on(companion: Companion, round_id: int) -> None:
    """One line in the channel, and the open question shown if its keeper died before posting it.

    A question with under LEAST_LEFT to go gets that much more (once), and the line says so."""
    trivia_round = await companion.store.trivia_round(round_id)
    if trivia_round is None or trivia_round.status is not RoundStatus.RUNNING:
        return  # stopped meanwhile: nothing moved on
    announcer = game.Announcer(companion)
    question = await companion.store.asked_question(round_id, trivia_round.current)
    now = companion.clock.now()
    line = MOVED_ON
    if question is not None and question.is_open and question.closes_at and question.closes_at - now < LEAST_LEFT:
        extended = await companion.store.extend_question(round_id, question.number, now + LEAST_LEFT)
        if extended is not None:
            question, line = extended, extended_line(question.number, LEAST_LEFT)
    await announcer.post(trivia_round.place, message(line, visibility=Visibility.PUBLIC))
    if question is not None and question.message_id is None and question.closes_at and now < question.closes_at:
        horizon = await game.horizon_of(companion, trivia_round.place)
        posted = await announcer.post(trivia_round.place, views.question_message(trivia_round, question, horizon))
        if posted is not None:
            await game.remember_message(companion, round_id, question.number, posted.message_id)


def extended_line(number: int, left: timedelta) -> str:
    seconds = int(left.total_seconds())
    return f"{TOOK_OVER}; question {number} now closes in {seconds} seconds."
