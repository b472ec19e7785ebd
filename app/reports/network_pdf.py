"""네트워크 지도: the council's public–private network for a period as a vector PDF (A4
landscape, Nanum fonts embedded): the map with its legend and figures on the first page,
then the separate groups, the isolated organizations and the change since the previous
period as ruled tables.

The graph and its layout come from ``app.network`` (the same coordinates as on screen);
this module only draws them. Fonts, page set-up and the file write are ``pdf_common``'s.
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Spacer, Table

from app import codes
from app.dates import format_date
from app.network import codes as ncodes
from app.network.graph import SECTORS, NetworkMap, network_map
from app.network.layout import FORCE, RINGS, Layout, layout
from app.reports.pdf_common import (LANDSCAPE, SANS, SANS_BOLD, Column, DocumentInfo, Margins, build_pdf,
                                    frame_height, frame_width, para, ruled_table, scale_widths, styles,
                                    table_style)
from app.security.audit import record
from app.security.permissions import Permission, require
from db.session import UnitOfWork

_MARGINS = Margins(top=15 * mm, bottom=15 * mm, left=15 * mm, right=15 * mm)
_PANEL = 72 * mm          # legend and figures beside the map
_GAP = 6 * mm
_TITLE_ROOM = 30 * mm
_LIST_MAX = 14            # names listed beside the map; the full lists follow on the next page
EDGE_COLOR = colors.Color(0.45, 0.45, 0.5)
NEW_EDGE_COLOR = colors.Color(0.75, 0.15, 0.2)


def period_text(start: date, end: date) -> str:
    return f"{format_date(start)} ~ {format_date(end)}"


def sector_label(sector: str) -> str:
    from app.resources import codes as rcodes

    return codes.label(rcodes.SECTOR, sector)


def edge_width(weight: int) -> float:
    """Line width in points: thicker with more records, but never a bar."""
    return 0.5 + 0.9 * math.log2(weight) if weight > 1 else 0.5


class MapDrawing(Flowable):
    """The map itself: links under nodes, nodes as sector-coloured circles, names beside."""

    def __init__(self, view: NetworkMap, placed: Layout, width: float, height: float) -> None:
        super().__init__()
        self.view, self.placed, self.width, self.height = view, placed, width, height

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def _xy(self, node_id: str) -> tuple[float, float]:
        x, y = self.placed.positions[node_id]
        side = min(self.width, self.height) if self.placed.kind == RINGS else None
        if side is not None:
            # Rings are circles: a square area centred in the frame.
            left = (self.width - side) / 2
            return left + x * side, self.height - y * side - (self.height - side) / 2
        return x * self.width, self.height - y * self.height

    def draw(self) -> None:
        c = self.canv
        graph = self.view.graph
        c.saveState()
        c.setStrokeColor(colors.Color(0.8, 0.8, 0.8))
        c.setLineWidth(0.5)
        c.rect(0, 0, self.width, self.height)
        if self.placed.kind == RINGS:
            side = min(self.width, self.height)
            for _sector, radius in self.placed.rings:
                c.setDash(2, 3)
                c.circle(self.width / 2, self.height / 2, radius * side)
            c.setDash()
        if self.placed.isolated_left is not None:
            x = self.placed.isolated_left * self.width
            c.setDash(2, 3)
            c.line(x, 0, x, self.height)
            c.setDash()
            c.setFont(SANS_BOLD, 8)
            c.setFillColor(colors.Color(0.3, 0.3, 0.3))
            c.drawString(x + 2 * mm, self.height - 4 * mm, "아직 연결되지 않은 기관")
        new = set(self.view.change.new_links)
        for edge in graph.edges:
            (x1, y1), (x2, y2) = self._xy(edge.a), self._xy(edge.b)
            c.setStrokeColor(NEW_EDGE_COLOR if edge.key in new else EDGE_COLOR)
            c.setLineWidth(edge_width(edge.weight))
            c.line(x1, y1, x2, y2)
        scale = min(self.width, self.height)
        radius = max(1.6, min(5.0, self.placed.node_size * scale / 2))
        font_size = 6.5 if len(graph.nodes) <= 60 else 5.0 if len(graph.nodes) <= 120 else 4.2
        c.setLineWidth(0.4)
        for node in graph.nodes:
            x, y = self._xy(node.id)
            c.setFillColor(colors.HexColor(ncodes.SECTOR_COLORS.get(node.sector, "#888888")))
            c.setStrokeColor(colors.white)
            c.circle(x, y, radius, stroke=1, fill=1)
            c.setFillColor(colors.black)
            c.setFont(SANS, font_size)
            c.drawString(x + radius + 0.8, y - font_size / 3, node.name)
        c.restoreState()


class LegendSwatch(Flowable):
    """A coloured dot or a line of the legend."""

    def __init__(self, color: colors.Color, line: float | None = None) -> None:
        super().__init__()
        self.color, self.line = color, line
        self.width, self.height = 8 * mm, 4 * mm

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        if self.line is None:
            c.setFillColor(self.color)
            c.setStrokeColor(self.color)
            c.circle(self.width / 2, self.height / 2, 1.6 * mm, stroke=0, fill=1)
        else:
            c.setStrokeColor(self.color)
            c.setLineWidth(self.line)
            c.line(0.5 * mm, self.height / 2, self.width - 0.5 * mm, self.height / 2)


def _link_kinds() -> str:
    """What a link may stand for, as the sources name it (공동사업·같은 분과·…)."""
    return "·".join(korean for korean, _english in ncodes.LINK_KIND.values())


def _legend(view: NetworkMap) -> Table:
    s = styles()
    counts = view.graph.sector_counts()
    rows: list[list[object]] = [
        [LegendSwatch(colors.HexColor(ncodes.SECTOR_COLORS[sector])), para(f"{sector_label(sector)} ({counts[sector]}곳)", s.table_cell)]
        for sector in SECTORS]
    rows += [[LegendSwatch(EDGE_COLOR, edge_width(1)), para(f"연결 1건 ({_link_kinds()})", s.table_cell)],
             [LegendSwatch(EDGE_COLOR, edge_width(4)), para("굵을수록 여러 건 (4건)", s.table_cell)],
             [LegendSwatch(NEW_EDGE_COLOR, edge_width(1)), para("지난 기간에 없던 새 연결", s.table_cell)]]
    table = Table(rows, colWidths=[10 * mm, _PANEL - 10 * mm], hAlign="LEFT")
    table.setStyle(table_style([("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]))
    return table


def figures(view: NetworkMap) -> list[tuple[str, str]]:
    """The map's figures beside it (also the on-screen summary)."""
    g, ch = view.graph, view.change
    links = len(g.edges)
    diff = links - ch.previous_link_count
    return [
        ("기관", f"{len(g.nodes)}곳"),
        ("연결", f"{links}개 (지난 기간 {ch.previous_link_count}개, {diff:+d})"),
        ("연결된 무리", f"{len(g.groups)}개"),
        ("고립 기관", f"{len(g.isolated)}곳 (지난 기간 {ch.previous_isolated_count}곳)"),
        ("새 연결 / 끊긴 연결", f"{len(ch.new_links)}개 / {len(ch.lost_links)}개"),
        ("새로 연결된 기관", f"{len(ch.joined)}곳"),
    ]


