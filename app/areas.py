"""The registry of areas: one entry says everything the rest of the program needs to know
about an area (its tables and their Korean names, who may read and change it, which
fields are personal, what travels where, its change flag, CLI commands, demo and tab).

Adding an area is its own packages (``db/<area>_models.py``, ``app/<area>/``,
``ui/tabs/<area>/``) plus one ``AreaSpec`` in ``AREAS``. Everything else — ``dump``, the
access log's words, the sync preview's words, sync export, field visibility per role, the
window's tabs and the demo — reads it from here.

Deliberately free of SQLAlchemy and Qt (names and dotted paths only), so the command line
and the login screen can import it before the heavy libraries are loaded.
"""
from __future__ import annotations

import importlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum, StrEnum
from typing import Any

from app.i18n import N_, NP_, gettext, pgettext
from app.security.permissions import Actor, Permission


class Change(StrEnum):
    """What an operation changed; each view refreshes only for its own flags (Anki's
    ``OpChanges``). A ``StrEnum`` so the flags are also their stable names."""

    MEMBERS = "members"
    SUBCOMMITTEES = "subcommittees"
    MEETINGS = "meetings"
    RESOURCES = "resources"
    CASES = "cases"
    NETWORK = "network"
    SETTINGS = "settings"
    ACCOUNTS = "accounts"
    ALL = "all"  # another data file, a restore, a sync import


class SyncPolicy(Enum):
    """Where a table's or a field's values may go when packages are written."""

    TO_CITY = "to_city"            # travels to the city (and from it to the council's devices)
    LOCAL = "local"                # stays on this PC
    UNDER_CONSENT = "consent"      # travels to the city only under a recorded, unwithdrawn consent
    SEALED = "sealed"              # travels sealed to this council's own devices; the city relays it unread


@dataclass(frozen=True)
class FieldRule:
    """A field that differs from its table: who may see it and where it may travel."""

    read: Permission | None = None        # needed on top of the table's read permission
    sync: SyncPolicy | None = None        # None: as the table
    personal: bool = False                # personal data (개인정보): never in logs, masked in lists
    # Sealed in its column with this compartment's key (``COMPARTMENTS``), so a role that
    # may not read the field cannot read it outside the program either.
    compartment: str | None = None


@dataclass(frozen=True)
class TableSpec:
    name: str                              # the table, also its name in ``dump``
    label: str                             # Korean msgid in the catalogue, context "record"
    sync: SyncPolicy = SyncPolicy.TO_CITY
    fields: Mapping[str, FieldRule] = field(default_factory=dict)
    # A column whose value names the record for people (a member's name, a meeting's title).
    name_column: str | None = None
    # For a record that has no name of its own: (column holding a member's id) -> the member's name.
    owner_member_column: str | None = None
    # UNDER_CONSENT (the table's or a field's): "module:function" answering
    # ``consent_allows(session, table_name, row) -> bool`` for one stored row at export.
    # Without one, nothing under consent leaves the PC.
    consent_check: str | None = None
    # "module:function" answering ``validate_incoming(table_name, data) -> list[FieldError]``:
    # the area's own rules (codes, lengths, the text guard) on a record arriving in a sync
    # package, ``data`` holding the fields it carries, parsed. A record that fails is
    # refused with its package. Every synced table has one (a test says so).
    validator: str | None = None

    def label_in(self, lang: str | None = None) -> str:
        return pgettext("record", self.label, lang)

    def field_sync(self, column: str) -> SyncPolicy:
        rule = self.fields.get(column)
        return rule.sync if rule is not None and rule.sync is not None else self.sync

    def hidden_fields(self, actor: Actor | None) -> frozenset[str]:
        """The fields this actor may not see (empty for a role that may see all)."""
        return frozenset(name for name, rule in self.fields.items()
                         if rule.read is not None and (actor is None or not actor.can(rule.read)))

    def personal_fields(self) -> frozenset[str]:
        return frozenset(name for name, rule in self.fields.items() if rule.personal)

    def sealed_fields(self) -> dict[str, str]:
        """Column -> compartment of every field stored sealed (its model column is ``Sealed``)."""
        return {name: rule.compartment for name, rule in self.fields.items() if rule.compartment}


