"""인쇄(PDF): the button over the selected meeting that writes its 소집 통지서, 회의자료,
출석부 or 회의록 as a PDF, the way the 파일 menu writes PDFs; the 통지서, 회의자료 and
회의록 also as 한글 (HWPX), chosen as the type in the save dialog."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QToolButton

from ui import messages
from ui.i18n import tr
from ui.tabs.meetings.columns import DOCUMENTS
from ui.tabs.meetings.section import MeetingHost

HWPX_DOCUMENTS = frozenset({"notice", "agenda", "minutes"})  # the 출석부 is filled in by hand: PDF only


class PrintButton(QToolButton):
    def __init__(self, host: MeetingHost) -> None:
        super().__init__()
        self.host = host
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.print_menu = QMenu(self)
        self.print_actions: dict[str, QAction] = {}
        for key, _fn, _ko in DOCUMENTS:
            action = self.print_menu.addAction("")
            action.triggered.connect(lambda _c=False, key=key: self.print_document(key))
            self.print_actions[key] = action
        self.setMenu(self.print_menu)

    def retranslate_ui(self) -> None:
        self.setText(tr("인쇄(PDF)"))
        for key, _fn, ko in DOCUMENTS:
            self.print_actions[key].setText(tr(ko) + "…")

    def print_document(self, key: str) -> Path | None:
        """소집 통지서, 회의자료, 출석부 or 회의록 of the meeting shown, as a PDF."""
        detail = self.host.detail
        if detail is None:
            return None
        from ui import file_actions

        from ui import file_dialogs

        _key, function, name_ko = next(d for d in DOCUMENTS if d[0] == key)
        title = tr(name_ko)
        name = f"{detail.meeting.label}_{title}.pdf".replace(" ", "_")
        offers_hwpx = key in HWPX_DOCUMENTS
        path = file_actions.ask_save_path(self, title, name, file_dialogs.PDF_OR_HWPX_FILTER if offers_hwpx
                                          else file_actions.PDF_FILTER)
        if path is None:
            return None
        if offers_hwpx and path.suffix.lower() == file_dialogs.HWPX_SUFFIX:
            package = file_actions._report(self, "app.reports.hwpx")
            write = package.writers()[key] if package is not None else None
        else:
            module = file_actions._report(self, "app.reports.meeting_pdfs")
            write = getattr(module, function) if module is not None else None
        if write is None:
            return None
        meeting_id, state = detail.meeting.id, self.host.state
        done = file_actions._write(self, title, lambda _p: write(state.uow(), meeting_id, path, state.council_name))
        if done is None:
            return None
        messages.file_saved(self, Path(done))  # type: ignore[arg-type]
        return Path(done)  # type: ignore[arg-type]
