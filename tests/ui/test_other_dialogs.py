"""Settings, new data file, Excel import preview, and the report menu wiring."""
from __future__ import annotations

import sys
import types
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtWidgets import QApplication, QFileDialog

from app.dates import format_date
from app.errors import FieldError
from tests.ui.helpers import answer_with
from ui import clock, file_actions
from ui.dialogs.import_dialog import ImportDialog
from ui.dialogs.settings_dialog import SettingsDialog


def test_settings_rename_council_rules_font_and_language(window, monkeypatch) -> None:
    def fill(dialog: SettingsDialog) -> None:
        dialog.council_name.setText("달빛면 지역사회보장협의체")
        dialog.spins["term_warning_days"].setValue(30)
        dialog.font_size.setValue(14)
        dialog.language.setCurrentIndex(dialog.language.findData("en"))

    monkeypatch.setattr(SettingsDialog, "exec", answer_with(fill))
    window.open_settings()
    assert window.council_label.text() == "달빛면 지역사회보장협의체"
    assert window.state.settings().term_warning_days == 30
    # Only the two terms ending within 30 days are left in the banner.
    assert window.members_tab.banner.label.text().count("<li>") == 2
    assert QApplication.font().pointSize() == 14
    assert window.tabs.tabText(0) == "Members"
    assert window.state.prefs.language == "en"


def test_every_declared_setting_is_on_the_settings_screen_and_saves(qtbot, state, tmp_path) -> None:
    """The tie rule, the notice period and the notice's 문의 line are set in the window,
    typed with keys, and reach the services and the printed notice."""
    import subprocess

    from PySide6.QtCore import Qt

    from app.demo_meetings import build_demo_meetings
    from app.meetings.meetings import list_meetings
    from app.meetings.settings import get_meeting_settings
    from app.reports.meeting_pdfs import write_notice_pdf
    from app.settings import declared_settings

    dialog = SettingsDialog(None, state)
    qtbot.addWidget(dialog)
    assert set(dialog.fields) == {d.key for d in declared_settings()}
    assert {"meeting_tie_rule", "meeting_notice_days", "notice_contact"} <= set(dialog.fields)
    tie = dialog.fields["meeting_tie_rule"]
    tie.setFocus()
    qtbot.keyClick(tie, Qt.Key.Key_Down)  # 가부동수이면 부결 -> 위원장이 결정
    days = dialog.fields["meeting_notice_days"]
    days.lineEdit().selectAll()
    qtbot.keyClicks(days, "7")
    contact = dialog.fields["notice_contact"]
    qtbot.keyClicks(contact, "Welfare team 031-123-4567")
    assert dialog.save()
    assert get_meeting_settings(state.uow()) == type(get_meeting_settings(state.uow()))("casting", 7)
    build_demo_meetings(state.db, clock.today())
    meeting = list_meetings(state.uow(), clock.today())[0]
    out = write_notice_pdf(state.uow(), meeting.id, tmp_path / "notice.pdf", state.council_name)
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout
    assert "031-123-4567" in text
    # A second opening shows what was saved.
    again = SettingsDialog(None, state)
    qtbot.addWidget(again)
    assert again.fields["meeting_tie_rule"].currentData() == "casting"
    assert again.fields["meeting_notice_days"].value() == 7


def test_settings_refuse_a_bad_council_code_inline(qtbot, state) -> None:
    dialog = SettingsDialog(None, state)
    qtbot.addWidget(dialog)
    dialog.council_code.setText("코드 with spaces")
    assert not dialog.save()
    assert "협의체 코드" in dialog.error_labels["council_code"].text()
    assert state.info.council_code == "4377034000"


def test_new_data_file_switches_the_window(window, monkeypatch, tmp_path) -> None:
    from tests.ui.test_session import fill_wizard
    from ui.dialogs.setup_wizard import SetupWizard

    def exec_(wizard: SetupWizard) -> int:
        fill_wizard(wizard, tmp_path / "byeol.db", name="별빛동 지역사회보장협의체")
        return wizard.result()

    monkeypatch.setattr(SetupWizard, "exec", exec_)
    assert file_actions.new_data_file(window, window.state)
    assert window.council_label.text() == "별빛동 지역사회보장협의체"
    tab = window.members_tab
    assert tab.stack.currentWidget() is tab.empty
    assert window.state.prefs.db_path.endswith("byeol.db")
    assert window.state.db.actor.username == "hong"


