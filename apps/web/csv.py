"""CSV downloads shared by the page areas: streamed rows, with text cells a spreadsheet will not run
as formulas (CSV injection)."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Sequence

from django.http import StreamingHttpResponse

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(text: str) -> str:
    """A text cell that a spreadsheet will not run as a formula."""
    return "'" + text if text[:1] in _FORMULA_STARTS else text


class _Echo:
    def write(self, value: str) -> str:
        return value


def _lines(header: Sequence[object], rows: Iterable[Sequence[object]]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow([str(cell) for cell in header])
    for row in rows:  # numbers and dates as they are; only text can smuggle a formula in
        yield writer.writerow([csv_cell(cell) if isinstance(cell, str) else cell for cell in row])


def csv_response(
    *, filename: str, header: Sequence[object], rows: Iterable[Sequence[object]]
) -> StreamingHttpResponse:
    """A CSV attachment of ``header`` then ``rows`` (streamed: ``rows`` may be a long iterator)."""
    response = StreamingHttpResponse(_lines(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
