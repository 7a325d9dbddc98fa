"""After start-up the heap is settled: what start-up built is out of the collector's way."""

from __future__ import annotations

import gc

from bot import heap


def test_settle_freezes_what_is_alive():
    kept = [object() for _ in range(10)]
    try:
        heap.settle()
        assert gc.get_freeze_count() >= len(kept)
    finally:
        gc.unfreeze()