@dataclass(frozen=True)
class AreaSpec:
    key: str
    label: str                             # the tab's title: a Korean msgid in the catalogue
    change: Change
    read: Permission
    edit: Permission
    tables: tuple[TableSpec, ...]
    # Dotted paths, imported only when used (keeps start-up light and app/ free of ui/).
    cli_module: str | None = None          # registers the area's subcommands
    demo_builder: str | None = None        # "module:function(db, today)"
    tab_factory: str | None = None         # "ui.module:Class"; built by the window

    def label_in(self, lang: str | None = None) -> str:
        return gettext(self.label, lang)


def load(dotted: str) -> Any:
    """``"package.module:attribute"`` -> the attribute."""
    module, _, attribute = dotted.partition(":")
    return getattr(importlib.import_module(module), attribute)


_MEMBER_RULES = "app.member_rules:validate_incoming"
_SUBCOMMITTEE_RULES = "app.subcommittees:validate_incoming"
_MEETING_RULES = "app.meetings.incoming:validate_incoming"

# Compartments of keys (``app.security.sealing``): a field whose rule names one is sealed
# with that compartment's key, which only the roles holding its permission receive. A new
# area's table declares its sealed fields here and makes their columns ``Sealed``; the
# rest (sealing on write, opening on read, re-keying) is generic.
COMPARTMENTS: dict[str, Permission] = {
    "personal": Permission.MEMBERS_PERSONAL,
    "cases": Permission.CASES_READ,
}

_PERSONAL_MEMBER = FieldRule(read=Permission.MEMBERS_PERSONAL, sync=SyncPolicy.SEALED, personal=True,
                             compartment="personal")
_PRIVATE_NOTE = FieldRule(sync=SyncPolicy.SEALED, personal=True)

MEMBERS = AreaSpec(
    key="members", label=N_("위원"), change=Change.MEMBERS,
    read=Permission.MEMBERS_READ, edit=Permission.MEMBERS_EDIT,
    tables=(
        TableSpec("member", NP_("record", "위원"), name_column="name",
                  fields={"birth_date": _PERSONAL_MEMBER, "phone": _PERSONAL_MEMBER, "note": _PRIVATE_NOTE},
                  validator=_MEMBER_RULES),
        TableSpec("member_term", NP_("record", "위원 임기"), owner_member_column="member_id",
                  fields={"end_note": _PRIVATE_NOTE}, validator=_MEMBER_RULES),
    ),
    cli_module="app.cli.members", demo_builder="app.demo:build_demo", tab_factory="ui.tabs.members_tab:MembersTab",
)

SUBCOMMITTEES = AreaSpec(
    key="subcommittees", label=N_("실무분과"), change=Change.SUBCOMMITTEES,
    read=Permission.MEMBERS_READ, edit=Permission.MEMBERS_EDIT,
    tables=(
        TableSpec("subcommittee", NP_("record", "실무분과"), name_column="name", validator=_SUBCOMMITTEE_RULES),
        TableSpec("subcommittee_membership", NP_("record", "분과 참여"), owner_member_column="member_id",
                  validator=_SUBCOMMITTEE_RULES),
    ),
    tab_factory="ui.tabs.subcommittees_tab:SubcommitteesTab",
)

MEETINGS = AreaSpec(
    key="meetings", label=N_("회의"), change=Change.MEETINGS,
    read=Permission.MEETINGS_READ, edit=Permission.MEETINGS_EDIT,
    tables=(
        TableSpec("meeting", NP_("record", "회의"), name_column="title", validator=_MEETING_RULES),
        TableSpec("meeting_attendance", NP_("record", "회의 출석"), owner_member_column="member_id",
                  validator=_MEETING_RULES),
        TableSpec("meeting_guest", NP_("record", "회의 배석"), name_column="name", validator=_MEETING_RULES),
        TableSpec("agenda_item", NP_("record", "안건"), name_column="title", validator=_MEETING_RULES),
        TableSpec("agenda_recusal", NP_("record", "제척·회피"), owner_member_column="member_id",
                  validator=_MEETING_RULES),
        TableSpec("action_item", NP_("record", "후속 조치"), name_column="what", validator=_MEETING_RULES),
        TableSpec("minutes_version", NP_("record", "회의록 승인본"), validator=_MEETING_RULES),
        TableSpec("minutes_addendum", NP_("record", "회의록 덧붙임"), validator=_MEETING_RULES),
        TableSpec("meeting_attachment", NP_("record", "회의 첨부 파일"), name_column="filename",
                  validator=_MEETING_RULES),
    ),
    cli_module="app.cli.meetings", demo_builder="app.demo_meetings:build_demo_meetings",
    tab_factory="ui.tabs.meetings.tab:MeetingsTab",
)

