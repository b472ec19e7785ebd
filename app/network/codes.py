"""Code lists of the Network area (stored codes → Korean and English labels)."""
from __future__ import annotations

from app.codes import Labels

PROJECT_KIND: Labels = {
    "special": ("특화사업", "Special project"),
    "joint": ("공동사업", "Joint project"),
}

# The plan's cycle (지역사회보장계획): drawn up, carried out, evaluated.
PLAN_STATUS: Labels = {
    "planned": ("수립", "Planned"),
    "running": ("시행", "Under way"),
    "evaluated": ("평가", "Evaluated"),
}

# Where a link of the network map comes from (``app.network.sources``).
LINK_KIND: Labels = {
    "joint_project": ("공동사업", "Joint project"),
    "subcommittee": ("같은 분과", "Same subcommittee"),
    "referral": ("의뢰·연계", "Referral"),
    "role_sharing": ("사례회의 역할 분담", "Case conference roles"),
}

# The map's colours of the sectors, shared by the screen and the PDF: blue, green and
# orange stay apart for the common forms of colour blindness, and labels say the rest.
SECTOR_COLORS: dict[str, str] = {
    "public": "#2f6db5",
    "partnership": "#2e9e6a",
    "private": "#e08a1e",
}