@dataclass
class FakePlan:
    rows: list = field(default_factory=list)
    valid_rows: list = field(default_factory=list)
    invalid_rows: list = field(default_factory=list)
    errors: list = field(default_factory=list)


def test_import_preview_with_errors(qtbot, answers) -> None:
    plan = FakePlan(rows=[1, 2, 3], valid_rows=[1, 2], invalid_rows=[3],
                    errors=[FieldError("phone", "invalid_phone", {"value": "12"}, row=4)])
    dialog = ImportDialog(None, plan)
    qtbot.addWidget(dialog)
    assert not dialog.all_button.isEnabled()
    assert dialog.valid_button.isEnabled()
    assert dialog.model.index(0, 0).data() == "4"
    assert dialog.model.index(0, 1).data() == "연락처"
    assert "010-1234-5678처럼" in dialog.model.index(0, 2).data()
    dialog.valid_button.click()
    assert "잘못된 행 1개는 빼 놓습니다" in answers["confirm"].asked[0]
    assert dialog.choice == "valid"


def test_import_preview_without_errors(qtbot, answers) -> None:
    dialog = ImportDialog(None, FakePlan(rows=[1, 2], valid_rows=[1, 2]))
    qtbot.addWidget(dialog)
    assert dialog.all_button.isEnabled() and not dialog.valid_button.isEnabled()
    answers["confirm"].reply = False
    dialog.all_button.click()
    assert dialog.choice is None  # 취소 at the confirmation keeps the preview open


def test_roster_pdf_menu_calls_the_report_contract(window, monkeypatch, answers, tmp_path) -> None:
    calls = {}

    def write_roster_pdf(uow, out_path: Path, on_date, council_name: str) -> Path:
        calls.update(out_path=out_path, on_date=on_date, council_name=council_name)
        out_path.write_bytes(b"%PDF")
        return out_path

    module = types.ModuleType("app.reports.roster_pdf")
    module.write_roster_pdf = write_roster_pdf  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "app.reports.roster_pdf", module)
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(tmp_path / "명부"), "")))
    window.print_roster_action.trigger()
    assert calls["out_path"] == tmp_path / "명부.pdf"
    assert calls["council_name"] == "햇살면 지역사회보장협의체"
    assert str(calls["on_date"]) == "2026-11-24"
    assert answers["file_saved"].asked


def test_excel_import_flow_with_the_contract(window, monkeypatch, answers, tmp_path) -> None:
    applied = {}
    plan = FakePlan(rows=[1], valid_rows=[1])

    @dataclass
    class Result:
        added: int = 1
        updated: int = 0

    module = types.ModuleType("app.reports.excel_members")
    module.read_members_workbook = lambda uow, path, today, progress=None: plan  # type: ignore[attr-defined]

    def apply_members_import(uow, p, today, only_valid=False, progress=None):  # type: ignore[no-untyped-def]
        applied.update(plan=p, only_valid=only_valid)
        return Result()

    module.apply_members_import = apply_members_import  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "app.reports.excel_members", module)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(tmp_path / "x.xlsx"), "")))

    def choose_all(dialog: ImportDialog) -> int:
        dialog.all_button.click()
        return dialog.result()

    monkeypatch.setattr(ImportDialog, "exec", choose_all)
    assert file_actions.import_excel(window, window.state)
    assert applied == {"plan": plan, "only_valid": False}
    assert answers["inform"].asked[-1].startswith("추가 1, 수정 0")


def test_missing_report_module_is_a_calm_note(window, monkeypatch, answers) -> None:
    monkeypatch.setitem(sys.modules, "app.reports.roster_pdf", None)  # import fails like a missing module
    file_actions.print_roster(window, window.state)
    assert "준비 중" in answers["inform"].asked[0]


