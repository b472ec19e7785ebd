"""Code lists of the Resources area (stored codes → Korean and English labels), from
domain.md "Resources (지역자원)". The eight service areas are ``app.codes.SERVICE_AREA``."""
from __future__ import annotations

from app.codes import Labels

SECTOR: Labels = {
    "public": ("공공", "Public"),
    "private": ("민간", "Private"),
    "partnership": ("민관협력", "Public-private"),
}

RESOURCE_KIND: Labels = {
    "human": ("인적", "People"),
    "material": ("물적", "Goods"),
    "financial": ("재정", "Money"),
    "facility": ("기관·시설", "Facility"),
    "program": ("서비스·프로그램", "Service or programme"),
    "information": ("정보", "Information"),
}

TARGET_GROUP: Labels = {
    "elderly": ("노인", "Older people"),
    "living_alone": ("홀몸어르신", "Older people living alone"),
    "children": ("아동", "Children"),
    "youth": ("청소년", "Young people"),
    "disabled": ("장애인", "Disabled people"),
    "single_parent": ("한부모가족", "Single-parent families"),
    "multicultural": ("다문화가족", "Multicultural families"),
    "low_income": ("저소득층", "Low-income households"),
    "everyone": ("주민 전체", "All residents"),
}

# A service's own status; an organization that closed down shows all its services inactive.
SERVICE_STATUS: Labels = {
    "active": ("운영", "Active"),
    "temporarily_closed": ("일시 중단", "Temporarily closed"),
    "inactive": ("운영 종료", "Inactive"),
}
ORGANIZATION_STATUS: Labels = {
    "active": ("운영", "Active"),
    "inactive": ("운영 종료", "Inactive"),
}

# The donations ledger (후원금품).
DONOR_KIND: Labels = {
    "person": ("개인", "Person"),
    "organization": ("단체·기관", "Organization"),
    "anonymous": ("익명", "Anonymous"),
}
DONATION_KIND: Labels = {
    "cash": ("후원금", "Money"),
    "goods": ("후원품", "Goods"),
}
