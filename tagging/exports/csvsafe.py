"""CSV that opens safely in a spreadsheet.

A cell starting with = + - @, a tab or a carriage return can be read as a
formula (CSV injection), so such a cell gets a leading apostrophe: the
spreadsheet shows the text as typed and runs nothing. Plain numbers stay
numbers (a negative number is not text a person typed).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

DANGEROUS_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> str:
    """The cell as text, with a formula-looking start defused."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)):
        return _number(value)
    text = str(value)
    if text.startswith(DANGEROUS_STARTS):
        return "'" + text
    return text


def _number(value: int | float) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(round(value, 2)) if isinstance(value, float) else str(value)


def to_csv(columns: Sequence[str], rows: Iterable[dict]) -> str:
    """A CSV document (header first, CRLF line ends as RFC 4180 says) with every cell neutralised."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([neutralise(c) for c in columns])
    for row in rows:
        writer.writerow([neutralise(row.get(c)) for c in columns])
    return out.getvalue()
