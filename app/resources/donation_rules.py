"""What a donation (후원금품 접수) and a distribution (배분) may hold, each rule defined once
for the services and for records arriving by sync: the donor's kind and who must be named,
cash against goods, whole positive quantities within bounds, a purpose exactly when the
gift is designated (지정), dates not in the future, and every text through
``app.text_rules``. Also the pool a distribution draws on (``PoolKey``) and the area's
messages about the ledger.

Pure functions on frozen data: no session, no Qt. Whether a balance stays non-negative
needs the stored ledger and is checked in ``app.resources.donations``.
"""
from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from app.errors import FIELD_LABELS, MESSAGES, FieldError
from app.i18n import N_, NP_
from app.resources import codes as rcodes
from app.text_rules import check_record_texts, check_texts, choice_error, length_errors

FIELD_LABELS.update({
    "received_on": NP_("field", "접수일"),
    "donor_kind": NP_("field", "기부자 구분"),
    "donor_name": NP_("field", "기부자 성명"),
    "donor_contact": NP_("field", "기부자 연락처"),
    "donor_organization": NP_("field", "기부 단체"),
    "consent_to_name": NP_("field", "이름 공개 동의"),
    "item": NP_("field", "품목"),
    "quantity": NP_("field", "수량"),
    "unit": NP_("field", "단위"),
    "amount": NP_("field", "금액"),
    "purpose": NP_("field", "지정 용도"),
    "receipt_number": NP_("field", "영수증 번호"),
    "distributed_on": NP_("field", "배분일"),
    "recipient": NP_("field", "받는 가구"),
    "service_id": NP_("field", "연계 프로그램"),
    "cancelled_on": NP_("field", "취소일"),
    "cancel_reason": NP_("field", "취소 사유"),
})

MESSAGES.update({
    "positive_number": N_("{field}은(는) 1 이상이어야 합니다."),
    "donor_required": N_("기부 단체를 목록에서 고르거나 단체 이름을 입력하세요."),
    "distribution_recipient_required": N_("배분받은 프로그램을 고르거나 받는 가구를 입력하세요."),
    "donation_not_found": N_("후원금품 접수 기록을 찾을 수 없습니다(ID {id}). 목록을 새로 고치세요."),
    "distribution_not_found": N_("배분 기록을 찾을 수 없습니다(ID {id}). 목록을 새로 고치세요."),
    "donation_cancelled": N_("이미 취소된 기록입니다({date} 취소)."),
    "duplicate_receipt": N_("영수증 번호 '{number}'은(는) 이미 다른 접수에 쓰였습니다. 번호를 확인하세요."),
    "balance_exceeded": N_("'{pool}'의 잔액이 모자랍니다: {date}에 배분할 수 있는 것은 {available}이고, "
                           "{wanted}을(를) 배분하려 했습니다. 배분량을 줄이거나 접수를 먼저 기록하세요. "
                           "(바꾼 것이 없습니다)"),
    "balance_would_go_negative": N_("이렇게 바꾸면 '{pool}'의 잔액이 {date}에 {balance}이(가) 되어 이미 배분한 것보다 "
                                    "적어집니다. 배분 기록을 먼저 고치거나 취소하세요. (바꾼 것이 없습니다)"),
})

CASH_ITEM, CASH_UNIT = "현금", "원"
NAME_MAX, CONTACT_MAX, ORGANIZATION_MAX = 100, 50, 200
ITEM_MAX, UNIT_MAX, PURPOSE_MAX, RECEIPT_MAX, RECIPIENT_MAX, REASON_MAX = 100, 20, 200, 50, 100, 200
NOTE_MAX = 2000
# Within PostgreSQL's 32-bit INTEGER (the city's server) with room to spare: 20억 원 is far
# above any one gift to a 읍면동 council, ten million units far above any pile of goods.
AMOUNT_MAX = 2_000_000_000
QUANTITY_MAX = 10_000_000
_LIMITS = {"donor_name": NAME_MAX, "donor_contact": CONTACT_MAX, "donor_organization": ORGANIZATION_MAX,
           "item": ITEM_MAX, "unit": UNIT_MAX, "purpose": PURPOSE_MAX, "receipt_number": RECEIPT_MAX,
           "recipient": RECIPIENT_MAX, "cancel_reason": REASON_MAX, "note": NOTE_MAX}


