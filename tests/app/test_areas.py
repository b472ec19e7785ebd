"""The area registry is complete and true: every synced table belongs to exactly one
area, every field it names exists, every dotted path it holds loads, and its words are in
the catalogue."""
from __future__ import annotations

import importlib

import pytest

from app.areas import AREAS, SyncPolicy, area_of, load, table, tables
from app.security.permissions import Actor
from db.registry import ALL_SYNCED_MODELS


def test_every_synced_table_belongs_to_exactly_one_area() -> None:
    model_tables = {m.__tablename__ for m in ALL_SYNCED_MODELS}
    declared = [t.name for a in AREAS for t in a.tables]
    assert sorted(declared) == sorted(model_tables)
    assert len(declared) == len(set(declared))


def test_every_named_column_exists() -> None:
    models = {m.__tablename__: m for m in ALL_SYNCED_MODELS}
    for spec in tables().values():
        columns = {c.name for c in models[spec.name].__table__.columns}
        named = set(spec.fields) | {c for c in (spec.name_column, spec.owner_member_column) if c}
        assert named <= columns, (spec.name, named - columns)


def test_dotted_paths_load() -> None:
    for area in AREAS:
        if area.demo_builder:
            assert callable(load(area.demo_builder))
        if area.cli_module:
            assert hasattr(importlib.import_module(area.cli_module), "register")
        if area.tab_factory:
            module, _, name = area.tab_factory.partition(":")
            assert module.startswith("ui.") and name  # app/ never imports ui/: checked by the window


def test_labels_come_from_the_catalogue_in_both_languages() -> None:
    for area in AREAS:
        assert area.label_in("ko") == area.label and area.label_in("en").isascii()
        for spec in area.tables:
            assert spec.label_in("ko") == spec.label
            english = spec.label_in("en")
            assert english != spec.label and english.isascii(), spec.name


def test_personal_member_fields_are_hidden_from_a_viewer_and_sealed() -> None:
    member = table("member")
    assert member is not None
    viewer, coordinator = Actor("v", "viewer"), Actor("c", "coordinator")
    assert {"birth_date", "phone"} <= member.hidden_fields(viewer)
    assert member.hidden_fields(coordinator) == frozenset()
    assert member.field_sync("birth_date") is SyncPolicy.SEALED
    assert member.field_sync("name") is SyncPolicy.TO_CITY
    assert area_of("agenda_item").key == "meetings"


@pytest.mark.parametrize("area", AREAS, ids=lambda a: a.key)
def test_every_area_has_a_change_flag_and_permissions(area) -> None:  # type: ignore[no-untyped-def]
    assert area.change.value == area.key
    assert area.read and area.edit
