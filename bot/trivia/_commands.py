"""/trivia start, stop, answer, score and leaderboard, and the A–D buttons: declarations and handlers."""

from __future__ import annotations

from bot.commands import ActionRoute, Command, Completion, Feature, Option, OptionType
from bot.context import Context
from bot.names import fold
from bot.reply import Reply, Visibility, message, text
from bot.safety import echo
from bot.trivia import _round as game
from bot.trivia import _rules as rules
from bot.trivia import _takeover as takeover
from bot.trivia import _views as views
from bot.trivia._model import RoundStatus


async def start(ctx: Context) -> Reply:
    announcer = game.Announcer(ctx.companion)
    category = ctx.options.get("category")
    opening = await game.start_round(
        ctx,
        announcer,
        questions=ctx.options.get("questions", rules.DEFAULT_QUESTIONS),
        category=fold(category).replace(" ", "-") if category else None,
        seconds=ctx.options.get("seconds", rules.DEFAULT_SECONDS),
    )
    if opening.round is None:
        return announcer.with_unheard(message(opening.problem or game.ENDED))
    lines = [opening.fewer] if opening.fewer else []
    if opening.first_shown:
        lines.append(f"Trivia round started by {views.name(ctx.asker.name or ctx.asker.user)}: question 1 is up.")
    reply = Reply(tuple(text(line) for line in lines), Visibility.PUBLIC)
    return announcer.with_unheard(reply)


async def stop(ctx: Context) -> Reply:
    running = await ctx.store.running_round(ctx.place)
    if running is None:
        return message("No trivia round is running here, so there is nothing to stop.")
    if not rules.may_stop(running, ctx.asker):
        return message(
            f"Only {views.name(running.starter_name)}, who started this round, or a moderator can stop it. "
            "Nothing was changed."
        )
    announcer = game.Announcer(ctx.companion)
    who = views.name(ctx.asker.name or ctx.asker.user)
    ended = await game.end_round(
        ctx.companion, running, RoundStatus.STOPPED, ctx.asker.user, announcer, reason=f"Stopped by {who}."
    )
    if ended is None:
        return message("That round had already ended.")
    return announcer.with_unheard(
        Reply((text(f"Trivia round stopped by {who}. Every answer given so far is kept."),), Visibility.PUBLIC)
    )


async def answer(ctx: Context) -> Reply:
    announcer = game.Announcer(ctx.companion)
    given: str = ctx.options["text"]
    running = await ctx.store.running_round(ctx.place)
    if running is None:
        return message("No trivia round is running in this channel. Start one with /trivia start.")
    question = await ctx.store.asked_question(running.id, running.current)
    if question is not None and question.opened_at is not None and ctx.arrival < question.opened_at:
        question = await ctx.store.asked_question(running.id, running.current - 1)  # it came in before this opened
    if question is None:
        return message(game.ENDED)
    letter = rules.letter_of(given)
    shown = letter or f"“{echo(given, 60)}”"
    return message(await game.answer(ctx, announcer, running, question, given, shown))


async def press(ctx: Context, rest: str) -> Reply:
    button = views.parse_button(rest)
    if button is None:
        return message("That button is no longer in use.")
    round_id, number, letter = button
    found = await ctx.store.round_with_question(round_id, number)
    if found is None or found[0].place != ctx.place:  # platform, server and channel: the round's own
        return message("That button is no longer in use.")
    running, question = found
    if running.status is not RoundStatus.RUNNING and not rules.in_time(question, ctx.arrival):
        return message(game.ENDED)  # a press that came in before the round was stopped still counts
    if question.message_id is None and ctx.message_id:
        await game.remember_message(ctx.companion, round_id, number, ctx.message_id)
    return message(await game.answer(ctx, game.Announcer(ctx.companion), running, question, letter, letter))


async def score(ctx: Context) -> Reply:
    """During a round: the table so far (and the open question, if the channel never got it). Else your own."""
    running = await ctx.store.running_round(ctx.place)
    if running is not None:
        await game.settle(ctx.companion, running, game.Announcer(ctx.companion))
        running = await ctx.store.running_round(ctx.place)
    if running is not None:
        so_far = await ctx.store.round_table(running.id, through=running.current - 1)
        table = views.round_table(running, so_far)
        question = await ctx.store.asked_question(running.id, running.current)
        if question is None or question.message_id is not None or not question.is_open:
            return table
        shown = views.question_message(running, question, await game.horizon_of(ctx.companion, ctx.place))
        return Reply(table.parts + shown.parts, Visibility.PUBLIC, shown.actions)
    week = rules.iso_week(ctx.clock.now())
    channel = await ctx.store.leaderboard(ctx.place, server_wide=False, week=None)
    server = await ctx.store.leaderboard(ctx.place, server_wide=True, week=None)
    mine = ctx.asker.user
    return views.my_score(
        next((s for s in channel if s.user == mine), None), next((s for s in server if s.user == mine), None), week
    )


async def leaderboard(ctx: Context) -> Reply:
    weekly = ctx.options.get("period", "all") == "week"
    server_wide = ctx.options.get("scope", "channel") == "server"
    week = rules.iso_week(ctx.clock.now()) if weekly else None
    table = await ctx.store.leaderboard(ctx.place, server_wide=server_wide, week=week)
    return views.leaderboard(
        table,
        where="this server" if server_wide else "this channel",
        when=f"this week ({week})" if week else "all time",
        asker=ctx.asker.user,
    )


low, high = rules.QUESTIONS
shortest, longest = rules.SECONDS

FEATURE = Feature(
    commands=(
        Command(
            "trivia start",
            "Start a trivia round in this channel, cut to the channel's horizon",
            start,
            (
                Option("category", "Only questions from this category", completion=Completion.CATEGORY, max_length=40),
                Option(
                    "questions",
                    f"How many questions ({low}–{high}, default {rules.DEFAULT_QUESTIONS})",
                    OptionType.INTEGER,
                    min_value=low,
                    max_value=high,
                ),
                Option(
                    "seconds",
                    f"Seconds per question ({shortest}–{longest}, default {rules.DEFAULT_SECONDS})",
                    OptionType.INTEGER,
                    min_value=shortest,
                    max_value=longest,
                ),
            ),
            examples=("/trivia start", "/trivia start questions:3 seconds:20", "/trivia start category:characters"),
        ),
        Command(
            "trivia answer",
            "Answer the open question in words (or a letter)",
            answer,
            (Option("text", "Your answer", required=True, max_length=200),),
            examples=("/trivia answer text:harry bosch", "/trivia answer B"),
        ),
        Command(
            "trivia stop", "Stop this channel's round (its starter or a moderator)", stop, examples=("/trivia stop",)
        ),
        Command("trivia score", "The running round's scores, or your own", score, examples=("/trivia score",)),
        Command(
            "trivia leaderboard",
            "Top trivia players in this channel or server, all time or this week",
            leaderboard,
            (
                Option("period", "all time (default) or this week", choices=("all", "week")),
                Option("scope", "this channel (default) or the whole server", choices=("channel", "server")),
            ),
            examples=("/trivia leaderboard", "/trivia leaderboard period:week scope:server"),
        ),
    ),
    actions=(ActionRoute(views.PREFIX, press),),
    groups=(("trivia", "Trivia rounds with buttons, scores and leaderboards, cut to the channel's horizon"),),
    on_start=takeover.start,
)
