"""설정: the council's name and code, this PC's font size and language, the data file,
and the council-wide rules (term length, warning days, minimum and cap).

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
from app.settings import SPECS, get_appointing_authority, set_appointing_authority, update_council_settings
from app.areas import Change
from ui import appearance, file_actions, i18n, ops
from ui.dialogs.base import FormDialog
from ui.errors import show_error
from ui.i18n import N_, language, tr
from ui.signals import app_signals
from ui.state import AppState

SETTING_LABELS = {"term_years": N_("임기(년)"), "term_warning_days": N_("임기만료 경고(일 전)"),
                  "min_members": N_("최소 위원 수"), "max_members": N_("위원 정원"),
                  "idle_lock_minutes": N_("화면 잠금 (쓰지 않은 지 몇 분 뒤)")}


class SettingsDialog(FormDialog):
    def __init__(self, parent: QWidget | None, state: AppState) -> None:
        super().__init__(parent, N_("설정"))
        self.state = state
        council = self.group(N_("협의체"))
        self.council_name = council.add("council_name", N_("협의체 이름"), QLineEdit(state.info.council_name))
        self.council_code = council.add("council_code", N_("협의체 코드"), QLineEdit(state.info.council_code))
        self._authority = ops.call(get_appointing_authority, state.uow())
        self.authority = council.add("appointing_authority", N_("위촉권자 (위촉장 발급)"), QLineEdit(self._authority))

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

        members = self.group(N_("위원 규칙 (협의체 공통)"))
        current = state.settings()
        self.spins: dict[str, QSpinBox] = {}
        for key, spec in SPECS.items():
            spin = QSpinBox()
            spin.setRange(spec.minimum, spec.maximum)
            spin.setValue(getattr(current, key))
            self.spins[key] = members.add(key, SETTING_LABELS.get(key, spec.title_ko), spin)

        for group in (council, screen, data, members):
            self.body.addWidget(group)
        self.resize(620, 0)
        self.retranslate_ui()

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
            if self.authority.text().strip() != self._authority:
                self._authority = ops.call(set_appointing_authority, self.state.uow(), self.authority.text())
            current = self.state.settings()
            changes = {k: s.value() for k, s in self.spins.items() if getattr(current, k) != s.value()}
            if changes:
                ops.call(update_council_settings, self.state.uow(), **changes)
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
