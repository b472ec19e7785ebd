"""계정 관리, 접속기록 보기 and what a read-only role sees."""
from __future__ import annotations

from openpyxl import load_workbook

from app.database import close_database, open_database
from app.preferences import Preferences
from app.security.accounts import NewAccount, create_account
from app.security.audit import AccessLogFilter, read_access_log
from tests.ui.helpers import answer_with, type_text
from ui import file_actions
from ui.dialogs.access_log_dialog import AccessLogDialog
from ui.dialogs.accounts_dialog import AccountsDialog, NewAccountDialog, ResetPasswordDialog
from ui.dialogs.password_dialog import ChangePasswordDialog

VIEWER_PASSWORD = "viewer-pass-2026"


def test_accounts_dialog_adds_an_account_that_can_log_in(qtbot, state, monkeypatch) -> None:
    dialog = AccountsDialog(None, state)
    qtbot.addWidget(dialog)
    assert [a.username for a in dialog.model.rows] == ["admin"]
    assert not dialog.buttons["deactivate"].isEnabled()       # not one's own account

    def fill(d: NewAccountDialog) -> None:
        d.username.setText("kim")
        type_text(d.display_name, "김간사")
        d.role.setCurrentIndex(d.role.findData("coordinator"))
        d.pair.first.setText("kim-pass-2026")
        d.pair.second.setText("kim-pass-2026")

    monkeypatch.setattr(NewAccountDialog, "exec", answer_with(fill))
    dialog.buttons["add"].click()
    assert [a.username for a in dialog.model.rows] == ["admin", "kim"]
    assert dialog.selected().role == "coordinator"
    db = open_database(state.db_path, "kim", "kim-pass-2026")
    assert db.actor.role == "coordinator"
    close_database(db)


def test_new_account_dialog_shows_a_taken_name_inline(qtbot, state) -> None:
    dialog = NewAccountDialog(None, state)
    qtbot.addWidget(dialog)
    dialog.username.setText("admin")
    dialog.display_name.setText("또 관리자")
    dialog.pair.first.setText("some-pass-2026")
    dialog.pair.second.setText("some-pass-2026")
    assert not dialog.save()
    assert "이미 있습니다" in dialog.error_labels["username"].text()


def test_reset_and_deactivate(qtbot, state, monkeypatch, answers) -> None:
    create_account(state.db, NewAccount("kim", "kim-pass-2026", "김간사", "coordinator"))
    dialog = AccountsDialog(None, state)
    qtbot.addWidget(dialog)
    dialog.refresh("kim")

    def fill(d: ResetPasswordDialog) -> None:
        d.pair.first.setText("temp-pass-2026")
        d.pair.second.setText("temp-pass-2026")

    monkeypatch.setattr(ResetPasswordDialog, "exec", answer_with(fill))
    dialog.buttons["reset"].click()
    assert dialog.selected().must_change_password
    dialog.buttons["deactivate"].click()
    assert answers["confirm"].asked and not dialog.selected().active


def test_access_log_viewer_filters_and_exports(qtbot, state, monkeypatch, answers, tmp_path) -> None:
    create_account(state.db, NewAccount("kim", "kim-pass-2026", "김간사", "coordinator"))
    close_database(open_database(state.db_path, "kim", "kim-pass-2026"))
    dialog = AccessLogDialog(None, state, ["admin", "kim"])
    qtbot.addWidget(dialog)
    # The window's calendar is pinned to 2026-11-24 in tests; the entries carry the real time.
    dialog.use_period.setChecked(False)
    dialog.search_button.click()
    accounts = {r.account for r in dialog.rows}
    assert {"admin", "kim"} <= accounts
    dialog.account.setCurrentIndex(dialog.account.findData("kim"))
    dialog.search_button.click()
    assert dialog.rows and {r.account for r in dialog.rows} == {"kim"}
    assert dialog.model.rowCount() == len(dialog.rows)
    assert {r.action for r in dialog.rows} >= {"login", "logout"}
    assert dialog.model.data(dialog.model.index(0, 1)) == "kim"

    out = tmp_path / "log.xlsx"
    monkeypatch.setattr(file_actions, "ask_save_path", lambda *a, **k: out)
    dialog.export_button.click()
    assert answers["file_saved"].asked
    sheet = load_workbook(out).active
    assert [c.value for c in sheet[1]][:4] == ["일시", "계정", "접속 컴퓨터", "작업"]
    assert {sheet.cell(row=r, column=2).value for r in range(2, sheet.max_row + 1)} == {"kim"}
    exports = read_access_log(state.db.session_factory, state.db.actor, AccessLogFilter(action="export"))
    assert any(r.target_table == "access_log" for r in exports)


def test_viewer_sees_the_roster_read_only(qtbot, demo_db, tmp_path) -> None:
    from tests.ui.conftest import _make_window
    from ui.state import AppState

    create_account(demo_db, NewAccount("wiwon", VIEWER_PASSWORD, "홍길동", "viewer"))
    viewer_db = open_database(demo_db.path, "wiwon", VIEWER_PASSWORD)
    window = _make_window(qtbot, AppState(viewer_db, Preferences()))
    tab = window.members_tab
    assert tab.model.rowCount() > 0
    tab.table.selectRow(0)
    for action in (tab.add_action, tab.edit_action, tab.delete_action, tab.print_action, tab.dismiss_action):
        assert not action.isEnabled()
    assert not any(b.isEnabled() for b in tab.buttons.values())
    assert not window.export_action.isEnabled() and not window.print_roster_action.isEnabled()
    assert not window.accounts_action.isEnabled() and not window.access_log_action.isEnabled()
    assert window.password_action.isEnabled()
    assert not window.subcommittees_tab.buttons["create"].isEnabled()
    assert all(m.birth_date is None for m in tab.model.rows)
    assert "위원" in window.user_label.text()
    window.close()


def test_not_allowed_is_shown_calmly(window, answers) -> None:
    from app.security.permissions import Actor

    window.state.db.actor = Actor("wiwon", "viewer", "홍길동")
    from app.members import delete_member
    from ui import ops

    assert ops.run(window, delete_member, window.state.uow(), "x") is None
    assert "할 수 없는 일" in answers["warn"].asked[0]


def test_change_own_password_from_the_menu(window, monkeypatch, answers) -> None:
    def fill(d: ChangePasswordDialog) -> None:
        d.old.setText("admin-pass-2026")
        d.pair.first.setText("changed-2026")
        d.pair.second.setText("changed-2026")

    monkeypatch.setattr(ChangePasswordDialog, "exec", answer_with(fill))
    window.password_action.trigger()
    assert answers["inform"].asked
    close_database(open_database(window.state.db_path, "admin", "changed-2026"))
