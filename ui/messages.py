"""Every message box the program shows, in one place, with Korean buttons.

Tabs call these functions instead of ``QMessageBox`` directly so that the wording and
buttons stay consistent (예/아니오 read better than OK/Cancel for older users) and tests
can answer them by monkeypatching one function.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QWidget

from ui.i18n import tr


def _box(parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str) -> QMessageBox:
    box = QMessageBox(parent)
    box.setIcon(icon)
    box.setWindowTitle(title)
    box.setText(text)
    return box


def confirm(parent: QWidget | None, title: str, text: str, yes: str, no: str | None = None,
            destructive: bool = True) -> bool:
    """Ask before something that cannot simply be taken back. The safe answer is the default."""
    box = _box(parent, QMessageBox.Icon.Warning if destructive else QMessageBox.Icon.Question, title, text)
    yes_button = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    no_button = box.addButton(no or tr("취소"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(no_button if destructive else yes_button)
    box.setEscapeButton(no_button)
    box.exec()
    return box.clickedButton() is yes_button


def warn(parent: QWidget | None, text: str, title: str | None = None) -> None:
    box = _box(parent, QMessageBox.Icon.Warning, title or tr("확인해 주세요"), text)
    box.addButton(tr("확인"), QMessageBox.ButtonRole.AcceptRole)
    box.exec()


def inform(parent: QWidget | None, text: str, title: str | None = None) -> None:
    box = _box(parent, QMessageBox.Icon.Information, title or tr("알림"), text)
    box.addButton(tr("확인"), QMessageBox.ButtonRole.AcceptRole)
    box.exec()


# Messages know nothing of printers: ``ui.printing`` offers itself here when it is loaded,
# and then every saved PDF gets a 인쇄… button.
_print_handler: Callable[[QWidget | None, Path], object] | None = None


def offer_printing(handler: Callable[[QWidget | None, Path], object]) -> None:
    global _print_handler
    _print_handler = handler


def file_saved(parent: QWidget | None, path: Path) -> None:
    """Tell where a file went, and offer to open it (people look for it right away)."""
    box = _box(parent, QMessageBox.Icon.Information, tr("저장했습니다"),
               tr("파일을 저장했습니다.") + f"\n{path}")
    open_button = box.addButton(tr("파일 열기"), QMessageBox.ButtonRole.AcceptRole)
    print_button = None
    if path.suffix.lower() == ".pdf" and _print_handler is not None:
        print_button = box.addButton(tr("인쇄…"), QMessageBox.ButtonRole.ActionRole)
    box.addButton(tr("닫기"), QMessageBox.ButtonRole.RejectRole)
    box.exec()
    if box.clickedButton() is open_button:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
    elif print_button is not None and box.clickedButton() is print_button and _print_handler is not None:
        _print_handler(parent, path)


def crash(parent: QWidget | None, text: str, details: str) -> None:
    """The calm dialog for an unexpected error; the technical part hides behind a button."""
    box = _box(parent, QMessageBox.Icon.Critical, tr("예기치 못한 오류"), text)
    box.setDetailedText(details)
    box.addButton(tr("확인"), QMessageBox.ButtonRole.AcceptRole)
    box.exec()
