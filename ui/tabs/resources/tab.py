"""지역자원 tab: the directory's services — searched in Korean (two syllables, several
words, 초성), filtered (분야, 유형, 대상, 기관 구분, 상태, 재확인 필요), read a page at a time
so 100,000 services open at once — the selected service in full, and the actions on it
(자원·기관 추가/수정, 확인함, 중단, 다시 운영, 되돌리기).

Every change is one service call from ``app.resources`` on the database worker; refusals come
back as their Korean message. A read-only role sees the directory and no editing buttons
(the services refuse anyway). Pages after the directory (the 후원금품 ledger, later) are
listed in ``SUB_PAGES``; with the directory alone no page bar is shown.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (QApplication, QCheckBox, QComboBox, QGroupBox, QHBoxLayout, QLabel, QPushButton,
                               QSplitter, QTabWidget, QVBoxLayout, QWidget)

from app import codes
from app.areas import Change, load
from app.errors import AppError
from app.resources.pages import (PAGE_SIZE, ServiceCount, ServiceDetail, ServicePage, ServiceRow, count_services,
                                 load_service_detail, load_service_page)
from app.resources.services import (ServiceFilter, close_service, get_organization, reopen_service,
                                    verify_service)
from app.resources.views import ServiceView
from app.security.permissions import Permission
from ui import appearance, clock, ops
from ui.errors import show_error
from ui.i18n import N_, language, tr, trf
from ui.signals import app_signals
from ui.state import AppState
from ui.table_model import RowStyle
from ui.tabs.base import AreaTab, make_table
from ui.tabs.resources.columns import (ALL_ITEMS, CLOSED_FOREGROUND, COLUMN_CHARS, DUE_BACKGROUND, FILTERS,
                                       INACTIVE_FOREGROUND, SERVICE_COLUMNS)
from ui.tabs.resources.detail import DetailPanel
from ui.tabs.resources.model import LazyServiceModel

# Pages after the directory: ("module:Class", Korean title). Each is a QWidget built with
# (state, tab) that has ``refresh()`` and may have ``set_permissions(actor)``.
SUB_PAGES: tuple[tuple[str, str], ...] = ()

SEARCH_DELAY_MS = 250  # typing pauses this long before the list is read again


class ResourcesTab(AreaTab):
    CHANGES = frozenset({Change.RESOURCES})
    EDIT_PERMISSION = Permission.RESOURCES_EDIT

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(state, parent)
        self._current = True
        self._order: tuple[int, Qt.SortOrder] = (0, Qt.SortOrder.AscendingOrder)
        self.detail_data: ServiceDetail | None = None
        self._undo: tuple[str, Callable[[], bool]] | None = None  # (the service, how to put it back)

        # -- search and the two buttons that add
        search = self.make_search(300)
        self.add_button, self.add_org_button = QPushButton(), QPushButton()
        appearance.emphasise(self.add_button)
        top = QHBoxLayout()
        top.addWidget(search, 3)
        top.addStretch(1)
        top.addWidget(self.add_button)
        top.addWidget(self.add_org_button)

        # -- filters
        self.filter_labels: dict[str, QLabel] = {}
        self.filter_combos: dict[str, QComboBox] = {}
        filters = QHBoxLayout()
        for key, _ko, labels in FILTERS:
            label, combo = QLabel(), QComboBox()
            combo.addItem("", None)
            for code in labels:
                combo.addItem("", code)
            label.setBuddy(combo)
            combo.currentIndexChanged.connect(self.on_filter_changed)
            self.filter_labels[key], self.filter_combos[key] = label, combo
            filters.addWidget(label)
            filters.addWidget(combo)
            filters.addSpacing(6)
        self.due_check = QCheckBox()
        self.due_check.toggled.connect(self.on_filter_changed)
        filters.addWidget(self.due_check)
        filters.addStretch(1)
        self.count_label = QLabel()
        filters.addWidget(self.count_label)

        # -- the list
        self.model = LazyServiceModel([c for c, _o in SERVICE_COLUMNS], style=self._row_style, parent=self)
        self.table = make_table(self.model)
        header = self.table.horizontalHeader()
        header.setSortIndicatorShown(True)
        header.setSectionsClickable(True)
        header.setSortIndicator(*self._order)
        header.sortIndicatorChanged.connect(self.on_header_sortIndicatorChanged)
        self.make_list_stack(self.table)

        # -- the selected service and what can be done with it
        self.detail_box = QGroupBox()
        self.detail = DetailPanel()
        self.record_buttons: dict[str, QPushButton] = {}
        actions = QHBoxLayout()
        for key in ("edit", "edit_org", "verify", "close", "reopen"):
            button = QPushButton()
            self.record_buttons[key] = button
            actions.addWidget(button)
        actions.addStretch(1)
        box = QVBoxLayout(self.detail_box)
        box.addLayout(actions)
        box.addWidget(self.detail, 1)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.stack)
        self.splitter.addWidget(self.detail_box)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([900, 420])

        directory = QWidget()
        page = QVBoxLayout(directory)
        page.addLayout(top)
        page.addLayout(filters)
        page.addWidget(self.splitter, 1)

        # -- pages: the directory, then whatever SUB_PAGES lists (none yet: no page bar)
        self.pages = QTabWidget()
        self.pages.setDocumentMode(True)
        self.pages.addTab(directory, "")
        self.sub_pages: list[tuple[QWidget, str]] = []
        for factory, title in SUB_PAGES:
            widget = load(factory)(state, self)
            self.sub_pages.append((widget, title))
            self.pages.addTab(widget, "")
        self.pages.tabBar().setVisible(self.pages.count() > 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)

        # -- keys (F1 lists them) and wiring
        self.add_shortcut("Ctrl+N", N_("자원 추가"), lambda: self._if_enabled(self.add_button, self.on_add_clicked))
        self.add_shortcut("Ctrl+Shift+N", N_("기관 추가"),
                          lambda: self._if_enabled(self.add_org_button, self.on_add_org_clicked))
        self.add_shortcut("Ctrl+E", N_("선택한 자원 수정 (Enter도 됩니다)"),
                          lambda: self._if_enabled(self.record_buttons["edit"], self.on_edit_clicked))
        self.add_shortcut("Ctrl+K", N_("선택한 자원을 오늘 확인함"),
                          lambda: self._if_enabled(self.record_buttons["verify"], self.on_verify_clicked))
        self.add_shortcut("Ctrl+Z", N_("방금 한 중단·다시 운영 되돌리기"), self.undo)
        self.search_timer = QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(SEARCH_DELAY_MS)
        self.search_timer.timeout.connect(self.refresh)
        search.textChanged.connect(lambda _t: self.search_timer.start())
        search.returnPressed.connect(self.on_search_returnPressed)
        self.add_button.clicked.connect(self.on_add_clicked)
        self.add_org_button.clicked.connect(self.on_add_org_clicked)
        for key, slot in (("edit", self.on_edit_clicked), ("edit_org", self.on_edit_org_clicked),
                          ("verify", self.on_verify_clicked), ("close", self.on_close_clicked),
                          ("reopen", self.on_reopen_clicked)):
            self.record_buttons[key].clicked.connect(slot)
        self.model.counted.connect(self.on_model_counted)
        self.table.selectionModel().currentRowChanged.connect(self.on_table_currentRowChanged)
        self.table.activated.connect(self.on_table_activated)
        signals = app_signals()
        signals.language_changed.connect(self.retranslate_ui)
        signals.settings_changed.connect(self.on_settings_changed)

        self.retranslate_ui()
        self.on_settings_changed()
        self.refresh()

    # ---------------------------------------------------------------- text and looks
    def retranslate_ui(self) -> None:
        lang = language()
        self.add_button.setText(tr("자원 추가…"))
        self.add_button.setToolTip("Ctrl+N")
        self.add_org_button.setText(tr("기관 추가…"))
        self.add_org_button.setToolTip("Ctrl+Shift+N")
        for key, text, tip in (("edit", N_("수정…"), "Ctrl+E, Enter"), ("edit_org", N_("기관 수정…"), ""),
                               ("verify", N_("확인함"), "Ctrl+K"), ("close", N_("중단…"), ""),
                               ("reopen", N_("다시 운영"), "")):
            self.record_buttons[key].setText(tr(text))
            self.record_buttons[key].setToolTip(tip)
        self.record_buttons["verify"].setToolTip(tr("오늘 제공 기관에 확인했으면 누르세요 (Ctrl+K)"))
        self.search.setPlaceholderText(tr("서비스·기관·설명으로 찾기, 초성도 됩니다 (예: 반찬, ㄷㅅㄹ) (Ctrl+F)"))
        for key, ko, labels in FILTERS:
            self.filter_labels[key].setText(tr(ko) + ":")
            combo = self.filter_combos[key]
            combo.setItemText(0, tr(ALL_ITEMS))
            for i in range(1, combo.count()):
                combo.setItemText(i, codes.label(labels, combo.itemData(i), lang))
        self.due_check.setText(tr("재확인 필요"))
        self.due_check.setToolTip(tr("정해진 기간 안에 제공 기관에 확인하지 않은 자원만 봅니다"))
        self.detail_box.setTitle(tr("자원 정보"))
        self.pages.setTabText(0, tr("자원 목록"))
        for i, (_widget, title) in enumerate(self.sub_pages, start=1):
            self.pages.setTabText(i, tr(title))
        self.model.retranslate()
        self._show_count()
        self._show_detail()
        self.update_empty_state()

    def on_settings_changed(self) -> None:
        appearance.fit_rows(self.table)
        char = QFontMetrics(QApplication.font()).horizontalAdvance("가")
        for i, column in enumerate(self.model.columns):
            self.table.setColumnWidth(i, int(char * COLUMN_CHARS.get(column.key, 8)) + 12)

    def _row_style(self, row: ServiceRow) -> RowStyle | None:
        if row.status == "inactive":
            return RowStyle(foreground=INACTIVE_FOREGROUND)
        if row.status == "temporarily_closed":
            return RowStyle(foreground=CLOSED_FOREGROUND, background=DUE_BACKGROUND if row.due_for_check else None)
        if row.due_for_check:
            return RowStyle(background=DUE_BACKGROUND)
        return None

    # ---------------------------------------------------------------- loading
    def filters(self) -> ServiceFilter:
        chosen = {key: self.filter_combos[key].currentData() for key, _ko, _l in FILTERS}
        return ServiceFilter(query=self.search.text(), due_for_check=self.due_check.isChecked(), **chosen)

    def _readers(self, filters: ServiceFilter,
                 today: date) -> tuple[Callable[[int], ServicePage], Callable[[], ServiceCount]]:
        """How to read a page of the list at an offset, and how to count it (on the worker)."""
        column, order = self._order
        order_key = SERVICE_COLUMNS[column][1] or "name"
        descending = order == Qt.SortOrder.DescendingOrder
        state, size = self.state, PAGE_SIZE

        def fetch(offset: int) -> ServicePage:
            return load_service_page(state.uow(), filters, today, offset, size, order_key, descending)

        def count() -> ServiceCount:
            return count_services(state.uow(), filters, today)

        return fetch, count

    def reload(self) -> None:
        self.search_timer.stop()
        keep = self.detail_data.service.id if self.detail_data is not None else None
        fetch, count = self._readers(self.filters(), clock.today())
        try:
            page = ops.call(fetch, 0)
        except AppError as error:
            show_error(self, error)
            return
        self.model.set_first_page(page, fetch, count)
        self._show_count()
        self.update_empty_state()
        if keep is None or not self.select(keep):
            self.load_detail(None)
        self.update_controls()
        for widget, _title in self.sub_pages:
            widget.refresh()  # type: ignore[attr-defined]

    def on_model_counted(self) -> None:
        self._show_count()
        self.update_empty_state()

    def _show_count(self) -> None:
        model = self.model
        if model.count is None or model.total is None:
            self.count_label.setText(trf("{n}건 이상", n=model.rowCount()) if model.has_more else "")
        elif model.count == model.total:
            self.count_label.setText(trf("{n}건", n=model.count))
        else:
            self.count_label.setText(trf("{n}건 (전체 {total}건)", n=model.count, total=model.total))

    def empty_message(self) -> str | None:
        if self.model.directory_empty:
            if self._can_edit:
                return tr("자원이 없습니다. [자원 추가](Ctrl+N)로 첫 자원을 등록하세요. 제공 기관이 아직 없으면 [기관 추가]부터 하세요.")
            return tr("자원이 없습니다. 자원 등록은 간사나 관리자가 합니다.")
        if self.model.rowCount() == 0:
            return tr("조건에 맞는 자원이 없습니다. 찾는 말이나 거르기 조건을 바꿔 보세요.")
        return None

    # ---------------------------------------------------------------- selection and detail
    def selected(self) -> ServiceRow | None:
        index = self.table.currentIndex()
        if not index.isValid() or not self.table.selectionModel().isRowSelected(index.row(), QModelIndex()):
            return None
        return self.model.row_at(index.row())

    def select(self, service_id: str) -> bool:
        row = self.model.row_of(service_id)
        if row < 0:
            return False
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index)
        if self.detail_data is None or self.detail_data.service.id != service_id:
            self.load_detail(service_id)
        return True

    def on_table_currentRowChanged(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.load_detail(self.model.row_at(current.row()).id if current.isValid() else None)

    def load_detail(self, service_id: str | None) -> None:
        """Show one service in the panel (it need not be among the loaded rows)."""
        self.detail_data = None
        if service_id is not None:
            try:
                self.detail_data = ops.call(load_service_detail, self.state.uow(), service_id)
            except AppError:
                self.detail_data = None  # removed meanwhile (a sync import): nothing to show
        self._show_detail()
        self.update_controls()

    def _show_detail(self) -> None:
        self.detail.show_detail(self.detail_data, clock.today())

    def service(self) -> ServiceView | None:
        return self.detail_data.service if self.detail_data is not None else None

    # ---------------------------------------------------------------- permissions
    def update_controls(self) -> None:
        edit = self._can_edit
        service = self.service()
        for button in (self.add_button, self.add_org_button, *self.record_buttons.values()):
            button.setVisible(edit)
        self.add_button.setEnabled(edit and self._current)
        self.add_org_button.setEnabled(edit and self._current)
        has = edit and self._current and service is not None
        org_open = self.detail_data is not None and self.detail_data.organization.status == "active"
        self.record_buttons["edit"].setEnabled(has)
        self.record_buttons["edit_org"].setEnabled(has)
        self.record_buttons["verify"].setEnabled(has)
        self.record_buttons["close"].setEnabled(has and service is not None and service.own_status != "inactive")
        self.record_buttons["reopen"].setEnabled(has and service is not None and service.own_status != "active"
                                                 and org_open)

    def set_permissions(self, actor) -> None:  # type: ignore[no-untyped-def]
        super().set_permissions(actor)
        for widget, _title in self.sub_pages:
            if hasattr(widget, "set_permissions"):
                widget.set_permissions(actor)
        self.update_empty_state()

    def set_current(self, current: bool) -> None:
        """Only the visible tab's keys act."""
        self._current = current
        self.update_controls()

    @staticmethod
    def _if_enabled(button: QPushButton, slot: Callable[[], object]) -> None:
        if button.isEnabled() and button.isVisible():
            slot()

    # ---------------------------------------------------------------- slots
    def on_filter_changed(self, *_args: object) -> None:
        self.refresh()

    def on_header_sortIndicatorChanged(self, column: int, order: Qt.SortOrder) -> None:
        if SERVICE_COLUMNS[column][1] is None:
            # Only some columns have an order in the database; the indicator goes back.
            header = self.table.horizontalHeader()
            header.blockSignals(True)
            header.setSortIndicator(*self._order)
            header.blockSignals(False)
            return
        self._order = (column, order)
        self.refresh()

    def on_search_returnPressed(self) -> None:
        if self.search_timer.isActive():
            self.refresh()
        if self.model.rowCount():
            self.table.setFocus()
            if self.selected() is None:
                self.table.selectRow(0)

    def on_table_activated(self, _index: QModelIndex) -> None:
        self._if_enabled(self.record_buttons["edit"], self.on_edit_clicked)

    # ---------------------------------------------------------------- actions
    def _after_save(self, service_id: str) -> None:
        """The saved service selected (shown in the panel even when not loaded in the list)."""
        if not self.select(service_id):
            self.load_detail(service_id)

    def on_add_clicked(self) -> None:
        from ui.dialogs.resource_service_dialog import ServiceDialog

        organization = self.detail_data.organization.id if self.detail_data is not None else None
        dialog = ServiceDialog(self, self.state, organization_id=organization)
        if dialog.exec() and dialog.saved is not None:
            self._after_save(dialog.saved.id)

    def on_add_org_clicked(self) -> None:
        from ui.dialogs.resource_organization_dialog import OrganizationDialog

        dialog = OrganizationDialog(self, self.state)
        if dialog.exec() and dialog.saved is not None:
            # The next thing to do with a new organization is to add what it offers.
            from ui.dialogs.resource_service_dialog import ServiceDialog

            service = ServiceDialog(self, self.state, organization_id=dialog.saved.id)
            if service.exec() and service.saved is not None:
                self._after_save(service.saved.id)

    def on_edit_clicked(self) -> None:
        service = self.service()
        if service is None:
            return
        from ui.dialogs.resource_service_dialog import ServiceDialog

        dialog = ServiceDialog(self, self.state, service)
        if dialog.exec() and dialog.saved is not None:
            self._after_save(dialog.saved.id)

    def on_edit_org_clicked(self) -> None:
        if self.detail_data is None:
            return
        from ui.dialogs.resource_organization_dialog import OrganizationDialog

        organization = ops.run(self, get_organization, self.state.uow(), self.detail_data.organization.id)
        if organization is not None:
            OrganizationDialog(self, self.state, organization).exec()

    def on_verify_clicked(self) -> None:
        service = self.service()
        if service is None:
            return
        today = clock.today()
        if ops.run(self, verify_service, self.state.uow(), service.id, today, today, changes={Change.RESOURCES}):
            self._after_save(service.id)

    def on_close_clicked(self) -> None:
        service = self.service()
        if service is None:
            return
        from ui.dialogs.resource_close_dialog import CloseServiceDialog

        dialog = CloseServiceDialog(self, self.state, service)
        if dialog.exec() and dialog.saved is not None:
            self._remember_undo(service)
            self._after_save(service.id)

    def on_reopen_clicked(self) -> None:
        service = self.service()
        if service is None:
            return
        if ops.run(self, reopen_service, self.state.uow(), service.id, changes={Change.RESOURCES}):
            self._remember_undo(service)
            self._after_save(service.id)

    # ---------------------------------------------------------------- undo
    def _remember_undo(self, before: ServiceView) -> None:
        """Ctrl+Z puts the service back in the status it had (with its notice and date)."""
        uow, today = self.state.uow, clock.today

        def restore() -> bool:
            if before.own_status == "active":
                return ops.run(self, reopen_service, uow(), before.id, changes={Change.RESOURCES}) is not None
            return ops.run(self, close_service, uow(), before.id, before.status_notice, before.closed_until,
                           today(), before.own_status == "inactive", changes={Change.RESOURCES}) is not None

        self._undo = (before.id, restore)

    def can_undo(self) -> bool:
        return self._undo is not None and self._can_edit

    def undo(self) -> None:
        if not (self._current and self.can_undo()) or self._undo is None:
            return
        service_id, restore = self._undo
        self._undo = None
        if restore():
            self._after_save(service_id)
