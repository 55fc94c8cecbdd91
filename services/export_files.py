"""Writing an export as CSV, JSON or XLSX, a batch of rows at a time, so that memory stays
the same whatever the number of rows.

CSV: one header row (and the HXL hashtags under it), then the rows. JSON: an object with
the rows under "results" (as KoboToolbox's API gives them), then the export's details and
the codebook. XLSX: a "responses" sheet, a "codebook" sheet and an "export" sheet of
details, written by openpyxl's write-only workbook in a thread, off the event loop.

Free text is written as text, never as a formula: a participant's answer starting with "=",
"+", "-" or "@" would run as one in a spreadsheet (CSV injection). CSV gets a leading
apostrophe on such cells, as spreadsheet programs expect; XLSX marks them as text.
"""

from __future__ import annotations

import asyncio
import csv
import io
import json
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any, Protocol

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from services.export_columns import Cell

CSV = "csv"
JSON = "json"
XLSX = "xlsx"
FORMATS = (CSV, XLSX, JSON)

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

Details = list[tuple[str, str]]  # the export's details, in order: ("rows", "1234"), ...
Codebook = list[dict[str, str]]  # one entry per column or choice, same keys in each


class ExportFile(Protocol):
    async def start(
        self, headers: list[str], hxl: list[str] | None, text_columns: Sequence[int] = ()
    ) -> None:
        """`text_columns`: the positions of the columns whose text is not ours (what
        participants wrote, labels, profile values): kept from running as formulas."""

    async def write(self, rows: Sequence[Sequence[Cell]]) -> None: ...

    async def finish(self, details: Details, codebook: Codebook) -> None: ...


def export_file(kind: str, out: IO[Any]) -> ExportFile:
    """A writer of `kind` onto `out`: a text stream for CSV and JSON, binary for XLSX."""
    if kind == CSV:
        return CsvFile(out)
    if kind == JSON:
        return JsonFile(out)
    if kind == XLSX:
        return XlsxFile(out)
    raise ValueError(f"unknown export format {kind!r}; use one of {', '.join(FORMATS)}")


def open_export(path: Path, kind: str) -> IO[Any]:
    """The file to give `export_file`: binary for XLSX; text otherwise, CSV with a byte-order
    mark so that spreadsheet programs read Arabic and accents right."""
    if kind == XLSX:
        return path.open("wb")
    return path.open("w", encoding="utf-8-sig" if kind == CSV else "utf-8", newline="")


def _needs_care(value: Cell) -> bool:
    """A formula, or characters a spreadsheet file cannot hold (control characters)."""
    return isinstance(value, str) and (
        value.startswith(_FORMULA_START) or ILLEGAL_CHARACTERS_RE.search(value) is not None
    )


def _printable(text: str) -> str:
    """Without the control characters XLSX cannot hold (openpyxl would refuse the cell)."""
    return ILLEGAL_CHARACTERS_RE.sub("", text)


class CsvFile:
    def __init__(self, out: IO[str]) -> None:
        self._out = out
        # A batch's lines are made in memory and written at once: the file's encoder is
        # then called once a batch rather than once a row.
        self._batch = io.StringIO()
        self._csv = csv.writer(self._batch, lineterminator="\n")
        self._text_columns: Sequence[int] = ()

    async def start(
        self, headers: list[str], hxl: list[str] | None, text_columns: Sequence[int] = ()
    ) -> None:
        self._text_columns = text_columns
        self._csv.writerow(headers)
        if hxl is not None:
            self._csv.writerow(hxl)
        self._flush_batch()

    async def write(self, rows: Sequence[Sequence[Cell]]) -> None:
        # Looked for a column at a time (most batches have no formula at all).
        formulas = {
            (number, i)
            for i in self._text_columns
            for number, row in enumerate(rows)
            if (cell := row[i]).__class__ is str and cell.startswith(_FORMULA_START)
        }
        if formulas:
            rows = list(rows)
            for number, i in formulas:
                cells = list(rows[number])
                cells[i] = "'" + str(cells[i])
                rows[number] = cells
        self._csv.writerows(rows)
        self._flush_batch()

    def _flush_batch(self) -> None:
        self._out.write(self._batch.getvalue())
        self._batch.seek(0)
        self._batch.truncate()

    async def finish(self, details: Details, codebook: Codebook) -> None:
        self._out.flush()


class JsonFile:
    def __init__(self, out: IO[str]) -> None:
        self._out = out
        self._headers: list[str] = []
        self._hxl: list[str] | None = None
        self._first = True

    async def start(
        self, headers: list[str], hxl: list[str] | None, text_columns: Sequence[int] = ()
    ) -> None:
        self._headers, self._hxl = headers, hxl
        self._out.write('{"results": [')

    async def write(self, rows: Sequence[Sequence[Cell]]) -> None:
        if not rows:
            return
        lead = "\n" if self._first else ",\n"
        self._first = False
        self._out.write(
            lead
            + ",\n".join(
                json.dumps(dict(zip(self._headers, row, strict=True)), ensure_ascii=False)
                for row in rows
            )
        )

    async def finish(self, details: Details, codebook: Codebook) -> None:
        tail: dict[str, object] = {"export": dict(details), "codebook": codebook}
        if self._hxl is not None:
            tail["hxl"] = dict(zip(self._headers, self._hxl, strict=True))
        self._out.write("\n],\n" + json.dumps(tail, ensure_ascii=False, indent=1)[1:-1] + "}\n")
        self._out.flush()


class XlsxFile:
    def __init__(self, out: IO[bytes]) -> None:
        self._out = out
        self._book = Workbook(write_only=True)
        self._rows = self._book.create_sheet("responses")
        self._codebook = self._book.create_sheet("codebook")
        self._details = self._book.create_sheet("export")
        self._bold = Font(bold=True)
        self._text_columns: Sequence[int] = ()

    def _heading(self, sheet: Any, values: list[str]) -> list[Any]:
        cells = []
        for value in values:
            cell = WriteOnlyCell(sheet, value=value)
            cell.font = self._bold
            cells.append(cell)
        return cells

    async def start(
        self, headers: list[str], hxl: list[str] | None, text_columns: Sequence[int] = ()
    ) -> None:
        self._text_columns = text_columns
        self._rows.freeze_panes = "B2" if hxl is None else "B3"
        self._rows.append(self._heading(self._rows, headers))
        if hxl is not None:
            self._rows.append(hxl)

    def _append(self, rows: Sequence[Sequence[Cell]]) -> None:
        append = self._rows.append
        for row in rows:
            if any(_needs_care(row[i]) for i in self._text_columns):
                row = [self._as_text(value) for value in row]
            append(row)

    def _as_text(self, value: Cell) -> Any:
        if isinstance(value, str):
            value = _printable(value)
            if value.startswith("="):
                cell = WriteOnlyCell(self._rows, value=value)
                cell.data_type = "s"  # openpyxl would take it for a formula
                return cell
        return value

    async def write(self, rows: Sequence[Sequence[Cell]]) -> None:
        await asyncio.to_thread(self._append, rows)

    def _close(self, details: Details, codebook: Codebook) -> None:
        keys = list(codebook[0]) if codebook else []
        self._codebook.append(self._heading(self._codebook, keys))
        for entry in codebook:
            self._codebook.append([self._as_text(entry[key]) for key in keys])
        self._details.append(self._heading(self._details, ["detail", "value"]))
        for name, value in details:
            self._details.append([name, self._as_text(value)])
        self._book.save(self._out)

    async def finish(self, details: Details, codebook: Codebook) -> None:
        await asyncio.to_thread(self._close, details, codebook)
