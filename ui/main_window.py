"""The main window: it only assembles the tabs, the menus and the status bar.

The work of each menu entry lives in the tab that owns it (``tabs/``), in
``file_actions`` (files and reports) or in a dialog; this module wires them together.
"""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QPushButton, QTabWidget, QWidget

from app import __version__
from app.members import RosterSummary
from ui import appearance, file_actions, i18n, messages
from ui.i18n import N_, tr
from ui.signals import app_signals
from ui.state import AppState
from ui.tabs.members_tab import MembersTab
from ui.tabs.subcommittees_tab import SubcommitteesTab

SHORTCUT_HELP = (
    ("Ctrl+N", N_("위원 추가")), ("Ctrl+E, Enter", N_("선택한 위원 수정")), ("Delete", N_("선택한 위원 삭제")),
    ("Ctrl+Z", N_("방금 삭제한 위원 되돌리기")), ("Ctrl+F", N_("찾기 칸으로")), ("Ctrl+P", N_("위원 명부 인쇄(PDF)")),
    ("F5", N_("새로 고침")), ("Ctrl+Tab", N_("다음 탭")), ("Ctrl+ +/-/0", N_("글자 크게/작게/기본")),
    ("Ctrl+Q", N_("끝내기")),
)


class MainWindow(QMainWindow):
    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self._texts: list[tuple[QAction, str]] = []

        self.members_tab = MembersTab(state)
        self.subcommittees_tab = SubcommitteesTab(state)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.members_tab, "")
        self.tabs.addTab(self.subcommittees_tab, "")
        self.tabs.currentChanged.connect(self.on_tabs_currentChanged)
        self.setCentralWidget(self.tabs)

        self._build_menus()
        self._build_status_bar()

        signals = app_signals()
        signals.language_changed.connect(self.retranslate_ui)
        signals.settings_changed.connect(self.on_settings_changed)
        self.members_tab.summary_changed.connect(self.on_members_tab_summary_changed)
        self.members_tab.member_deleted.connect(self.on_members_tab_member_deleted)
        self.members_tab.undo_available.connect(self.on_members_tab_undo_available)
        self.retranslate_ui()
        self.on_settings_changed()
        if self.members_tab.summary is not None:
            self.on_members_tab_summary_changed(self.members_tab.summary)
        self.resize(1280, 760)

    # ---------------------------------------------------------------- assembly
    def _act(self, text_ko: str, slot: Callable[[], object], shortcut: str | QKeySequence.StandardKey | None = None) -> QAction:
        action = QAction(self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        self._texts.append((action, text_ko))
        self.addAction(action)
        return action

    def _build_menus(self) -> None:
        st, m = self.state, self.members_tab
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        self.file_menu.addAction(self._act(N_("새 데이터 파일…"), lambda: file_actions.new_data_file(self, st)))
        self.file_menu.addAction(self._act(N_("열기…"), lambda: file_actions.open_data_file(self, st), "Ctrl+O"))
        self.file_menu.addSeparator()
        self.print_roster_action = self._act(N_("위원 명부 인쇄(PDF)…"), lambda: file_actions.print_roster(self, st), "Ctrl+P")
        self.file_menu.addAction(self.print_roster_action)
        self.file_menu.addAction(m.print_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self._act(N_("엑셀로 내보내기…"), lambda: file_actions.export_excel(self, st)))
        self.file_menu.addAction(self._act(N_("엑셀에서 가져오기…"), lambda: file_actions.import_excel(self, st)))
        self.file_menu.addAction(self._act(N_("엑셀 양식 받기…"), lambda: file_actions.download_template(self)))
        self.file_menu.addSeparator()
        self.file_menu.addAction(self._act(N_("설정…"), self.open_settings))
        self.file_menu.addSeparator()
        self.file_menu.addAction(self._act(N_("끝내기"), self.close, "Ctrl+Q"))

        self.edit_menu = bar.addMenu("")
        for action in (m.add_action, m.edit_action, m.reappoint_action, m.dismiss_action, m.delete_action):
            self.edit_menu.addAction(action)
        self.edit_menu.addSeparator()
        self.edit_menu.addAction(m.undo_action)

        self.view_menu = bar.addMenu("")
        size = lambda: self.state.prefs.font_size  # noqa: E731
        self.view_menu.addAction(self._act(N_("글자 크게"), lambda: appearance.set_font_size(st, size() + 1), "Ctrl++"))
        self.view_menu.addAction(self._act(N_("글자 작게"), lambda: appearance.set_font_size(st, size() - 1), "Ctrl+-"))
        self.view_menu.addAction(self._act(N_("글자 기본 크기"),
                                           lambda: appearance.set_font_size(st, appearance.DEFAULT_FONT_SIZE), "Ctrl+0"))
        self.view_menu.addSeparator()
        self.language_menu = self.view_menu.addMenu("")
        group = QActionGroup(self)
        self.language_actions: dict[str, QAction] = {}
        for lang, label in (("ko", "한국어"), ("en", "English")):
            action = QAction(label, self, checkable=True)
            action.setChecked(i18n.language() == lang)
            action.triggered.connect(lambda _checked=False, lang=lang: self.set_language(lang))
            group.addAction(action)
            self.language_menu.addAction(action)
            self.language_actions[lang] = action
        self.view_menu.addSeparator()
        self.view_menu.addAction(self._act(N_("찾기"), self.focus_search, "Ctrl+F"))
        self.view_menu.addAction(self._act(N_("새로 고침"), self.refresh, "F5"))
        self._act(N_("다음 탭"), lambda: self.tabs.setCurrentIndex((self.tabs.currentIndex() + 1) % self.tabs.count()), "Ctrl+Tab")
        self._act(N_("이전 탭"), lambda: self.tabs.setCurrentIndex((self.tabs.currentIndex() - 1) % self.tabs.count()), "Ctrl+Shift+Tab")

        self.help_menu = bar.addMenu("")
        self.help_menu.addAction(self._act(N_("단축키 안내"), self.show_shortcuts, "F1"))
        self.help_menu.addAction(self._act(N_("프로그램 정보"), self.show_about))

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.council_label = QLabel()
        self.path_label = QLabel()
        self.path_label.setStyleSheet("color: #555;")
        self.count_label = QLabel()
        self.undo_button = QPushButton()
        self.undo_button.setFlat(True)
        self.undo_button.setStyleSheet("color: #1a5fb4; text-decoration: underline; padding: 0 6px;")
        self.undo_button.clicked.connect(self.members_tab.undo_delete)
        self.undo_button.hide()
        bar.addWidget(self.undo_button)
        bar.addPermanentWidget(self.council_label)
        bar.addPermanentWidget(self.count_label)
        bar.addPermanentWidget(self.path_label)

    def retranslate_ui(self) -> None:
        self.setWindowTitle(f"{tr('협의체 데스크')} — {self.state.council_name}")
        self.tabs.setTabText(0, tr("위원"))
        self.tabs.setTabText(1, tr("실무분과"))
        self.file_menu.setTitle(tr("파일(&F)"))
        self.edit_menu.setTitle(tr("편집(&E)"))
        self.view_menu.setTitle(tr("보기(&V)"))
        self.help_menu.setTitle(tr("도움말(&H)"))
        self.language_menu.setTitle(tr("언어"))
        for action, text in self._texts:
            action.setText(tr(text))
        self.undo_button.setText(tr("되돌리기"))
        for lang, action in self.language_actions.items():
            action.setChecked(i18n.language() == lang)
        self.on_settings_changed()
        if self.members_tab.summary is not None:
            self.on_members_tab_summary_changed(self.members_tab.summary)

    # ---------------------------------------------------------------- slots
    def on_tabs_currentChanged(self, index: int) -> None:
        self.members_tab.set_current(self.tabs.widget(index) is self.members_tab)

    def on_settings_changed(self) -> None:
        self.council_label.setText(self.state.council_name)
        self.path_label.setText(str(self.state.db_path or ""))
        self.path_label.setToolTip(tr("데이터 파일"))
        self.setWindowTitle(f"{tr('협의체 데스크')} — {self.state.council_name}")

    def on_members_tab_summary_changed(self, summary: RosterSummary) -> None:
        self.count_label.setText(tr("재임 위원 {n}명").format(n=summary.active))

    def on_members_tab_member_deleted(self, _member_id: str, name: str) -> None:
        self.statusBar().showMessage(tr("{name} 위원을 삭제했습니다.").format(name=name))
        self.undo_button.show()

    def on_members_tab_undo_available(self, available: bool) -> None:
        self.undo_button.setVisible(available)
        if not available:
            self.statusBar().clearMessage()

    # ---------------------------------------------------------------- actions
    def set_language(self, lang: str) -> None:
        self.state.update_prefs(language=lang)
        i18n.set_language(lang)

    def focus_search(self) -> None:
        self.tabs.setCurrentWidget(self.members_tab)
        self.members_tab.focus_search()

    def refresh(self) -> None:
        self.members_tab.refresh()
        self.subcommittees_tab.refresh()

    def open_settings(self) -> None:
        from ui.dialogs.settings_dialog import SettingsDialog

        SettingsDialog(self, self.state).exec()

    def show_shortcuts(self) -> None:
        lines = "\n".join(f"{keys}\t{tr(text)}" for keys, text in SHORTCUT_HELP)
        messages.inform(self, lines, tr("단축키 안내"))

    def show_about(self) -> None:
        text = tr("협의체 데스크 {version}\n읍면동 지역사회보장협의체 업무 프로그램").format(version=__version__)
        text += f"\n\n{tr('데이터 파일')}: {self.state.db_path or ''}"
        messages.inform(self, text, tr("프로그램 정보"))

    def closeEvent(self, event: QCloseEvent) -> None:
        super().closeEvent(event)
