"""The results table: one row per figure, with its target and the ratio to it (Markdown, so the README can hold it)."""

from __future__ import annotations

from collections.abc import Iterable

from benchmarks._suite import Outcome

HEADER = ("benchmark", "what", "figure", "target", "ratio", "met")


def table(outcomes: Iterable[Outcome]) -> str:
    rows = [HEADER]
    for outcome in outcomes:
        if outcome.error is not None:
            rows.append((outcome.name, "failed", outcome.error, "", "", "no"))
        for figure in outcome.figures:
            rows.append(
                (
                    outcome.name,
                    figure.what,
                    figure.shown(),
                    figure.target.text,
                    f"{figure.ratio:.2f}",
                    "yes" if figure.met else "NO",
                )
            )
    widths = [max(len(row[column]) for row in rows) for column in range(len(HEADER))]
    lines = [_line(rows[0], widths), "|" + "|".join("-" * (width + 2) for width in widths) + "|"]
    lines.extend(_line(row, widths) for row in rows[1:])
    return "\n".join(lines)


def details(outcomes: Iterable[Outcome]) -> str:
    """How each figure was measured, below the table."""
    return "\n".join(
        f"- {outcome.name}, {figure.what}: {figure.detail}"
        for outcome in outcomes
        for figure in outcome.figures
        if figure.detail
    )


def _line(cells: tuple[str, ...], widths: list[int]) -> str:
    return "| " + " | ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True)) + " |"
