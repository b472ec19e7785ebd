"""The shared reportlab base for every CouncilDesk printout.

Owns: registering the bundled Nanum fonts, the paragraph styles (명조 body, 고딕 headings
and tables), the A4 document builder (page numbers "- 1 -" bottom centre, metadata,
reproducible output), the ruled table with its "이하 빈칸" row, the "끝." mark, and the
atomic file write that turns an ``OSError`` into ``InputRefused("write_failed")``.

Report modules (roster, certificate, and later meeting notices, agendas, minutes and
attendance sheets) build a list of flowables with these helpers and hand it to
``build_pdf``; they never touch fonts, page setup or files themselves.
"""
from __future__ import annotations

import io
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph, Table, TableStyle

from app.atomic_file import write_atomic
from app.errors import InputRefused
from app.paths import font_path

# ---------------------------------------------------------------- fonts

SERIF = "NanumMyeongjo"
SERIF_BOLD = "NanumMyeongjoBold"
SANS = "NanumGothic"
SANS_BOLD = "NanumGothicBold"
_FONT_FILES = {SERIF: "NanumMyeongjo.ttf", SERIF_BOLD: "NanumMyeongjoBold.ttf",
               SANS: "NanumGothic.ttf", SANS_BOLD: "NanumGothicBold.ttf"}
_font_lock = threading.Lock()
_fonts_registered = False


def register_fonts() -> None:
    """Register the Nanum fonts with reportlab once per process.

    Embedded TrueType subsets are what make Hangul print the same on every PC; the
    standard PDF fonts have no Hangul at all. Families are registered so that ``<b>`` in
    a paragraph switches to the bold file instead of a faked bold.
    """
    global _fonts_registered
    with _font_lock:  # PDF batches may run on the database worker while the UI prints one.
        if _fonts_registered:
            return
        for name, file_name in _FONT_FILES.items():
            pdfmetrics.registerFont(TTFont(name, str(font_path(file_name))))
        for regular, bold in ((SERIF, SERIF_BOLD), (SANS, SANS_BOLD)):
            pdfmetrics.registerFontFamily(regular, normal=regular, bold=bold, italic=regular, boldItalic=bold)
        _fonts_registered = True


# ---------------------------------------------------------------- styles

# Korean documents are set with about 160 % line spacing (한글 default); tables tighter.
_BODY_LEADING = 1.6
_TABLE_LEADING = 1.3


@dataclass(frozen=True)
class Styles:
    """The paragraph styles of all printouts: 명조 for running text, 고딕 for structure."""

    title: ParagraphStyle
    subtitle: ParagraphStyle
    heading: ParagraphStyle
    body: ParagraphStyle
    body_center: ParagraphStyle
    body_right: ParagraphStyle
    note: ParagraphStyle
    table_header: ParagraphStyle
    table_cell: ParagraphStyle
    table_cell_center: ParagraphStyle
    footer: ParagraphStyle


def make_style(name: str, font: str, size: float, leading: float = _BODY_LEADING, align: int = TA_LEFT,
               **extra: object) -> ParagraphStyle:
    """A paragraph style in one of the Nanum fonts; ``leading`` is a multiple of ``size``."""
    register_fonts()
    # bulletFontName too: its default is Helvetica, which would be referenced (not embedded).
    return ParagraphStyle(name, fontName=font, bulletFontName=font, fontSize=size,
                          leading=round(size * leading, 1), alignment=align, **extra)


@cache
def styles() -> Styles:
    """The shared styles. Cached and shared: derive a new style with ``make_style`` or
    ``ParagraphStyle(parent=...)`` instead of changing one of these."""
    return Styles(
        title=make_style("cd_title", SANS_BOLD, 18, 1.4, TA_CENTER, spaceAfter=4 * mm),
        subtitle=make_style("cd_subtitle", SANS, 11, 1.4, TA_RIGHT, spaceAfter=3 * mm),
        heading=make_style("cd_heading", SANS_BOLD, 12.5, 1.4, spaceBefore=3 * mm, spaceAfter=2 * mm),
        body=make_style("cd_body", SERIF, 11, _BODY_LEADING),
        body_center=make_style("cd_body_center", SERIF, 11, _BODY_LEADING, TA_CENTER),
        body_right=make_style("cd_body_right", SERIF, 11, _BODY_LEADING, TA_RIGHT),
        note=make_style("cd_note", SERIF, 9, 1.4),
        table_header=make_style("cd_th", SANS_BOLD, 9, _TABLE_LEADING, TA_CENTER),
        table_cell=make_style("cd_td", SANS, 8.5, _TABLE_LEADING),
        table_cell_center=make_style("cd_td_c", SANS, 8.5, _TABLE_LEADING, TA_CENTER),
        footer=make_style("cd_footer", SERIF, 9, 1.2, TA_CENTER),
    )


