"""The main window: it only assembles the tabs, the menus and the status bar.

The work of each menu entry lives in the tab that owns it (``tabs/``), in
``file_actions`` (files and reports) or in a dialog; this module wires them together.
"""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QByteArray, QSize, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QPushButton, QTabWidget, QWidget

from app import __version__
from app.areas import AREAS, AreaSpec, load
from app.members import RosterSummary
from app.security.permissions import Permission
from ui import account_actions, appearance, backup_actions, file_actions, i18n, messages, session, sync_actions
from ui import printing  # noqa: F401 - offers 인쇄… on every saved PDF (ui.messages.offer_printing)
from ui.i18n import N_, tr
from ui.labels import role_text
from ui.signals import app_signals
from ui.state import AppState
from ui.tabs.members_tab import MembersTab

# Keys of the whole window; each tab adds its own (``AreaTab.shortcut_help``), and F1 lists both.
SHORTCUT_HELP = (
    ("Ctrl+F", N_("찾기 칸으로")), ("Ctrl+P", N_("위원 명부 인쇄(PDF)")),
    ("F5", N_("새로 고침")), ("Ctrl+Tab", N_("다음 탭")), ("Ctrl+ +/-/0", N_("글자 크게/작게/기본")),
    ("Ctrl+Q", N_("끝내기")),
)


AUTO_BACKUP_MS = 60 * 60 * 1000
DEFAULT_SIZE = (1366, 768)
TITLE_BAR_ALLOWANCE = 32  # the window frame's title bar is outside the size we set


