"""Drawing the neutral blocks of ``document_model`` as a 한글 (HWPX) document.

Owns the HWPX page (A4, the PDF's margins, "- 1 -" page numbers at the bottom centre),
the fonts (나눔명조 for running text, 나눔고딕 for titles, headings and tables, each
with the 한컴 font of its kind as the substitute on a PC without Nanum), turning the PDF's
paragraph styles into 한글 paragraph and character shapes, the ruled and key-value tables,
and writing the file atomically after the library's validation.

The format itself is written by ``python-hwpx`` (Apache-2.0): no OWPML by hand. Sizes,
weights, alignment, spacing and hanging indents are read from the very
``ParagraphStyle`` the PDF uses (``meeting_common.paragraph_style`` / ``line_style`` /
``typed_lines``), so the two formats cannot drift apart.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from hwpx import HwpxDocument
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

from app.errors import MESSAGES, AppError, N_
from app.reports import document_model as dm
from app.reports.meeting_common import line_style, paragraph_style, typed_lines
from app.reports.pdf_common import (
    BLANK_MARK, END_MARK, SANS, SANS_BOLD, SERIF, SERIF_BOLD, Margins, frame_width, styles, write_atomically,
)

MESSAGES["hwpx_invalid"] = N_("한글 문서(HWPX)를 만들지 못했습니다({detail}). PDF로 저장하고 이 내용을 관리자에게 알려 주세요.")

# Family names as 한글 lists them; the substitute is the 한컴 font of the same kind, which
# every PC with 한글 has, so a PC without the Nanum fonts still shows 명조 and 고딕.
SERIF_FACE = "나눔명조"
SANS_FACE = "나눔고딕"
_FACES = {SERIF: (SERIF_FACE, False), SERIF_BOLD: (SERIF_FACE, True), SANS: (SANS_FACE, False),
          SANS_BOLD: (SANS_FACE, True)}
_SUBSTITUTES = {SERIF_FACE: "함초롬바탕", SANS_FACE: "함초롬돋움"}
_ALIGN = {TA_CENTER: "CENTER", TA_RIGHT: "RIGHT", TA_JUSTIFY: "JUSTIFY"}

_PT_MM = 25.4 / 72
_HWPUNIT_MM = 7200 / 25.4  # 한글 measures in 1/7200 inch
_HEADER_FILL = "#E0E0E0"
_FOOTER_MM = 10  # the page number sits in the lower half of the PDF's 20 mm bottom margin


@dataclass(frozen=True)
class _Shape:
    """A paragraph shape as 한글 keys it: what ``apply_paragraph_format`` takes."""

    align: str
    spacing: int  # line spacing, % of the font size
    left_mm: float
    first_mm: float
    before_pt: float
    after_pt: float
    page_break: bool = False
    keep_next: bool = False


def _char_key(style: ParagraphStyle) -> tuple[str, bool, float]:
    face, bold = _FACES.get(style.fontName, (SERIF_FACE, False))
    return face, bold, float(style.fontSize)


def _shape(style: ParagraphStyle, *, before_pt: float = 0.0, page_break: bool = False,
           keep_next: bool = False) -> _Shape:
    return _Shape(
        align=_ALIGN.get(style.alignment, "LEFT"),
        spacing=round(style.leading / style.fontSize * 100),
        left_mm=round((style.leftIndent + min(style.firstLineIndent, 0)) * _PT_MM, 2),
        # 한글's 내어쓰기: the first line starts left of the others by the label's width.
        first_mm=round(style.firstLineIndent * _PT_MM, 2),
        before_pt=round(style.spaceBefore + before_pt, 1),
        after_pt=round(style.spaceAfter, 1),
        page_break=page_break,
        keep_next=keep_next,
    )


class HwpxWriter:
    """One HWPX document being drawn from blocks. Shapes are made once per distinct look
    and shared by id, as 한글 itself does, which keeps the file small and quick to write."""

    def __init__(self) -> None:
        self.doc = HwpxDocument.new()
        margins = Margins()
        self.doc.page.setup(
            paper_size="A4", orientation="portrait",
            margin_left_mm=margins.left / mm, margin_right_mm=margins.right / mm,
            margin_top_mm=margins.top / mm, margin_bottom_mm=margins.bottom / mm - _FOOTER_MM,
            header_margin_mm=0, footer_margin_mm=_FOOTER_MM,
        )
        for face, substitute in _SUBSTITUTES.items():
            self.doc.styles.ensure_font(face, subst_face=substitute, subst_type="TTF")
        self._base_para = self.doc.paragraphs[0].para_pr_id_ref
        self._chars: dict[tuple[str, bool, float], str] = {}
        self._shapes: dict[_Shape, str] = {}
        self._first = True  # the new document's empty first paragraph takes the first text
        self._pending_mm = 0.0  # room asked for by Space blocks, given to the next paragraph
        self._page_break = False
        self.text_width_mm = frame_width() / mm

    # ------------------------------------------------------------ shapes

    def char(self, style: ParagraphStyle) -> str:
        key = _char_key(style)
        if key not in self._chars:
            face, bold, size = key
            self._chars[key] = self.doc.styles.ensure_run(font=face, size=size, bold=bold, italic=False,
                                                          underline=False)
        return self._chars[key]

    def _apply_shape(self, paragraph, shape: _Shape) -> None:
        known = self._shapes.get(shape)
        if known is not None:
            paragraph.para_pr_id_ref = known
            return
        paragraph.para_pr_id_ref = self._base_para
        self.doc.styles.apply_paragraph_format(
            paragraphs=[paragraph], alignment=shape.align, line_spacing_percent=shape.spacing,
            indent_left_mm=shape.left_mm, first_line_indent_mm=shape.first_mm,
            spacing_before_pt=shape.before_pt, spacing_after_pt=shape.after_pt,
            page_break_before=shape.page_break, keep_with_next=shape.keep_next,
        )
        self._shapes[shape] = paragraph.para_pr_id_ref

    # ------------------------------------------------------------ paragraphs

    def paragraph(self, text: str, style: ParagraphStyle, *, end: bool = False, keep_next: bool = False) -> None:
        # A PDF needs no-break spaces to keep two spaces; 한글 keeps every space typed.
        body = text.replace("\u00a0", " ") + (f"  {END_MARK}" if end else "")
        char = self.char(style)
        shape = _shape(style, before_pt=self._take_space(), page_break=self._take_break(), keep_next=keep_next)
        for index, part in enumerate(body.split("\n")):
            if self._first:
                paragraph = self.doc.paragraphs[0]
                paragraph.text = part
                paragraph.char_pr_id_ref = char
                self._first = False
            else:
                paragraph = self.doc.add_paragraph(part, char_pr_id_ref=char, inherit_style=False)
            self._apply_shape(paragraph, shape if index == 0 else _shape(style, keep_next=keep_next))

    def _take_space(self) -> float:
        pending, self._pending_mm = self._pending_mm, 0.0
        return pending / _PT_MM

    def _take_break(self) -> bool:
        pending, self._page_break = self._page_break, False
        return pending

    def _table_anchor(self) -> None:
        """Space or a page break asked for before a table goes to an empty paragraph."""
        if self._pending_mm or self._page_break or self._first:
            self.paragraph("", styles().note)

    # ------------------------------------------------------------ tables

    def table(self, widths_mm: list[float], rows: list[list[tuple[str, ParagraphStyle]]], *,
              header_rows: int = 0, shaded_columns: tuple[int, ...] = (), blank_mark: bool = False,
              ruled: bool = True, underline_column: int | None = None) -> None:
        self._table_anchor()
        count = len(rows) + (1 if blank_mark else 0)
        grid = self.doc.styles.ensure_border_fill(border_color="#000000", border_width="0.12 mm")
        none = self.doc.styles.ensure_border_fill(border_color="#000000", active_borders=[])
        table = self.doc.add_table(count, len(widths_mm), width=round(sum(widths_mm) * _HWPUNIT_MM),
                                   border_fill_id_ref=grid if ruled else none)
        table.set_column_widths(widths_mm)
        shaded = self.doc.styles.ensure_border_fill(border_color="#000000", border_width="0.12 mm",
                                                    fill_color=_HEADER_FILL)
        underline = self.doc.styles.ensure_border_fill(border_color="#000000", border_width="0.12 mm",
                                                       active_borders=["bottom"])
        for r, row in enumerate(rows):
            for c, (text, style) in enumerate(row):
                cell = table.cell(r, c)
                if ruled and (r < header_rows or c in shaded_columns):
                    table.set_cell_border_fill(r, c, shaded)
                elif not ruled:
                    table.set_cell_border_fill(r, c, underline if c == underline_column else none)
                self._cell_text(cell, text, style)
        if blank_mark:
            last = len(rows)
            merged = table.merge_cells(last, 0, last, len(widths_mm) - 1)
            self._cell_text(merged, BLANK_MARK, styles().table_cell_center)

    def _cell_text(self, cell, text: str, style: ParagraphStyle) -> None:
        lines = text.split("\n") if text else [""]
        paragraph = cell.paragraphs[0]
        paragraph.text = lines[0]
        for extra in lines[1:]:
            cell.add_paragraph(extra)
        char = self.char(style)
        for paragraph in cell.paragraphs:
            paragraph.char_pr_id_ref = char
            self._apply_shape(paragraph, _shape(style))

    # ------------------------------------------------------------ the document

    def finish(self, numbered_cover: bool) -> bytes:
        footer = self.doc.page.set_page_number(prefix="- ", suffix=" -", align="CENTER")
        char = self.char(styles().footer)
        for paragraph in footer.paragraphs:
            paragraph.char_pr_id_ref = char
        if not numbered_cover:
            self.doc.page.set_visibility(hide_first_footer=True)
        report = self.doc.validate()
        errors = [issue for issue in report.issues if getattr(issue, "level", "error") == "error"]
        if errors:
            raise AppError("hwpx_invalid", detail="; ".join(str(e) for e in errors[:3]))
        return self.doc.to_bytes()


# ---------------------------------------------------------------- blocks

def draw(writer: HwpxWriter, blocks: tuple[dm.Block, ...] | list[dm.Block], *, keep: bool = False) -> None:
    for block in blocks:
        _draw(writer, block, keep)


def _draw(w: HwpxWriter, block: dm.Block, keep: bool) -> None:
    s = styles()
    if isinstance(block, dm.Para):
        w.paragraph(block.text, paragraph_style(block.style), end=block.end, keep_next=keep)
    elif isinstance(block, dm.Line):
        w.paragraph(block.text, line_style(block.text, block.level), end=block.end, keep_next=keep)
    elif isinstance(block, dm.Typed):
        for text, style, last in typed_lines(block.text, block.base_level, end=block.end):
            w.paragraph(text, style, end=last, keep_next=keep)
    elif isinstance(block, dm.KeyValue):
        key = block.key_mm
        w.table([key, w.text_width_mm - key], [[(k, s.table_header), (v, s.table_cell)] for k, v in block.rows],
                shaded_columns=(0,))
    elif isinstance(block, dm.Grid):
        total = sum(c.weight for c in block.columns)
        widths = [w.text_width_mm * c.weight / total for c in block.columns]
        header = [(c.header, s.table_header) for c in block.columns]
        body = [[(value, s.table_cell_center if c.center else s.table_cell) for value, c in zip(row, block.columns)]
                for row in block.rows]
        w.table(widths, [header, *body], header_rows=1, blank_mark=block.blank_mark)
    elif isinstance(block, dm.Signatures):
        cell = paragraph_style("sign_cell")
        w.table([20, 38, 30, 18], [[(who, cell), (title, cell), (name, cell), ("(서명)", cell)]
                                   for who, title, name in block.rows], ruled=False, underline_column=2)
    elif isinstance(block, dm.Space):
        w._pending_mm += block.mm
    elif isinstance(block, dm.PageBreak):
        w._pending_mm = 0.0
        w._page_break = True
    elif isinstance(block, dm.Keep):
        # 한글 keeps a paragraph with the next one; the last of the group may break after it.
        inner = dm.flatten(block.blocks)
        kept = inner if block.head is None else inner[:block.head]
        draw(w, kept[:-1], keep=True)
        draw(w, kept[-1:] + inner[len(kept):], keep=keep)
    else:
        raise TypeError(block)


def render_hwpx(document: dm.Document) -> bytes:
    """The document as the bytes of a validated HWPX file."""
    writer = HwpxWriter()
    draw(writer, document.blocks)
    return writer.finish(document.numbered_cover)


def build_hwpx(out_path: Path, document: dm.Document) -> Path:
    """Render ``document`` and write it atomically (``InputRefused("write_failed")`` on a bad folder)."""
    return write_atomically(Path(out_path), render_hwpx(document))


__all__ = ["SANS_FACE", "SERIF_FACE", "HwpxWriter", "build_hwpx", "draw", "render_hwpx"]