def para(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text: escaped, because names may contain '&' or '<'.

    A newline in ``text`` becomes a line break (several short items in one table cell).
    """
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def markup(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph whose text is already reportlab markup (``<b>``, ``<font>``, ``<br/>``)."""
    return Paragraph(text, style)


def spaced(text: str, gap: str = " ") -> str:
    """'위촉장' → '위 촉 장': the letter-spaced titles of certificates and forms."""
    return gap.join(text.replace(" ", ""))


# ---------------------------------------------------------------- body conventions

END_MARK = "끝."
BLANK_MARK = "이하 빈칸"
_TWO_SPACES = "&nbsp;&nbsp;"


def with_end_mark(text: str, style: ParagraphStyle) -> Paragraph:
    """The last sentence of a body, followed by two spaces and '끝.' (행정업무규정)."""
    return Paragraph(f"{escape(text)}{_TWO_SPACES}{END_MARK}", style)


def end_mark(style: ParagraphStyle | None = None) -> Paragraph:
    """'끝.' on its own line, one character in from the margin, for a body that ends with a
    table filled to its last row. A table that stops part-way ends with the "이하 빈칸" row
    of ``ruled_table`` instead, and then takes no '끝.' (행정업무운영 편람)."""
    base = style or styles().body
    return Paragraph(f"&nbsp;{END_MARK}", base)


# ---------------------------------------------------------------- tables

GRID_COLOR = colors.black
HEADER_FILL = colors.Color(0.88, 0.88, 0.88)

CellValue = str | Flowable


@dataclass(frozen=True)
class Column:
    """One column of a ruled table: its header, width, and whether its cells are centred."""

    header: str
    width: float
    center: bool = False


def ruled_table(columns: Sequence[Column], rows: Sequence[Sequence[CellValue]], *,
                blank_mark: bool = True, repeat_header: bool = True) -> Table:
    """A fully ruled table with a shaded 고딕 header row repeated on every page.

    ``blank_mark`` adds the "이하 빈칸" row after the last entry: the convention for a
    table whose entries stop before the form does, so nothing can be added later.
    """
    s = styles()
    data: list[list[CellValue]] = [[para(c.header, s.table_header) for c in columns]]
    for row in rows:
        data.append([_cell(value, column, s) for value, column in zip(row, columns, strict=True)])
    commands: list[tuple] = [
        ("GRID", (0, 0), (-1, -1), 0.5, GRID_COLOR),
        ("BOX", (0, 0), (-1, -1), 1.0, GRID_COLOR),
        ("LINEBELOW", (0, 0), (-1, 0), 1.0, GRID_COLOR),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2.2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3.2),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    if blank_mark:
        data.append([para(BLANK_MARK, s.table_cell_center)] + [""] * (len(columns) - 1))
        commands.append(("SPAN", (0, -1), (-1, -1)))
    table = Table(data, colWidths=[c.width for c in columns], repeatRows=1 if repeat_header else 0,
                  hAlign="CENTER")
    table.setStyle(table_style(commands))
    return table


def table_style(commands: Sequence[tuple], font: str = SANS, size: float = 8.5) -> TableStyle:
    """A ``TableStyle`` whose default cell font is a Nanum font.

    Use it for every table: reportlab sets plain-string cells (even empty spanned ones)
    in Helvetica, which would put a non-embedded, Hangul-less font into the PDF.
    """
    return TableStyle([("FONT", (0, 0), (-1, -1), font, size), *commands])


def _cell(value: CellValue, column: Column, s: Styles) -> Flowable | str:
    if isinstance(value, Flowable):
        return value
    # Paragraphs, not bare strings, so long text wraps inside the column.
    return para(value, s.table_cell_center if column.center else s.table_cell)


def scale_widths(weights: Sequence[float], total: float) -> list[float]:
    """Column widths proportional to ``weights`` that fill ``total`` exactly."""
    whole = sum(weights)
    return [total * w / whole for w in weights]


# ---------------------------------------------------------------- the document

PORTRAIT = "portrait"
LANDSCAPE = "landscape"

PageDecorator = Callable[[Canvas, BaseDocTemplate], None]


@dataclass(frozen=True)
class Margins:
    """Page margins in points. The defaults follow the 공문서 layout (위 30, 아래 15 + page
    number, 왼쪽 20, 오른쪽 15 mm) loosened slightly so the page number never crowds text."""

    top: float = 25 * mm
    bottom: float = 20 * mm
    left: float = 20 * mm
    right: float = 15 * mm


@dataclass(frozen=True)
class DocumentInfo:
    """What goes into the PDF's document properties."""

    title: str
    author: str  # the council's name: the document speaks for the council, not for a user
    subject: str = ""
    keywords: tuple[str, ...] = field(default_factory=tuple)


def page_size(orientation: str = PORTRAIT) -> tuple[float, float]:
    if orientation not in (PORTRAIT, LANDSCAPE):
        raise ValueError(orientation)
    return landscape(A4) if orientation == LANDSCAPE else A4


def frame_width(orientation: str = PORTRAIT, margins: Margins = Margins()) -> float:
    """The usable width between the margins, for sizing tables."""
    return page_size(orientation)[0] - margins.left - margins.right


def frame_height(orientation: str = PORTRAIT, margins: Margins = Margins()) -> float:
    return page_size(orientation)[1] - margins.top - margins.bottom


def draw_page_number(canvas: Canvas, doc: BaseDocTemplate) -> None:
    """'- 1 -' centred in the bottom margin."""
    width, _ = doc.pagesize
    canvas.saveState()
    canvas.setFont(SERIF, 9)
    canvas.drawCentredString(width / 2, doc.bottomMargin / 2, f"- {canvas.getPageNumber()} -")
    canvas.restoreState()


def render_pdf(story: Sequence[Flowable], info: DocumentInfo, *, orientation: str = PORTRAIT,
               margins: Margins = Margins(), page_numbers: bool = True,
               decorate: PageDecorator | None = None, numbered_cover: bool = True) -> bytes:
    """Lay out ``story`` on A4 and return the PDF bytes.

    ``invariant`` fixes the creation date and document ID, so the same input gives the
    same bytes (golden-file tests, and no spurious changes when a file is re-exported).
    ``decorate`` draws on every page beneath the text (borders, 대외비 marks).
    ``numbered_cover=False`` leaves the first page (a booklet's cover) without a number.
    """
    register_fonts()
    size = page_size(orientation)
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer, pagesize=size, leftMargin=margins.left, rightMargin=margins.right,
        topMargin=margins.top, bottomMargin=margins.bottom,
        title=info.title, author=info.author, subject=info.subject, keywords=list(info.keywords),
        creator="CouncilDesk (협의체 데스크)", producer="CouncilDesk", lang="ko-KR",
        invariant=1, initialFontName=SERIF,
    )
    frame = Frame(margins.left, margins.bottom, size[0] - margins.left - margins.right,
                  size[1] - margins.top - margins.bottom, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)

    def on_page(canvas: Canvas, document: BaseDocTemplate) -> None:
        if decorate is not None:
            decorate(canvas, document)
        if page_numbers and (numbered_cover or canvas.getPageNumber() > 1):
            draw_page_number(canvas, document)

    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=on_page)])
    doc.build(list(story))
    return buffer.getvalue()


