"""The table every bench section adds rows to: figure, target, measured, pass."""

from dataclasses import dataclass


@dataclass
class Row:
    figure: str
    target: str = ""
    measured: str = ""
    passed: bool | None = None  # None: a figure shown for comparison, no target

    @property
    def verdict(self) -> str:
        return {True: "pass", False: "FAIL", None: ""}[self.passed]


def render(rows: list[Row], markdown: bool = False) -> str:
    header = ("figure", "target", "measured", "pass")
    cells = [header] + [(r.figure, r.target, r.measured, r.verdict) for r in rows]
    if markdown:
        lines = ["| " + " | ".join(header) + " |", "|---|---|---|---|"]
        lines += ["| " + " | ".join(row) + " |" for row in cells[1:]]
        return "\n".join(lines)
    widths = [max(len(row[i]) for row in cells) for i in range(4)]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        for row in cells
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(line.rstrip() for line in lines)


def median(values: list[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2
