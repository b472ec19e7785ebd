"""The donations ledger (후원금품): what a gift and a hand-out may hold, balances per pool,
per item and per purpose, a ledger that never goes negative on any day (refused with
nothing changed), and who may see a donor or a household."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from app.area_records import dump_records
from app.areas import SyncPolicy, table
from app.errors import InputRefused, NotFound, ValidationFailed
from app.resources.donation_rules import DistributionData, DonationData, PoolKey, validate_incoming
from app.resources.donations import (LedgerFilter, balances_by_item, balances_by_purpose, cancel_distribution,
                                     cancel_donation, get_donation, ledger_entries, ledger_page, list_balances,
                                     list_distributions, list_donations, open_pools, record_distribution,
                                     record_donation, update_donation)
from app.resources.rules import OrganizationData, ServiceData
from app.resources.services import create_organization, create_service
from app.security.permissions import Actor, NotAllowed
from db.donation_models import Distribution, Donation

TODAY = date(2026, 11, 24)
RICE = PoolKey("goods", "쌀", "kg")
CASH = PoolKey("cash", "현금", "원")
HEATING = PoolKey("cash", "현금", "원", "난방비")


def rice(quantity: int = 100, on: date = date(2026, 3, 2), **overrides: object) -> DonationData:
    values: dict[str, object] = dict(received_on=on, donor_kind="person", kind="goods", donor_name="김영희",
                                     donor_contact="010-1111-2222", item="쌀", quantity=quantity, unit="kg",
                                     amount=quantity * 3000)
    values.update(overrides)
    return DonationData(**values)  # type: ignore[arg-type]


def money(amount: int, on: date = date(2026, 3, 2), purpose: str = "", **overrides: object) -> DonationData:
    values: dict[str, object] = dict(received_on=on, donor_kind="organization", kind="cash",
                                     donor_organization="햇살농협", amount=amount, designated=bool(purpose),
                                     purpose=purpose, consent_to_name=True)
    values.update(overrides)
    return DonationData(**values)  # type: ignore[arg-type]


def give(pool: PoolKey, measure: int, on: date = date(2026, 4, 1), recipient: str = "상촌리 한 가구") -> DistributionData:
    if pool.kind == "cash":
        return DistributionData(on, pool, amount=measure, recipient=recipient)
    return DistributionData(on, pool, quantity=measure, recipient=recipient)


def balance(db, pool: PoolKey) -> int:  # type: ignore[no-untyped-def]
    return next((r.balance for r in list_balances(db.uow()) if r.pool == pool), 0)


def stored(db) -> list[tuple]:  # type: ignore[no-untyped-def]
    """Every ledger row as stored, to show that a refusal changed nothing."""
    with db.session_factory() as session:
        rows = [(type(r).__name__, r.id, r.change_seq, r.quantity, r.amount, r.cancelled_on)
                for model in (Donation, Distribution) for r in session.scalars(select(model))]
    return sorted(rows, key=repr)


def test_a_gift_is_stored_cleaned_and_fills_its_pool(db) -> None:  # type: ignore[no-untyped-def]
    view = record_donation(db.uow(), rice(donor_name=" 김 영희 ", item=" 쌀 ", purpose="잊힌 용도"), TODAY)
    assert (view.donor_name, view.item, view.purpose, view.designated) == ("김 영희", "쌀", "", False)
    assert view.pool == RICE and view.measure == 100
    cash = record_donation(db.uow(), money(500_000, item="아무거나", unit="달러", quantity=7), TODAY)
    assert cash.pool == CASH and cash.quantity == 0  # cash is always 현금, 원
    assert balance(db, RICE) == 100 and balance(db, CASH) == 500_000
    assert get_donation(db.uow(), view.id) == view


def test_bad_gifts_are_refused_field_by_field(db) -> None:  # type: ignore[no-untyped-def]
    cases = {
        "quantity": rice(quantity=-5),
        "received_on": rice(on=TODAY + timedelta(days=1)),
        "donor_name": rice(donor_name=""),
        "donor_organization": money(1000, donor_organization=""),
        "purpose": money(1000, designated=True, purpose=""),
        "amount": money(0),
        "item": rice(item=""),
        "kind": rice(kind="gold"),
    }
    for field, data in cases.items():
        with pytest.raises(ValidationFailed) as refused:
            record_donation(db.uow(), data, TODAY)
        assert field in {e.field for e in refused.value.errors}, field
    with pytest.raises(ValidationFailed) as refused:
        record_donation(db.uow(), rice(quantity=-5), TODAY)
    assert "수량은 0 이상이어야 합니다" in refused.value.message()
    assert stored(db) == []


def test_a_distribution_larger_than_the_balance_is_refused_with_nothing_changed(db) -> None:  # type: ignore[no-untyped-def]
    record_donation(db.uow(), rice(100), TODAY)
    record_distribution(db.uow(), give(RICE, 60), TODAY)
    before = stored(db)
    with pytest.raises(InputRefused) as refused:
        record_distribution(db.uow(), give(RICE, 41), TODAY)
    message = refused.value.message()
    assert "쌀(kg)" in message and "40kg" in message and "41kg" in message and "바꾼 것이 없습니다" in message
    assert stored(db) == before and balance(db, RICE) == 40
    record_distribution(db.uow(), give(RICE, 40), TODAY)
    assert balance(db, RICE) == 0
    with pytest.raises(ValidationFailed):
        record_distribution(db.uow(), give(RICE, -1), TODAY)


def test_the_balance_may_not_go_negative_on_any_day(db) -> None:  # type: ignore[no-untyped-def]
    record_donation(db.uow(), rice(50, on=date(2026, 5, 1)), TODAY)
    # Before the rice came in there was none to give, even if there is some today.
    with pytest.raises(InputRefused):
        record_distribution(db.uow(), give(RICE, 10, on=date(2026, 4, 30)), TODAY)
    record_distribution(db.uow(), give(RICE, 50, on=date(2026, 5, 1)), TODAY)  # the same day's gift counts
    record_donation(db.uow(), rice(30, on=date(2026, 6, 1)), TODAY)
    # 30 are left today, but only on 6/1: handing out on 5/15 would leave 5/15-5/31 at -30.
    with pytest.raises(InputRefused):
        record_distribution(db.uow(), give(RICE, 30, on=date(2026, 5, 15)), TODAY)
    assert balance(db, RICE) == 30


def test_balances_are_kept_per_item_and_per_purpose(db) -> None:  # type: ignore[no-untyped-def]
    record_donation(db.uow(), money(300_000, purpose="난방비"), TODAY)
    record_donation(db.uow(), money(200_000), TODAY)
    record_donation(db.uow(), rice(100), TODAY)
    record_donation(db.uow(), rice(40, designated=True, purpose="경로당"), TODAY)
    record_donation(db.uow(), rice(5, item="라면", unit="상자", amount=100_000), TODAY)
    # 지정 money may only pay for its purpose: the 비지정 pool cannot lend to it.
    with pytest.raises(InputRefused):
        record_distribution(db.uow(), give(HEATING, 300_001), TODAY)
    record_distribution(db.uow(), give(HEATING, 250_000), TODAY)
    record_distribution(db.uow(), give(PoolKey("goods", "쌀", "kg", "경로당"), 15), TODAY)
    pools = {r.pool: (r.received, r.distributed, r.balance) for r in list_balances(db.uow())}
    assert pools[HEATING] == (300_000, 250_000, 50_000)
    assert pools[CASH] == (200_000, 0, 200_000)
    assert pools[PoolKey("goods", "쌀", "kg", "경로당")] == (40, 15, 25)
    items = {(r.pool.item, r.pool.unit): r.balance for r in balances_by_item(db.uow())}
    assert items == {("현금", "원"): 250_000, ("쌀", "kg"): 125, ("라면", "상자"): 5}
    purposes = {(r.pool.kind, r.pool.purpose, r.pool.unit): r.balance for r in balances_by_purpose(db.uow())}
    assert purposes[("cash", "난방비", "원")] == 50_000 and purposes[("cash", "", "원")] == 200_000
    assert purposes[("goods", "경로당", "kg")] == 25
    assert {r.pool for r in open_pools(db.uow(), TODAY)} == set(pools)


def test_a_gift_cannot_be_edited_or_cancelled_below_what_was_handed_out(db) -> None:  # type: ignore[no-untyped-def]
    gift = record_donation(db.uow(), rice(100), TODAY)
    record_distribution(db.uow(), give(RICE, 70), TODAY)
    before = stored(db)
    for data in (rice(69), rice(100, item="보리"), rice(100, on=date(2026, 4, 2)),
                 rice(100, designated=True, purpose="경로당")):
        with pytest.raises(InputRefused) as refused:
            update_donation(db.uow(), gift.id, data, TODAY)
        assert "배분 기록을 먼저" in refused.value.message()
        assert stored(db) == before
    with pytest.raises(InputRefused):
        cancel_donation(db.uow(), gift.id, TODAY, "중복 입력", TODAY)
    assert stored(db) == before
    assert update_donation(db.uow(), gift.id, rice(70), TODAY).quantity == 70
    assert balance(db, RICE) == 0


def test_cancelling_a_hand_out_returns_it_and_a_cancelled_gift_counts_nowhere(db) -> None:  # type: ignore[no-untyped-def]
    gift = record_donation(db.uow(), rice(100), TODAY)
    out = record_distribution(db.uow(), give(RICE, 100), TODAY)
    cancel_distribution(db.uow(), out.id, TODAY, "잘못 입력", TODAY)
    assert balance(db, RICE) == 100
    with pytest.raises(InputRefused):
        cancel_distribution(db.uow(), out.id, TODAY, "다시", TODAY)
    view = cancel_donation(db.uow(), gift.id, TODAY, "기부자에게 반환", TODAY)
    assert view.cancelled_on == TODAY and balance(db, RICE) == 0
    assert list_donations(db.uow()) == [] and len(list_donations(db.uow(), include_cancelled=True)) == 1
    with pytest.raises(ValidationFailed):
        cancel_donation(db.uow(), record_donation(db.uow(), rice(1), TODAY).id, TODAY, "", TODAY)
    with pytest.raises(NotFound):
        record_distribution(db.uow(), DistributionData(TODAY, RICE, quantity=1, service_id="nope"), TODAY)


def test_a_receipt_number_is_used_once(db) -> None:  # type: ignore[no-untyped-def]
    record_donation(db.uow(), rice(receipt_number="2026-001"), TODAY)
    with pytest.raises(InputRefused) as refused:
        record_donation(db.uow(), money(1000, receipt_number="2026-001"), TODAY)
    assert "2026-001" in refused.value.message()


def test_the_ledger_runs_per_pool_in_day_order_with_gifts_first(db) -> None:  # type: ignore[no-untyped-def]
    org = create_organization(db.uow(), OrganizationData("햇살 푸드뱅크", "partnership")).id
    service = create_service(db.uow(), ServiceData(org, "식품 나눔", "material"), TODAY).id
    record_donation(db.uow(), rice(30, on=date(2026, 2, 1)), TODAY)
    record_distribution(db.uow(), DistributionData(date(2026, 2, 1), RICE, quantity=10, service_id=service), TODAY)
    record_donation(db.uow(), money(50_000, on=date(2026, 1, 5)), TODAY)
    record_donation(db.uow(), rice(20, on=date(2026, 3, 1), donor_kind="anonymous"), TODAY)
    entries = ledger_entries(db.uow())
    assert [(e.on, e.pool.item, e.received, e.distributed, e.balance) for e in entries] == [
        (date(2026, 1, 5), "현금", 50_000, 0, 50_000),
        (date(2026, 2, 1), "쌀", 30, 0, 30),
        (date(2026, 2, 1), "쌀", 0, 10, 20),
        (date(2026, 3, 1), "쌀", 20, 0, 40),
    ]
    assert [e.who for e in entries] == ["햇살농협", "김영희", "식품 나눔", "익명"]
    page = ledger_page(db.uow(), LedgerFilter(start=date(2026, 2, 1), kind="goods"), limit=2, offset=1)
    assert page.count == 3 and [e.balance for e in page.entries] == [20, 40]


def test_donors_and_households_show_only_to_roles_allowed_to_see_them(db) -> None:  # type: ignore[no-untyped-def]
    record_donation(db.uow(), rice(10), TODAY)
    record_donation(db.uow(), money(1000), TODAY)
    record_distribution(db.uow(), give(RICE, 5, recipient="하촌리 박○○ 어르신 댁"), TODAY)
    db.actor = Actor("v", "viewer")
    person, organization = list_donations(db.uow())
    assert person.donor_hidden and person.donor_name == "" and person.donor_contact == ""
    assert person.donor_label() == "개인(비공개)" and organization.donor_label() == "햇살농협"
    (out,) = list_distributions(db.uow())
    assert out.recipient == "" and out.recipient_label() == "가구(비공개)"
    dumped = list(dump_records(db.uow(), "donation")) + list(dump_records(db.uow(), "distribution"))
    assert all("donor_name" not in r and "donor_contact" not in r for r in dumped if r["table"] == "donation")
    assert all("recipient" not in r for r in dumped if r["table"] == "distribution")
    with pytest.raises(NotAllowed):
        record_donation(db.uow(), rice(1), TODAY)
    db.actor = Actor("c", "coordinator")
    assert list_donations(db.uow())[0].donor_name == "김영희"
    assert list_distributions(db.uow())[0].recipient == "하촌리 박○○ 어르신 댁"


def test_the_registry_seals_personal_fields_and_checks_incoming_records() -> None:
    donation, distribution = table("donation"), table("distribution")
    assert donation is not None and distribution is not None
    assert donation.field_sync("donor_name") is SyncPolicy.SEALED and donation.field_sync("item") is SyncPolicy.TO_CITY
    assert {"donor_name", "donor_contact"} <= donation.personal_fields()
    assert distribution.field_sync("recipient") is SyncPolicy.SEALED
    assert validate_incoming("donation", {"kind": "cash", "amount": 1000, "item": "현금"}) == []
    codes = {(e.field, e.code) for e in validate_incoming(
        "donation", {"kind": "gold", "amount": -1, "quantity": True, "donor_kind": "robot", "item": "x" * 101})}
    assert codes == {("kind", "invalid_choice"), ("amount", "negative_number"), ("quantity", "invalid_number"),
                     ("donor_kind", "invalid_choice"), ("item", "too_long")}
    assert validate_incoming("distribution", {"note": "주민번호 800101-1234567"})


# ---------------------------------------------------------------- any sequence of actions

_POOLS = (RICE, CASH, HEATING)
_action = st.tuples(st.sampled_from(("give", "out", "edit", "cancel", "uncancel_out")),
                    st.sampled_from(_POOLS), st.integers(min_value=-3, max_value=60), st.integers(0, 20))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(actions=st.lists(_action, min_size=1, max_size=14))
def test_any_sequence_keeps_balance_equal_to_received_minus_distributed_and_never_negative(
        db, actions) -> None:  # type: ignore[no-untyped-def]
    start = date(2026, 1, 1)
    with db.session_factory.begin() as session:  # each example starts from an empty ledger
        for model in (Distribution, Donation):
            for row in session.scalars(select(model)):
                row.deleted_at = row.created_at
    gifts: list[str] = []
    outs: list[str] = []
    for verb, pool, number, day in actions:
        on = start + timedelta(days=day)
        before = stored(db)
        try:
            if verb == "give":
                data = DonationData(on, "anonymous", pool.kind, item=pool.item, unit=pool.unit, quantity=number,
                                    amount=number * 1000, designated=bool(pool.purpose), purpose=pool.purpose)
                gifts.append(record_donation(db.uow(), data, TODAY).id)
            elif verb == "out":
                outs.append(record_distribution(db.uow(), give(pool, number * (1000 if pool.kind == "cash" else 1),
                                                               on), TODAY).id)
            elif verb == "edit" and gifts:
                old = get_donation(db.uow(), gifts[day % len(gifts)])
                update_donation(db.uow(), old.id, DonationData(
                    on, "anonymous", pool.kind, item=pool.item, unit=pool.unit, quantity=number,
                    amount=number * 1000, designated=bool(pool.purpose), purpose=pool.purpose), TODAY)
            elif verb == "cancel" and gifts:
                cancel_donation(db.uow(), gifts[day % len(gifts)], TODAY, "취소", TODAY)
            elif verb == "uncancel_out" and outs:
                cancel_distribution(db.uow(), outs[day % len(outs)], TODAY, "취소", TODAY)
        except (InputRefused, NotFound):
            assert stored(db) == before  # a refusal leaves the database as it was
        live_gifts = [d for d in list_donations(db.uow()) if d.cancelled_on is None]
        live_outs = list_distributions(db.uow())
        for row in list_balances(db.uow()):
            received = sum(d.measure for d in live_gifts if d.pool == row.pool)
            distributed = sum(d.measure for d in live_outs if d.pool == row.pool)
            assert (row.received, row.distributed) == (received, distributed)
            assert row.balance == received - distributed >= 0
        # ... on every day, not only today.
        assert all(e.balance >= 0 for e in ledger_entries(db.uow()))


def test_the_demo_holds_a_year_of_donations_that_never_go_negative(db) -> None:  # type: ignore[no-untyped-def]
    from app.resources.demo import build_demo_resources

    build_demo_resources(db, TODAY)
    gifts, outs = list_donations(db.uow()), list_distributions(db.uow())
    assert 50 <= len(gifts) <= 75 and 100 <= len(outs) <= 150
    assert min(g.received_on for g in gifts) >= TODAY - timedelta(days=365)
    assert {g.donor_kind for g in gifts} == {"person", "organization", "anonymous"}
    assert any(g.designated for g in gifts) and any(o.service_id for o in outs) and any(o.recipient for o in outs)
    assert all(e.balance >= 0 for e in ledger_entries(db.uow()))
    assert all(r.balance >= 0 for r in list_balances(db.uow()))