def build_pdf(out_path: Path, story: Sequence[Flowable], info: DocumentInfo, *,
              orientation: str = PORTRAIT, margins: Margins = Margins(), page_numbers: bool = True,
              decorate: PageDecorator | None = None, numbered_cover: bool = True) -> Path:
    """Render ``story`` (see ``render_pdf``) and write it atomically to ``out_path``."""
    data = render_pdf(story, info, orientation=orientation, margins=margins,
                      page_numbers=page_numbers, decorate=decorate, numbered_cover=numbered_cover)
    return write_atomically(Path(out_path), data)


# ---------------------------------------------------------------- files

def write_atomically(out_path: Path, data: bytes) -> Path:
    """Write ``data`` to ``out_path`` all or nothing (``app.atomic_file.write_atomic``).

    A crash or a full disk never leaves half a PDF under the real name, and an older copy
    stays intact until the new one is complete. Raises ``InputRefused("write_failed")``
    with a Korean hint when the folder is missing or read-only or the file is open.
    """
    out_path = Path(out_path)
    try:
        return write_atomic(out_path, data)
    except OSError as error:
        raise InputRefused("write_failed", path=str(out_path), detail=_write_hint(error)) from error


def _write_hint(error: OSError) -> str:
    if isinstance(error, FileNotFoundError):
        return "저장할 폴더가 없습니다. 다른 폴더를 고르세요."
    if isinstance(error, IsADirectoryError):
        return "같은 이름의 폴더가 있습니다. 다른 파일 이름을 쓰세요."
    if isinstance(error, PermissionError):
        return "쓰기 권한이 없거나 파일이 다른 프로그램에서 열려 있습니다. 파일을 닫거나 다른 폴더를 고르세요."
    return error.strerror or str(error)


__all__ = [
    "BLANK_MARK", "Column", "DocumentInfo", "END_MARK", "LANDSCAPE", "Margins", "PORTRAIT",
    "SANS", "SANS_BOLD", "SERIF", "SERIF_BOLD", "Styles", "build_pdf", "draw_page_number",
    "end_mark", "frame_height", "frame_width", "make_style", "markup", "page_size", "para", "register_fonts",
    "render_pdf", "ruled_table", "scale_widths", "spaced", "styles", "table_style", "with_end_mark",
    "write_atomically",
]
