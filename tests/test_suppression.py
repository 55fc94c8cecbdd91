"""Small-cell suppression: worked examples, the protection rule over random tables, bad input."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.suppression import (
    INTERNAL_THRESHOLD,
    PUBLIC_THRESHOLD,
    CountTable,
    Entry,
    Reason,
    SuppressedTable,
    SuppressionSummary,
    suppress,
)

SMALL, COMPLEMENTARY = Reason.SMALL, Reason.COMPLEMENTARY

# One answer chosen by 7 women: hidden at the public threshold, shown at the internal one.
ANSWERS_BY_GENDER = CountTable.of(
    ["yes", "no", "unsure"],
    ["women", "men"],
    [
        [30, 25],  # 55
        [7, 20],  # 27
        [15, 12],  # 27
    ],  # 52, 57; 109
)

# Six people said "no", so the whole "no" row is small.
ANSWERS_BY_REGION = CountTable.of(
    ["yes", "no", "unsure"],
    ["north", "south", "east"],
    [
        [30, 25, 20],  # 75
        [2, 3, 1],  # 6
        [15, 12, 40],  # 67
    ],  # 47, 40, 61; 148
)


def hidden_cells(result: SuppressedTable) -> dict[tuple[str, str], Reason | None]:
    return {
        (row, column): result.cell(row, column).reason
        for row in result.row_labels
        for column in result.column_labels
        if not result.cell(row, column).shown
    }


def counts_of(entries: Sequence[Entry]) -> list[int | None]:
    return [entry.count for entry in entries]


# ----------------------------------------------------------------------- worked examples


def test_one_small_cell_gets_a_complement_in_its_row_and_its_column() -> None:
    result = suppress(ANSWERS_BY_GENDER, PUBLIC_THRESHOLD)

    # 7 is small; 20 is the smallest other cell of its row, 15 of its column; 12 then
    # protects 15 in the "unsure" row (and 20 in the "men" column).
    assert hidden_cells(result) == {
        ("no", "women"): SMALL,
        ("no", "men"): COMPLEMENTARY,
        ("unsure", "women"): COMPLEMENTARY,
        ("unsure", "men"): COMPLEMENTARY,
    }
    assert result.cell("yes", "women").count == 30
    assert result.cell("yes", "men").count == 25
    assert counts_of(result.row_totals) == [55, 27, 27]
    assert counts_of(result.column_totals) == [52, 57]
    assert result.grand_total.count == 109
    assert result.summary() == SuppressionSummary(threshold=10, small=1, complementary=3)
    assert result.summary().hidden == 4


def test_the_internal_threshold_shows_what_the_public_one_hides() -> None:
    result = suppress(ANSWERS_BY_GENDER, INTERNAL_THRESHOLD)

    assert INTERNAL_THRESHOLD == 5
    assert hidden_cells(result) == {}
    assert result.cell("no", "women").count == 7
    assert result.cell("no", "women").display() == "7"
    assert result.share("no", "women") == pytest.approx(7 / 52 * 100)
    assert result.summary() == SuppressionSummary(threshold=5, small=0, complementary=0)


def test_the_default_threshold_is_the_public_one() -> None:
    assert PUBLIC_THRESHOLD == 10
    assert suppress(ANSWERS_BY_GENDER) == suppress(ANSWERS_BY_GENDER, 10)
    assert suppress(ANSWERS_BY_GENDER).threshold == 10


def test_hidden_counts_display_as_below_the_threshold() -> None:
    public = suppress(ANSWERS_BY_GENDER, 10)
    assert public.cell("no", "women").display() == "<10"
    assert public.cell("no", "men").display() == "<10"  # complementary: reads the same
    assert public.cell("yes", "women").display() == "30"
    assert public.row_total("no").display() == "27"
    assert public.grand_total.display() == "109"

    tiny = CountTable.of(["yes", "no"], ["all"], [[3], [40]])
    assert suppress(tiny, 5).cell("yes", "all").display() == "<5"
    assert suppress(tiny, 3).cell("yes", "all").display() == "3"


def test_a_small_total_hides_its_whole_line() -> None:
    result = suppress(ANSWERS_BY_REGION, 10)

    assert [result.cell("no", region).reason for region in ("north", "south", "east")] == [
        SMALL,
        SMALL,
        SMALL,
    ]
    assert result.row_total("no").reason is SMALL
    # The row totals then need a second hidden one (67, smaller than 75), each column a
    # second hidden cell, and "yes", left with one hidden cell, another (25).
    assert result.row_total("unsure").reason is COMPLEMENTARY
    assert hidden_cells(result) == {
        ("no", "north"): SMALL,
        ("no", "south"): SMALL,
        ("no", "east"): SMALL,
        ("unsure", "north"): COMPLEMENTARY,
        ("unsure", "south"): COMPLEMENTARY,
        ("yes", "east"): COMPLEMENTARY,
        ("yes", "south"): COMPLEMENTARY,
    }
    assert result.cell("yes", "north").count == 30
    assert result.cell("unsure", "east").count == 40
    assert counts_of(result.row_totals) == [75, None, None]
    assert counts_of(result.column_totals) == [47, 40, 61]
    assert result.grand_total.count == 148
    assert result.summary() == SuppressionSummary(threshold=10, small=4, complementary=5)


def test_shares_only_from_shown_counts() -> None:
    by_gender = suppress(ANSWERS_BY_GENDER, 10)
    assert by_gender.share("yes", "women") == pytest.approx(30 / 52 * 100)
    assert by_gender.row_share("yes", "men") == pytest.approx(25 / 55 * 100)
    assert by_gender.share("no", "women") is None  # a small cell
    assert by_gender.share("no", "men") is None  # a complementary cell
    assert by_gender.row_share("unsure", "men") is None

    by_region = suppress(ANSWERS_BY_REGION, 10)
    # 40 is shown, but its row's total is not.
    assert by_region.share("unsure", "east") == pytest.approx(40 / 61 * 100)
    assert by_region.row_share("unsure", "east") is None
    assert by_region.share("yes", "north") == pytest.approx(30 / 47 * 100)
    assert by_region.row_share("yes", "north") == pytest.approx(30 / 75 * 100)


def test_ties_go_to_the_first_cell() -> None:
    table = CountTable.of(["a", "b"], ["x", "y", "z"], [[3, 12, 12], [20, 20, 20]])

    result = suppress(table, 10)

    assert hidden_cells(result) == {
        ("a", "x"): SMALL,
        ("a", "y"): COMPLEMENTARY,
        ("b", "x"): COMPLEMENTARY,
        ("b", "y"): COMPLEMENTARY,
    }
    assert result.cell("a", "z").count == 12


def test_a_cell_is_hidden_rather_than_a_total_of_the_same_size() -> None:
    # Row "a" is 0 + 15 = 15, column "x" is 0 + 20 = 20: each tie is between a cell and a total.
    table = CountTable.of(["a", "b"], ["x", "y"], [[0, 15], [20, 30]])

    result = suppress(table, 10)

    assert hidden_cells(result) == {
        ("a", "x"): SMALL,
        ("a", "y"): COMPLEMENTARY,
        ("b", "x"): COMPLEMENTARY,
        ("b", "y"): COMPLEMENTARY,
    }
    assert counts_of(result.row_totals) == [15, 50]
    assert counts_of(result.column_totals) == [20, 45]
    assert result.grand_total.count == 65


def test_a_choice_nobody_made_is_hidden_as_small() -> None:
    table = CountTable.of(["chosen", "never"], ["x", "y"], [[12, 30], [0, 0]])

    result = suppress(table, 10)

    assert result.cell("never", "x").reason is SMALL
    assert result.cell("never", "y").reason is SMALL
    assert result.row_total("never").reason is SMALL
    # Else 42 - 42 would give the hidden 0 back; and then each column needs its second.
    assert result.row_total("chosen").reason is COMPLEMENTARY
    assert result.cell("chosen", "x").reason is COMPLEMENTARY
    assert result.cell("chosen", "y").reason is COMPLEMENTARY
    assert counts_of(result.column_totals) == [12, 30]
    assert result.grand_total.count == 42


def test_explicit_totals_count_people_in_no_cell() -> None:
    # 3 and 1 people who chose an answer but gave no gender.
    table = CountTable.of(
        ["yes", "no"], ["women", "men"], [[12, 15], [11, 20]], row_totals=[30, 32]
    )

    assert table.row_totals == (30, 32)
    assert table.column_totals == (23, 35)
    assert table.grand_total == 62
    result = suppress(table, 10)
    assert result.summary().hidden == 0
    assert result.row_share("yes", "women") == pytest.approx(12 / 30 * 100)


# ------------------------------------------------------------------- over random tables


@st.composite
def tables(draw: st.DrawFn) -> CountTable:
    row_count = draw(st.integers(1, 6))
    column_count = draw(st.integers(1, 6))
    row = st.lists(st.integers(0, 40), min_size=column_count, max_size=column_count)
    counts = draw(st.lists(row, min_size=row_count, max_size=row_count))
    rows = [f"choice {i}" for i in range(row_count)]
    columns = [f"group {j}" for j in range(column_count)]
    if not draw(st.booleans()):
        return CountTable.of(rows, columns, counts)
    # Totals that also count people in no cell.
    row_totals = [sum(line) + draw(st.integers(0, 5)) for line in counts]
    column_totals = [sum(column) + draw(st.integers(0, 5)) for column in zip(*counts, strict=True)]
    grand_total = max(sum(row_totals), sum(column_totals)) + draw(st.integers(0, 5))
    return CountTable.of(
        rows,
        columns,
        counts,
        row_totals=row_totals,
        column_totals=column_totals,
        grand_total=grand_total,
    )


def lines_of(table: CountTable, result: SuppressedTable) -> list[list[tuple[int, Entry]]]:
    """Every line with each entry's true count: each row with its total, each column with
    its total, the column totals with the grand total, the row totals with the grand total."""
    grand = (table.grand_total, result.grand_total)
    lines = [
        [(table.count(row, column), result.cell(row, column)) for column in table.column_labels]
        + [(table.row_totals[i], result.row_totals[i])]
        for i, row in enumerate(table.row_labels)
    ]
    lines += [
        [(table.count(row, column), result.cell(row, column)) for row in table.row_labels]
        + [(table.column_totals[j], result.column_totals[j])]
        for j, column in enumerate(table.column_labels)
    ]
    lines.append([*zip(table.column_totals, result.column_totals, strict=True), grand])
    lines.append([*zip(table.row_totals, result.row_totals, strict=True), grand])
    return lines


@settings(max_examples=400, deadline=None)
@given(table=tables(), threshold=st.integers(1, 15))
def test_suppression_protects_every_line(table: CountTable, threshold: int) -> None:
    result = suppress(table, threshold)
    lines = lines_of(table, result)

    for line in lines:
        hidden = [entry for _, entry in line if not entry.shown]
        assert len(hidden) != 1, line
        for true_count, entry in line:
            assert (entry.reason is SMALL) == (true_count < threshold)
            assert entry.shown == (entry.reason is None)
            if entry.shown:
                assert entry.count == true_count
                assert entry.display() == str(true_count)
            else:
                assert entry.count is None
                assert entry.display() == f"<{threshold}"

    # Every entry is in two lines, so the summary counts each one twice over the lines.
    reasons = [entry.reason for line in lines for _, entry in line]
    assert result.summary() == SuppressionSummary(
        threshold, reasons.count(SMALL) // 2, reasons.count(COMPLEMENTARY) // 2
    )


@settings(max_examples=200, deadline=None)
@given(table=tables(), threshold=st.integers(1, 15))
def test_shares_never_come_from_hidden_counts(table: CountTable, threshold: int) -> None:
    result = suppress(table, threshold)

    for i, row in enumerate(table.row_labels):
        for j, column in enumerate(table.column_labels):
            cell = result.cell(row, column)
            share, row_share = result.share(row, column), result.row_share(row, column)
            if cell.shown and result.column_totals[j].shown:
                assert share == pytest.approx(
                    table.count(row, column) / table.column_totals[j] * 100
                )
            else:
                assert share is None
            if cell.shown and result.row_totals[i].shown:
                assert row_share == pytest.approx(
                    table.count(row, column) / table.row_totals[i] * 100
                )
            else:
                assert row_share is None


# ------------------------------------------------------------------------ bad input


@pytest.mark.parametrize("threshold", [0, -3])
def test_a_threshold_below_one_is_refused(threshold: int) -> None:
    with pytest.raises(ValueError, match="at least 1"):
        suppress(ANSWERS_BY_GENDER, threshold)


@pytest.mark.parametrize(
    ("rows", "columns", "counts", "message"),
    [
        (
            ["a", "b"],
            ["x", "y"],
            [[1, 2], [3]],
            r"row 'b' is ragged: 1 counts where the table has 2",
        ),
        (["a", "b"], ["x", "y"], [[1, 2]], "1 rows of counts for 2 row labels"),
        (["a"], ["x", "y"], [[4, -1]], r"count in row 'a' must be .* at least 0, not -1"),
        ([], ["x"], [], "at least one row and one column"),
        (["a"], [], [[]], "at least one row and one column"),
        (["a", "a"], ["x"], [[1], [2]], "row labels must differ"),
    ],
)
def test_malformed_tables_are_refused(
    rows: list[str], columns: list[str], counts: list[list[int]], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        CountTable.of(rows, columns, counts)


def test_totals_below_their_cells_are_refused() -> None:
    counts = [[5, 6], [7, 8]]  # rows 11, 15; columns 12, 14; 26
    with pytest.raises(ValueError, match=r"row total of 'b' is 14, but its cells add up to 15"):
        CountTable.of(["a", "b"], ["x", "y"], counts, row_totals=[11, 14])
    with pytest.raises(ValueError, match=r"column total of 'x' is 11, but its cells add up to 12"):
        CountTable.of(["a", "b"], ["x", "y"], counts, column_totals=[11, 14])
    with pytest.raises(ValueError, match=r"grand total is 25, but the row totals add up to 26"):
        CountTable.of(["a", "b"], ["x", "y"], counts, grand_total=25)
    with pytest.raises(ValueError, match=r"grand total is 27, but the column totals add up to 28"):
        CountTable.of(["a", "b"], ["x", "y"], counts, column_totals=[14, 14], grand_total=27)
    with pytest.raises(ValueError, match="at least 0, not -2"):
        CountTable.of(["a", "b"], ["x", "y"], counts, row_totals=[11, -2])
    with pytest.raises(ValueError, match="1 row totals for 2 rows"):
        CountTable.of(["a", "b"], ["x", "y"], counts, row_totals=[26])


def test_a_table_built_directly_is_checked_too() -> None:
    with pytest.raises(ValueError, match=r"row total of 'a' is 1, but its cells add up to 3"):
        CountTable(("a",), ("x", "y"), ((1, 2),), (1,), (1, 2), 3)


def test_an_unknown_label_is_an_error_not_a_blank() -> None:
    with pytest.raises(KeyError, match="no column 'other'"):
        suppress(ANSWERS_BY_GENDER).cell("yes", "other")
