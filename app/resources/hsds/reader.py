"""Reading an HSDS tabular package from a folder: which file is which table, each file's
size and encoding, its header against the standard's columns, and its rows as text.

Limits keep a hostile or broken package from exhausting memory: a file over
``MAX_FILE_BYTES`` is refused before it is opened, and a cell over ``MAX_FIELD_CHARS`` stops
the reading of its file (the csv module's own limit, set per read). A header that is not the
standard's (an unknown, repeated or missing required column) is a problem of the whole
file: its rows cannot be trusted to mean what the standard says. Nothing here knows the
directory's rules or the database (``plan`` does).
"""
from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from app.errors import InputRefused, render
from app.resources.hsds import standard as std

# 10,000 services with everything the export writes come to ~6 MB; a city's gathered
# directory of a few hundred councils stays well inside 40 MB a file.
MAX_FILE_BYTES = 40_000_000
# Excel's limit for a cell; the directory's longest text is 4,000 characters.
MAX_FIELD_CHARS = 32_767
DATAPACKAGE = "datapackage.json"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a package: in a file, at a row (1 = the header), in a column."""

    file: str
    row: int | None
    field: str
    code: str
    params: dict[str, object] = field(default_factory=dict)

    def message(self, lang: str = "ko") -> str:
        text = render(self.code, {"field": self.field, **self.params}, lang)
        if self.row is None:
            return f"{self.file}: {text}"
        if lang == "ko":
            return f"{self.file} {self.row}행 '{self.field}' 열: {text}"
        return f"{self.file} row {self.row}, column '{self.field}': {text}"


@dataclass(frozen=True)
class CsvTable:
    table: str
    file: str
    rows: tuple[tuple[int, dict[str, str]], ...]  # (row number as a spreadsheet shows it, cells)


@dataclass(frozen=True)
class RawPackage:
    folder: Path
    tables: dict[str, CsvTable]
    ignored_files: tuple[str, ...]     # CSVs of tables the directory does not keep
    notices: tuple[str, ...]           # message codes said to the person, not errors


def _safe_name(path: object) -> str | None:
    """A resource path that names a file directly inside the package folder."""
    if not isinstance(path, str) or not path or "/" in path or "\\" in path or path in (".", ".."):
        return None
    return path


def _paths(folder: Path) -> tuple[dict[str, str], list[str]]:
    """table -> file name: the standard's names, or those of the package's description."""
    paths = {t: std.table_info(t).path for t in std.TABLES}
    notices: list[str] = []
    described = folder / DATAPACKAGE
    if described.is_file():
        try:
            if described.stat().st_size > MAX_FILE_BYTES:
                raise ValueError("too large")
            resources = json.loads(described.read_text(encoding="utf-8")).get("resources", [])
            for resource in resources:
                name, path = resource.get("name"), _safe_name(resource.get("path"))
                if name in paths and path is not None:
                    paths[name] = path
        except (ValueError, AttributeError, OSError, UnicodeDecodeError):
            # The standard's own example ships its description as a link git did not follow;
            # the standard's file names still say which file is which table.
            notices.append("hsds_bad_datapackage")
    return paths, notices


@contextmanager
def _field_limit(limit: int) -> Iterator[None]:
    before = csv.field_size_limit()
    csv.field_size_limit(limit)
    try:
        yield
    finally:
        csv.field_size_limit(before)


def _read_text(path: Path) -> str:
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise InputRefused("hsds_file_too_large", file=path.name, size=round(size / 1_000_000),
                           limit=MAX_FILE_BYTES // 1_000_000)
    try:
        return path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputRefused("hsds_not_utf8", file=path.name) from exc


def _header_problems(table: str, file: str, header: list[str]) -> list[Problem]:
    info = std.table_info(table)
    problems: list[Problem] = []
    seen: set[str] = set()
    for column in header:
        if column not in info.fields:
            problems.append(Problem(file, 1, column, "hsds_unknown_column",
                                    {"file": file, "column": column, "expected": ", ".join(info.fields)}))
        elif column in seen:
            problems.append(Problem(file, 1, column, "hsds_duplicate_column", {"file": file, "column": column}))
        seen.add(column)
    for column in info.fields:
        if column in info.required and column not in seen and column in ("id", "name", "organization_id", "number",
                                                                             "service_id", "location_id", "link_id",
                                                                             "taxonomy_term_id"):
            problems.append(Problem(file, 1, column, "hsds_missing_column", {"file": file, "column": column}))
    return problems


def read_csv(table: str, path: Path) -> tuple[CsvTable, list[Problem]]:
    """One file's rows, or the problems of its header or shape (then no rows)."""
    text = _read_text(path)
    file = path.name
    rows: list[tuple[int, dict[str, str]]] = []
    problems: list[Problem] = []
    with _field_limit(MAX_FIELD_CHARS):
        reader = csv.reader(text.splitlines(keepends=True), strict=True)
        try:
            header = [h.strip() for h in next(reader, [])]
            problems = _header_problems(table, file, header)
            if problems:
                return CsvTable(table, file, ()), problems
            for values in reader:
                number = reader.line_num
                if not any(v.strip() for v in values):
                    continue
                if len(values) != len(header):
                    problems.append(Problem(file, number, "id", "hsds_wrong_cell_count",
                                            {"count": len(values), "expected": len(header)}))
                    continue
                rows.append((number, dict(zip(header, values))))
        except csv.Error as exc:
            if "field larger than field limit" in str(exc):
                raise InputRefused("hsds_field_too_large_at", file=file, row=reader.line_num,
                                   limit=MAX_FIELD_CHARS) from exc
            raise InputRefused("hsds_bad_csv_at", file=file, row=reader.line_num, detail=str(exc)) from exc
    return CsvTable(table, file, tuple(rows)), problems


def read_raw_package(folder: Path) -> tuple[RawPackage, list[Problem]]:
    """Every table of the package the directory keeps; refuses a folder with none."""
    folder = Path(folder)
    if not folder.is_dir():
        raise InputRefused("hsds_not_a_folder", path=str(folder))
    paths, notices = _paths(folder)
    tables: dict[str, CsvTable] = {}
    problems: list[Problem] = []
    for table in std.IMPORTED:
        path = folder / paths[table]
        if path.is_file():
            tables[table], found = read_csv(table, path)
            problems += found
    if not tables:
        raise InputRefused("hsds_no_tables", path=str(folder))
    known = set(paths.values()) | {DATAPACKAGE}
    ignored = tuple(sorted(p.name for p in folder.glob("*.csv") if p.name not in known))
    return RawPackage(folder, tables, ignored, tuple(notices)), problems