def test_appointment_letter_uses_and_remembers_the_appointing_authority(window, monkeypatch, answers, tmp_path) -> None:
    from app.settings import load_appointing_authority
    from ui.dialogs.appointment_dialog import AppointmentDialog

    seen = {}

    def fill(dialog: AppointmentDialog) -> None:
        seen["default"] = dialog.issuer.text()
        seen["issued_on"] = dialog.issued_on.value()
        dialog.issuer.setText("햇살군수")
        dialog.number.setText("제2026-15호")

    monkeypatch.setattr(AppointmentDialog, "exec", answer_with(fill))
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(tmp_path / "위촉장.pdf"), "")))
    tab = window.members_tab
    tab.select_member(tab.proxy.row_object(tab.proxy.proxy_row_of(lambda m: m.name == "홍길동")).id)
    tab.print_action.trigger()
    # No placeholder issuer offered; the certificate is dated on the day the term began.
    from app.members import list_members

    hong = next(m for m in list_members(window.state.uow(), clock.today()) if m.name == "홍길동")
    assert seen["default"] == ""
    assert seen["issued_on"] == hong.current_term.start_on
    assert (tmp_path / "위촉장.pdf").read_bytes().startswith(b"%PDF")
    with window.state.db.session_factory() as session:
        assert load_appointing_authority(session) == "햇살군수"
    assert answers["file_saved"].asked


def test_appointment_dialog_refuses_the_placeholder_issuer_and_defaults_to_the_term_start(qtbot) -> None:
    from datetime import date

    from ui.dialogs.appointment_dialog import AppointmentDialog

    dialog = AppointmentDialog(None, "홍길동", issuer="", start_on=date(2024, 12, 28))
    qtbot.addWidget(dialog)
    assert dialog.issued_on.value() == date(2024, 12, 28)
    for placeholder in ("", "시장·군수·구청장", "시장·군수·구청장 (직인)"):
        dialog.issuer.setText(placeholder)
        assert not dialog.save()
        assert "햇살군수" in dialog.error_labels["issuer"].text()
    dialog.issuer.setText("햇살군수")
    assert dialog.save() and dialog.values() == ("햇살군수", date(2024, 12, 28), "")


def test_appointments_of_several_members_go_into_one_pdf(window, monkeypatch, answers, tmp_path) -> None:
    from app.members import list_members
    from tests.app.test_reports_pdf import pdf_pages
    from ui.dialogs.appointment_dialog import AppointmentDialog

    seen = {}

    def fill(dialog: AppointmentDialog) -> None:
        seen["date_enabled"] = dialog.issued_on.isEnabled()
        dialog.issuer.setText("햇살군수")
        dialog.number.setText("2026-07")

    monkeypatch.setattr(AppointmentDialog, "exec", answer_with(fill))
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(tmp_path / "위촉장.pdf"), "")))
    members = [m for m in list_members(window.state.uow(), clock.today()) if m.current_term is not None][:3]
    file_actions.print_appointments(window, window.state, members)
    assert seen["date_enabled"] is False  # each member's own 위촉일 unless one date is chosen
    pages = pdf_pages(tmp_path / "위촉장.pdf")
    assert len(pages) == 3
    for page, member, number in zip(pages, members, ("2026-07", "2026-08", "2026-09")):
        assert member.name in page and number in page
        assert format_date(member.current_term.start_on) in page


def test_real_roster_pdf_and_excel_export(window, monkeypatch, answers, tmp_path) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(tmp_path / "out"), "")))
    file_actions.print_roster(window, window.state)
    assert (tmp_path / "out.pdf").read_bytes().startswith(b"%PDF")
    file_actions.export_excel(window, window.state)
    assert (tmp_path / "out.xlsx").exists()
    file_actions.download_template(window)
    assert len(answers["file_saved"].asked) == 3


def test_real_excel_round_trip_through_the_preview(window, monkeypatch, answers, tmp_path) -> None:
    from app.reports.excel_members import export_members
    from tests.ui.conftest import TODAY

    path = export_members(window.state.uow(), tmp_path / "members.xlsx", TODAY)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(path), "")))
    seen = {}

    def choose_all(dialog: ImportDialog) -> int:
        seen["errors"] = list(dialog.errors)
        dialog.all_button.click()
        return dialog.result()

    monkeypatch.setattr(ImportDialog, "exec", choose_all)
    assert file_actions.import_excel(window, window.state)
    assert seen["errors"] == []
    assert "변경 없음" in answers["inform"].asked[-1]
