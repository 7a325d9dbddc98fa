"""Building a running core from settings: the fact base (validated), the store, the companion."""

from __future__ import annotations

from pathlib import Path

from bot.clock import Clock
from bot.companion import Companion
from bot.facts import FactBase, FactBaseError, Problem, load_show, show_folders
from bot.outbox import Outbox
from bot.settings import CoreSettings
from bot.store import open_store


def load_facts(root: Path, show: str | None = None) -> FactBase:
    """The one show to serve from `root` (a show's folder, or a folder of shows); FactBaseError if invalid."""
    folders = show_folders(root) if root.is_dir() else []
    if show is not None:
        folders = [folder for folder in folders if folder.name == show]
    if len(folders) != 1:
        found = ", ".join(folder.name for folder in folders) or "none"
        wanted = f"show '{show}'" if show else "exactly one show (set COMPANION_SHOW)"
        raise FactBaseError([Problem(root, 1, f"expected {wanted}; found {found}")])
    return load_show(folders[0])


async def build_companion(
    core: CoreSettings,
    *,
    db: str | Path | None = None,
    outbox: Outbox | None = None,
    clock: Clock | None = None,
) -> Companion:
    facts = load_facts(core.facts, core.show)
    store = await open_store(db or core.db, pool_size=core.db_pool)
    return Companion(facts, store, outbox=outbox, clock=clock)
