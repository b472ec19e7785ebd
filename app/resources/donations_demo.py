"""A year of the demo 면's donations: about sixty gifts (residents, a few named with their
consent, local organizations from the directory, anonymous envelopes; money for general use
or designated for heating, 명절 and scholarships; rice, ramen, kimchi, briquettes, blankets)
and about a hundred and twenty hand-outs to the directory's programmes and to households.

Made day by day from a seeded generator, each hand-out no larger than what its pool holds
that day, so the demo ledger is never negative; every record passes the area's rules.
"""
from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy.orm import Session

from app.resources.donation_rules import (DistributionData, DonationData, PoolKey, clean_distribution, clean_donation,
                                          validate_distribution, validate_donation)
from db.donation_models import Distribution, Donation

PEOPLE = ("김순자", "이영수", "박정희", "최민호", "정은숙", "강동원", "조미란", "윤상철", "장복순", "임재현")
# name in the directory, how often it gives
ORGANIZATIONS = ("햇살농협", "햇살교회", "햇살사 (사찰)", "햇살면 새마을부녀회", "햇살면 청년회", "햇살 푸드뱅크")
OUTSIDE = ("햇살마트", "(주)햇살식품", "햇살면 이장협의회")

# kind, item, unit, (least, most) per gift, value per unit in 원, designated purposes it may carry
GIFTS: tuple[tuple[str, str, str, tuple[int, int], int, tuple[str, ...]], ...] = (
    ("cash", "현금", "원", (50_000, 1_000_000), 1, ("", "", "난방비", "명절 위문", "장학금")),
    ("goods", "쌀", "kg", (20, 200), 3_000, ("",)),
    ("goods", "라면", "상자", (5, 40), 20_000, ("",)),
    ("goods", "김치", "kg", (10, 100), 8_000, ("", "홀몸어르신")),
    ("goods", "연탄", "장", (200, 1_000), 900, ("",)),
    ("goods", "이불", "채", (5, 20), 40_000, ("",)),
)
# Where each item goes: a programme of the demo directory, or households.
PROGRAMMES = {"쌀": "쌀 나눔", "라면": "식품 나눔", "김치": "밑반찬 나눔", "연탄": "연탄 배달", "이불": "재난 구호 물품",
              "현금": "긴급 생계비 지원"}
VILLAGES = ("상촌리", "중촌리", "하촌리", "신기리", "평촌리")
HOUSEHOLDS = ("홀몸어르신 가구", "조손 가구", "장애인 가구", "한부모 가구", "저소득 가구")


def build_demo_donations(session: Session, organization_ids: dict[str, str], service_ids: dict[str, str],
                         today: date, seed: int = 2026) -> None:
    rng = random.Random(seed)
    start = today - timedelta(days=364)
    balances: dict[PoolKey, int] = {}
    receipt = 0
    for day in range(365):
        on = start + timedelta(days=day)
        winter = on.month in (11, 12, 1, 2)
        holiday = (on.month, on.day) in ((1, 20), (1, 25), (9, 10), (9, 15))
        if rng.random() < (0.3 if winter else 0.11) or holiday:
            receipt += 1
            data = _gift(rng, on, organization_ids, receipt)
            session.add(Donation(**vars(data)))
            balances[data.pool] = balances.get(data.pool, 0) + data.measure
        for _ in range(2 if winter else 1):
            if rng.random() < 0.26:
                _hand_out(session, rng, on, balances, service_ids, today)


def _gift(rng: random.Random, on: date, organization_ids: dict[str, str], receipt: int) -> DonationData:
    kind, item, unit, (least, most), value, purposes = GIFTS[rng.choices(range(len(GIFTS)), (5, 3, 2, 2, 2, 1))[0]]
    count = rng.randint(least, most)
    if kind == "cash":
        count = round(count, -4)
    purpose = rng.choice(purposes)
    who = rng.random()
    donor: dict[str, object]
    if who < 0.4:
        donor = dict(donor_kind="person", donor_name=rng.choice(PEOPLE), consent_to_name=rng.random() < 0.3,
                     donor_contact=f"010-{rng.randint(2000, 9999)}-{rng.randint(1000, 9999)}")
    elif who < 0.8:
        name = rng.choice(ORGANIZATIONS + OUTSIDE)
        donor = dict(donor_kind="organization", organization_id=organization_ids.get(name),
                     donor_organization="" if name in organization_ids else name, consent_to_name=rng.random() < 0.8)
    else:
        donor = dict(donor_kind="anonymous")
    data = clean_donation(DonationData(
        received_on=on, kind=kind, item=item, unit=unit, quantity=0 if kind == "cash" else count,
        amount=count if kind == "cash" else count * value, designated=bool(purpose), purpose=purpose,
        receipt_number=f"{on.year}-{receipt:03d}", **donor))  # type: ignore[arg-type]
    assert not validate_donation(data, on), data
    return data


def _hand_out(session: Session, rng: random.Random, on: date, balances: dict[PoolKey, int],
              service_ids: dict[str, str], today: date) -> None:
    open_pools = sorted(pool for pool, left in balances.items() if left > 0)
    if not open_pools:
        return
    pool = rng.choice(open_pools)
    left = balances[pool]
    if pool.kind == "cash":
        wanted = min(left, round(rng.randint(50_000, 300_000), -4)) or left
    else:
        wanted = min(left, max(1, left // rng.randint(2, 6)))
    programme = service_ids.get(PROGRAMMES[pool.item])
    to_household = pool.purpose != "" or rng.random() < 0.45 or programme is None
    recipient = f"{rng.choice(VILLAGES)} {rng.choice(HOUSEHOLDS)} {rng.randint(1, 9)}" if to_household else ""
    data = clean_distribution(DistributionData(
        on, pool, quantity=0 if pool.kind == "cash" else wanted, amount=wanted if pool.kind == "cash" else 0,
        service_id=None if to_household and pool.purpose else programme, recipient=recipient))
    assert not validate_distribution(data, today), data
    session.add(Distribution(distributed_on=on, kind=pool.kind, item=pool.item, unit=pool.unit, purpose=pool.purpose,
                             quantity=data.quantity, amount=data.amount, service_id=data.service_id,
                             recipient=data.recipient, note=""))
    balances[pool] = left - wanted
