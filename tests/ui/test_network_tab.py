"""The Network tab: the map drawn for the chosen period with its isolated organizations and
groups beside it, a project added by keyboard through its dialog (partners ticked with
Space), the empty state, and read-only roles."""
from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from app.demo import build_demo_areas
from app.preferences import Preferences
from tests.ui.helpers import answer_with
from ui.tabs.network.project_dialog import ProjectDialog
from ui.tabs.network.tab import NetworkTab


@pytest.fixture
def network_state(db):  # type: ignore[no-untyped-def]
    from ui.state import AppState

    build_demo_areas(db, date(2026, 11, 24))
    return AppState(db, Preferences())


def _tab(qtbot, state) -> NetworkTab:  # type: ignore[no-untyped-def]
    tab = NetworkTab(state)
    qtbot.addWidget(tab)
    tab.set_permissions(state.db.actor)
    tab.resize(1300, 700)
    tab.show()
    return tab


def _period(qtbot, tab: NetworkTab, start: str, end: str) -> None:  # type: ignore[no-untyped-def]
    for edit, text in ((tab.start, start), (tab.end, end)):
        edit.line.selectAll()
        qtbot.keyClicks(edit.line, text)
        qtbot.keyClick(edit.line, Qt.Key.Key_Return)


def test_the_map_of_a_typed_period_shows_nodes_isolated_and_groups(qtbot, network_state) -> None:  # type: ignore[no-untyped-def]
    tab = _tab(qtbot, network_state)
    _period(qtbot, tab, "2026-01-01", "2026-12-31")
    screen = tab.screen
    assert screen is not None and screen.view.graph.start == date(2026, 1, 1)
    assert len(tab.map_view.node_items) == len(screen.view.graph.nodes) == 40
    assert tab.isolated.count() == len(screen.view.graph.isolated) > 0
    assert tab.groups.count() == len(screen.view.graph.groups)
    assert tab.model.rowCount() == 4
    assert "기관 <b>40</b>곳" in tab.figures.text()
    tab.layout_choice.setCurrentIndex(1)  # rings: drawn again with the ring layout
    assert tab.screen is not None and tab.screen.placed.kind == "rings"
    _period(qtbot, tab, "2010-01-01", "2020-12-31")  # too long: said beside the map, nothing asked
    assert "1830일" in tab.figures.text() and tab.model.rowCount() == 4
    _period(qtbot, tab, "2020-01-01", "2020-12-31")
    assert tab.model.rowCount() == 0 and tab.groups.count() == 0


def test_a_project_added_by_keyboard_links_its_partners(qtbot, network_state, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    tab = _tab(qtbot, network_state)
    _period(qtbot, tab, "2026-01-01", "2026-12-31")
    before = len(tab.screen.view.graph.isolated)  # type: ignore[union-attr]

    def fill(dialog: ProjectDialog) -> None:
        dialog.name.insert("어르신 이동 지원")  # Hangul goes in through the input method, not key events
        for name in ("햇살 택시", "햇살 한의원"):
            dialog.partner_filter.clear()
            dialog.partner_filter.insert(name)
            qtbot.keyClick(dialog.partner_filter, Qt.Key.Key_Return)
            visible = [i for i in range(dialog.partner_list.count()) if not dialog.partner_list.item(i).isHidden()]
            assert len(visible) == 1
            dialog.partner_list.setCurrentRow(visible[0])
            qtbot.keyClick(dialog.partner_list, Qt.Key.Key_Space)
        dialog.start_on.set_value(date(2026, 10, 1))

    monkeypatch.setattr(ProjectDialog, "exec", answer_with(fill))
    qtbot.keyClick(tab, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    project = tab.selected()
    assert project is not None and project.name == "어르신 이동 지원"
    assert {p.name for p in project.partners} == {"햇살 택시 협동조합", "햇살 한의원"}
    assert len(tab.screen.view.graph.isolated) == before - 2  # type: ignore[union-attr]


def test_a_refused_project_keeps_the_dialog_open_with_the_reason(qtbot, network_state) -> None:  # type: ignore[no-untyped-def]
    tab = _tab(qtbot, network_state)
    dialog = ProjectDialog(tab, network_state)
    qtbot.addWidget(dialog)
    dialog.name.insert("혼자 하는 공동사업")
    assert not dialog.save()
    assert "둘 이상" in dialog.error_labels["partners"].text()


def test_an_empty_directory_shows_what_to_do(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    from ui.state import AppState

    tab = _tab(qtbot, AppState(db, Preferences()))
    assert tab.stack.currentWidget() is tab.empty and "지역자원" in tab.empty.text()


def test_a_member_account_sees_the_map_but_cannot_change_projects(qtbot, network_state) -> None:  # type: ignore[no-untyped-def]
    from app.security.permissions import Actor

    tab = _tab(qtbot, network_state)
    tab.set_permissions(Actor("v", "viewer"))
    assert not tab.buttons["create"].isEnabled() and not tab.buttons["print"].isEnabled()