# A volunteer leader's own mobile: never leaves this PC, seen only by roles with personal-data
# access (the same right that shows members' phones), never on lists meant for others.
_RESOURCE_RULES = "app.resources.rules:validate_incoming"
_PRIVATE_CONTACT = FieldRule(read=Permission.MEMBERS_PERSONAL, sync=SyncPolicy.LOCAL, personal=True,
                             compartment="personal")
# A person donor's name and contact: read as members' personal fields, and SEALED rather than
# LOCAL because every PC of the council keeps the same 관리대장 and writes the receipts (the
# city relays them unread; it needs sums, never donors). A household a distribution went to
# is a person in need: read by those who may read cases, sealed the same way, as is the case
# link (case identifiers never reach the city without consent).
_DONATION_RULES = "app.resources.donation_rules:validate_incoming"
_PERSONAL_DONOR = FieldRule(read=Permission.MEMBERS_PERSONAL, sync=SyncPolicy.SEALED, personal=True)
_HOUSEHOLD = FieldRule(read=Permission.CASES_READ, sync=SyncPolicy.SEALED, personal=True)

# Tables named as HSDS 3.0's, in the singular (``dump`` and the HSDS export use the same names).
RESOURCES = AreaSpec(
    key="resources", label=N_("지역자원"), change=Change.RESOURCES,
    read=Permission.RESOURCES_READ, edit=Permission.RESOURCES_EDIT,
    tables=(
        TableSpec("organization", NP_("record", "자원 기관"), name_column="name", validator=_RESOURCE_RULES),
        TableSpec("service", NP_("record", "자원 서비스"), name_column="name", validator=_RESOURCE_RULES),
        TableSpec("location", NP_("record", "자원 장소"), name_column="name", validator=_RESOURCE_RULES),
        TableSpec("address", NP_("record", "자원 주소"), name_column="address_1", validator=_RESOURCE_RULES),
        TableSpec("service_at_location", NP_("record", "서비스 제공 장소"), validator=_RESOURCE_RULES),
        TableSpec("contact", NP_("record", "자원 담당자"), name_column="name",
                  fields={"private_phone": _PRIVATE_CONTACT}, validator=_RESOURCE_RULES),
        TableSpec("phone", NP_("record", "자원 전화번호"), name_column="number", validator=_RESOURCE_RULES),
        TableSpec("taxonomy_term", NP_("record", "자원 분류"), name_column="name", validator=_RESOURCE_RULES),
        TableSpec("service_taxonomy", NP_("record", "서비스 분류 지정"), validator=_RESOURCE_RULES),
        TableSpec("donation", NP_("record", "후원금품 접수"), name_column="item",
                  fields={"donor_name": _PERSONAL_DONOR, "donor_contact": _PERSONAL_DONOR, "note": _PRIVATE_NOTE},
                  validator=_DONATION_RULES),
        TableSpec("distribution", NP_("record", "후원금품 배분"), name_column="item",
                  fields={"recipient": _HOUSEHOLD, "case_id": _HOUSEHOLD, "note": _PRIVATE_NOTE},
                  validator=_DONATION_RULES),
    ),
    cli_module="app.cli.resources", demo_builder="app.resources.demo:build_demo_resources",
    tab_factory="ui.tabs.resources.tab:ResourcesTab",
)

# Case work (사례관리·사례회의). Every field needs ``cases.read`` (the "cases" compartment of
# keys, issue 13, seals exactly these). What identifies or describes a person travels to the
# city only under a provision consent to the 시군구 on record and not withdrawn
# (``app.cases.consent:consent_allows``); free-text notes and summaries, and the
# conferences' own records, travel only sealed to this council's devices. The structural
# fields (ids, references, created/deleted) always travel, so the city can relay the sealed
# items without learning anything but that a record exists.
_CASE_RULES = "app.cases.rules:validate_incoming"
_CASE_CONSENT = "app.cases.consent:consent_allows"
_UNDER_CONSENT = FieldRule(read=Permission.CASES_READ, sync=SyncPolicy.UNDER_CONSENT, personal=True)
_SEALED_CASE = FieldRule(read=Permission.CASES_READ, sync=SyncPolicy.SEALED, personal=True)


def _case_fields(consent: str = "", sealed: str = "") -> dict[str, FieldRule]:
    return {**{name: _UNDER_CONSENT for name in consent.split()}, **{name: _SEALED_CASE for name in sealed.split()}}


def _case_table(name: str, label: str, consent: str = "", sealed: str = "", name_column: str | None = None) -> TableSpec:
    return TableSpec(name, label, name_column=name_column, fields=_case_fields(consent, sealed),
                     consent_check=_CASE_CONSENT, validator=_CASE_RULES)


