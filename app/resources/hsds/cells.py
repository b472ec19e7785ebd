"""One HSDS row's cells read by the standard's column types (UUIDs, numbers, dates, code
values), with every text through the project's guards: formula-like text refused unless
escaped with an apostrophe (as the export writes it), control characters and
주민등록번호 refused (``app.text_rules``). Only the columns the directory keeps are read;
the others of the standard are accepted and left alone.
"""
from __future__ import annotations

import re
from datetime import date, datetime

from app.resources.hsds import standard as std
from app.resources.hsds.reader import Problem
from app.text_rules import is_formula_like, text_problem

# The columns of each table the directory keeps (the others are read past).
USED: dict[str, tuple[str, ...]] = {
    "organization": ("id", "name", "description", "email", "website"),
    "service": ("id", "organization_id", "name", "description", "status", "application_process", "fees_description",
                "eligibility_description", "minimum_age", "maximum_age", "assured_date", "alert", "last_modified"),
    "location": ("id", "organization_id", "name", "description", "latitude", "longitude"),
    "address": ("id", "location_id", "address_1", "address_2", "city", "region", "state_province", "postal_code",
                "country"),
    "service_at_location": ("id", "service_id", "location_id", "description"),
    "contact": ("id", "organization_id", "service_id", "location_id", "name", "title", "department", "email"),
    "phone": ("id", "organization_id", "service_id", "location_id", "contact_id", "number", "extension", "type",
              "description"),
    "schedule": ("id", "service_id", "description"),
    "service_area": ("id", "service_id", "name"),
    "taxonomy": ("id", "name"),
    "taxonomy_term": ("id", "code", "name", "description", "parent_id", "taxonomy", "taxonomy_id"),
    "attribute": ("id", "link_id", "taxonomy_term_id", "link_entity", "value"),
}


_KEEP_DIGITS = frozenset({"latitude", "longitude", "extension"})
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
# Only text with a digit (a 주민등록번호) or an unusual character needs the full guard; most
# cells of a large package have neither, and the guard's patterns cost ~10 us a cell.
_GUARDED = re.compile("[0-9\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff\uff10-\uff19]")


def read_text(value: str) -> tuple[str, str | None]:
    """(text, problem code): an apostrophe the export put before formula-like text comes
    off; formula-like text that arrives bare is refused."""
    if value.startswith("'") and is_formula_like(value[1:]):
        return value[1:], None
    if is_formula_like(value):
        return value, "hsds_formula_text"
    return value, None


def _number(text: str) -> int | float:
    number = float(text)
    if number != number or number in (float("inf"), float("-inf")):
        raise ValueError(text)
    return int(number) if number.is_integer() else number


def typed_row(table: str, file: str, row: int, cells: dict[str, str]) -> tuple[dict[str, object], list[Problem]]:
    """The used cells of one row, typed; a problem for each that is not what the standard says."""
    info = std.table_info(table)
    values: dict[str, object] = {}
    problems: list[Problem] = []

    def fail(column: str, code: str, **params: object) -> None:
        problems.append(Problem(file, row, column, code, dict(params)))

    for column in USED[table]:
        raw = cells.get(column, "")
        text = raw.strip()
        if not text:
            if column in info.required:
                fail(column, "required")
            continue
        kind, form = info.types.get(column, "string"), info.formats.get(column)
        try:
            if form == "uuid":
                if not _UUID.fullmatch(text):
                    raise ValueError(text)
                values[column] = text.lower()
            elif kind == "number":
                number = _number(text)
                # Stored as text (coordinates, an extension): the digits as typed, 127.4890 not 127.489.
                values[column] = text if column in _KEEP_DIGITS else number
            elif kind == "date":
                values[column] = date.fromisoformat(text) if len(text) == 10 else _bad_date(text)
            elif kind == "datetime":
                values[column] = datetime.fromisoformat(text.replace("Z", "+00:00"))
            else:
                value, problem = read_text(raw if "\n" in raw else text)
                if problem is None:
                    refused = text_problem(column, value, multiline=True) if _GUARDED.search(value) else None
                    if refused is not None:
                        fail(column, refused.code, **refused.params)
                        continue
                    if column in info.enums and value not in info.enums[column]:
                        fail(column, "hsds_invalid_value", value=value[:40], allowed=", ".join(info.enums[column]))
                        continue
                    values[column] = value
                else:
                    fail(column, problem)
        except ValueError:
            if form == "uuid":
                fail(column, "hsds_not_uuid", value=text[:40])
            elif kind in ("date", "datetime"):
                fail(column, "invalid_date", value=text[:40])
            else:
                fail(column, "invalid_number", value=text[:40])
    return values, problems


def _bad_date(text: str) -> date:
    raise ValueError(text)
