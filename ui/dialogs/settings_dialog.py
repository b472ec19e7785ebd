"""설정: the council's name and code, this PC's font size and language, the data file,
and every council-wide setting of ``app.settings.declared_settings()`` (member rules,
meeting rules, the notice's 문의 line, the issuer of 위촉장), each greyed out for an
account without the permission its declaration names.

Council settings are stored with the data (``app.settings``); font size, language and
the data file path belong to this PC (``app.preferences``).
"""
from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSpinBox, QWidget

from app.database import rename_council
from app.errors import AppError, ValidationFailed
from app.preferences import FONT_SIZES
from app.meetings.settings import NOTICE_DAYS_KEY, TIE_RULE_KEY, get_meeting_settings, update_meeting_settings
from app.settings import (DeclaredSetting, declared_settings, get_appointing_authority, get_notice_contact,
                          set_appointing_authority, set_notice_contact, update_council_settings)
from app.areas import Change
from ui import appearance, file_actions, i18n, ops
from ui.dialogs.base import FormDialog
from ui.errors import show_error
from ui.i18n import N_, language, tr
from ui.signals import app_signals
from ui.state import AppState

GROUP_TITLES = {"members": N_("위원 규칙 (협의체 공통)"), "meetings": N_("회의 규칙 (협의체 공통)")}


def setting_widget(decl: DeclaredSetting, value: object) -> QWidget:
    """The field for one declared setting: a number, a list or a line of text."""
    if decl.kind == "choice":
        combo = QComboBox()
        for stored, label_ko in decl.choices:
            combo.addItem(tr(label_ko), stored)
        combo.setCurrentIndex(max(0, combo.findData(value)))
        return combo
    if decl.kind == "text":
        line = QLineEdit(str(value or ""))
        line.setMaxLength(decl.maximum)
        if decl.hint:
            line.setPlaceholderText(tr(decl.hint))
        return line
    spin = QSpinBox()
    spin.setRange(decl.minimum, decl.maximum)
    spin.setValue(int(value))  # type: ignore[call-overload]
    return spin


def widget_value(widget: QWidget) -> object:
    if isinstance(widget, QComboBox):
        return widget.currentData()
    if isinstance(widget, QLineEdit):
        return " ".join(widget.text().split())
    assert isinstance(widget, QSpinBox)
    return widget.value()


