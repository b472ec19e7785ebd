"""Closing a service: 일시 중단 (with a notice for whoever refers people to it and,
optionally, the date it reopens) or 운영 종료 (it ended; asked once more before saving)."""
from __future__ import annotations

from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QRadioButton, QWidget

from app.areas import Change
from app.resources.services import close_service
from app.resources.views import ServiceView
from ui import clock, messages, ops
from ui.dialogs.base import FormDialog
from ui.dialogs.resource_service_dialog import _text_box
from ui.i18n import N_, tr, trf
from ui.state import AppState
from ui.widgets import OptionalDateEdit


class CloseServiceDialog(FormDialog):
    def __init__(self, parent: QWidget | None, state: AppState, service: ServiceView) -> None:
        super().__init__(parent, N_("자원 운영 중단"), N_("중단합니다"))
        self.state = state
        self.service = service
        self.saved: ServiceView | None = None
        fields = self.group("")
        how = QWidget()
        row = QHBoxLayout(how)
        row.setContentsMargins(0, 0, 0, 0)
        self.temporary, self.permanent = QRadioButton(), QRadioButton()
        self.kind = QButtonGroup(self)
        for button in (self.temporary, self.permanent):
            self.kind.addButton(button)
            row.addWidget(button)
        row.addStretch(1)
        fields.add("status", N_("중단 방법"), how)
        self.notice = fields.add("status_notice", N_("중단 안내"), _text_box(70))
        self.until = fields.add("closed_until", N_("중단 기한"), OptionalDateEdit(None))
        self.body.addWidget(fields)
        self.temporary.setChecked(service.own_status != "temporarily_closed")
        self.permanent.setChecked(service.own_status == "temporarily_closed")
        self.temporary.setEnabled(service.own_status != "temporarily_closed")
        self.temporary.toggled.connect(self.on_temporary_toggled)
        self.on_temporary_toggled(self.temporary.isChecked())
        self.resize(520, 0)
        self.retranslate_ui()
        self.notice.setFocus()

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        self.setWindowTitle(trf("{name} 운영 중단", name=self.service.name))
        self.temporary.setText(tr("일시 중단"))
        self.permanent.setText(tr("운영 종료"))
        self.notice.setPlaceholderText(tr("연계하는 사람이 알아야 할 내용 (예: 마을회관 보수 공사로 잠시 쉽니다.)"))
        self.until.setToolTip(tr("다시 여는 날을 알면 체크하고 적으세요"))

    def on_temporary_toggled(self, temporary: bool) -> None:
        self.until.setEnabled(temporary)

    def save(self) -> bool:
        permanently = self.permanent.isChecked()
        if permanently and not messages.confirm(
                self, tr("운영 종료"),
                trf("'{name}' 자원의 운영을 종료합니다.\n\n목록에는 '운영 종료'로 남고, 다시 운영하면 [다시 운영]으로 되살릴 수 있습니다.",
                    name=self.service.name), yes=tr("종료합니다")):
            return False
        today = clock.today()
        until = None if permanently else self.until.value()

        def action() -> None:
            self.saved = ops.call(close_service, self.state.uow(), self.service.id, self.notice.toPlainText(),
                                  until, today, permanently)

        if not self.attempt(action):
            return False
        ops.notify({Change.RESOURCES})
        return True
