"""A round's life: start, answers, each question's close and reveal, the end. State lives in the store.

Nothing here is held only in memory. A round is rows: which question is open and when it closes. The
timer a process arms (`drive`) just sleeps until that time and settles what the rows say is due, and
any process can do the same when a command arrives (`settle`), so a round survives whichever process
dies. Closing is a conditional update, so when two settle the same question only one announces it.

Several companions may share one database (two workers, or Discord and Slack in one run). The one that
starts a round keeps its time and says so with a heartbeat; a companion starting up interrupts only
rounds whose keeper has gone quiet, and only on its own platform, so it never ends a live process's round.
"""

from __future__ import annotations

import logging
import random
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING

from bot.context import Context
from bot.episodes import Episode
from bot.outbox import Posted, platform_of
from bot.reply import Action, Reply, Visibility
from bot.request import Asker, Place
from bot.safety import echo
from bot.store._faults import backoff, is_transient
from bot.trivia import _rules as rules
from bot.trivia import _views as views
from bot.trivia._arrivals import Arrival, arrivals_of
from bot.trivia._draw import categories_at, draw
from bot.trivia._keepers import gone_here
from bot.trivia._model import Answer, AskedQuestion, NewRound, Recorded, Round, RoundStatus

if TYPE_CHECKING:
    from bot.companion import Companion

log = logging.getLogger(__name__)

ENDED = "This round has ended. Start a new one with /trivia start."
ABANDONED_AFTER = timedelta(seconds=60)
"""A question this far past its close (and at least a question's length) has no process driving it."""
HEARTBEAT = timedelta(seconds=20)
"""How often a round's keeper says it is still keeping time, at the least."""
STALE_AFTER = timedelta(seconds=90)
"""A keeper silent this long has died: its rounds are interrupted by the next companion to start."""
CLOSE_GRACE = timedelta(seconds=5)
"""How long a close waits for answers that arrived before it and are still being written, and how long
past the close such an answer keeps retrying through a busy database."""
ACK_BUDGET = 3.0
"""Seconds an answer is retried through contention at the least, whatever the close: a platform's ack budget."""
LATE = timedelta(seconds=2)
"""A close delayed by the database more than this says so in the channel."""


@dataclass
class Announcer:
    """Posts to the channel through the outbox, keeping what nobody could be shown (the outbox had no channel)."""

    companion: Companion
    unheard: list[Reply] = field(default_factory=list)

    async def post(self, place: Place, reply: Reply) -> Posted | None:
        try:
            posted = await self.companion.outbox.post(place, reply)
        except Exception:
            log.exception("posting to %s failed", place)
            posted = None
        if posted is None:
            self.unheard.append(reply)
        return posted

    async def edit(self, place: Place, message_id: str | None, reply: Reply) -> None:
        if message_id is None:
            return
        try:
            await self.companion.outbox.edit(Posted(place, message_id), reply)
        except Exception:
            log.exception("editing message %s in %s failed", message_id, place)

    def with_unheard(self, reply: Reply) -> Reply:
        """The reply, followed by what the channel was not shown (as a public reply: it was meant for all)."""
        if not self.unheard:
            return reply
        parts = reply.parts + tuple(part for pushed in self.unheard for part in pushed.parts)
        actions: tuple[Action, ...] = next((p.actions for p in reversed(self.unheard) if p.actions), reply.actions)
        return Reply(parts, Visibility.PUBLIC, actions)


@dataclass(frozen=True, slots=True)
class Opening:
    """How `/trivia start` went: the round, or why there is none; and a word when it has fewer questions."""

    round: Round | None = None
    problem: str | None = None
    fewer: str | None = None
    first_shown: bool = False


async def horizon_of(companion: Companion, place: Place) -> Episode:
    return (await Context(companion, place, Asker("trivia"), {}).channel()).episode


