"""사례관리 tab: three views of case work — 대상자 (people in need and their cases, the
account's own and overdue ones first), 사례회의 (conferences and their records) and
의뢰·연계 (referrals, late replies first). Shown only to accounts with ``cases.read``
(사례담당, 간사, 관리자): a 위원 account does not see the tab at all, and the services
refuse it anyway. Every read goes through ``ui.ops`` on the database worker, and every
view of a person's page is in the access log (``app.cases.pages``)."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from app.areas import Change
from app.security.permissions import Permission
from ui import ops
from ui.i18n import N_, tr
from ui.signals import app_signals
from ui.state import AppState
from ui.tabs.base import AreaTab
from ui.tabs.cases.clients import ClientsPane
from ui.tabs.cases.conferences import ConferencesPane
from ui.tabs.cases.pane import Pane
from ui.tabs.cases.referrals import ReferralsPane

VIEWS = (("clients", N_("대상자")), ("conferences", N_("사례회의")), ("referrals", N_("의뢰·연계")))


class CasesTab(AreaTab):
    CHANGES = frozenset({Change.CASES, Change.RESOURCES, Change.MEMBERS})
    EDIT_PERMISSION = Permission.CASES_EDIT

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(state, parent)
        self._applying = False
        self._loaded: set[str] = set()
        self.clients = ClientsPane(self)
        self.conferences = ConferencesPane(self)
        self.referrals = ReferralsPane(self, self.chosen_client)
        self.panes: dict[str, Pane] = {"clients": self.clients, "conferences": self.conferences,
                                       "referrals": self.referrals}
        self.views = QTabWidget()
        for key, _ko in VIEWS:
            self.views.addTab(self.panes[key], "")
        self.search = self.clients.search  # Ctrl+F goes to the view in front (see focus_search)
        layout = QVBoxLayout(self)
        layout.addWidget(self.views)
        self.views.currentChanged.connect(lambda _i: self._load_current())
        self.add_shortcut("Ctrl+N", N_("대상자 등록"), lambda: self._press("clients", "add"))
        self.add_shortcut("Ctrl+1", N_("대상자 보기"), lambda: self.views.setCurrentIndex(0))
        self.add_shortcut("Ctrl+2", N_("사례회의 보기"), lambda: self.views.setCurrentIndex(1))
        self.add_shortcut("Ctrl+3", N_("의뢰·연계 보기"), lambda: self.views.setCurrentIndex(2))
        app_signals().language_changed.connect(self.retranslate_ui)
        self.set_permissions(state.db.actor)
        self.retranslate_ui()
        self._dirty = True  # read when first shown, not while the window starts

    # ---------------------------------------------------------------- host of the views
    def can_edit(self) -> bool:
        return self._can_edit

    def can_print(self) -> bool:
        return self._can_print

    def apply(self, service: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """One change of case data; the other views catch up when shown."""
        self._applying = True
        try:
            return ops.run(self, service, *args, changes={Change.CASES}, **kwargs)
        finally:
            self._applying = False
            self._loaded = {self.current_key()}

    def changed(self) -> None:
        ops.notify({Change.CASES})
        self._loaded = {self.current_key()}

    def chosen_client(self) -> tuple[str, str | None, str] | None:
        page = self.clients.page_data
        if page is None:
            return None
        case_id = page.case.id if page.case is not None and not page.case.closed else None
        return page.client.id, case_id, page.client.name

    # ---------------------------------------------------------------- loading
    def current_key(self) -> str:
        return VIEWS[self.views.currentIndex()][0]

    def _allowed(self) -> bool:
        actor = self.state.db.actor
        return actor is not None and actor.can(Permission.CASES_READ)

    def _load_current(self) -> None:
        key = self.current_key()
        self.search = self.panes[key].search
        if key not in self._loaded and self._allowed():
            self._loaded.add(key)
            self.panes[key].reload()

    def reload(self) -> None:
        self.set_permissions(self.state.db.actor)
        self._loaded = set()
        if self._allowed():
            self._load_current()

    def on_data_changed(self, changes: set[str]) -> None:
        if self._applying:
            return
        super().on_data_changed(changes)

    def set_permissions(self, actor) -> None:  # type: ignore[no-untyped-def]
        super().set_permissions(actor)
        # A 위원 account has no business with case data: the tab is not there for it.
        tabs = self._window_tabs()
        if tabs is not None:
            tabs.setTabVisible(tabs.indexOf(self), actor is not None and actor.can(Permission.CASES_READ))

    def _window_tabs(self) -> QTabWidget | None:
        widget = self.parentWidget()
        while widget is not None and not isinstance(widget, QTabWidget):
            widget = widget.parentWidget()
        return widget

    def update_controls(self) -> None:
        if not hasattr(self, "panes"):
            return
        for pane in self.panes.values():
            pane.update_controls()

    def _press(self, view: str, button: str) -> None:
        self.views.setCurrentIndex([k for k, _ko in VIEWS].index(view))
        if self.panes[view].buttons[button].isEnabled():
            self.panes[view].buttons[button].click()

    # ---------------------------------------------------------------- text
    def retranslate_ui(self) -> None:
        for index, (_key, ko) in enumerate(VIEWS):
            self.views.setTabText(index, tr(ko))
        for pane in self.panes.values():
            pane.retranslate_ui()
