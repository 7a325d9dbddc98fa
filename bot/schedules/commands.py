"""/schedule trivia|recap|list|cancel: moderators set rounds and watch-party steps to run at set times."""

from __future__ import annotations

from typing import Any

from bot.commands import Command, Completion, Feature, Option, OptionType, UsageError
from bot.context import Context
from bot.episodes import Episode
from bot.reply import Reply, message
from bot.rights import require_server
from bot.safety import echo
from bot.schedules._model import Job, NewSchedule, Schedule
from bot.schedules._phrase import BadWhen, describe, parse_when
from bot.schedules._rule import Once
from bot.schedules._scheduler import start_scheduler
from bot.schedules._times import local_and_utc
from bot.schedules._zones import BadZone, find_zone
from bot.trivia import _rules as trivia_rules

GROUP = ("schedule", "Trivia rounds and watch-party steps at set times")
LISTED = 25
UNCHANGED = "Nothing was changed."

WHEN = Option(
    "when",
    "“fridays 20:00”, “weekdays 18:00”, “sunday at 8pm”, “2026-03-06 20:00” or cron",
    required=True,
    max_length=100,
)
TZ = Option("tz", "Time zone, e.g. America/Los_Angeles (default UTC)", completion=Completion.TIMEZONE, max_length=64)
_low, _high = trivia_rules.QUESTIONS
_shortest, _longest = trivia_rules.SECONDS


async def schedule_trivia(ctx: Context) -> Reply:
    category = ctx.options.get("category")
    if category is not None:
        _check_category(ctx, category, await ctx.progress())
    options: dict[str, Any] = {
        name: ctx.options[name] for name in ("questions", "category", "seconds") if name in ctx.options
    }
    schedule = await _add(ctx, Job.TRIVIA, options)
    questions = options.get("questions", trivia_rules.DEFAULT_QUESTIONS)
    seconds = options.get("seconds", trivia_rules.DEFAULT_SECONDS)
    about = f" about {category}" if category else ""
    round_is = f"Each round: {questions} question{'s' if questions != 1 else ''}{about}, {seconds} seconds each."
    return message(*_confirmation(schedule), round_is, f"Cancel it with /schedule cancel id:{schedule.id}.")


async def schedule_recap(ctx: Context) -> Reply:
    schedule = await _add(ctx, Job.RECAP, {})
    lines = [*_confirmation(schedule), "Each time, the watch party here moves on one episode and posts its recap."]
    if await ctx.store.watch_party(ctx.place) is None:
        lines.append("No watch party is running here yet: start one with /watchparty start before then.")
    lines.append(f"Cancel it with /schedule cancel id:{schedule.id}.")
    return message(*lines)


async def list_schedules(ctx: Context) -> Reply:
    """Server moderators see the whole server's schedules; anyone else this channel's (other channels may be
    private, and their schedules say when and what they play)."""
    everywhere = await ctx.store.active_schedules(ctx.place.platform, ctx.place.server)
    if ctx.asker.server_moderator:
        schedules, elsewhere, where = everywhere, 0, "on this server"
    else:
        schedules = [schedule for schedule in everywhere if schedule.place == ctx.place]
        elsewhere, where = len(everywhere) - len(schedules), "in this channel"
    more = f" {elsewhere} more in other channels: server moderators see them." if elsewhere else ""
    if not schedules:
        return message(f"Nothing is scheduled {where}. Moderators add with /schedule trivia or /schedule recap.{more}")
    lines = [f"Scheduled {where} ({len(schedules)}):"]
    for schedule in schedules[:LISTED]:
        lines.append(await _line(ctx, schedule))
    if len(schedules) > LISTED:
        lines.append(f"…and {len(schedules) - LISTED} more.")
    if more:
        lines.append(more.strip())
    return message(*lines)


async def cancel(ctx: Context) -> Reply:
    schedule_id = ctx.options["id"]
    schedule = await ctx.store.schedule(schedule_id)
    if schedule is None or (schedule.place.platform, schedule.place.server) != (ctx.place.platform, ctx.place.server):
        raise UsageError(f"There is no schedule #{schedule_id} on this server (see /schedule list). {UNCHANGED}")
    if schedule.place != ctx.place:
        require_server(ctx.asker, f"cancel schedule #{schedule_id} from here: it belongs to another channel")
    if not await ctx.store.cancel_schedule(schedule_id, ctx.asker.user, ctx.clock.now()):
        raise UsageError(f"Schedule #{schedule_id} has already stopped (cancelled, or a one-off done). {UNCHANGED}")
    return message(f"Cancelled schedule #{schedule_id}: the {schedule.job.words} {describe(schedule.when.rule)}.")