async def start_round(
    ctx: Context,
    announcer: Announcer,
    *,
    questions: int,
    category: str | None,
    seconds: int,
    rng: random.Random | None = None,
) -> Opening:
    running = await ctx.store.running_round(ctx.place)
    if running is not None:
        await settle(ctx.companion, running, announcer)  # it may be over, if nobody was keeping its time
        running = await ctx.store.running_round(ctx.place)
    if running is not None:
        return Opening(problem=already_running(running))
    horizon = (await ctx.channel()).episode
    known = categories_at(ctx.facts, horizon)
    if category is not None and category not in known:
        return Opening(problem=unknown_category(category, known, horizon))
    recent = await ctx.store.recent_questions(ctx.place, rules.RECENT)
    drawn = draw(ctx.facts, horizon, count=questions, category=category, recent=recent, rng=rng or random.Random())
    about = f" about {category}" if category else ""
    if not drawn:
        return Opening(problem=f"No trivia questions{about} are known by {horizon} yet, so there is no round to start.")
    now = ctx.clock.now()
    created = await ctx.store.create_round(
        NewRound(
            place=ctx.place,
            started_by=ctx.asker.user,
            starter_name=ctx.asker.name or ctx.asker.user,
            horizon=horizon,
            category=category,
            seconds=seconds,
            week=rules.iso_week(now),
            started_at=now,
            questions=drawn,
            keeper=ctx.companion.identity,
        )
    )
    if created is None:
        running = await ctx.store.running_round(ctx.place)
        return Opening(problem=already_running(running) if running else "A round is already running here.")
    closes = now + timedelta(seconds=seconds)
    first = replace(drawn[0], opened_at=now, closes_at=closes)
    ctx.companion.spawn(drive(ctx.companion, created.id, first_close=closes), name=f"trivia-round-{created.id}")
    posted = await announcer.post(ctx.place, views.question_message(created, first, horizon))
    if posted is not None:
        await remember_message(ctx.companion, created.id, 1, posted.message_id)
    fewer = fewer_than_asked(len(drawn), about, horizon) if len(drawn) < questions else None
    return Opening(created, fewer=fewer, first_shown=posted is not None)


def fewer_than_asked(count: int, about: str, horizon: Episode) -> str:
    """Said honestly when the horizon (a premise-only channel, say) has fewer questions than were asked for."""
    questions = f"{count} question{'s' if count != 1 else ''}{about} {'are' if count != 1 else 'is'}"
    premise = " (the premise)" if horizon.number == 0 else ""
    return f"Only {questions} known by {horizon}{premise}, so this round has {count}."


def already_running(trivia_round: Round) -> str:
    return (
        f"A round is already running here (question {trivia_round.current} of {trivia_round.size}, started by "
        f"{views.name(trivia_round.starter_name)}). It ends by itself; its starter or a moderator can /trivia stop it."
    )


def unknown_category(category: str, known: list[str], horizon: Episode) -> str:
    if not known:
        return f"There is no trivia category “{echo(category, 40)}”, and no questions are known by {horizon} yet."
    return f"There is no trivia category “{echo(category, 40)}” at {horizon}. Try one of: {', '.join(known)}."


async def drive(companion: Companion, round_id: int, *, first_close: datetime | None = None) -> None:
    """The round's timer in this process: sleep until the open question's close, settle it, repeat.

    A transient database error (a lock held elsewhere, a full disk) does not end it: it waits, with
    backoff, and goes on from what the rows say; a close it delayed says so in the channel.
    """
    announcer = Announcer(companion)
    waits = backoff(first=0.5, most=15.0)
    troubled = False
    while True:
        try:
            if first_close is not None:
                await keep_time_until(companion, round_id, first_close)
                first_close = None
            if not await _next_step(companion, round_id, announcer, troubled):
                return
        except Exception as error:
            if not companion.store.health.healthy:
                return  # the file is gone: the store said so once, and nothing more can be kept
            if not is_transient(error):
                raise
            if not troubled:
                log.warning("trivia round %s: the database is unavailable (%s); its timer retries", round_id, error)
            troubled = True
            await companion.clock.sleep(next(waits))
            continue
        troubled, waits = False, backoff(first=0.5, most=15.0)


async def _next_step(companion: Companion, round_id: int, announcer: Announcer, troubled: bool) -> bool:
    """Wait for the open question's close, or close it; False once the round is over."""
    trivia_round = await companion.store.trivia_round(round_id)
    if trivia_round is None or trivia_round.status is not RoundStatus.RUNNING:
        return False
    if trivia_round.keeper not in (None, companion.identity):
        return False  # another companion took the round over (this one lost its lease): it keeps the time now
    question = await companion.store.asked_question(round_id, trivia_round.current)
    if question is None or question.closes_at is None:
        return False
    if companion.clock.now() < question.closes_at:
        await keep_time_until(companion, round_id, question.closes_at)
        return True
    await close_question(companion, trivia_round, question, announcer, troubled=troubled)
    return True


