"""네트워크 tab: the council's public–private network for a chosen period — the map
(``NetworkMapView``), beside it the figures, the organizations not yet in the network and
the separate groups, and below the joint projects of the period with add/edit/delete.

The graph and its layout are computed on the database worker (``load_map_screen``); the
tab only draws them. It follows the ``network`` and ``resources`` flags (a new
organization is a new node) and refreshes when shown, like every ``AreaTab``.
"""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import (QComboBox, QGroupBox, QHBoxLayout, QHeaderView, QLabel, QListWidget, QPushButton,
                               QSplitter, QVBoxLayout, QWidget)

from app.areas import Change
from app.dates import format_date
from app.network.graph import period_errors
from app.network.layout import FORCE, RINGS
from app.network.services import MapScreen, delete_project, load_map_screen
from app.network.views import ProjectView
from app.security.permissions import Permission
from ui import clock, messages, ops
from ui.file_dialogs import PDF_FILTER, ask_save_path
from ui.i18n import N_, language, tr
from ui.signals import app_signals
from ui.state import AppState
from ui.table_model import CENTER, RIGHT, Column, TableModel
from ui.tabs.base import AreaTab, esc, make_table
from ui.tabs.network.map_view import NetworkMapView
from ui.widgets import DateEdit


def _won(value: int) -> str:
    return f"{value:,}"


PROJECT_COLUMNS: tuple[Column[ProjectView], ...] = (
    Column("name", "사업명", "Project", lambda p, l: p.name, lambda p: p.name),
    Column("kind", "구분", "Type", lambda p, l: p.kind_label(l), align=CENTER),
    Column("subcommittee", "분과", "Subcommittee", lambda p, l: p.subcommittee_name),
    Column("period", "기간", "Period", lambda p, l: f"{format_date(p.start_on)} ~ {format_date(p.end_on)}",
           lambda p: p.start_on, CENTER),
    Column("partners", "참여 기관", "Partners", lambda p, l: p.partner_names),
    Column("budget", "예산(원)", "Budget", lambda p, l: _won(p.budget), lambda p: p.budget, RIGHT),
    Column("spending", "집행액(원)", "Spent", lambda p, l: _won(p.spending), lambda p: p.spending, RIGHT),
    Column("beneficiaries", "수혜자", "Served", lambda p, l: "" if p.beneficiaries is None else str(p.beneficiaries),
           lambda p: p.beneficiaries or 0, RIGHT),
)


