"""The neutral content of a printout: what it says, in which order, with which role
(title, heading, numbered line, table ...), but not how a format draws it.

A document module builds a list of these blocks once (``meeting_content``); the PDF
renderer (``meeting_common.render_pdf_blocks``) and the HWPX renderer
(``app.reports.hwpx.writer``) each turn the same list into their format, so the 한글 file
says exactly what the PDF says, in the same order. No reportlab and no HWPX here.

Paragraph roles are names (``"body"``, ``"heading"``, ``"cover_title"`` ...) that both
renderers look up in one place: the PDF's paragraph styles (``pdf_common.styles`` and
``meeting_common.meeting_styles``), which the HWPX writer reads for font, size, weight,
alignment and spacing too.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from app.reports.numbering import renumber


@dataclass(frozen=True)
class Para:
    """A paragraph of plain text in the paragraph role ``style``; ``end`` puts '끝.' two
    spaces after it (the last sentence of a document)."""

    text: str
    style: str = "body"
    end: bool = False


@dataclass(frozen=True)
class Line:
    """A line at an item level (0: '1.', 1: '가.', 2: '1)' ...) whose first word is its
    label; wrapped lines hang under the text after the label."""

    text: str
    level: int = 0
    end: bool = False


@dataclass(frozen=True)
class Typed:
    """Free text a person typed, renumbered to the levels below ``base_level``
    (``numbering.renumber``); ``end`` closes its last line with '끝.'."""

    text: str
    base_level: int
    end: bool = False


@dataclass(frozen=True)
class KeyValue:
    """A two-column table of a shaded key and its value."""

    rows: tuple[tuple[str, str], ...]
    key_mm: float = 28


@dataclass(frozen=True)
class GridColumn:
    header: str
    weight: float  # widths are proportional to the weights and fill the text width
    center: bool = False


@dataclass(frozen=True)
class Grid:
    """A fully ruled table with a shaded header row; ``blank_mark`` adds the "이하 빈칸"
    row after the last entry."""

    columns: tuple[GridColumn, ...]
    rows: tuple[tuple[str, ...], ...]
    blank_mark: bool = True


@dataclass(frozen=True)
class Signatures:
    """Who signs (role, title, name), each with room for a signature or seal."""

    rows: tuple[tuple[str, str, str], ...]


@dataclass(frozen=True)
class Space:
    """Vertical room between blocks, in millimetres."""

    mm: float


@dataclass(frozen=True)
class PageBreak:
    pass


@dataclass(frozen=True)
class Keep:
    """Blocks that stay on one page: all of them, or only their first ``head`` printed
    lines (an item's heading never ends a page without the lines under it)."""

    blocks: tuple[Block, ...]
    head: int | None = None


Block = Para | Line | Typed | KeyValue | Grid | Signatures | Space | PageBreak | Keep


@dataclass(frozen=True)
class Document:
    """One printout: its blocks and what both formats need to know about the page."""

    title: str  # the file's title property: "<meeting name> 회의록"
    subject: str
    author: str  # the council: the document speaks for the council, not for a user
    blocks: tuple[Block, ...]
    numbered_cover: bool = True  # False: the first page (a booklet's cover) has no number
    keywords: tuple[str, ...] = field(default_factory=tuple)


def has_lines(text: str | None) -> bool:
    """Whether typed text prints any line at all (a blank field prints a placeholder)."""
    return bool(renumber(text or "", 0))


def flatten(blocks: tuple[Block, ...] | list[Block]) -> list[Block]:
    """The blocks with every ``Keep`` opened up, in order."""
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, Keep):
            out.extend(flatten(block.blocks))
        else:
            out.append(block)
    return out


__all__ = [
    "Block", "Document", "Grid", "GridColumn", "Keep", "KeyValue", "Line", "PageBreak", "Para", "Signatures",
    "Space", "Typed", "flatten", "has_lines",
]