async def keep_time_until(companion: Companion, round_id: int, until: datetime) -> None:
    """Sleep until `until`, waking at least every HEARTBEAT to tell other companions this one is alive."""
    clock = companion.clock
    while (wait := (until - clock.now()).total_seconds()) > 0:
        await clock.sleep(min(wait, HEARTBEAT.total_seconds()))
        if not await companion.store.keep_time(round_id, companion.identity, clock.now()):
            return  # the round ended meanwhile


async def settle(companion: Companion, trivia_round: Round, announcer: Announcer) -> None:
    """Close a question whose time is up, for a command that arrives before (or without) the timer."""
    question = await companion.store.asked_question(trivia_round.id, trivia_round.current)
    now = companion.clock.now()
    if question is None or not rules.overdue(question, now):
        return
    assert question.closes_at is not None
    late = now - question.closes_at
    if late > max(ABANDONED_AFTER, timedelta(seconds=trivia_round.seconds)):
        reason = "Nobody was keeping time for this round (the bot was away), so it ended here."
        await end_round(companion, trivia_round, RoundStatus.INTERRUPTED, None, announcer, reason=reason)
        return
    await close_question(companion, trivia_round, question, announcer)


async def close_question(
    companion: Companion,
    trivia_round: Round,
    question: AskedQuestion,
    announcer: Announcer,
    *,
    troubled: bool = False,
) -> None:
    """Close the question: edit it, reveal the answer, then ask the next one or post the round's table.

    The reveal waits (a short grace) for answers that arrived before the close and are still being written.
    `troubled`: the database failed the round's timer meanwhile; if that made the close late, it says so."""
    store, place, now = companion.store, trivia_round.place, companion.clock.now()
    horizon = await horizon_of(companion, place)
    upcoming = await store.asked_question(trivia_round.id, question.number + 1)
    if upcoming is not None and upcoming.revealed > horizon:
        reason = (
            f"This channel's horizon moved back to {horizon}, so the rest of this round's questions "
            "are no longer safe to ask here."
        )
        await end_round(companion, trivia_round, RoundStatus.STOPPED, None, announcer, reason=reason)
        return
    step = await store.close_question(trivia_round.id, question.number, now)
    if step is None:
        return
    late = companion.clock.now() - (question.closes_at or now)
    delayed = late if troubled and late > LATE else None
    key = (trivia_round.id, question.number)
    await arrivals_of(companion).settled(key, max(now, question.closes_at or now), CLOSE_GRACE.total_seconds())
    await announce_close(companion, step.round, step.closed, horizon, announcer, delayed=delayed)
    if step.opened is None:
        await announcer.post(place, views.round_table(step.round, await store.round_table(trivia_round.id)))
        return
    posted = await announcer.post(place, views.question_message(step.round, step.opened, horizon))
    if posted is not None:
        await remember_message(companion, trivia_round.id, step.opened.number, posted.message_id)


async def remember_message(companion: Companion, round_id: int, number: int, message_id: str) -> None:
    """Which message shows the question, to edit at its close. Not worth stopping a round for: a press on the
    message records it too."""
    try:
        await companion.store.set_question_message(round_id, number, message_id)
    except Exception as error:
        log.warning("round %s: could not record the message of question %s: %s", round_id, number, error)


async def end_round(
    companion: Companion,
    trivia_round: Round,
    status: RoundStatus,
    by: str | None,
    announcer: Announcer,
    *,
    reason: str | None = None,
) -> Round | None:
    """Stop or interrupt: the open question closes and is revealed, and the table is posted, answers all kept.

    As at a close, the reveal waits (a short grace) for this process's answers that arrived before the end, and
    seals the round's questions: an answer another process is still writing is in the table or told it did not
    count."""
    now = companion.clock.now()
    ended = await companion.store.end_round(trivia_round.id, status, now, by)
    if ended is None:
        return None
    horizon = await horizon_of(companion, ended.place)
    closed = await companion.store.asked_question(ended.id, ended.current)
    await arrivals_of(companion).settled((ended.id, ended.current), now, CLOSE_GRACE.total_seconds())
    if closed is not None and closed.opened_at is not None:
        await announce_close(companion, ended, closed, horizon, announcer)
    else:
        await companion.store.reveal(ended.id, ended.current, companion.clock.now(), 0)
    table = await companion.store.round_table(ended.id)
    await announcer.post(ended.place, views.round_table(ended, table, reason=reason))
    return ended


