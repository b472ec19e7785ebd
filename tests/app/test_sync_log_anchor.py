"""The access-log head of each council device is anchored at the city: every package a
device writes carries its head, the city keeps the newest per device and writes it back,
and a device whose newest log rows were removed is told at the next import (the package
still applies) and by ``councildesk check`` from then on."""
from __future__ import annotations

import json

from sqlalchemy import text

from app.maintenance import check_database
from app.sync import export_package, import_packages
from app.sync.package import open_payload, read_envelope, verify_envelope
from db.sync_models import SyncAppliedPackage, SyncSite
from tests.app.sync_support import COUNCIL_CODE, add_member, carry, enroll, identity_of, new_city, new_council
from tests.conftest import ADMIN_PASSWORD


def usb(tmp, name):
    folder = tmp / name
    folder.mkdir()
    return folder


def test_the_city_keeps_each_devices_head_and_gives_it_back(tmp_path):
    city, a = new_city(tmp_path), new_council(tmp_path, "a")
    device = enroll(city.db, a, tmp_path)
    add_member(a.db, "홍길동")
    path = export_package(a.db, usb(tmp_path, "u1"))
    envelope = read_envelope(path)
    with city.db.uow() as uow:
        sender = uow.session.get(SyncSite, device)
        verify_envelope(envelope, bytes(sender.sign_public))
    sent = open_payload(envelope, identity_of(city.db)).manifest["log_anchor"]
    assert isinstance(sent["entry_id"], int) and len(sent["mac"]) == 64
    import_packages(city.db, [path])
    with city.db.uow() as uow:
        kept = json.loads(uow.session.get(SyncAppliedPackage, envelope.package_id).summary)["log_anchor"]
    assert kept == sent
    back = export_package(city.db, usb(tmp_path, "u2"), COUNCIL_CODE)
    returned = open_payload(read_envelope(back), identity_of(a.db)).manifest["log_anchors"]
    assert returned == {device: sent}
    # An untouched log holds its head: no alert.
    assert import_packages(a.db, [back]).log_alerts == ()
    city.db.dispose()
    a.db.dispose()


def test_a_cut_log_is_told_at_import_and_by_check(tmp_path):
    city, a = new_city(tmp_path), new_council(tmp_path, "a")
    enroll(city.db, a, tmp_path)
    add_member(a.db, "홍길동")
    carry(a.db, city.db, usb(tmp_path, "u1"))
    with a.db.engine.begin() as conn:
        newest = conn.execute(text("SELECT max(id) FROM access_log")).scalar()
        # Someone removes the newest rows (the export and what came before it).
        conn.execute(text("DELETE FROM access_log WHERE id >= :n"), {"n": newest - 2})
    add_member(a.db, "김영희", sex="F")  # work goes on: the log grows again over the cut
    result = carry(city.db, a.db, usb(tmp_path, "u2"), COUNCIL_CODE)
    assert len(result.log_alerts) == 1
    a.db.dispose()
    city.db.dispose()
    report = check_database(a.path, "admin", ADMIN_PASSWORD)
    codes = [p.code for p in report.problems]
    assert "access_log_truncated" in codes, [p.ko for p in report.problems]
