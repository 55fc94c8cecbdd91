"""Small-cell suppression of disaggregated counts, so an export cannot single anyone out.

A table counts answers by choice (rows) and by a group such as gender, age band or region
(columns), with its row totals, column totals and grand total. Any count below the
threshold (10 by default, 5 for internal use) is hidden, and then enough further counts that
no hidden one can be recomputed by subtracting shown counts from a shown total.

The protection is the standard line-by-line one: after suppression no line (a row with its
total, a column with its total, the column totals with the grand total, the row totals with
the grand total) has exactly one hidden entry. It is not a defence against every attack: the
sum of a line's hidden entries can still be worked out (if they are all zero, that is learnt),
and solving all the lines together as a linear programme can narrow a hidden count to a range.

The result carries no hidden count at all, so whatever renders it cannot leak one by mistake.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

PUBLIC_THRESHOLD = 10
INTERNAL_THRESHOLD = 5


def threshold_for(configured: int, *, internal: bool) -> int:
    """The deployment's threshold (SUPPRESSION_THRESHOLD); for internal use, the internal
    one, unless the deployment's is already lower."""
    return min(INTERNAL_THRESHOLD, configured) if internal else configured


# (row, column) in the table extended by its totals: row len(row_labels) holds the column
# totals, column len(column_labels) the row totals, and both together the grand total.
_Position = tuple[int, int]


class Reason(StrEnum):
    """Why an entry is hidden."""

    SMALL = "small"  # its own count is below the threshold
    COMPLEMENTARY = "complementary"  # shown, it would let a small one be recomputed


@dataclass(frozen=True)
class CountTable:
    """Non-negative counts by row and column, with totals that may exceed the sums of their
    cells when they include people in no cell (e.g. who did not give their gender)."""

    row_labels: tuple[str, ...]
    column_labels: tuple[str, ...]
    counts: tuple[tuple[int, ...], ...]
    row_totals: tuple[int, ...]
    column_totals: tuple[int, ...]
    grand_total: int

    @classmethod
    def of(
        cls,
        row_labels: Sequence[str],
        column_labels: Sequence[str],
        counts: Sequence[Sequence[int]],
        *,
        row_totals: Sequence[int] | None = None,
        column_totals: Sequence[int] | None = None,
        grand_total: int | None = None,
    ) -> CountTable:
        """The table, with each total not given computed from its cells. The grand total
        defaults to the larger of the sums of row totals and of column totals, the least
        it can be."""
        _check_shape(row_labels, column_labels, counts)
        rows = tuple(tuple(line) for line in counts)
        # Checked before they are summed, so a bad total is reported as such.
        for given in (row_totals or (), column_totals or ()):
            for n in given:
                _check_count("a total", n)
        if row_totals is None:
            row_totals = [sum(line) for line in rows]
        if column_totals is None:
            column_totals = [sum(column) for column in zip(*rows, strict=True)]
        if grand_total is None:
            grand_total = max(sum(row_totals), sum(column_totals))
        return cls(
            tuple(row_labels),
            tuple(column_labels),
            rows,
            tuple(row_totals),
            tuple(column_totals),
            grand_total,
        )

    def __post_init__(self) -> None:
        _check_shape(self.row_labels, self.column_labels, self.counts)
        if len(self.row_totals) != len(self.row_labels):
            raise ValueError(f"{len(self.row_totals)} row totals for {len(self.row_labels)} rows")
        if len(self.column_totals) != len(self.column_labels):
            raise ValueError(
                f"{len(self.column_totals)} column totals for {len(self.column_labels)} columns"
            )
        for label, total, line in zip(self.row_labels, self.row_totals, self.counts, strict=True):
            _check_total(f"row total of {label!r}", total, sum(line), "its cells")
        columns = zip(*self.counts, strict=True)
        for label, total, column in zip(
            self.column_labels, self.column_totals, columns, strict=True
        ):
            _check_total(f"column total of {label!r}", total, sum(column), "its cells")
        _check_total("grand total", self.grand_total, sum(self.row_totals), "the row totals")
        _check_total("grand total", self.grand_total, sum(self.column_totals), "the column totals")

    def count(self, row: str, column: str) -> int:
        return self.counts[_index(self.row_labels, row, "row")][
            _index(self.column_labels, column, "column")
        ]

    def _extended(self) -> dict[_Position, int]:
        last_row, last_column = len(self.row_labels), len(self.column_labels)
        grid = {(i, j): n for i, line in enumerate(self.counts) for j, n in enumerate(line)}
        grid.update({(i, last_column): n for i, n in enumerate(self.row_totals)})
        grid.update({(last_row, j): n for j, n in enumerate(self.column_totals)})
        grid[last_row, last_column] = self.grand_total
        return grid


@dataclass(frozen=True)
class Entry:
    """One count of a suppressed table: its value when shown, else only why it is hidden."""

    count: int | None
    reason: Reason | None
    threshold: int

    @property
    def shown(self) -> bool:
        return self.count is not None

    def display(self) -> str:
        """The count, or "<{threshold}" when hidden. Every hidden entry reads the same,
        whichever the reason, so a reader cannot tell a complementary one (often well above
        the threshold) from a small one: the marker means "suppressed", not a bound on it."""
        return f"<{self.threshold}" if self.count is None else str(self.count)


@dataclass(frozen=True)
class SuppressionSummary:
    """How many entries (cells and totals) were hidden, and why, for the report to say."""

    threshold: int
    small: int
    complementary: int

    @property
    def hidden(self) -> int:
        return self.small + self.complementary


