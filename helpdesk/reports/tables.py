"""A report table: what the page shows beside each chart, what the exports write, what the
API returns. Cells keep raw values (the page and the exports format them by column kind) and,
where a count stands for tickets, the queue filters that list those tickets."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    # "text", "int", "percent" (a fraction, 0.5 = 50 %), "hours", "decimal" or "date".
    kind: str = "int"


@dataclass(frozen=True)
class Cell:
    value: Any
    # Queue filters listing the tickets behind this number (None: not a ticket count).
    tickets: dict[str, Any] | None = None
    # The kind of this cell when it differs from its column's (the key figures mix them).
    kind: str | None = None

    def kind_in(self, column: Column) -> str:
        return self.kind or column.kind


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    columns: list[Column]
    rows: list[list[Cell]] = field(default_factory=list)
    caption: str = ""

    @property
    def is_empty(self) -> bool:
        return not self.rows

    def values(self) -> list[list[Any]]:
        return [[cell.value for cell in row] for row in self.rows]
