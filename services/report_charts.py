"""Bar charts for the report, as PNG bytes: readable in black and white (grey shades and
hatching tell groups apart, every bar carries its number), and a hidden count drawn as an
empty dashed stub marked like the tables ("<10"), never at its value — which the chart is
never given.

Matplotlib's object interface with the Agg canvas: no window, no global pyplot state, and
the same figures give the same bytes (fixed size and resolution, no date or software name
in the file).
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle

# Shades and hatches of the groups, in order: told apart without colour, printed or not.
_FILLS = ("#404040", "#ffffff", "#a6a6a6", "#ffffff", "#d9d9d9", "#707070", "#ffffff")
_HATCHES = ("", "////", "", "....", "xx", "\\\\\\\\", "++")
_WIDTH_INCHES = 7.5
_DPI = 100
_LABEL_CHARACTERS = 30
# A hidden bar's stub, as a share of the axis: visible, and the same whatever is hidden.
_STUB = 0.025


@dataclass(frozen=True)
class Bar:
    """One bar: its length (None: hidden, drawn as a stub) and the words at its end."""

    value: float | None
    text: str


@dataclass(frozen=True)
class Series:
    """The bars of one group (e.g. "women"), one per category, in the categories' order."""

    name: str
    bars: tuple[Bar, ...]


def bar_chart(
    categories: Sequence[str],
    series: Sequence[Series],
    *,
    axis_label: str,
    maximum: float = 100.0,
) -> bytes:
    """Horizontal bars, one row per category, one bar per series in each row; a legend
    below when there is more than one series."""
    if not categories or not series:
        raise ValueError("a chart needs at least one category and one series")
    for one in series:
        if len(one.bars) != len(categories):
            raise ValueError(f"{one.name!r} has {len(one.bars)} bars for {len(categories)} rows")
    per_row = len(series)
    bar_height = 0.8 / per_row
    wrapped = [textwrap.fill(c, _LABEL_CHARACTERS) for c in categories]
    lines = sum(max(label.count("\n") + 1, per_row * 0.9) for label in wrapped)
    height = 0.9 + 0.28 * lines + (0.35 * ((per_row + 2) // 3) if per_row > 1 else 0)
    figure = Figure(figsize=(_WIDTH_INCHES, height), dpi=_DPI, layout="constrained")
    axes = figure.add_subplot()
    stub = maximum * _STUB
    for s, one in enumerate(series):
        fill, hatch = _FILLS[s % len(_FILLS)], _HATCHES[s % len(_HATCHES)]
        for row, bar in enumerate(one.bars):
            # The first series at the top of each row.
            y = row + (s - (per_row - 1) / 2) * bar_height
            if bar.value is None:
                axes.add_patch(
                    Rectangle(
                        (0, y - bar_height * 0.4),
                        stub,
                        bar_height * 0.8,
                        facecolor="white",
                        edgecolor="black",
                        linestyle="--",
                        linewidth=0.8,
                    )
                )
                end = stub
            else:
                axes.barh(
                    y,
                    bar.value,
                    height=bar_height * 0.8,
                    color=fill,
                    edgecolor="black",
                    linewidth=0.8,
                    hatch=hatch,
                )
                end = bar.value
            axes.text(
                end + maximum * 0.01,
                y,
                bar.text,
                va="center",
                ha="left",
                fontsize=8 if per_row > 2 else 9,
            )
    axes.set_yticks(range(len(categories)), wrapped, fontsize=9)
    axes.set_ylim(len(categories) - 0.5, -0.5)
    axes.set_xlim(0, maximum * 1.15)
    axes.set_xlabel(axis_label, fontsize=9)
    axes.tick_params(axis="x", labelsize=8)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    if per_row > 1:
        handles = [
            Patch(
                facecolor=_FILLS[s % len(_FILLS)],
                edgecolor="black",
                hatch=_HATCHES[s % len(_HATCHES)],
                label=one.name,
            )
            for s, one in enumerate(series)
        ]
        figure.legend(handles=handles, loc="outside lower center", ncol=min(per_row, 4), fontsize=8)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=_DPI, metadata={"Software": None})
    return buffer.getvalue()
