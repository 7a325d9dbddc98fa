"""/help: generated from the declarations, so it never forgets a command."""

from __future__ import annotations

from bot.episodes import Episode
from bot.reply import Kind
from tests.conftest import PLACE, VIEWER


async def test_help_lists_every_command_with_examples_and_your_progress(companion):
    await companion.store.set_progress(PLACE.platform, PLACE.server, VIEWER.user, Episode(1, 4))
    reply = await companion.handle_text(PLACE, VIEWER, "/help")
    assert reply.parts[0].text == "Ballard companion"
    assert "(now S1E4)" in reply.parts[1].text
    labels = [p.label for p in reply.parts if p.kind is Kind.FIELD]
    for command in companion.commands:
        label = command.usage + (" (moderators)" if command.moderator_only else "")
        assert label in labels
        field = next(p for p in reply.parts if p.label == label)
        assert field.text.startswith(command.description)
        assert all(example in field.text for example in command.examples)