class SettingsDialog(FormDialog):
    def __init__(self, parent: QWidget | None, state: AppState) -> None:
        super().__init__(parent, N_("설정"))
        self.state = state
        council = self.group(N_("협의체"))
        self.council_name = council.add("council_name", N_("협의체 이름"), QLineEdit(state.info.council_name))
        self.council_code = council.add("council_code", N_("협의체 코드"), QLineEdit(state.info.council_code))
        screen = self.group(N_("화면 (이 PC)"))
        self.font_size = screen.add("font_size", N_("글자 크기"), QSpinBox())
        self.font_size.setRange(FONT_SIZES.start, FONT_SIZES.stop - 1)
        self.font_size.setValue(state.prefs.font_size)
        self.language = screen.add("language", N_("언어"), QComboBox())
        self.language.addItem("한국어", "ko")
        self.language.addItem("English", "en")
        self.language.setCurrentIndex(max(0, self.language.findData(language())))

        data = self.group(N_("데이터 파일"))
        row = QWidget()
        row_layout = QHBoxLayout(row)
        row_layout.setContentsMargins(0, 0, 0, 0)
        self.path_label = QLabel(str(state.db_path or ""))
        self.path_label.setWordWrap(True)
        self.open_folder = QPushButton()
        self.open_other = QPushButton()
        self.open_folder.clicked.connect(self.on_open_folder_clicked)
        self.open_other.clicked.connect(self.on_open_other_clicked)
        row_layout.addWidget(self.path_label, 1)
        row_layout.addWidget(self.open_folder)
        row_layout.addWidget(self.open_other)
        data.add("db_path", N_("위치"), row)

        # Every council-wide setting, from its one declaration (app.settings).
        self.stored = self._stored_values()
        self.fields: dict[str, QWidget] = {}
        boxes = {"council": council}
        actor = state.db.actor
        for decl in declared_settings():
            if decl.group not in boxes:
                boxes[decl.group] = self.group(GROUP_TITLES[decl.group])
            widget = setting_widget(decl, self.stored[decl.key])
            widget.setEnabled(actor is not None and actor.can(decl.permission))
            if decl.hint and decl.kind != "text":
                widget.setToolTip(tr(decl.hint))
            self.fields[decl.key] = boxes[decl.group].add(decl.key, decl.title, widget)
        self.spins: dict[str, QSpinBox] = {k: w for k, w in self.fields.items() if isinstance(w, QSpinBox)}
        self.authority = self.fields["appointing_authority"]

        for group in (council, screen, data, *(b for k, b in boxes.items() if k != "council")):
            self.body.addWidget(group)
        self.resize(620, 0)
        self.retranslate_ui()

    def _stored_values(self) -> dict[str, object]:
        state = self.state
        values: dict[str, object] = dict(vars(state.settings()))
        meeting = ops.call(get_meeting_settings, state.uow())
        values[TIE_RULE_KEY], values[NOTICE_DAYS_KEY] = meeting.tie_rule, meeting.notice_days
        values["appointing_authority"] = ops.call(get_appointing_authority, state.uow())
        values["notice_contact"] = ops.call(get_notice_contact, state.uow())
        return values

    def changed_settings(self) -> dict[str, object]:
        return {key: widget_value(w) for key, w in self.fields.items()
                if w.isEnabled() and widget_value(w) != self.stored[key]}

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        self.open_folder.setText(tr("폴더 열기"))
        self.open_other.setText(tr("다른 파일 열기…"))
        self.font_size.setSuffix(" pt")

    def on_open_folder_clicked(self) -> None:
        if self.state.db_path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.state.db_path.parent)))

    def on_open_other_clicked(self) -> None:
        if file_actions.open_data_file(self, self.state):
            self.path_label.setText(str(self.state.db_path or ""))
            self.council_name.setText(self.state.info.council_name)
            self.council_code.setText(self.state.info.council_code)

    def save(self) -> bool:
        self.clear_errors()
        info = self.state.info
        name, code = self.council_name.text(), self.council_code.text().strip()
        try:
            if (name.strip(), code) != (info.council_name, info.council_code):
                ops.call(rename_council, self.state.db, code, name)
                self.state.reload_info()
            changes = self.changed_settings()
            if "appointing_authority" in changes:
                self.stored["appointing_authority"] = ops.call(set_appointing_authority, self.state.uow(),
                                                               changes.pop("appointing_authority"))
            if "notice_contact" in changes:
                self.stored["notice_contact"] = ops.call(set_notice_contact, self.state.uow(),
                                                         changes.pop("notice_contact"))
            meeting = {k: changes.pop(k) for k in (TIE_RULE_KEY, NOTICE_DAYS_KEY) if k in changes}
            if meeting:
                ops.call(update_meeting_settings, self.state.uow(),
                         tie_rule=meeting.get(TIE_RULE_KEY), notice_days=meeting.get(NOTICE_DAYS_KEY))
                self.stored.update(meeting)
                app_signals().data_changed.emit({Change.MEETINGS})  # notice warnings depend on these
            if changes:
                ops.call(update_council_settings, self.state.uow(), **changes)
                self.stored.update(changes)
                app_signals().settings_changed.emit()
                app_signals().data_changed.emit({Change.MEMBERS})  # warnings depend on these rules
        except ValidationFailed as error:
            self.show_field_errors(error.errors)
            return False
        except AppError as error:
            show_error(self, error)
            return False
        if self.font_size.value() != self.state.prefs.font_size:
            appearance.set_font_size(self.state, self.font_size.value())
        lang = self.language.currentData()
        if lang != language():
            self.state.update_prefs(language=lang)
            i18n.set_language(lang)
        return True