CASES = AreaSpec(
    key="cases", label=N_("사례관리"), change=Change.CASES,
    read=Permission.CASES_READ, edit=Permission.CASES_EDIT,
    tables=(
        _case_table("client", NP_("record", "대상자"), name_column="name",
                    consent="name sex birth_date place address phone household_type household_size found_source "
                            "found_by found_on crisis_level", sealed="note"),
        _case_table("consent", NP_("record", "개인정보 동의"),
                    consent="purpose recipient_kind recipient_name given_on items retention given_how guardian_name "
                            "guardian_relation withdrawn_on"),
        _case_table("case_record", NP_("record", "사례"),
                    consent="worker found_on counselled_on received_on assessed_on conferred_on classified_on "
                            "planned_on providing_on closed_on follow_up_on classification crisis_level next_check_on "
                            "closing_reason", sealed="closing_note note"),
        _case_table("case_plan_item", NP_("record", "서비스 제공계획 항목"), consent="what who due_on done_on"),
        _case_table("case_check", NP_("record", "사례 점검"), consent="checked_on next_check_on", sealed="note"),
        _case_table("case_conference", NP_("record", "사례회의"), sealed="held_on place note"),
        _case_table("conference_attendee", NP_("record", "사례회의 참석자"), name_column="person_name",
                    sealed="kind agency_name person_name position"),
        _case_table("conference_case", NP_("record", "사례회의 안건 사례"), consent="decision next_check_on",
                    sealed="summary"),
        _case_table("conference_role", NP_("record", "사례회의 역할 분담"),
                    consent="agency_name person_name service due_on"),
        _case_table("conference_leave", NP_("record", "사례회의 퇴장")),
        _case_table("referral", NP_("record", "의뢰·연계"),
                    consent="agency_name referred_on referred_by service_requested status decline_reason replied_on "
                            "holds_unit closed_on", sealed="reason result"),
    ),
    cli_module="app.cli.cases", demo_builder="app.cases.demo:build_demo_cases",
    tab_factory="ui.tabs.cases.tab:CasesTab",
)


_NETWORK_RULES = "app.network.rules:validate_incoming"

NETWORK = AreaSpec(
    key="network", label=N_("네트워크"), change=Change.NETWORK,
    read=Permission.NETWORK_READ, edit=Permission.NETWORK_EDIT,
    tables=(
        TableSpec("plan_item", NP_("record", "계획 과제"), name_column="title", validator=_NETWORK_RULES),
        TableSpec("plan_item_decision", NP_("record", "계획 과제 의결"), validator=_NETWORK_RULES),
        TableSpec("joint_project", NP_("record", "공동사업"), name_column="name", validator=_NETWORK_RULES),
        TableSpec("joint_project_partner", NP_("record", "공동사업 참여 기관"), validator=_NETWORK_RULES),
    ),
    cli_module="app.cli.network", demo_builder="app.network.demo:build_demo_network",
    tab_factory="ui.tabs.network.tab:NetworkTab",
)

AREAS: tuple[AreaSpec, ...] = (MEMBERS, SUBCOMMITTEES, MEETINGS, RESOURCES, CASES, NETWORK)


def area(key: str) -> AreaSpec:
    return next(a for a in AREAS if a.key == key)


def tables() -> dict[str, TableSpec]:
    """Every synced table of every area, by name, in area order."""
    return {t.name: t for a in AREAS for t in a.tables}


def table(name: str) -> TableSpec | None:
    return tables().get(name)


def area_of(table_name: str) -> AreaSpec | None:
    return next((a for a in AREAS if any(t.name == table_name for t in a.tables)), None)


def table_label(name: str, lang: str | None = None) -> str | None:
    spec = table(name)
    return spec.label_in(lang) if spec is not None else None


def sealed_tables() -> dict[str, dict[str, str]]:
    """Table -> {column: compartment} for every table that has sealed fields."""
    return {t.name: sealed for t in tables().values() if (sealed := t.sealed_fields())}


def compartments_of(role_permissions: frozenset[Permission]) -> frozenset[str]:
    """The compartments whose keys a role with these permissions holds."""
    return frozenset(name for name, permission in COMPARTMENTS.items() if permission in role_permissions)


def can_read_table(actor: Actor | None, table_name: str) -> bool:
    owner = area_of(table_name)
    return actor is not None and owner is not None and actor.can(owner.read)
