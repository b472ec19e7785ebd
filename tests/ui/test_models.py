"""Every table model passes Qt's model tester; the proxy sorts Korean and filters by words."""
from __future__ import annotations

from app.members import list_members, member_matches
from app.subcommittees import list_subcommittees
from tests.ui.conftest import TODAY
from ui.dialogs.import_dialog import ERROR_COLUMNS
from ui.table_model import FilterProxy, TableModel
from ui.tabs.member_columns import MEMBER_COLUMNS, TERM_COLUMNS
from ui.tabs.subcommittees_tab import SEAT_COLUMNS, SUBCOMMITTEE_COLUMNS
from app.errors import FieldError


def test_member_model_and_proxy_pass_the_model_tester(qtmodeltester, state) -> None:
    members = list_members(state.uow(), TODAY, "all")
    model = TableModel(MEMBER_COLUMNS, members)
    qtmodeltester.check(model)
    proxy = FilterProxy()
    proxy.setSourceModel(model)
    proxy.set_matcher(member_matches)
    proxy.sort(1)
    qtmodeltester.check(proxy)
    proxy.set_query("길동")
    qtmodeltester.check(proxy)
    assert proxy.rowCount() == 1


def test_term_subcommittee_seat_and_error_models(qtmodeltester, state) -> None:
    members = list_members(state.uow(), TODAY, "all")
    qtmodeltester.check(TableModel(TERM_COLUMNS, [t for m in members for t in m.terms]))
    subs = list_subcommittees(state.uow(), TODAY)
    qtmodeltester.check(TableModel(SUBCOMMITTEE_COLUMNS, subs))
    qtmodeltester.check(TableModel(SEAT_COLUMNS, [s for sub in subs for s in sub.seats]))
    errors = [FieldError("name", "required", row=3), FieldError("phone", "invalid_phone", {"value": "x"}, row=4)]
    qtmodeltester.check(TableModel(ERROR_COLUMNS, errors))
    qtmodeltester.check(TableModel(MEMBER_COLUMNS, []))


def test_window_models_pass_the_model_tester(qtmodeltester, window) -> None:
    tab = window.members_tab
    tab.select_member(tab.proxy.row_object(0).id)
    for model in (tab.model, tab.proxy, tab.terms_model, window.subcommittees_tab.model,
                  window.subcommittees_tab.proxy, window.subcommittees_tab.seats_model):
        qtmodeltester.check(model)


def test_names_sort_in_korean_order(state) -> None:
    model = TableModel(MEMBER_COLUMNS, list_members(state.uow(), TODAY, "all"))
    proxy = FilterProxy()
    proxy.setSourceModel(model)
    proxy.sort(model.column_index("name"))
    names = [proxy.row_object(r).name for r in range(proxy.rowCount())]
    assert names[0] == "강미경"
    assert names == sorted(names)


def test_roster_order_is_the_default(window) -> None:
    """Co-chairs first, then members, secretary last (app.members.sort_key)."""
    proxy = window.members_tab.proxy
    roles = [proxy.row_object(r).role for r in range(proxy.rowCount())]
    assert roles[:2] == ["co_chair_public", "co_chair_private"]
    assert roles[-1] == "secretary"


def test_every_word_must_match(state) -> None:
    model = TableModel(MEMBER_COLUMNS, list_members(state.uow(), TODAY, "all"))
    proxy = FilterProxy()
    proxy.setSourceModel(model)
    proxy.set_query("이장 상촌")
    assert [proxy.row_object(r).name for r in range(proxy.rowCount())] == ["홍길동"]
    proxy.set_query("")
    assert proxy.rowCount() == model.rowCount()