@dataclass(frozen=True, order=True)
class PoolKey:
    """What a balance is kept for: cash or goods, the item and its unit, the designated purpose
    ("" for 비지정)."""

    kind: str
    item: str
    unit: str
    purpose: str = ""

    def label(self) -> str:
        """'쌀(kg)', '현금 — 난방비 지정'."""
        name = self.item if self.kind == "cash" else f"{self.item}({self.unit})"
        return f"{name} — {self.purpose} 지정" if self.purpose else name

    def measure(self, value: int) -> str:
        """An amount in this pool's unit, as printed: '150,000원', '20kg'."""
        return f"{value:,}{self.unit}"


@dataclass(frozen=True)
class DonationData:
    """What a person fills in when money or goods are received."""

    received_on: date | None
    donor_kind: str
    kind: str
    donor_name: str = ""
    donor_contact: str = ""
    organization_id: str | None = None
    donor_organization: str = ""
    consent_to_name: bool = False
    item: str = ""
    quantity: int = 0
    unit: str = ""
    amount: int = 0
    designated: bool = False
    purpose: str = ""
    receipt_number: str = ""
    note: str = ""

    @property
    def pool(self) -> PoolKey:
        return PoolKey(self.kind, self.item, self.unit, self.purpose)

    @property
    def measure(self) -> int:
        """What it adds to its pool: the money for cash, the count for goods."""
        return self.amount if self.kind == "cash" else self.quantity


@dataclass(frozen=True)
class DistributionData:
    """What a person fills in when money or goods are handed out from a pool."""

    distributed_on: date | None
    pool: PoolKey
    quantity: int = 0          # goods
    amount: int = 0            # cash, in 원
    service_id: str | None = None
    recipient: str = ""        # a household, by a short label
    case_id: str | None = None
    note: str = ""

    @property
    def measure(self) -> int:
        return self.amount if self.pool.kind == "cash" else self.quantity


def _nfc(text: str | None) -> str:
    return unicodedata.normalize("NFC", text or "").strip()


def _one_line(text: str | None) -> str:
    return " ".join(_nfc(text).split())


def clean_pool(pool: PoolKey) -> PoolKey:
    if pool.kind == "cash":
        return PoolKey("cash", CASH_ITEM, CASH_UNIT, _one_line(pool.purpose))
    return PoolKey(pool.kind, _one_line(pool.item), _one_line(pool.unit), _one_line(pool.purpose))


def clean_donation(data: DonationData) -> DonationData:
    """Composed, trimmed text; what the donor's kind and the gift's kind leave no room for is
    emptied (a person's name on an organization's gift, a purpose on a 비지정 gift), so a
    form that switched kinds cannot store what it no longer shows."""
    person, organization = data.donor_kind == "person", data.donor_kind == "organization"
    cash = data.kind == "cash"
    return replace(
        data,
        donor_name=_one_line(data.donor_name) if person else "",
        donor_contact=_one_line(data.donor_contact) if data.donor_kind != "anonymous" else "",
        organization_id=(data.organization_id or None) if organization else None,
        donor_organization=_one_line(data.donor_organization) if organization else "",
        consent_to_name=bool(data.consent_to_name) and data.donor_kind != "anonymous",
        item=CASH_ITEM if cash else _one_line(data.item),
        unit=CASH_UNIT if cash else _one_line(data.unit),
        quantity=0 if cash else data.quantity,
        purpose=_one_line(data.purpose) if data.designated else "",
        receipt_number=_one_line(data.receipt_number),
        note=_nfc(data.note),
    )


def clean_distribution(data: DistributionData) -> DistributionData:
    pool = clean_pool(data.pool)
    return replace(data, pool=pool, quantity=0 if pool.kind == "cash" else data.quantity,
                   amount=data.amount if pool.kind == "cash" else 0, service_id=data.service_id or None,
                   recipient=_one_line(data.recipient), case_id=_one_line(data.case_id) or None,
                   note=_nfc(data.note))


def date_errors(name: str, value: date | None, today: date) -> list[FieldError]:
    if value is None:
        return [FieldError(name, "required")]
    if value > today:
        return [FieldError(name, "future_date")]
    if value.year < 1900:
        return [FieldError(name, "date_too_old")]
    return []


def number_errors(name: str, value: object, limit: int, positive: bool) -> list[FieldError]:
    if not isinstance(value, int) or isinstance(value, bool):
        return [FieldError(name, "invalid_number", {"value": str(value)[:20]})]
    if value < 0:
        return [FieldError(name, "negative_number")]
    if positive and value == 0:
        return [FieldError(name, "positive_number")]
    if value > limit:
        return [FieldError(name, "number_too_large", {"max": f"{limit:,}"})]
    return []


