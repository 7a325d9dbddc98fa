"""Reply → Discord payloads, as properties: always within Discord's limits, hidden text only ever inside ||…||."""

from hypothesis import given, settings
from hypothesis import strategies as st

from adapters.discord._render import Page, render, spoiler
from bot.episodes import Episode
from bot.reply import Action, Kind, Part, Reply, Visibility
from tests.adapters.discord.fake import read_markdown, read_message
from tests.adapters.discord.fake._rules import check_message

MARKDOWN = "|\\`*_~>#[]()<@: \n"
SECRET = "XYZQ"
"""Hidden text is drawn with these letters, visible text without them: none may ever show plainly."""

hidden_text = st.text(alphabet=st.sampled_from(SECRET + MARKDOWN), min_size=1, max_size=300)
visible_text = st.text(
    alphabet=st.characters(blacklist_characters=SECRET, blacklist_categories=("Cs",)) | st.sampled_from(MARKDOWN),
    min_size=1,
    max_size=300,
)
episode = st.builds(Episode, st.just(1), st.integers(0, 10))


@st.composite
def parts(draw: st.DrawFn) -> Part:
    kind = draw(st.sampled_from(list(Kind)))
    if kind is Kind.SPOILER:
        return Part(kind, draw(hidden_text), draw(episode))
    label = draw(visible_text) if kind is Kind.FIELD else None
    return Part(kind, draw(visible_text), None, label)


replies = st.builds(
    Reply,
    st.lists(parts(), max_size=40).map(tuple),
    st.sampled_from(list(Visibility)),
    st.lists(
        st.builds(Action, st.text(min_size=1, max_size=100), visible_text), max_size=30, unique_by=lambda a: a.id
    ).map(tuple),
)


def payload(page: Page) -> dict:
    kwargs = page.send_kwargs()
    return {
        "content": kwargs.get("content"),
        "embeds": [embed.to_dict() for embed in kwargs.get("embeds", [])],
        "components": kwargs["view"].to_components() if "view" in kwargs else [],
        "allowed_mentions": {"parse": []},
    }


@given(hidden_text)
def test_a_spoiler_tag_keeps_all_its_text_hidden_whatever_the_text(text):
    reading = read_markdown(spoiler(text))
    assert reading.plain_text == ""
    assert reading.hidden_text == " ".join(text.split())


@settings(max_examples=150, deadline=None)
@given(replies)
def test_every_page_fits_discord_and_hidden_text_never_shows_plainly(reply):
    pages = render(reply)
    assert 1 <= len(pages) <= 3
    for page in pages:
        message = payload(page)
        check_message(message, creating=True)  # raises Rejected, as the fake would answer 400
        assert not set(SECRET) & set(read_message(message).plain_text)
    assert all(not page.actions for page in pages[:-1]) and pages[-1].actions == reply.actions


def test_a_short_plain_reply_is_message_content():
    [page] = render(Reply((Part(Kind.TEXT, "Got it: you are at S1E4."),)))
    assert page.content == "Got it: you are at S1E4." and not page.embeds


def test_the_first_heading_titles_the_embed_and_spoilers_are_labelled_with_their_episode():
    reply = Reply((Part(Kind.HEADING, "Gary Pearlman"), Part(Kind.SPOILER, "He did it.", Episode(1, 10))))
    [page] = render(reply)
    assert page.embeds[0].title == "Gary Pearlman"
    assert page.embeds[0].description == "🔒 *S1E10* ||He did it.||"


def test_one_message_for_an_edit_cuts_the_rest_with_a_note():
    reply = Reply(tuple(Part(Kind.TEXT, f"line {n} " + "word " * 190) for n in range(40)))
    [page] = render(reply, messages=1)
    assert "too long for Discord" in page.embeds[-1].description
    check_message(payload(page), creating=True)
