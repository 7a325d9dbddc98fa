"""`companion guard check [--horizon S1E4] [--json] "text"`: the guard's verdict from the shell."""

from __future__ import annotations

import json
import sys

from bot.app import load_facts
from bot.episodes import BadEpisodeCode
from bot.guard._judge import judge
from bot.guard._model import LEAVE, GuardAction, Verdict
from bot.settings import CoreSettings


def check(core: CoreSettings, text: str, horizon_code: str, *, as_json: bool) -> int:
    facts = load_facts(core.facts, core.show)
    try:
        horizon = facts.episode(horizon_code)
    except BadEpisodeCode as error:
        print(f"--horizon: {error}", file=sys.stderr)
        return 2
    found = judge(facts, text, horizon)
    verdict = Verdict(True, found.revealed, found.said, GuardAction.HIDE) if found else LEAVE
    if as_json:
        print(json.dumps(verdict.to_json()))
    elif found is None:
        print(f"leave it: nothing revealed after {horizon}")
    else:
        print(f"hide it: reveals {found.revealed} (the words {' + '.join(found.said)}), beyond {horizon}")
    return 0
