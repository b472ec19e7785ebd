"""도움말 → 라이선스 lists each bundled component and shows the chosen one's licence text."""
from __future__ import annotations

from app.licences import COMPONENTS


def test_licences_dialog_lists_components_and_shows_their_text(qtbot) -> None:
    from ui.dialogs.licences_dialog import LicencesDialog

    dialog = LicencesDialog(None)
    qtbot.addWidget(dialog)
    assert dialog.components.count() == len(COMPONENTS)
    assert "LESSER GENERAL PUBLIC" in dialog.text.toPlainText()  # Qt first
    row = next(i for i, c in enumerate(COMPONENTS) if c.name == "python-hwpx")
    dialog.components.setCurrentRow(row)
    assert "python-hwpx" in dialog.components.item(row).text() and "Apache-2.0" in dialog.components.item(row).text()
    assert "Apache License" in dialog.text.toPlainText()


def test_help_menu_opens_the_licences_page(window, monkeypatch) -> None:
    from ui.dialogs import licences_dialog

    shown: list[object] = []
    monkeypatch.setattr(licences_dialog.LicencesDialog, "exec", lambda self: shown.append(self) or 0)
    action = next(a for a in window.help_menu.actions() if a.text() == "라이선스")
    action.trigger()
    assert len(shown) == 1 and isinstance(shown[0], licences_dialog.LicencesDialog)
