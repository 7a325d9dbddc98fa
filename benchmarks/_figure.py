"""What a benchmark returns: a measured figure, the target it is held to, and how far off it is."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Scale(StrEnum):
    QUICK = "quick"
    FULL = "full"

    def pick(self, *, quick: int, full: int) -> int:
        return quick if self is Scale.QUICK else full


@dataclass(frozen=True, slots=True)
class Target:
    """Met when `value >= limit` if higher is better, else when `value <= limit`."""

    limit: float
    higher_is_better: bool
    text: str

    @classmethod
    def at_least(cls, limit: float, text: str) -> Target:
        return cls(limit, True, text)

    @classmethod
    def at_most(cls, limit: float, text: str) -> Target:
        return cls(limit, False, text)

    def met(self, value: float) -> bool:
        return value >= self.limit if self.higher_is_better else value <= self.limit


@dataclass(frozen=True, slots=True)
class Figure:
    what: str
    value: float
    unit: str
    target: Target
    detail: str = ""
    """How it was measured, or the side-by-side figures a ratio came from."""

    @property
    def ratio(self) -> float:
        """value ÷ limit: ≥ 1 meets an at-least target, ≤ 1 meets an at-most one."""
        return self.value / self.target.limit

    @property
    def met(self) -> bool:
        return self.target.met(self.value)

    def shown(self) -> str:
        return f"{_number(self.value)} {self.unit}".strip()

    def to_json(self) -> dict[str, Any]:
        return {
            "what": self.what,
            "value": self.value,
            "unit": self.unit,
            "target": self.target.text,
            "limit": self.target.limit,
            "higher_is_better": self.target.higher_is_better,
            "ratio": round(self.ratio, 4),
            "met": self.met,
            "detail": self.detail,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Figure:
        target = Target(data["limit"], data["higher_is_better"], data["target"])
        return cls(data["what"], data["value"], data["unit"], target, data.get("detail", ""))


def _number(value: float) -> str:
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.3g}" if value < 1 else f"{value:.2f}"
