"""A sheet declared once: its columns (header, other spellings, how a cell is read, whether it
is required, drop-down choices, width, hint) and how a header cell is matched to a column.

An area (members, resources, donations ...) declares a ``SheetSpec``; the workbook writer,
the reader and the importer are driven by it, so no area writes its own Excel code.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property

# How a cell is read (see ``reader.parse_cell``) and formatted when written.
KINDS = ("id", "text", "phone", "choice", "multi", "bool", "date", "int", "export_only")
# ``multi``: several labels of ``choices`` in one cell, separated by commas (service areas).

YES, NO = "예", "아니오"


@dataclass(frozen=True)
class Column:
    """One column. ``field`` is the key of the typed value (and of ``FieldError.field``,
    whose label in ``app.errors`` should be ``header`` so messages name the column seen)."""

    field: str
    header: str
    kind: str
    width: float
    hint: str = ""
    required: bool = False
    in_template: bool = True
    aliases: tuple[str, ...] = ()
    # code -> (Korean label, English label); a cell may hold either label or the code.
    choices: Mapping[object, tuple[str, str]] | None = None
    # The value of a blank cell in a ``choice`` column that is not required.
    blank: object = None
    max_length: int | None = None
    wrap: bool = False  # long free text, wrapped in the cell
    # What the guide sheet says in its "필수" column when it is more than yes or no.
    required_note: str = ""

    def __post_init__(self) -> None:
        assert self.kind in KINDS, self.kind
        assert self.kind not in ("choice", "multi") or self.choices, self.field

    @property
    def choice_labels(self) -> list[str]:
        if self.kind == "bool":
            return [YES, NO]
        return [ko for ko, _en in (self.choices or {}).values()]

    @property
    def is_read(self) -> bool:
        """Export-only columns (a computed status) are ignored when a file comes back."""
        return self.kind != "export_only"


def normalize_header(value: object) -> str:
    """A header as compared: no notes in brackets ("성명(필수)"), spaces, stars or case."""
    text = "" if value is None else str(value)
    text = re.sub(r"\(.*?\)|\[.*?\]", "", text)
    return re.sub(r"[\s*]", "", text).lower()


@dataclass(frozen=True)
class SheetSpec:
    """A sheet of one area: its title, columns, guide text, and the column whose header
    marks the header row (a title line or two above it is allowed)."""

    title: str
    columns: tuple[Column, ...]
    anchor: str
    guide_title: str = "안내"
    guide_heading: str = ""
    guide_lines: tuple[str, ...] = ()
    freeze: str = "B2"

    @cached_property
    def by_field(self) -> dict[str, Column]:
        return {c.field: c for c in self.columns}

    @property
    def required_fields(self) -> tuple[str, ...]:
        return tuple(c.field for c in self.columns if c.required)

    @property
    def template_columns(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.in_template)

    @cached_property
    def header_lookup(self) -> dict[str, str]:
        """Normalized header text -> field, for the header, aliases and field code."""
        lookup: dict[str, str] = {}
        for column in self.columns:
            for text in (column.header, *column.aliases, column.field):
                lookup.setdefault(normalize_header(text), column.field)
        return lookup

    def field_for(self, header: object) -> str | None:
        return self.header_lookup.get(normalize_header(header))