class MainWindow(QMainWindow):
    logged_out = Signal()       # the person closed the login dialog after a logout: quit

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self._texts: list[tuple[QAction, str]] = []
        self._permission_actions: list[tuple[QAction, Permission]] = []

        # One tab per area, in the registry's order (app.areas): a new area brings its tab.
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.area_tabs: dict[str, QWidget] = {}
        self._tab_areas: list[AreaSpec] = []
        for area in AREAS:
            if area.tab_factory:
                tab = load(area.tab_factory)(state)
                self.area_tabs[area.key] = tab
                self._tab_areas.append(area)
                self.tabs.addTab(tab, "")
        self.members_tab: MembersTab = self.area_tabs["members"]  # type: ignore[assignment]
        self.subcommittees_tab = self.area_tabs["subcommittees"]
        self.meetings_tab = self.area_tabs["meetings"]
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

        from ui.idle_lock import IdleLock, idle_minutes

        self.idle_lock = IdleLock(self, state, idle_minutes(state))
        self.idle_lock.gave_up.connect(lambda: self.relogin(tr("비밀번호를 여러 번 틀려 로그아웃했습니다. 다시 로그인하세요.")))
        self.backup_timer = QTimer(self)
        self.backup_timer.setInterval(AUTO_BACKUP_MS)
        self.backup_timer.timeout.connect(self.on_backup_timer_timeout)
        self.backup_timer.start()

        self.retranslate_ui()
        self.on_settings_changed()
        if self.members_tab.summary is not None:
            self.on_members_tab_summary_changed(self.members_tab.summary)
        self.resize(self.default_size())
        self._restore_geometry()

    # ---------------------------------------------------------------- assembly
    def _act(self, text_ko: str, slot: Callable[[], object], shortcut: str | QKeySequence.StandardKey | None = None,
             needs: Permission | None = None) -> QAction:
        action = QAction(self)
        if needs is not None:
            self._permission_actions.append((action, needs))
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
        self.print_roster_action = self._act(N_("위원 명부 인쇄(PDF)…"), lambda: file_actions.print_roster(self, st), "Ctrl+P",
                                             needs=Permission.PRINT)
        self.file_menu.addAction(self.print_roster_action)
        self.file_menu.addAction(m.print_action)
        self.file_menu.addSeparator()
        self.export_action = self._act(N_("엑셀로 내보내기…"), lambda: file_actions.export_excel(self, st),
                                       needs=Permission.EXPORT)
        self.import_action = self._act(N_("엑셀에서 가져오기…"), lambda: file_actions.import_excel(self, st),
                                       needs=Permission.MEMBERS_EDIT)
        self.file_menu.addAction(self.export_action)
        self.file_menu.addAction(self.import_action)
        self.file_menu.addAction(self._act(N_("엑셀 양식 받기…"), lambda: file_actions.download_template(self)))
        self.file_menu.addSeparator()
        self.backup_action = self._act(N_("백업하기…"), lambda: backup_actions.backup_now(self, st),
                                       needs=Permission.BACKUP)
        self.restore_action = self._act(N_("백업에서 복원…"), lambda: backup_actions.restore(self, st),
                                        needs=Permission.RESTORE)
        self.file_menu.addAction(self.backup_action)
        self.file_menu.addAction(self.restore_action)
        self.file_menu.addSeparator()
        self.sync_export_action = self._act(N_("내보내기(USB)…"), lambda: sync_actions.export_usb(self, st),
                                            needs=Permission.SYNC)
        self.sync_import_action = self._act(N_("가져오기(USB)…"), lambda: sync_actions.import_usb(self, st),
                                            needs=Permission.SYNC)
        self.conflicts_action = self._act(N_("충돌 해결…"), lambda: sync_actions.show_conflicts(self, st),
                                          needs=Permission.SYNC)
        for action in (self.sync_export_action, self.sync_import_action, self.conflicts_action):
            self.file_menu.addAction(action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self._act(N_("설정…"), self.open_settings))
        self.file_menu.addSeparator()
        self.logout_action = self._act(N_("로그아웃"), self.logout)
        self.file_menu.addAction(self.logout_action)
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

        self.admin_menu = bar.addMenu("")
        self.accounts_action = self._act(N_("계정 관리…"), lambda: account_actions.manage_accounts(self, st),
                                         needs=Permission.ACCOUNTS_MANAGE)
        self.access_log_action = self._act(N_("접속기록 보기…"), lambda: account_actions.show_access_log(self, st),
                                           needs=Permission.ACCESS_LOG_READ)
        self.admin_menu.addAction(self.accounts_action)
        self.admin_menu.addAction(self.access_log_action)
        self.admin_menu.addSeparator()
        # Enrollment and the city's lists; which of them show depends on the site role.
        self.enroll_action = self._act(N_("기기 등록…"), lambda: sync_actions.enroll_device(self, st),
                                       needs=Permission.SYNC_ENROLL)
        self.accept_enrollment_action = self._act(N_("등록 파일 받기…"),
                                                  lambda: sync_actions.accept_enrollment(self, st),
                                                  needs=Permission.SYNC_ENROLL)
        self.sites_action = self._act(N_("협의체·기기 목록…"), lambda: sync_actions.show_sites(self, st),
                                      needs=Permission.SYNC)
        self.city_summary_action = self._act(N_("협의체별 요약(엑셀)…"), lambda: sync_actions.city_summary(self, st),
                                             needs=Permission.SYNC)
        for action in (self.enroll_action, self.accept_enrollment_action, self.sites_action,
                       self.city_summary_action):
            self.admin_menu.addAction(action)
        self.admin_menu.addSeparator()
        self.password_action = self._act(N_("내 비밀번호 바꾸기…"), lambda: account_actions.change_own_password(self, st))
        self.admin_menu.addAction(self.password_action)

        self.help_menu = bar.addMenu("")
        self.help_menu.addAction(self._act(N_("단축키 안내"), self.show_shortcuts, "F1"))
        self.help_menu.addAction(self._act(N_("라이선스"), self.show_licences))
        self.help_menu.addAction(self._act(N_("프로그램 정보"), self.show_about))

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.council_label = QLabel()
        self.path_label = QLabel()
        self.path_label.setStyleSheet("color: #555;")
        self.count_label = QLabel()
        self.user_label = QLabel()
        # The deletion notice is a label beside its 되돌리기 link, not showMessage(): a
        # temporary message is painted across the normal widgets, the link included.
        self.notice_label = QLabel()
        self.undo_button = QPushButton()
        self.undo_button.setFlat(True)
        self.undo_button.setStyleSheet("color: #1a5fb4; text-decoration: underline; padding: 0 6px;")
        self.undo_button.clicked.connect(self.members_tab.undo_delete)
        self.undo_button.hide()
        bar.addWidget(self.notice_label)
        bar.addWidget(self.undo_button)
        bar.addPermanentWidget(self.user_label)
        bar.addPermanentWidget(self.council_label)
        bar.addPermanentWidget(self.count_label)
        bar.addPermanentWidget(self.path_label)

    def retranslate_ui(self) -> None:
        self.setWindowTitle(f"{tr('협의체 데스크')} — {self.state.council_name}")
        for index, area in enumerate(self._tab_areas):
            self.tabs.setTabText(index, area.label_in())
        self.file_menu.setTitle(tr("파일(&F)"))
        self.edit_menu.setTitle(tr("편집(&E)"))
        self.view_menu.setTitle(tr("보기(&V)"))
        self.admin_menu.setTitle(tr("관리(&A)"))
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
        current = self.tabs.widget(index)
        for tab in self.area_tabs.values():
            if hasattr(tab, "set_current"):
                tab.set_current(tab is current)

    def on_settings_changed(self) -> None:
        self.apply_permissions()
        if hasattr(self, "idle_lock") and not self.idle_lock.is_locked:
            from ui.idle_lock import idle_minutes

            self.idle_lock.set_minutes(idle_minutes(self.state))
        self.council_label.setText(self.state.council_name)
        self.path_label.setText(str(self.state.db_path or ""))
        self.path_label.setToolTip(tr("데이터 파일"))
        self.setWindowTitle(f"{tr('협의체 데스크')} — {self.state.council_name}")

    def on_members_tab_summary_changed(self, summary: RosterSummary) -> None:
        self.count_label.setText(tr("재임 위원 {n}명").format(n=summary.active))

    def on_members_tab_member_deleted(self, _member_id: str, name: str) -> None:
        self.notice_label.setText(tr("{name} 위원을 삭제했습니다.").format(name=name))
        self.undo_button.show()

    def on_members_tab_undo_available(self, available: bool) -> None:
        self.undo_button.setVisible(available)
        if not available:
            self.notice_label.clear()

    # ---------------------------------------------------------------- actions
    def set_language(self, lang: str) -> None:
        self.state.update_prefs(language=lang)
        i18n.set_language(lang)

    def focus_search(self) -> None:
        """Ctrl+F: the search field of the tab in front (the members' list when it has none)."""
        current = self.tabs.currentWidget()
        if not (hasattr(current, "has_search") and current.has_search()):
            self.tabs.setCurrentWidget(self.members_tab)
            current = self.members_tab
        current.focus_search()

    def refresh(self) -> None:
        for tab in self.area_tabs.values():
            tab.refresh()

    def open_settings(self) -> None:
        from ui.dialogs.settings_dialog import SettingsDialog

        SettingsDialog(self, self.state).exec()

    def show_shortcuts(self) -> None:
        lines = [f"{keys}\t{tr(text)}" for keys, text in SHORTCUT_HELP]
        for index, area in enumerate(self._tab_areas):
            tab = self.tabs.widget(index)
            help_lines = getattr(tab, "shortcut_help", [])
            if help_lines:
                lines.append("")
                lines.append(f"[{area.label_in()}]")
                lines += [f"{keys}\t{tr(text)}" for keys, text in help_lines]
        messages.inform(self, "\n".join(lines), tr("단축키 안내"))

    def show_licences(self) -> None:
        from ui.dialogs.licences_dialog import LicencesDialog

        LicencesDialog(self).exec()

    def show_about(self) -> None:
        text = tr("협의체 데스크 {version}\n읍면동 지역사회보장협의체 업무 프로그램").format(version=__version__)
        text += f"\n\n{tr('데이터 파일')}: {self.state.db_path or ''}"
        messages.inform(self, text, tr("프로그램 정보"))

    # ---------------------------------------------------------------- the account
    def apply_permissions(self) -> None:
        """What the logged-in role may do; the services refuse the rest anyway."""
        actor = self.state.db.actor
        for action, permission in self._permission_actions:
            action.setEnabled(actor is not None and actor.can(permission))
        city = sync_actions.is_city(self.state)
        for action in (self.enroll_action, self.sites_action, self.city_summary_action):
            action.setVisible(city)
            action.setEnabled(city and action.isEnabled())
        self.accept_enrollment_action.setVisible(not city)
        self.accept_enrollment_action.setEnabled(not city and self.accept_enrollment_action.isEnabled())
        for tab in self.area_tabs.values():
            tab.set_permissions(actor)
        if actor is not None:
            self.user_label.setText(f"{actor.display_name or actor.username} ({role_text(actor.role)})")
        else:
            self.user_label.setText("")

    def on_backup_timer_timeout(self) -> None:
        if self.state.db.actor is not None:
            session.auto_backup(self.state.db)

    def logout(self) -> None:
        self.relogin("")

    def relogin(self, reason: str) -> bool:
        """End the session and ask for a login again (the same or another account).

        False when the person closed the login dialog: the program then ends.
        """
        path = self.state.db_path
        username = self.state.db.actor.username if self.state.db.actor else ""
        self.idle_lock.screen.hide()
        self.idle_lock.timer.stop()
        session.end_session(self.state.db)
        self.hide()
        app = QApplication.instance()
        # With the window hidden, the login dialog closing would count as the last window
        # closing and end the program.
        quit_on_close = app.quitOnLastWindowClosed() if isinstance(app, QApplication) else True
        if isinstance(app, QApplication):
            app.setQuitOnLastWindowClosed(False)
        try:
            if reason:
                messages.inform(None, reason, tr("로그아웃"))
            db = session.login(None, path, username) if path is not None else None
        finally:
            if isinstance(app, QApplication):
                app.setQuitOnLastWindowClosed(quit_on_close)
        if db is None:
            self.logged_out.emit()
            self.close()
            QApplication.quit()
            return False
        self.state.switch_database(db)
        self.idle_lock.timer.start(self.idle_lock.timer.interval())
        self.show()
        return True

    def default_size(self) -> QSize:
        """1366x768 first: the whole window fits the screen minus its taskbar and title bar
        (a fixed 1280x760 was taller than a 1366x768 Windows screen with a taskbar)."""
        screen = self.screen() or QApplication.primaryScreen()
        if screen is None:
            return QSize(*DEFAULT_SIZE)
        available = screen.availableGeometry()
        return QSize(min(DEFAULT_SIZE[0], available.width()),
                     min(DEFAULT_SIZE[1], available.height() - TITLE_BAR_ALLOWANCE))

    def _restore_geometry(self) -> None:
        saved = self.state.prefs.window_geometry
        if saved and saved.isascii():  # a hand-edited preferences file must not stop the start
            # A geometry from a bigger or missing screen is clamped by Qt onto this one.
            self.restoreGeometry(QByteArray.fromBase64(saved.encode("ascii")))

    def closeEvent(self, event: QCloseEvent) -> None:
        self.state.update_prefs(window_geometry=bytes(self.saveGeometry().toBase64()).decode("ascii"))
        self.backup_timer.stop()
        self.idle_lock.stop()
        session.end_session(self.state.db)
        super().closeEvent(event)