async def _add(ctx: Context, job: Job, options: dict[str, Any]) -> Schedule:
    """Parse `when` and `tz`, check the schedule will fire, and store it with its first slot."""
    try:
        zone = find_zone(ctx.options.get("tz", "UTC"))
    except BadZone as error:
        raise UsageError(str(error)) from None
    now = ctx.clock.now()
    phrase = ctx.options["when"]
    try:
        rule = parse_when(phrase, now.astimezone(zone).date())
    except BadWhen as error:
        raise UsageError(f"{error} Nothing was scheduled.") from None
    first = rule.next_after(now, zone)
    if first is None and isinstance(rule, Once):
        gone = local_and_utc(rule.wall.replace(tzinfo=zone), zone)
        raise UsageError(f"“{echo(phrase, 40)}” is in the past: {gone} has gone by. Nothing was scheduled.")
    if first is None:
        raise UsageError(f"The cron expression “{rule}” never fires: no date matches it. Nothing was scheduled.")
    new = NewSchedule(ctx.place, job, str(rule), zone.key, phrase, ctx.asker.user, now, first, options)
    schedule, added = await ctx.store.add_schedule_unless_same(new)
    if not added:
        raise UsageError(
            f"That is already scheduled here as #{schedule.id}: a {job.words} {describe(schedule.when.rule)} "
            f"({schedule.when.zone.key}), with the same settings. Nothing was scheduled."
        )
    return schedule


def _confirmation(schedule: Schedule) -> list[str]:
    when = schedule.when
    assert schedule.next_due is not None
    return [
        f"Scheduled #{schedule.id}: a {schedule.job.words} here {describe(when.rule)} ({when.zone.key}).",
        f"Next: {local_and_utc(schedule.next_due, when.zone)}.",
    ]


async def _line(ctx: Context, schedule: Schedule) -> str:
    when = schedule.when
    where = "here" if schedule.place == ctx.place else f"in channel {echo(schedule.place.channel, 40)}"
    assert schedule.next_due is not None
    line = (
        f"#{schedule.id} {schedule.job.words} {where}, {describe(when.rule)} ({when.zone.key}); "
        f"next {local_and_utc(schedule.next_due, when.zone)}"
    )
    last = await ctx.store.firings(schedule.id, limit=1)
    if last:
        line += f"; last {last[0].outcome} at {local_and_utc(last[0].slot, when.zone)}"
    return line + "."


def _check_category(ctx: Context, category: str, progress: Episode) -> None:
    """The reply is private, so a category is known, and those listed are, only with questions by the asker's
    progress: a later category's name is never confirmed."""
    if any(question.category == category and question.revealed <= progress for question in ctx.facts.questions):
        return
    known = sorted({q.category for q in ctx.facts.questions if q.revealed <= progress})
    listed = f" Categories with questions by your progress ({progress}): {', '.join(known)}." if known else ""
    raise UsageError(f"There is no trivia category “{echo(category, 40)}”.{listed} Nothing was scheduled.")


FEATURE = Feature(
    commands=(
        Command(
            "schedule trivia",
            "Run a trivia round here at set times",
            schedule_trivia,
            (
                WHEN,
                TZ,
                Option(
                    "questions",
                    f"Questions per round ({_low}–{_high}, default {trivia_rules.DEFAULT_QUESTIONS})",
                    OptionType.INTEGER,
                    min_value=_low,
                    max_value=_high,
                ),
                Option("category", "Only questions from this category", completion=Completion.CATEGORY, max_length=40),
                Option(
                    "seconds",
                    f"Seconds per question ({_shortest}–{_longest}, default {trivia_rules.DEFAULT_SECONDS})",
                    OptionType.INTEGER,
                    min_value=_shortest,
                    max_value=_longest,
                ),
            ),
            moderator_only=True,
            examples=('/schedule trivia when:"fridays 20:00" tz:America/Los_Angeles questions:5',),
        ),
        Command(
            "schedule recap",
            "Move this channel's watch party on (with its recap post) at set times",
            schedule_recap,
            (WHEN, TZ),
            moderator_only=True,
            examples=('/schedule recap when:"sundays 21:00" tz:Europe/London',),
        ),
        Command("schedule list", "What is scheduled on this server", list_schedules, examples=("/schedule list",)),
        Command(
            "schedule cancel",
            "Stop a schedule",
            cancel,
            (Option("id", "The schedule's number (/schedule list)", OptionType.INTEGER, required=True, min_value=1),),
            moderator_only=True,
            examples=("/schedule cancel id:3",),
        ),
    ),
    groups=(GROUP,),
    on_start=start_scheduler,
)
