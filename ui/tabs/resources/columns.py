"""The 지역자원 tab's words and looks, declared once: the service list's columns (with the
order each one sorts by in SQL), the filters and their code lists, and the colours of rows."""
from __future__ import annotations

from PySide6.QtGui import QColor

from app import codes
from app.resources import codes as rcodes
from app.resources.pages import ServiceRow
from ui.i18n import N_
from ui.table_model import CENTER, RIGHT, Column
from ui.tabs.member_columns import fmt

DUE_BACKGROUND = QColor("#fff1c9")      # not verified within the re-check period
CLOSED_FOREGROUND = QColor("#8a5a00")   # temporarily closed
INACTIVE_FOREGROUND = QColor("#8a8a8a")

# Widths in average Hangul characters; a longer value is cut short with … and shown whole
# in the detail panel.
COLUMN_CHARS = {"name": 10.5, "organization": 9, "kind": 5, "areas": 5, "targets": 6.5, "status": 4,
                "capacity": 7, "verified": 6}


def capacity_text(row: ServiceRow, lang: str) -> str:
    """``12/30 명``: places in use of the total (only the use when there is no fixed limit)."""
    unit = f" {row.capacity_unit}" if row.capacity_unit else ""
    if row.capacity is None:
        return f"{row.current_use}{unit}" if row.current_use else ""
    return f"{row.current_use}/{row.capacity}{unit}"


def _labels(labels: codes.Labels, chosen: tuple[str, ...], lang: str) -> str:
    return ", ".join(codes.label(labels, c, lang) for c in chosen)


# (column, the SQL order it sorts by: ``app.resources.pages.ORDERS``; None: not sortable)
SERVICE_COLUMNS: tuple[tuple[Column[ServiceRow], str | None], ...] = (
    (Column("name", "서비스명", "Service", lambda r, l: r.name, tooltip=lambda r, l: r.name), "name"),
    (Column("organization", "제공 기관", "Organization", lambda r, l: r.organization_name,
            tooltip=lambda r, l: r.organization_name), "organization"),
    (Column("kind", "유형", "Kind", lambda r, l: codes.label(rcodes.RESOURCE_KIND, r.resource_kind, l)), "kind"),
    (Column("areas", "분야", "Areas", lambda r, l: _labels(codes.SERVICE_AREA, r.service_areas, l),
            tooltip=lambda r, l: _labels(codes.SERVICE_AREA, r.service_areas, l)), None),
    (Column("targets", "대상", "For", lambda r, l: _labels(rcodes.TARGET_GROUP, r.target_groups, l),
            tooltip=lambda r, l: _labels(rcodes.TARGET_GROUP, r.target_groups, l)), None),
    (Column("status", "상태", "Status", lambda r, l: codes.label(rcodes.SERVICE_STATUS, r.status, l),
            align=CENTER), "status"),
    (Column("capacity", "이용/정원", "Use/capacity", capacity_text, align=RIGHT), None),
    (Column("verified", "최근 확인", "Verified", lambda r, l: fmt(r.last_verified_on, l), align=CENTER), "verified"),
)

# The filters above the list: (key, Korean label, code list); the first item of each is 전체.
FILTERS: tuple[tuple[str, str, codes.Labels], ...] = (
    ("service_area", N_("분야"), codes.SERVICE_AREA),
    ("kind", N_("유형"), rcodes.RESOURCE_KIND),
    ("target_group", N_("대상"), rcodes.TARGET_GROUP),
    ("sector", N_("기관 구분"), rcodes.SECTOR),
    ("status", N_("상태"), rcodes.SERVICE_STATUS),
)
ALL_ITEMS = N_("전체")
