"""What start-up built (the facts, the modules, the app) lives as long as the process: the garbage
collector need not walk it again on every full collection.

A worker's heap after start-up is mostly facts and imported modules; under a rush of presses the
collector's oldest generation ran a few times a minute and each run walked all of it, tens of
milliseconds of CPU that no press needed.
"""

from __future__ import annotations

import gc


def settle() -> None:
    """Collect once, then move everything alive into the permanent generation (call when start-up is done)."""
    gc.collect()
    gc.freeze()