async def announce_close(
    companion: Companion,
    trivia_round: Round,
    closed: AskedQuestion,
    horizon: Episode,
    announcer: Announcer,
    *,
    delayed: timedelta | None = None,
) -> None:
    place = trivia_round.place
    await announcer.edit(place, closed.message_id, views.closed_question(trivia_round, closed, horizon))
    tally = await companion.store.reveal(trivia_round.id, closed.number, companion.clock.now(), views.SHOWN)
    reveal = views.reveal(trivia_round, closed, tally, horizon)
    if delayed is not None:
        reveal = views.closed_late(reveal, closed, delayed)
    await announcer.post(place, reveal)


async def answer(
    ctx: Context, announcer: Announcer, trivia_round: Round, question: AskedQuestion, given: str, shown: str
) -> str:
    """Record one person's answer; the line to tell them. 'It counts' is said only once it is committed.

    Judged by when it arrived (`ctx.arrival`): whether it beat the close, and its speed points, however long
    it waited to be processed or written. A busy database is waited out until the close's grace is over."""
    arrived = ctx.arrival
    number = question.number
    if rules.too_late(question, arrived):  # a row kept in memory: a takeover may have given the question more time
        question = await ctx.store.asked_question(trivia_round.id, number) or question
    if question.opened_at is None or (question.closed_at is not None and arrived >= question.closed_at):
        return f"Question {number} has closed; its answer is in the channel."
    if rules.too_late(question, arrived):
        await settle(ctx.companion, trivia_round, announcer)
        return f"Time's up for question {number}: your answer came after it closed and did not count."
    correct = rules.judge(question, given)
    taken = rules.elapsed(question, arrived)
    assert question.closes_at is not None
    patience = max(ACK_BUDGET, (question.closes_at + CLOSE_GRACE - ctx.clock.now()).total_seconds())
    entry = Answer(
        round_id=trivia_round.id,
        number=number,
        user=ctx.asker.user,
        name=ctx.asker.name or ctx.asker.user,
        given=given,
        correct=correct,
        points=rules.points(correct, taken, trivia_round.seconds),
        elapsed_ms=int(taken.total_seconds() * 1000),
        answered_at=arrived,
    )
    arrivals = arrivals_of(ctx.companion)
    arrival = arrivals.begin((trivia_round.id, number), arrived)
    held = False
    try:
        recorded = await ctx.store.record_answer(entry, patience=patience)
        if recorded is Recorded.COUNTED and ctx.pending is not None:
            ctx.pending.hold(partial(arrivals.end, arrival), partial(withdraw, ctx.companion, arrival, entry.user))
            held = True
    except Exception as error:
        if not is_transient(error):
            raise
        log.warning("round %s question %s: an answer waited too long: %s", trivia_round.id, number, error)
        return f"The database was too busy to record your answer to question {number} in time, so it did not count."
    finally:
        if not held:
            arrivals.end(arrival)
    if recorded is Recorded.COUNTED:
        return f"Got it for question {number}; the answer comes at the close. You said {shown}"
    if recorded is Recorded.ALREADY_ANSWERED:
        return f"You already answered question {number}; only your first answer counts."
    return f"Question {number} closed just before your answer arrived, so it did not count."


async def withdraw(companion: Companion, arrival: Arrival, user: str) -> bool:
    """Take back a counted answer its person was not told of, unless the close has already tallied it."""
    if arrival.sealed:
        log.warning(
            "round %s question %s: an answer its person was not told of was already revealed", *arrival.question
        )
        return False
    round_id, number = arrival.question
    return await companion.store.withdraw_answer(round_id, number, user)


async def interrupt_running(companion: Companion) -> None:
    """At start-up: rounds a dead process left running are closed cleanly, every confirmed answer counted.

    Only rounds whose keeper stopped its heartbeat or whose process on this host has ended, and only on
    this companion's platform when its outbox has one (it can post nowhere else); a live companion's
    rounds are left to it.
    """
    own = platform_of(companion.outbox)
    gone = gone_here(await companion.store.round_keepers(own), companion.identity)
    for trivia_round in await companion.store.unkept_rounds(companion.clock.now() - STALE_AFTER, own, gone):
        await end_round(
            companion,
            trivia_round,
            RoundStatus.INTERRUPTED,
            None,
            Announcer(companion),
            reason="The bot restarted mid-round. Every answer it had confirmed is counted.",
        )