def _names(view: NetworkMap, ids: Sequence[str]) -> str:
    shown = [view.graph.node(i).name for i in ids[:_LIST_MAX]]
    rest = len(ids) - len(shown)
    return ", ".join(shown) + (f" 외 {rest}곳" if rest > 0 else "") if shown else "없음"


def _panel(view: NetworkMap) -> list[Flowable]:
    s = styles()
    out: list[Flowable] = [para("범례", s.heading), _legend(view), para("현황", s.heading)]
    rows = [[para(k, s.table_cell), para(v, s.table_cell)] for k, v in figures(view)]
    table = Table(rows, colWidths=[30 * mm, _PANEL - 30 * mm], hAlign="LEFT")
    table.setStyle(table_style([("LEFTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 1),
                                ("BOTTOMPADDING", (0, 0), (-1, -1), 1), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    out.append(table)
    out.append(para("아직 연결되지 않은 기관", s.heading))
    out.append(para(_names(view, view.graph.isolated), s.table_cell))
    return out


def _tables(view: NetworkMap) -> list[Flowable]:
    s = styles()
    g, ch = view.graph, view.change
    width = frame_width(LANDSCAPE, _MARGINS)
    out: list[Flowable] = [PageBreak(), para("연결된 무리", s.heading)]
    group_cols = [Column(h, w, c) for (h, c), w in zip((("무리", True), ("기관 수", True), ("기관", False)),
                                                        scale_widths((10, 12, 120), width))]
    out.append(ruled_table(group_cols, [[str(i), f"{len(grp)}곳", ", ".join(g.node(x).name for x in grp)]
                                        for i, grp in enumerate(g.groups, start=1)]))
    out.append(Spacer(0, 4 * mm))
    out.append(para("아직 연결되지 않은 기관", s.heading))
    iso_cols = [Column(h, w, c) for (h, c), w in zip((("연번", True), ("기관", False), ("구분", True)),
                                                      scale_widths((10, 100, 20), width))]
    out.append(ruled_table(iso_cols, [[str(i), g.node(x).name, sector_label(g.node(x).sector)]
                                      for i, x in enumerate(g.isolated, start=1)]))
    out.append(Spacer(0, 4 * mm))
    names = {n.id: n.name for n in g.nodes}
    change_cols = [Column(h, w, c) for (h, c), w in zip((("변화", True), ("기관", False), ("기관", False)),
                                                         scale_widths((16, 60, 60), width))]
    rows = [["새 연결", names.get(a, a), names.get(b, b)] for a, b in ch.new_links]
    rows += [["끊긴 연결", names.get(a, a), names.get(b, b)] for a, b in ch.lost_links]
    out.append(KeepTogether([para(f"지난 기간({period_text(ch.previous_start, ch.previous_end)}) 대비 변화", s.heading)]))
    out.append(ruled_table(change_cols, rows))
    return out


def network_story(view: NetworkMap, placed: Layout, council: str) -> list[Flowable]:
    s = styles()
    map_width = frame_width(LANDSCAPE, _MARGINS) - _PANEL - _GAP
    map_height = frame_height(LANDSCAPE, _MARGINS) - _TITLE_ROOM
    title = para(f"{council} 네트워크 지도", s.title)
    subtitle = para(f"기간: {period_text(view.graph.start, view.graph.end)} · "
                    f"{'구분별 동심원' if placed.kind == RINGS else '연결 중심 배치'}", s.subtitle)
    body = Table([[MapDrawing(view, placed, map_width, map_height), _panel(view)]],
                 colWidths=[map_width + _GAP, _PANEL], hAlign="LEFT")
    body.setStyle(table_style([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 0),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
    return [title, subtitle, body, *_tables(view)]


def write_network_pdf(uow: UnitOfWork, out_path: Path, start: date, end: date, council: str,
                      kind: str = FORCE, seed: int = 1) -> Path:
    """Write the network map of ``start``..``end`` to ``out_path`` and return the path."""
    require(uow.actor, Permission.PRINT)
    view = network_map(uow, start, end)
    placed = layout(view.graph, kind, seed)
    info = DocumentInfo(title=f"{council} 네트워크 지도 ({period_text(start, end)})", author=council,
                        subject="네트워크 지도", keywords=("네트워크", council))
    written = build_pdf(out_path, network_story(view, placed, council), info, orientation=LANDSCAPE,
                        margins=_MARGINS)
    record(uow, "print", "joint_project", "", {"document": "네트워크 지도", "from": start, "to": end,
                                               "file": written.name})
    return written