def _pool_errors(kind: str, item: str, unit: str) -> list[FieldError]:
    errors: list[FieldError] = []
    if kind not in rcodes.DONATION_KIND:
        errors.append(FieldError("kind", "required" if not kind else "invalid_choice", {"value": kind}))
    elif kind == "goods":
        errors += [FieldError(name, "required") for name, value in (("item", item), ("unit", unit)) if not value]
    return errors


def _texts(errors: list[FieldError], values: dict[str, str]) -> list[FieldError]:
    """Lengths, then the text guard for fields with no error yet: one message a field."""
    found = errors + length_errors(values, _LIMITS)
    seen = {e.field for e in found}
    return found + [e for e in check_texts(values, multiline=("note",)) if e.field not in seen]


def validate_donation(data: DonationData, today: date) -> list[FieldError]:
    errors = date_errors("received_on", data.received_on, today)
    if data.donor_kind not in rcodes.DONOR_KIND:
        errors.append(FieldError("donor_kind", "required" if not data.donor_kind else "invalid_choice",
                                 {"value": data.donor_kind}))
    elif data.donor_kind == "person" and not data.donor_name:
        errors.append(FieldError("donor_name", "required"))
    elif data.donor_kind == "organization" and not (data.organization_id or data.donor_organization):
        errors.append(FieldError("donor_organization", "donor_required"))
    errors += _pool_errors(data.kind, data.item, data.unit)
    if data.kind == "cash":
        errors += number_errors("amount", data.amount, AMOUNT_MAX, positive=True)
    elif data.kind == "goods":
        errors += number_errors("quantity", data.quantity, QUANTITY_MAX, positive=True)
        errors += number_errors("amount", data.amount, AMOUNT_MAX, positive=False)
    if data.designated and not data.purpose:
        errors.append(FieldError("purpose", "required"))
    return _texts(errors, {"donor_name": data.donor_name, "donor_contact": data.donor_contact,
                           "donor_organization": data.donor_organization, "item": data.item, "unit": data.unit,
                           "purpose": data.purpose, "receipt_number": data.receipt_number, "note": data.note})


def validate_distribution(data: DistributionData, today: date) -> list[FieldError]:
    errors = date_errors("distributed_on", data.distributed_on, today)
    pool = data.pool
    errors += _pool_errors(pool.kind, pool.item, pool.unit)
    if pool.kind == "cash":
        errors += number_errors("amount", data.amount, AMOUNT_MAX, positive=True)
    elif pool.kind == "goods":
        errors += number_errors("quantity", data.quantity, QUANTITY_MAX, positive=True)
    if not data.service_id and not data.recipient:
        errors.append(FieldError("recipient", "distribution_recipient_required"))
    return _texts(errors, {"item": pool.item, "unit": pool.unit, "purpose": pool.purpose,
                           "recipient": data.recipient, "note": data.note})


def validate_cancel(on: date | None, reason: str, today: date) -> list[FieldError]:
    errors = date_errors("cancelled_on", on, today)
    if not reason:
        errors.append(FieldError("cancel_reason", "required"))
    return _texts(errors, {"cancel_reason": reason})


# ---------------------------------------------------------------- records arriving by sync

def validate_incoming(table: str, data: Mapping[str, Any]) -> list[FieldError]:
    """The ledger's rules on one record arriving in a sync package (only the fields it
    carries; sealed fields arrive blank at the city): codes from their lists, the text
    guard and lengths, and quantities and amounts whole, not negative and within bounds.

    Whether the pool's balance stays non-negative is a property of the whole ledger, not of
    one record; a package is checked record by record, so that is not decided here."""
    errors: list[FieldError] = []
    if "kind" in data:
        error = choice_error("kind", data["kind"], tuple(rcodes.DONATION_KIND))
        errors += [error] if error else []
    if table == "donation" and "donor_kind" in data:
        error = choice_error("donor_kind", data["donor_kind"], tuple(rcodes.DONOR_KIND))
        errors += [error] if error else []
    for name, limit in (("quantity", QUANTITY_MAX), ("amount", AMOUNT_MAX)):
        if name in data:
            errors += number_errors(name, data[name], limit, positive=False)
    text_fields = [k for k, v in data.items() if isinstance(v, str) and k in _LIMITS]
    errors += check_record_texts(data, [k for k in text_fields if k != "note"], [k for k in text_fields if k == "note"])
    errors += length_errors(data, _LIMITS)
    unique: dict[tuple[str, str], FieldError] = {}
    for error in errors:
        unique.setdefault((error.field, error.code), error)
    return list(unique.values())
