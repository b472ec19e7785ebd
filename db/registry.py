"""Every synced model of every area in one place, for dump, checks and (later) sync."""
from __future__ import annotations

from db.base import SyncedMixin
from db.case_models import CASE_SYNCED_MODELS
from db.donation_models import DONATION_SYNCED_MODELS
from db.meeting_models import MEETING_SYNCED_MODELS
from db.models import SYNCED_MODELS
from db.network_models import NETWORK_SYNCED_MODELS
from db.resource_models import RESOURCE_SYNCED_MODELS

ALL_SYNCED_MODELS: tuple[type[SyncedMixin], ...] = (SYNCED_MODELS + MEETING_SYNCED_MODELS + RESOURCE_SYNCED_MODELS
                                                    + CASE_SYNCED_MODELS + DONATION_SYNCED_MODELS + NETWORK_SYNCED_MODELS)


def synced_model(table_name: str) -> type[SyncedMixin] | None:
    return next((m for m in ALL_SYNCED_MODELS if m.__tablename__ == table_name), None)