@dataclass(frozen=True)
class SuppressedTable:
    """A count table as it may be published: each entry shown, or hidden with its reason."""

    row_labels: tuple[str, ...]
    column_labels: tuple[str, ...]
    threshold: int
    cells: tuple[tuple[Entry, ...], ...]
    row_totals: tuple[Entry, ...]
    column_totals: tuple[Entry, ...]
    grand_total: Entry

    def cell(self, row: str, column: str) -> Entry:
        return self.cells[_index(self.row_labels, row, "row")][
            _index(self.column_labels, column, "column")
        ]

    def row_total(self, row: str) -> Entry:
        return self.row_totals[_index(self.row_labels, row, "row")]

    def column_total(self, column: str) -> Entry:
        return self.column_totals[_index(self.column_labels, column, "column")]

    def share(self, row: str, column: str) -> float | None:
        """The cell as a percentage of its column's total; None unless both are shown."""
        return _percentage(self.cell(row, column), self.column_total(column))

    def row_share(self, row: str, column: str) -> float | None:
        """The cell as a percentage of its row's total; None unless both are shown."""
        return _percentage(self.cell(row, column), self.row_total(row))

    def summary(self) -> SuppressionSummary:
        entries = [
            *(entry for line in self.cells for entry in line),
            *self.row_totals,
            *self.column_totals,
            self.grand_total,
        ]
        reasons = [entry.reason for entry in entries]
        return SuppressionSummary(
            self.threshold, reasons.count(Reason.SMALL), reasons.count(Reason.COMPLEMENTARY)
        )


def suppress(table: CountTable, threshold: int = PUBLIC_THRESHOLD) -> SuppressedTable:
    """Hide every count (cells and totals) below the threshold, then, until none is left,
    for each line with exactly one hidden entry, also hide its smallest shown cell (its total
    only when no cell is left; ties go to the first in the line)."""
    if isinstance(threshold, bool) or not isinstance(threshold, int) or threshold < 1:
        raise ValueError(f"the threshold must be a whole number of at least 1, not {threshold!r}")
    last_row, last_column = len(table.row_labels), len(table.column_labels)
    grid = table._extended()
    hidden = {position: Reason.SMALL for position, n in grid.items() if n < threshold}
    lines = [[(i, j) for j in range(last_column + 1)] for i in range(last_row + 1)]
    lines += [[(i, j) for i in range(last_row + 1)] for j in range(last_column + 1)]
    # Each complement can leave another line with a single hidden entry; every pass hides
    # at least one more entry of a finite table, so this ends.
    settled = False
    while not settled:
        settled = True
        for line in lines:
            if sum(position in hidden for position in line) == 1:
                hidden[_complement(line, grid, hidden)] = Reason.COMPLEMENTARY
                settled = False

    def entry(position: _Position) -> Entry:
        reason = hidden.get(position)
        return Entry(None if reason is not None else grid[position], reason, threshold)

    return SuppressedTable(
        table.row_labels,
        table.column_labels,
        threshold,
        tuple(tuple(entry((i, j)) for j in range(last_column)) for i in range(last_row)),
        tuple(entry((i, last_column)) for i in range(last_row)),
        tuple(entry((last_row, j)) for j in range(last_column)),
        entry((last_row, last_column)),
    )


def _complement(
    line: list[_Position], grid: dict[_Position, int], hidden: dict[_Position, Reason]
) -> _Position:
    # The line's total comes last. A hidden total costs readers the most, so it is taken
    # only when no cell is left; among cells the smallest, which loses the least.
    total = line[-1]
    shown = [(place, position) for place, position in enumerate(line) if position not in hidden]
    _, chosen = min(shown, key=lambda item: (item[1] == total, grid[item[1]], item[0]))
    return chosen


def _percentage(part: Entry, whole: Entry) -> float | None:
    # A shown total is at least the threshold, which is at least 1: never a division by zero.
    if part.count is None or whole.count is None:
        return None
    return part.count / whole.count * 100


def _index(labels: tuple[str, ...], label: str, kind: str) -> int:
    try:
        return labels.index(label)
    except ValueError:
        raise KeyError(f"no {kind} {label!r}") from None


def _check_shape(
    row_labels: Sequence[str], column_labels: Sequence[str], counts: Sequence[Sequence[int]]
) -> None:
    # Every line needs a cell besides its total, or a hidden total could not be complemented.
    if not row_labels or not column_labels:
        raise ValueError("a table needs at least one row and one column")
    for kind, labels in (("row", row_labels), ("column", column_labels)):
        if any(not isinstance(label, str) for label in labels):
            raise ValueError(f"{kind} labels must be strings")
        if len(set(labels)) != len(labels):
            raise ValueError(f"{kind} labels must differ from each other")
    if len(counts) != len(row_labels):
        raise ValueError(f"{len(counts)} rows of counts for {len(row_labels)} row labels")
    for label, line in zip(row_labels, counts, strict=True):
        if len(line) != len(column_labels):
            raise ValueError(
                f"row {label!r} is ragged: {len(line)} counts"
                f" where the table has {len(column_labels)} columns"
            )
        for n in line:
            _check_count(f"count in row {label!r}", n)


def _check_count(what: str, n: int) -> None:
    if isinstance(n, bool) or not isinstance(n, int) or n < 0:
        raise ValueError(f"{what} must be a whole number of at least 0, not {n!r}")


def _check_total(what: str, total: int, least: int, parts: str) -> None:
    _check_count(what, total)
    if total < least:
        raise ValueError(f"{what} is {total}, but {parts} add up to {least}")
