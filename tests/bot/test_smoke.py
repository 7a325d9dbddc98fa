from bot.reply import Kind
from tests.conftest import PLACE, VIEWER


async def test_bio_hides_twist_until_progress(companion):
    before = await companion.handle_text(PLACE, VIEWER, "/bio gary pearlman")
    plain = " ".join(p.text for p in before.parts if p.kind is not Kind.SPOILER)
    assert "serial killer" not in plain.lower()
    assert any(p.kind is Kind.SPOILER for p in before.parts)
    await companion.handle_text(PLACE, VIEWER, "/progress s1e10")
    after = await companion.handle_text(PLACE, VIEWER, "/bio gary pearlman")
    assert not any(p.kind is Kind.SPOILER for p in after.parts)
    assert "serial killer" in " ".join(p.text for p in after.parts).lower()
