"""Small-number suppression for figures that leave the register (the hub lead's measures, the
dashboard, the annual report): a count under 5 people could identify someone, so it is shown as
"fewer than 5" and any rate made from it is withheld (ONS and the Ministry of Justice apply the
same kind of rule to small cells in published statistics)."""

from __future__ import annotations

MIN_CELL = 5
SUPPRESSED = "fewer than 5"


def is_suppressed(count: int | None) -> bool:
    return count is not None and 0 < count < MIN_CELL


def shown(count: int | None) -> int | str | None:
    """The count, or the words when it is too small to publish."""
    return SUPPRESSED if is_suppressed(count) else count
