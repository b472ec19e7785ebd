"""The activity report as a PDF (A4 portrait): the title and period, then each section as
a ruled table with its note, a 합계 row where it has one, and 끝. after the last."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from app.reports.activity_report import ActivityReport, Cell, build_activity_report
from app.reports.pdf_common import (Column, DocumentInfo, build_pdf, end_mark, frame_width, para, ruled_table,
                                    scale_widths, styles)
from app.security.audit import record
from app.security.permissions import Permission, require
from db.session import UnitOfWork


def cell_text(value: Cell) -> str:
    if value is None:
        return "-"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.1f}"
    return value


def activity_story(report: ActivityReport) -> list[Flowable]:
    s = styles()
    story: list[Flowable] = [para(f"{report.council} 활동 실적", s.title), para(f"기간: {report.period_text}", s.subtitle)]
    width = frame_width()
    for number, section in enumerate(report.sections, start=1):
        story.append(para(f"{number}. {section.title}", s.heading))
        widths = scale_widths([w for _, w in section.columns], width)
        columns = [Column(h, w, center=i > 0) for i, ((h, _), w) in enumerate(zip(section.columns, widths))]
        rows = [[cell_text(v) for v in row] for row in section.rows]
        if section.total is not None:
            rows.append([cell_text(v) for v in section.total])
        if not rows:
            rows = [["없음"] + [""] * (len(columns) - 1)]
        story.append(ruled_table(columns, rows, blank_mark=False))
        if section.note:
            story.append(para(section.note, s.note))
        story.append(Spacer(0, 3 * mm))
    story.append(end_mark())
    return story


def write_activity_pdf(uow: UnitOfWork, out_path: Path, start: date, end: date, council: str) -> Path:
    require(uow.actor, Permission.PRINT)
    report = build_activity_report(uow, start, end, council)
    info = DocumentInfo(title=f"{council} 활동 실적 ({report.period_text})", author=council, subject="활동 실적",
                        keywords=("활동 실적", council))
    written = build_pdf(out_path, activity_story(report), info)
    record(uow, "print", "joint_project", "", {"document": "활동 실적", "from": start, "to": end,
                                               "file": written.name})
    return written
