"""Reply → Block Kit: Slack's limits, escaping, hidden lines, and a notification text that never spoils."""

from __future__ import annotations

from adapters.slack._escape import WORD_JOINER, mrkdwn, plain, typed_text
from adapters.slack._render import blocks, home_view, message, response
from bot.episodes import Episode
from bot.reply import Action, Kind, Part, Reply, Style, Visibility, heading, note, text
from tests.adapters.slack.fake_slack import MESSAGE_BLOCKS, VIEW_BLOCKS, block_problems

HIDDEN = "the killer is the councilman"


def _spoiler(body: str = HIDDEN, episode: Episode | None = None) -> Part:
    return Part(Kind.SPOILER, body, episode or Episode(1, 10))


def test_typed_text_undoes_slacks_escaping():
    assert typed_text("a &amp;lt; b &lt;i&gt; &amp; c") == "a &lt; b <i> & c"
    assert typed_text("<@U2|bob> <@U3> <#C1|general> <#C2>") == "@bob @U3 #general #C2"
    assert typed_text("<!here> <!channel> <!everyone|everyone> <!subteam^S1|@team>") == "@here @channel @everyone @team"
    assert typed_text("<https://example.org|a link> <mailto:a@b.c>") == "a link mailto:a@b.c"


def test_outgoing_text_is_escaped_and_cannot_mention_anyone():
    assert mrkdwn("<!channel> & <@U1> <https://x.y>") == "&lt;!channel&gt; &amp; &lt;@U1&gt; &lt;https://x.y&gt;"
    assert mrkdwn("hi @here and @Channel") == f"hi @{WORD_JOINER}here and @{WORD_JOINER}Channel"
    assert plain("<!here> @everyone") == f"<{WORD_JOINER}!here> @{WORD_JOINER}everyone"
    assert mrkdwn(mrkdwn("@here")) == mrkdwn("@here")


def test_a_public_spoiler_becomes_a_line_naming_count_and_episodes_never_text():
    reply = Reply(
        (heading("Gary"), _spoiler(), _spoiler("another", Episode(1, 8)), text("Known fact")),
        Visibility.PUBLIC,
        (Action("reveal:bio:gary", "Reveal (only to me)"),),
    )
    rendered = message(reply)
    flat = str(rendered)
    assert HIDDEN not in flat and "another" not in flat
    assert "Hidden: 2 parts revealed in S1E8 and S1E10" in flat and "Reveal shows them" in flat
    assert rendered["text"] == "Gary"


def test_an_ephemeral_spoiler_is_a_hidden_line_too_and_the_notification_never_carries_it():
    reply = Reply((_spoiler(), note("after")), Visibility.EPHEMERAL)
    rendered = response(reply)
    assert HIDDEN not in str(rendered) and "beyond your progress" in str(rendered)
    assert rendered["response_type"] == "ephemeral"
    only_hidden = message(Reply((_spoiler(),), Visibility.PUBLIC))
    assert HIDDEN not in only_hidden["text"] and "Hidden" in only_hidden["text"]


def test_long_text_is_split_into_sections_within_limits():
    long = ("word " * 1400) + "& <end>"
    rendered = blocks(Reply((text(long), text("short")), Visibility.PUBLIC))
    assert block_problems(rendered, MESSAGE_BLOCKS) == []
    assert [block["type"] for block in rendered] == ["section"] * 3
    joined = " ".join(block["text"]["text"] for block in rendered)
    assert joined.split() == mrkdwn(long + " short").split()
    chunks = [block["text"]["text"] for block in blocks(Reply((text("&" * 4000),)))]
    assert len(chunks) == 7 and all(chunk == "&amp;" * (len(chunk) // 5) for chunk in chunks)


def test_too_many_parts_are_cut_with_a_note_and_buttons_kept():
    parts = tuple(part for n in range(80) for part in (heading(f"H{n}"), note(f"n{n}")))
    actions = tuple(Action(f"a:{n}", f"Button {n}") for n in range(30))
    rendered = blocks(Reply(parts, Visibility.PUBLIC, actions))
    assert len(rendered) == MESSAGE_BLOCKS and block_problems(rendered, MESSAGE_BLOCKS) == []
    assert "did not fit" in str(rendered[-3])
    assert [len(b["elements"]) for b in rendered if b["type"] == "actions"] == [25, 5]
    home = home_view([Reply(parts)])
    assert len(home["blocks"]) == VIEW_BLOCKS and block_problems(home["blocks"], VIEW_BLOCKS) == []


def test_buttons_carry_the_action_id_as_value_and_disabled_ones_are_left_out():
    actions = (
        Action("trivia:1:1:A", "A", Style.PRIMARY),
        Action("trivia:1:1:B", "B", Style.SUCCESS),
        Action("trivia:1:1:C", "C", Style.DANGER),
        Action("trivia:1:1:D", "D", disabled=True),
        Action("x", "L" * 200),
    )
    _, row = blocks(Reply((text("Q"),), Visibility.PUBLIC, actions))
    values = [button["value"] for button in row["elements"]]
    assert values == ["trivia:1:1:A", "trivia:1:1:B", "trivia:1:1:C", "x"]
    assert [button.get("style") for button in row["elements"]] == ["primary", "primary", "danger", None]
    assert block_problems([row], MESSAGE_BLOCKS) == []


def test_empty_parts_make_no_empty_blocks():
    rendered = blocks(Reply((heading("  "), text(""), note("ok"))))
    assert block_problems(rendered, MESSAGE_BLOCKS) == [] and len(rendered) == 1