class NetworkTab(AreaTab):
    CHANGES = frozenset({Change.NETWORK, Change.RESOURCES})
    EDIT_PERMISSION = Permission.NETWORK_EDIT

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(state, parent)
        self.screen: MapScreen | None = None
        self.add_shortcut("Ctrl+N", N_("사업 추가"), lambda: self.buttons["create"].isEnabled() and self.on_create_clicked())
        self.add_shortcut("Ctrl+Shift+P", N_("네트워크 지도 인쇄(PDF)"),
                          lambda: self.buttons["print"].isEnabled() and self.on_print_clicked())

        today = clock.today()
        self.period_label = QLabel()
        self.start = DateEdit(date(today.year, 1, 1))
        self.end = DateEdit(today)
        self.period_label.setBuddy(self.start)
        self.layout_choice = QComboBox()
        self.layout_choice.addItem("", FORCE)
        self.layout_choice.addItem("", RINGS)
        self.show_button = QPushButton()
        self.show_button.clicked.connect(self.refresh)
        for edit in (self.start, self.end):
            edit.line.returnPressed.connect(self.refresh)
        self.layout_choice.currentIndexChanged.connect(lambda _i: self.refresh())
        self.buttons: dict[str, QPushButton] = {}
        top = QHBoxLayout()
        top.addWidget(self.period_label)
        top.addWidget(self.start)
        top.addWidget(QLabel("~"))
        top.addWidget(self.end)
        top.addWidget(self.layout_choice)
        top.addWidget(self.show_button)
        top.addStretch(1)
        for key, slot in (("create", self.on_create_clicked), ("edit", self.on_edit_clicked),
                          ("delete", self.on_delete_clicked), ("print", self.on_print_clicked)):
            button = QPushButton()
            button.clicked.connect(slot)
            self.buttons[key] = button
            top.addWidget(button)

        self.map_view = NetworkMapView()
        self.make_list_stack(self.map_view)
        self.figures = QLabel()
        self.figures.setTextFormat(Qt.TextFormat.RichText)
        self.figures.setWordWrap(True)
        self.isolated_box = QGroupBox()
        self.isolated = QListWidget()
        QVBoxLayout(self.isolated_box).addWidget(self.isolated)
        self.groups_box = QGroupBox()
        self.groups = QListWidget()
        self.groups.setWordWrap(True)
        QVBoxLayout(self.groups_box).addWidget(self.groups)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.figures)
        side_layout.addWidget(self.isolated_box, 2)
        side_layout.addWidget(self.groups_box, 1)

        self.model: TableModel[ProjectView] = TableModel(PROJECT_COLUMNS, parent=self)
        self.table = make_table(self.model)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.projects_box = QGroupBox()
        QVBoxLayout(self.projects_box).addWidget(self.table)

        upper = QSplitter(Qt.Orientation.Horizontal)
        upper.addWidget(self.stack)
        upper.addWidget(side)
        upper.setStretchFactor(0, 3)
        upper.setStretchFactor(1, 1)
        upper.setSizes([900, 300])
        upper.setChildrenCollapsible(False)
        outer = QSplitter(Qt.Orientation.Vertical)
        outer.addWidget(upper)
        outer.addWidget(self.projects_box)
        outer.setStretchFactor(0, 3)
        outer.setStretchFactor(1, 1)
        outer.setSizes([480, 180])
        outer.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(outer, 1)

        self.table.selectionModel().currentRowChanged.connect(lambda *_: self.update_controls())
        self.table.activated.connect(lambda _i: self._can_edit and self.on_edit_clicked())
        app_signals().language_changed.connect(self.retranslate_ui)
        self.retranslate_ui()
        self.refresh()

    def retranslate_ui(self) -> None:
        texts = {"create": tr("사업 추가…"), "edit": tr("수정…"), "delete": tr("삭제"), "print": tr("지도 PDF…")}
        for key, text in texts.items():
            self.buttons[key].setText(text)
        self.period_label.setText(tr("기간(&D)"))
        self.show_button.setText(tr("보기"))
        self.layout_choice.setItemText(0, tr("연결 중심 배치"))
        self.layout_choice.setItemText(1, tr("구분별 동심원"))
        self.isolated_box.setTitle(tr("아직 연결되지 않은 기관"))
        self.groups_box.setTitle(tr("연결된 무리"))
        self.projects_box.setTitle(tr("기간 중 특화사업·공동사업"))
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(PROJECT_COLUMNS) - 1)
        self.show_screen()

    # ---------------------------------------------------------------- loading
    def reload(self) -> None:
        start, end = self.start.value(), self.end.value()
        problems = period_errors(start, end)
        if problems:
            # Said beside the map, not in a box: typing one date of two passes through
            # periods that are not meant yet.
            self.figures.setText(f"<span style='color:#b00020'>{esc(problems[0].message(language()))}</span>")
            return
        screen = ops.run(self, load_map_screen, self.state.uow(), start, end, self.layout_choice.currentData())
        if screen is None:
            return
        self.screen = screen
        self.model.set_rows(list(screen.projects))
        self.show_screen()
        self.update_empty_state()
        self.update_controls()

    def show_screen(self) -> None:
        screen = self.screen
        if screen is None:
            return
        graph, change = screen.view.graph, screen.view.change
        names = {n.id: n.name for n in graph.nodes}
        self.map_view.show_map(screen.view, screen.placed)
        self.figures.setText(
            tr("기관 <b>{orgs}</b>곳 · 연결 <b>{links}</b>개 (지난 기간 {before}개) · 무리 {groups}개 · "
               "고립 <b>{isolated}</b>곳 · 새로 연결된 기관 {joined}곳").format(
                orgs=len(graph.nodes), links=len(graph.edges), before=change.previous_link_count,
                groups=len(graph.groups), isolated=len(graph.isolated), joined=len(change.joined)))
        self.isolated.clear()
        self.isolated.addItems([names[i] for i in graph.isolated])
        self.groups.clear()
        self.groups.addItems([f"{n}. " + ", ".join(names[i] for i in group)
                              for n, group in enumerate(graph.groups, start=1)])

    def empty_message(self) -> str | None:
        if self.screen is not None and not self.screen.view.graph.nodes:
            return tr("지도에 그릴 기관이 없습니다. 지역자원에 기관을 등록하면 공동사업과 분과 참여로 "
                      "서로 이어진 모습이 여기에 나타납니다.")
        return None

    # ---------------------------------------------------------------- selection
    def selected(self) -> ProjectView | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def select(self, project_id: str) -> bool:
        for row, project in enumerate(self.model.rows):
            if project.id == project_id:
                self.table.selectionModel().setCurrentIndex(
                    self.model.index(row, 0),
                    QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
                return True
        return False

    def update_controls(self) -> None:
        chosen = self.selected() is not None
        self.buttons["create"].setEnabled(self._can_edit)
        self.buttons["edit"].setEnabled(self._can_edit and chosen)
        self.buttons["delete"].setEnabled(self._can_edit and chosen)
        self.buttons["print"].setEnabled(self._can_print and self.screen is not None)

    # ---------------------------------------------------------------- actions
    def on_create_clicked(self) -> None:
        from ui.tabs.network.project_dialog import ProjectDialog

        dialog = ProjectDialog(self, self.state)
        if dialog.exec() and dialog.saved is not None:
            self.select(dialog.saved.id)

    def on_edit_clicked(self) -> None:
        project = self.selected()
        if project is None:
            return
        from ui.tabs.network.project_dialog import ProjectDialog

        dialog = ProjectDialog(self, self.state, project)
        if dialog.exec() and dialog.saved is not None:
            self.select(dialog.saved.id)

    def on_delete_clicked(self) -> None:
        project = self.selected()
        if project is None:
            return
        if not messages.confirm(self, tr("사업 삭제"), tr("'{name}' 사업을 삭제할까요?").format(name=project.name),
                                tr("삭제")):
            return
        ops.attempt(self, delete_project, self.state.uow(), project.id, changes={Change.NETWORK})

    def on_print_clicked(self) -> None:
        from app.reports.network_pdf import write_network_pdf

        path = ask_save_path(self, tr("네트워크 지도 인쇄(PDF)"), f"{tr('네트워크지도')}_{self.end.value():%Y%m%d}.pdf",
                             PDF_FILTER)
        if path is None:
            return
        done = ops.run(self, write_network_pdf, self.state.uow(), path, self.start.value(), self.end.value(),
                       self.state.council_name, self.layout_choice.currentData())
        if done is not None:
            messages.file_saved(self, done)

